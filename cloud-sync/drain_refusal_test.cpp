// The broker refuses an event (a PUBACK with a failure reason code): the
// drain pauses, sends it again, counts the refusals in a row, calls it a
// poison event after poison_after of them, never skips it, and goes on as
// before once the broker takes it.

#include <gtest/gtest.h>

#include "cloud-sync/drain.h"
#include "cloud-sync/drain_fixture.h"

namespace jxc::cloud_sync {
namespace {

using namespace std::chrono_literals;
using drain_testing::DrainTest;

TEST_F(DrainTest, ARefusedEventIsSentAgainAfterAPauseWithoutLeavingTheWindowStuck) {
  append(10);
  connect();
  EXPECT_EQ(pump(), range(1, 8));
  link_.puback_oldest();  // 1
  link_.refuse_oldest();  // 2: not authorized
  ASSERT_TRUE(last_refusal_.has_value());
  EXPECT_EQ(last_refusal_->seq, 2);
  EXPECT_EQ(last_refusal_->refusals, 1);
  EXPECT_FALSE(last_refusal_->poison);
  EXPECT_GE(last_refusal_->retry_in_ms, 50);
  EXPECT_LE(last_refusal_->retry_in_ms, 100);
  EXPECT_TRUE(drain_->is_connected());
  EXPECT_EQ(drain_->refused_seq(), 2);
  // The refused event left the window; nothing goes out during the pause.
  EXPECT_EQ(drain_->in_flight(), 6u);
  ASSERT_TRUE(drain_->resume_at().has_value());
  EXPECT_TRUE(pump().empty());
  // The events after it that the broker takes still leave the window.
  for (int i = 0; i < 6; ++i) link_.puback_oldest();
  EXPECT_TRUE(pump().empty());
  // After the pause it goes again from the refused event.
  now_ += 100ms;
  EXPECT_EQ(pump(), range(2, 9));
  link_.puback_oldest();  // 2 accepted this time
  EXPECT_EQ(drain_->refused_seq(), 0);
  EXPECT_EQ(drain_->refusals(), 0);
  EXPECT_FALSE(drain_->resume_at().has_value());
  EXPECT_EQ(pump(), range(10, 10));
}

TEST_F(DrainTest, AnEventRefusedAgainAndAgainIsAPoisonEventAndIsNeverSkipped) {
  append(3);
  connect();
  std::int64_t last_pause = 0;
  for (int round = 1; round <= 6; ++round) {
    EXPECT_EQ(pump(), range(1, 3)) << "round " << round;
    link_.refuse_oldest();  // 1
    ASSERT_TRUE(last_refusal_.has_value());
    EXPECT_EQ(last_refusal_->seq, 1);
    EXPECT_EQ(last_refusal_->refusals, round);
    EXPECT_EQ(last_refusal_->poison, round >= 5) << "round " << round;
    EXPECT_EQ(drain_->poisoned(), round >= 5);
    // The refusals of the events after it in the same round change nothing.
    link_.refuse_oldest();  // 2
    link_.refuse_oldest();  // 3
    EXPECT_EQ(drain_->refusals(), round);
    EXPECT_EQ(drain_->in_flight(), 0u);
    // The pause grows up to the reconnect maximum.
    EXPECT_LE(last_refusal_->retry_in_ms, 1600);
    if (round >= 3) {
      EXPECT_GE(last_refusal_->retry_in_ms, last_pause / 2);
    }
    last_pause = last_refusal_->retry_in_ms;
    EXPECT_TRUE(pump().empty());
    now_ += std::chrono::milliseconds(last_refusal_->retry_in_ms);
  }
  // Still first in line, never skipped; the central system cannot
  // acknowledge past it, and a PUBACK at last ends it.
  EXPECT_EQ(drain_->refused_seq(), 1);
  EXPECT_EQ(pump(), range(1, 3));
  link_.puback_oldest();
  EXPECT_FALSE(drain_->poisoned());
  EXPECT_EQ(drain_->refused_seq(), 0);
}

TEST_F(DrainTest, AReconnectEndsThePauseButKeepsCountingTheSameEvent) {
  append(2);
  connect();
  EXPECT_EQ(pump(), range(1, 2));
  link_.refuse_oldest();
  EXPECT_EQ(drain_->refusals(), 1);
  link_.drop("broker restarted");
  now_ += 100ms;
  connect();
  EXPECT_FALSE(drain_->resume_at().has_value());
  EXPECT_EQ(pump(), range(1, 2));
  link_.refuse_oldest();
  EXPECT_EQ(drain_->refusals(), 2);
  // A refusal from the lost connection, arriving late, is not counted.
  ASSERT_EQ(link_.connects.size(), 2u);
  EXPECT_FALSE(drain_->publish_failed(OpTag{OpTag::unpack(link_.connects[0]).generation, 1}, now_).has_value());
  EXPECT_EQ(drain_->refusals(), 2);
}

TEST_F(DrainTest, TheCentralSystemsAcknowledgementEndsARefusal) {
  append(2);
  connect();
  EXPECT_EQ(pump(), range(1, 2));
  link_.refuse_oldest();
  EXPECT_EQ(drain_->refused_seq(), 1);
  // The central system had both from an earlier delivery.
  ack(2);
  EXPECT_EQ(drain_->refused_seq(), 0);
  EXPECT_FALSE(drain_->resume_at().has_value());
  // A refusal of an acknowledged event is no refusal.
  link_.refuse_oldest();  // 2
  EXPECT_EQ(drain_->refused_seq(), 0);
}

}  // namespace
}  // namespace jxc::cloud_sync
