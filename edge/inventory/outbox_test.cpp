// The outbox: gapless sequence, acknowledgement, pruning after retention.
#include <gtest/gtest.h>

#include <regex>

#include "edge/inventory/outbox.h"
#include "edge/inventory/test_store.h"
#include "edge/inventory/tx.h"

namespace jxc::inventory::testing {
namespace {

class OutboxTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    seed();
  }
};

TEST_F(OutboxTest, EventsCarryDocumentAndMovementsInSequence) {
  auto r = receive("TEA-500", 5, "A-01");
  auto ev = Outbox::peek_after(q(), 0, 10);
  ASSERT_TRUE(ev.is_ok());
  ASSERT_EQ(ev->size(), 1u);
  EXPECT_EQ(ev->at(0).seq, 1);
  EXPECT_EQ(r.first_seq, 1);
  EXPECT_EQ(r.last_seq, 1);
  EXPECT_EQ(ev->at(0).type, "receipt.posted");
  EXPECT_EQ(ev->at(0).event_id.size(), 36u);
  const std::string& p = ev->at(0).payload;
  EXPECT_NE(p.find("\"number\":\"" + r.number + "\""), std::string::npos) << p;
  EXPECT_NE(p.find("\"movements\":[{"), std::string::npos) << p;
  EXPECT_NE(p.find("\"to\":\"A-01\""), std::string::npos) << p;
  EXPECT_NE(p.find("\"site_id\":\"S1\""), std::string::npos) << p;
}

// Event ids are UUIDv7 carrying the clock's millisecond, and each sorts after
// the one before, also when thousands share a millisecond (the manual clock
// stands still here) and when the clock steps back.
TEST_F(OutboxTest, EventIdsAreTimeOrderedVersion7) {
  for (int i = 0; i < 5000; ++i) receive("TEA-500", 1, "A-01");
  clock_.advance(std::chrono::hours(-1));
  receive("TEA-500", 1, "A-01");
  clock_.advance(std::chrono::hours(2));
  receive("TEA-500", 1, "A-01");
  auto ev = Outbox::peek_after(q(), 0, 6000);
  ASSERT_TRUE(ev.is_ok());
  ASSERT_EQ(ev->size(), 5002u);
  auto ms_of = [](const std::string& id) {
    return std::stoull(id.substr(0, 8) + id.substr(9, 4), nullptr, 16);
  };
  const std::uint64_t t0 = static_cast<std::uint64_t>(1'764'000'000'000);
  const std::regex uuid7("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  for (std::size_t i = 0; i < ev->size(); ++i) {
    const std::string& id = ev->at(i).event_id;
    ASSERT_TRUE(std::regex_match(id, uuid7)) << id;
    if (i > 0) {
      ASSERT_LT(ev->at(i - 1).event_id, id) << "event " << i;
    }
  }
  EXPECT_EQ(ms_of(ev->front().event_id), t0);
  // 5,000 ids in one millisecond overflow its 12-bit counter into the next.
  EXPECT_GT(ms_of(ev->at(4999).event_id), t0);
  EXPECT_LT(ms_of(ev->at(4999).event_id), t0 + 5);
  // The clock went back an hour: the id counts on from the last one instead.
  EXPECT_LE(ms_of(ev->at(5000).event_id) - ms_of(ev->at(4999).event_id), 1u);
  EXPECT_EQ(ms_of(ev->back().event_id), t0 + 3600 * 1000);
}

TEST_F(OutboxTest, FailedRequestsLeaveNoGap) {
  receive("TEA-500", 5, "A-01");
  DocumentRequest bad;
  bad.type = DocType::issue;
  bad.from = "A-01";
  bad.lines = {line("TEA-500", 50)};
  EXPECT_FALSE(engine_->post(bad).is_ok());
  receive("TEA-500", 1, "A-01");
  auto ev = Outbox::peek_after(q(), 0, 10);
  ASSERT_EQ(ev->size(), 2u);
  EXPECT_EQ(ev->at(1).seq, 2);
  expect_consistent();
}

TEST_F(OutboxTest, AckNeverMovesBackAndPruneKeepsUnackedAndRecent) {
  for (int i = 0; i < 5; ++i) receive("TEA-500", 1, "A-01");
  const std::string epoch = engine_->epoch();
  EXPECT_EQ(epoch.size(), 32u);
  EXPECT_EQ(Outbox::acknowledge_up_to(*engine_, "other-epoch", 2).code(), Errc::invalid_argument);
  EXPECT_EQ(Outbox::acknowledge_up_to(*engine_, epoch, 6).code(), Errc::invalid_argument);  // beyond the newest
  ASSERT_TRUE(Outbox::acknowledge_up_to(*engine_, epoch, 3).is_ok());
  ASSERT_TRUE(Outbox::acknowledge_up_to(*engine_, epoch, 2).is_ok());  // late duplicate ack
  auto st = Outbox::stats(q());
  EXPECT_EQ(st->epoch, epoch);
  EXPECT_EQ(st->acked_up_to, 3);
  EXPECT_EQ(st->last_seq, 5);
  EXPECT_EQ(st->first_seq, 1);
  // Recorded now: within retention, nothing goes.
  EXPECT_EQ(*Outbox::prune(*engine_, clock_.now_ms() - 1000), 0);
  clock_.advance(std::chrono::hours(200));
  EXPECT_EQ(*Outbox::prune(*engine_, clock_.now_ms() - 168LL * 3600 * 1000), 3);
  st = Outbox::stats(q());
  EXPECT_EQ(st->stored, 2);
  EXPECT_EQ(st->first_seq, 4);
  EXPECT_EQ(*Outbox::recorded_at(q(), 3), std::nullopt);  // pruned
  EXPECT_EQ(*Outbox::recorded_at(q(), 4), clock_.now_ms() - 200LL * 3600 * 1000);
  // Sequence numbers are never reused after pruning.
  receive("TEA-500", 1, "A-01");
  EXPECT_EQ(Outbox::stats(q())->last_seq, 6);
  EXPECT_EQ(Outbox::peek_after(q(), 0, 10)->front().seq, 4);
  expect_consistent();
}

// An empty store: no events, nothing acknowledged, nothing to read.
TEST_F(OutboxTest, StatsOfAnEmptyOutbox) {
  auto st = Outbox::stats(q());
  ASSERT_TRUE(st.is_ok()) << st.status().to_string();
  EXPECT_EQ(st->epoch, engine_->epoch());
  EXPECT_EQ(st->last_seq, 0);
  EXPECT_EQ(st->stored, 0);
  EXPECT_EQ(st->first_seq, 0);
  EXPECT_EQ(st->acked_up_to, 0);
  EXPECT_TRUE(Outbox::peek_after(q(), 0, 10)->empty());
  EXPECT_EQ(*Outbox::recorded_at(q(), 1), std::nullopt);
  EXPECT_EQ(Outbox::acknowledge_up_to(*engine_, engine_->epoch(), 1).code(), Errc::invalid_argument);
}

// Appended on the writer with the request's other writes: seq and time as
// the transaction gives them, visible to readers after the commit.
TEST_F(OutboxTest, AppendOnTheWriter) {
  clock_.advance(std::chrono::seconds(5));
  auto seq = engine_->run<std::int64_t>([](Tx& tx) {
    return Outbox::append(tx, "test.appended", 42, R"({"n":1})");
  });
  ASSERT_TRUE(seq.is_ok()) << seq.status().to_string();
  EXPECT_EQ(*seq, 1);
  auto ev = Outbox::peek_after(q(), 0, 10);
  ASSERT_EQ(ev->size(), 1u);
  EXPECT_EQ(ev->at(0).type, "test.appended");
  EXPECT_EQ(ev->at(0).occurred_at, 42);
  EXPECT_EQ(ev->at(0).recorded_at, clock_.now_ms());
  EXPECT_EQ(ev->at(0).payload, R"({"n":1})");
  EXPECT_EQ(*Outbox::recorded_at(q(), 1), clock_.now_ms());
  EXPECT_TRUE(Outbox::peek_after(q(), 1, 10)->empty());
}

}  // namespace
}  // namespace jxc::inventory::testing
