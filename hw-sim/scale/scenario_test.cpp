#include "hw-sim/scale/scenario.h"

#include <gtest/gtest.h>

namespace jxc::hwsim::scale {
namespace {

TEST(Scenario, ReadsModelsSlotsAndStepsInTimeOrder) {
  auto sc = parse_scenario(R"(
# two slaves
model g32 type=int32 word_order=little decimals=1 status_offset=2 stable_bit=0
slot 1 0 g32 grams=5100 unit=500 noise=1
slot 2 1 tuna-id551 grams=1000 unit=250
at 3000 pick 1 0 2
at 1000 silent 2
at 2000 answer 2
at 4000 tare 1 0 on
)");
  ASSERT_TRUE(sc.is_ok()) << sc.status().to_string();
  ASSERT_EQ(sc->slots.size(), 2u);
  EXPECT_EQ(sc->slots[0].noise_g, 1);
  EXPECT_EQ(sc->find_model("g32")->word_order, "little");
  ASSERT_EQ(sc->steps.size(), 4u);
  EXPECT_EQ(sc->steps[0].action, "silent");
  EXPECT_EQ(sc->steps[2].value, 2);
  EXPECT_EQ(sc->steps[3].action, "tare");
  EXPECT_EQ(sc->steps[3].value, 1);
}

TEST(Scenario, RejectsMalformedLinesWithTheirNumber) {
  struct Case {
    const char* text;
    const char* reason;
  } cases[] = {
      {"slot 1 0 nope grams=1", "line 1: unknown model \"nope\""},
      {"slot 1 0 tuna-id551\nat x pick 1 0 1", "line 2: expected: at MS ACTION"},
      {"slot 1 0 tuna-id551\nat 5 pick 1 3 1", "line 2: no slot declared"},
      {"slot 300 0 tuna-id551", "line 1: slave must be 1 to 247"},
      {"model m type=int64", "line 1: type: unexpected"},
      {"slot 1 0 tuna-id551 grams=abc", "line 1: expected key=number"},
      {"weigh 1", "line 1: unknown statement"},
      {"slot 1 0 tuna-id551\nat 5 tare 1 0 maybe", "line 2: tare takes on or off"},
      {"# nothing", "declares no slot"},
  };
  for (const auto& c : cases) {
    auto sc = parse_scenario(c.text);
    ASSERT_FALSE(sc.is_ok()) << c.text;
    EXPECT_NE(sc.status().reason().find(c.reason), std::string::npos) << sc.status().reason();
  }
}

}  // namespace
}  // namespace jxc::hwsim::scale
