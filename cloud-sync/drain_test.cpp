// The drain without a broker or a store: a fake link that records what it is
// asked to do and lets the test play the broker, an outbox held in a vector,
// and a clock the test moves by hand. Each fault the broker tests
// (tests/sync/sync_test.cpp) provoke for real is played here step by step.

#include "cloud-sync/drain.h"

#include <gtest/gtest.h>

#include "cloud-sync/drain_fixture.h"

namespace jxc::cloud_sync {
namespace {

using namespace std::chrono_literals;
using drain_testing::DrainTest;
using drain_testing::kEpoch;

TEST_F(DrainTest, SendsInOrderUpToTheWindowAndOneMorePerPuback) {
  append(20);
  EXPECT_TRUE(pump().empty());  // not connected: only a connect
  ASSERT_EQ(link_.connects.size(), 1u);
  EXPECT_TRUE(pump().empty());  // connecting: nothing more
  link_.accept();
  EXPECT_EQ(pump(), range(1, 8));
  EXPECT_EQ(drain_->in_flight(), 8u);
  EXPECT_EQ(drain_->next(now_).what, Step::Do::wait);  // window full
  link_.puback_oldest();
  EXPECT_EQ(pump(), range(9, 9));
  for (int i = 0; i < 3; ++i) link_.puback_oldest();
  EXPECT_EQ(pump(), range(10, 12));
  // Pages of at most 4 rows: 12 events sent, read in 3 pages.
  EXPECT_EQ(reads_, 3);
  EXPECT_EQ(drain_->next_seq(), 13);
  // PUBACKs are the broker's, not the central system's: nothing is acknowledged.
  EXPECT_EQ(drain_->acked_up_to(), 0);
  EXPECT_EQ(drain_->backlog(), 20);
}

TEST_F(DrainTest, NewEventsGoOutAsTheyAreCommitted) {
  connect();
  EXPECT_TRUE(pump().empty());
  append(3);
  EXPECT_EQ(pump(), range(1, 3));
  append(2);
  EXPECT_EQ(pump(), range(4, 5));
}

// The broker is killed with events in flight: on the next connection every
// event the central system has not acknowledged goes again, PUBACKed or not.
TEST_F(DrainTest, DisconnectMidWindowReplaysFromTheAcknowledgedMark) {
  append(30);
  connect();
  EXPECT_EQ(pump(), range(1, 8));
  for (int i = 0; i < 8; ++i) link_.puback_oldest();
  EXPECT_EQ(pump(), range(9, 16));
  ack(5);
  std::uint64_t old_context = link_.unanswered.front();
  link_.drop("broker gone");
  EXPECT_FALSE(drain_->is_connected());
  ASSERT_TRUE(last_delay_.has_value());
  EXPECT_GE(*last_delay_, 50);
  EXPECT_LE(*last_delay_, 100);
  EXPECT_TRUE(pump().empty());  // nothing goes while the link is down
  now_ += 100ms;
  connect();
  EXPECT_EQ(link_.connects.size(), 2u);
  EXPECT_EQ(drain_->next_seq(), 6);
  EXPECT_EQ(pump(), range(6, 13));
  EXPECT_EQ(drain_->in_flight(), 8u);
  // A PUBACK of the lost connection's seq 9, arriving late, does not free
  // the place this connection's seq 9 holds.
  ASSERT_EQ(OpTag::unpack(old_context).seq, 9);
  link_.late_puback(old_context);
  EXPECT_EQ(drain_->in_flight(), 8u);
  EXPECT_EQ(drain_->next(now_).what, Step::Do::wait);
  link_.puback_oldest();
  EXPECT_EQ(pump(), range(14, 14));
}

TEST_F(DrainTest, DuplicateAckChangesNothing) {
  append(10);
  connect();
  pump();
  ack(6);
  EXPECT_EQ(drain_->check_ack(kEpoch, 6).verdict, AckCheck::Verdict::duplicate);
  EXPECT_EQ(drain_->check_ack(kEpoch, 3).verdict, AckCheck::Verdict::duplicate);
  drain_->acknowledged(3);  // recorded late: the mark never moves back
  EXPECT_EQ(drain_->acked_up_to(), 6);
  EXPECT_EQ(drain_->backlog(), 4);
}

// The store was created anew (a new epoch): an acknowledgement meant for the
// old one must not mark the new store's events as delivered.
TEST_F(DrainTest, AckFromAnEarlierEpochIsRefused) {
  append(10);
  connect();
  pump();
  AckCheck c = drain_->check_ack("fedcba9876543210fedcba9876543210", 10);
  EXPECT_EQ(c.verdict, AckCheck::Verdict::refused);
  EXPECT_NE(c.reason.find("epoch fedcba9876543210fedcba9876543210, this store is " + kEpoch), std::string::npos)
      << c.reason;
  EXPECT_EQ(drain_->acked_up_to(), 0);
}

TEST_F(DrainTest, AckBeyondTheLastEventIsRefused) {
  append(10);
  AckCheck c = drain_->check_ack(kEpoch, 11);
  EXPECT_EQ(c.verdict, AckCheck::Verdict::refused);
  EXPECT_EQ(c.reason, "acknowledgement up to seq 11 but the last event is 10");
  EXPECT_EQ(drain_->check_ack(kEpoch, -1).verdict, AckCheck::Verdict::refused);
  EXPECT_EQ(drain_->check_ack(kEpoch, 10).verdict, AckCheck::Verdict::advance);
}

// The central system lost events it had acknowledged and asks for them again:
// they go out again, and the acknowledged mark stays where it was.
TEST_F(DrainTest, ReplayFromBelowTheAcknowledgedMark) {
  make(4);
  append(10);
  connect();
  EXPECT_EQ(pump(), range(1, 4));
  for (int i = 0; i < 4; ++i) link_.puback_oldest();
  EXPECT_EQ(pump(), range(5, 8));
  ack(8);
  for (int i = 0; i < 4; ++i) link_.puback_oldest();
  drain_->replay_from(3);
  EXPECT_EQ(pump(), range(3, 6));
  EXPECT_EQ(drain_->acked_up_to(), 8);
  for (int i = 0; i < 4; ++i) link_.puback_oldest();
  EXPECT_EQ(pump(), range(7, 10));
  // From 0 or below: from the first event.
  for (int i = 0; i < 4; ++i) link_.puback_oldest();
  drain_->replay_from(-5);
  EXPECT_EQ(pump(), range(1, 4));
}

// A replay from ahead of what is being sent changes nothing: the stream is
// gapless and already behind that point.
TEST_F(DrainTest, ReplayFromAheadKeepsTheOrder) {
  append(10);
  connect();
  EXPECT_EQ(pump(), range(1, 8));
  drain_->replay_from(9);
  for (int i = 0; i < 2; ++i) link_.puback_oldest();
  EXPECT_EQ(pump(), range(9, 10));
}

// The client holds fewer messages in flight than the window (the broker's
// receive maximum): the refused event stays next in line and the window
// shrinks to what the client took.
TEST_F(DrainTest, RefusedPublishShrinksTheWindowUntilTheNextConnection) {
  append(20);
  link_.capacity = 3;
  connect();
  EXPECT_EQ(pump(), range(1, 3));
  EXPECT_EQ(drain_->window(), 3u);
  EXPECT_EQ(drain_->next(now_).what, Step::Do::wait);
  link_.puback_oldest();
  EXPECT_EQ(pump(), range(4, 4));
  link_.drop("gone");
  now_ += 1s;
  link_.capacity = 1000;
  connect();
  EXPECT_EQ(drain_->window(), 8u);
  EXPECT_EQ(pump(), range(1, 8));
}

// Acknowledged events pruned from the store are not sent; the stream goes on
// with the first one still there.
TEST_F(DrainTest, PrunedEventsAreSkipped) {
  append(10);
  for (std::int64_t s = 1; s <= 6; ++s) outbox_.erase(s);
  drain_->restore(10, 6);
  connect();
  EXPECT_EQ(pump(), range(7, 10));
  // Everything up to the last seq pruned: a read that finds nothing moves on.
  drain_->replay_from(1);
  outbox_.clear();
  for (int i = 0; i < 4; ++i) link_.puback_oldest();
  EXPECT_TRUE(pump().empty());
  EXPECT_EQ(drain_->next_seq(), 11);
  EXPECT_EQ(drain_->next(now_).what, Step::Do::wait);
}

// Refused connects wait the back-off, which grows to its ceiling and starts
// again after a connection; a failure of an earlier attempt is ignored.
TEST_F(DrainTest, ReconnectBackOffFollowsTheClock) {
  std::vector<std::int64_t> delays;
  for (int i = 0; i < 6; ++i) {
    ASSERT_EQ(drain_->next(now_).what, Step::Do::connect) << i;
    pump();
    link_.refuse(0x86);
    ASSERT_TRUE(last_delay_.has_value());
    delays.push_back(*last_delay_);
    ASSERT_EQ(drain_->connect_at(), now_ + std::chrono::milliseconds(*last_delay_));
    now_ += std::chrono::milliseconds(*last_delay_ - 1);
    EXPECT_EQ(drain_->next(now_).what, Step::Do::wait) << "connecting before the back-off ended";
    now_ += 1ms;
  }
  const std::int64_t ceilings[] = {100, 200, 400, 800, 1600, 1600};
  for (std::size_t i = 0; i < delays.size(); ++i) {
    EXPECT_GE(delays[i], ceilings[i] / 2) << i;
    EXPECT_LE(delays[i], ceilings[i]) << i;
  }
  // A failure reported for an earlier attempt changes nothing.
  std::uint64_t stale = link_.connects.front();
  EXPECT_FALSE(drain_->connect_failed(OpTag::unpack(stale).generation, now_).has_value());
  EXPECT_FALSE(drain_->lost(OpTag::unpack(stale).generation, now_).has_value());
  connect();
  EXPECT_FALSE(drain_->connect_at().has_value());
  link_.drop("gone");
  EXPECT_LE(*last_delay_, 100);  // back to the minimum
  // A connect the link refuses at once counts as a failed attempt.
  now_ += 100ms;
  link_.refuse_connect = true;
  pump();
  EXPECT_TRUE(drain_->connect_at().has_value());
  EXPECT_EQ(drain_->next(now_).what, Step::Do::wait);
}

TEST_F(DrainTest, ConnectedOfAnEarlierAttemptIsIgnored) {
  append(5);
  pump();
  std::uint64_t first = link_.connects.back();
  link_.refuse(0x87);
  now_ += 2s;
  pump();
  ASSERT_EQ(link_.connects.size(), 2u);
  EXPECT_FALSE(drain_->connected(OpTag::unpack(first).generation));
  EXPECT_FALSE(drain_->is_connected());
  EXPECT_TRUE(pump().empty());
  link_.accept();
  EXPECT_TRUE(drain_->is_connected());
  EXPECT_EQ(pump(), range(1, 5));
}

TEST_F(DrainTest, ClosedByTheUplinkConnectsAtOnceWhenRunAgain) {
  append(3);
  connect();
  EXPECT_EQ(pump(), range(1, 3));
  std::uint64_t context = link_.connects.back();
  drain_->link_closed();
  EXPECT_FALSE(drain_->is_connected());
  EXPECT_FALSE(drain_->lost(OpTag::unpack(context).generation, now_).has_value());
  EXPECT_EQ(drain_->next(now_).what, Step::Do::connect);
  connect();
  EXPECT_EQ(pump(), range(1, 3));
}

// The store's figures at start and on connect never move the marks back.
TEST_F(DrainTest, RestoreNeverMovesBack) {
  drain_->restore(100, 40);
  EXPECT_EQ(drain_->backlog(), 60);
  drain_->restore(90, 30);
  EXPECT_EQ(drain_->last_seq(), 100);
  EXPECT_EQ(drain_->acked_up_to(), 40);
  drain_->outbox_grew(99);
  EXPECT_EQ(drain_->last_seq(), 100);
}

TEST(OpTag, PacksGenerationAndSeq) {
  OpTag t{0xFFFF, (std::int64_t{1} << 48) - 1};
  OpTag back = OpTag::unpack(t.pack());
  EXPECT_EQ(back.generation, 0xFFFFu);
  EXPECT_EQ(back.seq, t.seq);
  EXPECT_EQ(OpTag::unpack(OpTag{3, 0}.pack()).seq, 0);
}

// Generations stay within what a tag holds, so that a gateway that has
// retried for weeks still recognises the answer to its latest attempt.
TEST(DrainGenerations, WrapWithinTheTag) {
  DrainOptions o;
  o.epoch = kEpoch;
  Drain d(o);
  SteadyTime now{};
  std::uint64_t g = 0;
  for (int i = 0; i < 70'000; ++i) {
    g = d.connecting();
    ASSERT_TRUE(d.connect_failed(g, now).has_value());
  }
  EXPECT_GE(g, 1u);
  EXPECT_LE(g, 0xFFFFu);
  g = d.connecting();
  EXPECT_TRUE(d.connected(OpTag::unpack(OpTag{g, 0}.pack()).generation));
}

}  // namespace
}  // namespace jxc::cloud_sync
