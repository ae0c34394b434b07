#include "edge/common/clock.h"

#include <gtest/gtest.h>

#include "edge/common/status.h"

namespace jxc {

TEST(Iso8601, RoundTripsMilliseconds) {
  TimeMs t = 1'763'884'800'123;  // 2025-11-23T08:00:00.123Z
  EXPECT_EQ(format_iso8601(t), "2025-11-23T08:00:00.123Z");
  TimeMs back = 0;
  ASSERT_TRUE(parse_iso8601(format_iso8601(t), &back));
  EXPECT_EQ(back, t);
}

TEST(Iso8601, AcceptsDatesAndOffsets) {
  TimeMs a = 0, b = 0, d = 0;
  ASSERT_TRUE(parse_iso8601("2026-11-23T16:00:00+08:00", &a));
  ASSERT_TRUE(parse_iso8601("2026-11-23T08:00:00Z", &b));
  EXPECT_EQ(a, b);
  ASSERT_TRUE(parse_iso8601("2026-11-23", &d));
  EXPECT_EQ(b - d, 8 * 3600 * 1000);
}

TEST(Iso8601, RejectsMalformed) {
  TimeMs t = 0;
  for (const char* s : {"", "2026-13-01", "2026-02-30", "2025-02-29", "2026-11-23T08:00:00",
                        "2026-11-23T25:00:00Z", "2026/11/23", "2026-11-23T08:00:00Zjunk",
                        "2026-11-23T08:00:00.Z"})
    EXPECT_FALSE(parse_iso8601(s, &t)) << s;
}

TEST(ManualClock, MovesOnlyWhenTold) {
  ManualClock c(1000);
  EXPECT_EQ(c.now_ms(), 1000);
  c.advance(std::chrono::milliseconds(250));
  EXPECT_EQ(c.now_ms(), 1250);
}

TEST(Status, CarriesCodeAndReason) {
  Status s = error(Errc::insufficient_stock, "A at BIN-1 has 3, needs 5");
  EXPECT_FALSE(s.is_ok());
  EXPECT_EQ(s.to_string(), "insufficient_stock: A at BIN-1 has 3, needs 5");
  Result<int> r = s;
  EXPECT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), Errc::insufficient_stock);
  Result<int> v = 7;
  EXPECT_EQ(*v, 7);
}

}  // namespace jxc
