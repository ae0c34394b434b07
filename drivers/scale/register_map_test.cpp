#include "drivers/scale/register_map.h"

#include <gtest/gtest.h>

#include <bit>

#include <cmath>
#include <vector>

namespace jxc::scale {
namespace {

RegisterMap map_of(ValueType t, bool byte_swap, bool word_swap, double scale = 1, int decimals = 0) {
  RegisterMap m;
  m.type = t;
  m.byte_swap = byte_swap;
  m.word_swap = word_swap;
  m.scale = scale;
  m.decimals = decimals;
  return m;
}

struct OrderCase {
  const char* name;
  ValueType type;
  bool byte_swap, word_swap;
  std::vector<std::uint16_t> regs;
  double grams;
};

// The value 0x12345678 (305419896) and -2 laid out in the four orders that
// transmitters use: ABCD, CDAB (word swap), BADC (byte swap), DCBA (both).
TEST(RegisterDecode, ByteAndWordOrderTable) {
  const std::vector<OrderCase> cases = {
      {"ABCD int32", ValueType::int32, false, false, {0x1234, 0x5678}, 305419896},
      {"CDAB int32", ValueType::int32, false, true, {0x5678, 0x1234}, 305419896},
      {"BADC int32", ValueType::int32, true, false, {0x3412, 0x7856}, 305419896},
      {"DCBA int32", ValueType::int32, true, true, {0x7856, 0x3412}, 305419896},
      {"ABCD int32 negative", ValueType::int32, false, false, {0xFFFF, 0xFFFE}, -2},
      {"ABCD uint32 high bit", ValueType::uint32, false, false, {0xFFFF, 0xFFFE}, 4294967294.0},
      {"AB int16 negative", ValueType::int16, false, false, {0xFF9C}, -100},
      {"BA int16 negative", ValueType::int16, true, false, {0x9CFF}, -100},
      {"AB uint16", ValueType::uint16, false, false, {0xFF9C}, 65436},
      {"ABCD float 1.5", ValueType::float32, false, false, {0x3FC0, 0x0000}, 1.5},
      {"CDAB float 1.5", ValueType::float32, false, true, {0x0000, 0x3FC0}, 1.5},
      {"DCBA float 1.5", ValueType::float32, true, true, {0x0000, 0xC03F}, 1.5},
  };
  for (const auto& c : cases) {
    auto r = decode(map_of(c.type, c.byte_swap, c.word_swap), c.regs);
    ASSERT_TRUE(r.is_ok()) << c.name << ": " << r.status().to_string();
    EXPECT_DOUBLE_EQ(r->grams, c.grams) << c.name;
  }
}

TEST(RegisterDecode, ScaleAndDecimalsTable) {
  struct Case {
    double scale;
    int decimals;
    std::uint16_t reg;
    double grams;
  } cases[] = {
      {1, 0, 1234, 1234},     // grams
      {1, 1, 1234, 123.4},    // tenths of a gram
      {1000, 3, 1234, 1234},  // kg with three decimals
      {1000, 0, 2, 2000},     // whole kg
      {0.5, 0, 10, 5},        // counts of half a gram
  };
  for (const auto& c : cases) {
    auto r = decode(map_of(ValueType::uint16, false, false, c.scale, c.decimals),
                    std::vector<std::uint16_t>{c.reg});
    ASSERT_TRUE(r.is_ok());
    EXPECT_NEAR(r->grams, c.grams, 1e-9) << c.scale << "/" << c.decimals;
  }
}

TEST(RegisterDecode, GramsComeAtTheLayoutsPrecision) {
  // 1.71 kg in a float32 register is 1.7100000381... kg: the grams are the
  // seven digits the float carries, not the float's binary tail.
  RegisterMap f = map_of(ValueType::float32, false, false, 1000, 0);
  std::vector<std::uint16_t> regs(2);
  const std::uint32_t bits = std::bit_cast<std::uint32_t>(1.71f);
  regs[0] = static_cast<std::uint16_t>(bits >> 16);
  regs[1] = static_cast<std::uint16_t>(bits & 0xffff);
  auto r = decode(f, regs);
  ASSERT_TRUE(r.is_ok());
  EXPECT_EQ(r->grams, 1710.0);
  EXPECT_EQ(resolution_g(f), 0);
  // Tenths of a gram: 3 * 0.1 is the double nearest 0.3, as the display shows it.
  RegisterMap tenths = map_of(ValueType::uint16, false, false, 1, 1);
  r = decode(tenths, std::vector<std::uint16_t>{3});
  ASSERT_TRUE(r.is_ok());
  EXPECT_EQ(r->grams, 0.3);
  EXPECT_EQ(resolution_g(tenths), 0.1);
}

TEST(RegisterDecode, StatusBitsIncludingAMotionBit) {
  RegisterMap m = map_of(ValueType::int16, false, false);
  m.status_offset = 1;
  m.stable_bit = 12;
  m.stable_when_set = false;  // bit 12 says "in motion"
  m.underload_bit = 9;
  m.overload_bit = 10;
  m.tare_done_bit = 1;
  auto still = decode(m, std::vector<std::uint16_t>{5, 0x0002});
  ASSERT_TRUE(still.is_ok());
  EXPECT_TRUE(still->has_stable);
  EXPECT_TRUE(still->stable);
  EXPECT_TRUE(still->tare_done);
  EXPECT_FALSE(still->overload);
  auto moving = decode(m, std::vector<std::uint16_t>{5, 0x1400});
  ASSERT_TRUE(moving.is_ok());
  EXPECT_FALSE(moving->stable);
  EXPECT_TRUE(moving->overload);
  EXPECT_FALSE(moving->underload);
}

TEST(RegisterDecode, StatusBeforeTheWeightIsAddressedFromTheFirstRegister) {
  RegisterMap m = map_of(ValueType::int32, false, false);
  m.weight_offset = 2;
  m.status_offset = 0;
  m.stable_bit = 0;
  EXPECT_EQ(m.first_offset(), 0);
  EXPECT_EQ(m.span(), 4);
  auto r = decode(m, std::vector<std::uint16_t>{1, 0xAAAA, 0, 700});
  ASSERT_TRUE(r.is_ok());
  EXPECT_EQ(r->grams, 700);
  EXPECT_TRUE(r->stable);
}

TEST(RegisterDecode, RejectsTooFewRegistersAndNonFiniteFloats) {
  RegisterMap m = map_of(ValueType::float32, false, false);
  EXPECT_EQ(decode(m, std::vector<std::uint16_t>{0x3FC0}).status().code(), Errc::invalid_argument);
  EXPECT_EQ(decode(m, std::vector<std::uint16_t>{}).status().code(), Errc::invalid_argument);
  EXPECT_FALSE(decode(m, std::vector<std::uint16_t>{0x7FC0, 0x0000}).is_ok());  // NaN
  EXPECT_FALSE(decode(m, std::vector<std::uint16_t>{0x7F80, 0x0000}).is_ok());  // +inf
}

TEST(RegisterEncode, RoundTripsEveryTypeAndOrder) {
  for (auto t : {ValueType::int16, ValueType::uint16, ValueType::int32, ValueType::uint32,
                 ValueType::float32}) {
    for (int order = 0; order < 4; ++order) {
      RegisterMap m = map_of(t, order & 1, order & 2, 1, 1);
      m.status_offset = 3;
      m.stable_bit = 4;
      m.overload_bit = 5;
      Reading in;
      in.grams = 1234.5;
      in.stable = true;
      in.overload = true;
      std::vector<std::uint16_t> regs(static_cast<std::size_t>(m.span()));
      encode(m, in, regs);
      auto out = decode(m, regs);
      ASSERT_TRUE(out.is_ok());
      EXPECT_NEAR(out->grams, 1234.5, 0.05) << static_cast<int>(t) << "/" << order;
      EXPECT_TRUE(out->stable);
      EXPECT_TRUE(out->overload);
    }
  }
}

TEST(RegisterMapConfig, ShippedModelDecodesItsOwnLayout) {
  auto m = map_from_config(config::shipped_scale_models().at(0));
  ASSERT_TRUE(m.is_ok());
  EXPECT_EQ(m->span(), 5);
  EXPECT_EQ(m->channel_stride, 6);
  // 2.5 kg, motion bit clear: stable.
  auto r = decode(*m, std::vector<std::uint16_t>{0x4020, 0x0000, 0, 0, 0x0000});
  ASSERT_TRUE(r.is_ok());
  EXPECT_DOUBLE_EQ(r->grams, 2500);
  EXPECT_TRUE(r->stable);
}

TEST(RegisterMapConfig, RejectsAStatusRegisterInsideTheWeight) {
  config::ScaleModel m;
  m.id = "bad";
  m.type = "int32";
  m.status_offset = 1;
  EXPECT_FALSE(map_from_config(m).is_ok());
}

}  // namespace
}  // namespace jxc::scale
