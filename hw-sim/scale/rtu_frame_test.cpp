#include "hw-sim/scale/rtu_frame.h"

#include <gtest/gtest.h>

namespace jxc::hwsim::scale {
namespace {

// Read 2 holding registers from 0 of slave 1: the textbook frame 01 03 00 00 00 02 C4 0B.
TEST(RtuFrame, ParsesAKnownRequest) {
  std::vector<std::uint8_t> buf = {0x01, 0x03, 0x00, 0x00, 0x00, 0x02, 0xC4, 0x0B};
  auto p = parse_rtu_request(buf);
  ASSERT_TRUE(p.request);
  EXPECT_EQ(p.consumed, 8u);
  EXPECT_EQ(p.request->slave, 1);
  EXPECT_EQ(p.request->count, 2);
}

TEST(RtuFrame, NeedsMoreBadCrcAndUnknownFunction) {
  EXPECT_EQ(parse_rtu_request({0x01, 0x03, 0x00}).consumed, 0u);
  auto bad = parse_rtu_request({0x01, 0x03, 0x00, 0x00, 0x00, 0x02, 0xC4, 0x0C});
  EXPECT_FALSE(bad.request);
  EXPECT_EQ(bad.consumed, 1u);
  auto other = parse_rtu_request({0x01, 0x10, 0x00});
  EXPECT_FALSE(other.request);
  EXPECT_EQ(other.consumed, 3u);
}

TEST(RtuFrame, ResponseCarriesRegistersBigEndianAndACrc) {
  RtuRequest r{1, 3, 0, 2};
  auto out = rtu_response(r, {0x1234, 0x5678}, 0);
  ASSERT_EQ(out.size(), 9u);
  EXPECT_EQ(out[2], 4);
  EXPECT_EQ(out[3], 0x12);
  EXPECT_EQ(crc16_modbus(out.data(), out.size()), 0) << "a frame with its CRC checks to zero";
  auto ex = rtu_response(r, {}, 2);
  EXPECT_EQ(ex[1], 0x83);
  EXPECT_EQ(ex[2], 2);
}

}  // namespace
}  // namespace jxc::hwsim::scale
