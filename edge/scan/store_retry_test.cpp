// Scans whose posting meets a store that cannot take it for a while (another
// connection holding the write lock past the busy timeout) or whose answer
// is lost after the commit: each is booked once, when the store is back.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

#include "edge/inventory/test_store.h"
#include "edge/scan/processor.h"

namespace jxc::scan {
namespace {

using namespace std::chrono_literals;
using namespace inventory;
using namespace inventory::testing;

const std::string kTea = "]C10106901234567892";  // GS1-128 of TEA-500

class ScanStoreRetry : public StoreTest {
 protected:
  void start(EngineTuning tuning) {
    seed();
    tuning.busy_timeout_ms = 20;
    open_engine({}, tuning);
    Order o;
    o.number = "PO-1";
    o.lines = {{"TEA-500", "", 5, 0}};
    ASSERT_TRUE(engine_->upsert_order(o).is_ok());
    devices::RetryOptions retry;
    retry.min = 5ms;
    retry.max = 20ms;
    auto p = ScanProcessor::open(*engine_, store_path_, LabelPatterns{}, clock_, 100, &health_, retry);
    ASSERT_TRUE(p.is_ok()) << p.status().to_string();
    proc_ = std::move(p).value();
    proc_->add_scanner({"dock-1", Mode::receive, ""});
    ok("PO-1");
    ok("LOC:RECV-1");
    // The writer has committed these scans' tallies (device_records.h), which
    // it takes without the scan waiting: what a test arranges for the next
    // commit is then the next scan's.
    ASSERT_TRUE(engine_->run<bool>([](Tx&) -> Result<bool> { return true; }).is_ok());
  }
  void TearDown() override {
    proc_.reset();
    StoreTest::TearDown();
  }
  ScanResult ok(const std::string& raw) {
    auto r = proc_->handle("dock-1", raw);
    EXPECT_TRUE(r.accepted) << raw << ": " << r.message;
    return r;
  }
  bool drained() {
    for (int i = 0; i < 10000 && proc_->waiting_for_store() > 0; ++i) std::this_thread::sleep_for(2ms);
    return proc_->waiting_for_store() == 0;
  }
  std::int64_t count(const std::string& sql) {
    auto n = query_int(q(), sql);
    EXPECT_TRUE(n.is_ok()) << n.status().to_string();
    return n ? *n : -1;
  }
  std::vector<ScanResult> postings() {
    std::vector<ScanResult> out;
    for (auto& r : proc_->results().recent("dock-1", 100))
      if (r.kind == "posting") out.push_back(r);
    return out;
  }

  devices::HealthRegistry health_{clock_};
  std::unique_ptr<ScanProcessor> proc_;
};

TEST_F(ScanStoreRetry, ScansMadeWhileTheStoreIsLockedAreAcceptedAndBookedOnceWhenItIsReleased) {
  start({});
  {
    WriteLockHolder cli_import(store_path_);
    auto first = ok(kTea);
    EXPECT_TRUE(first.waiting);
    EXPECT_TRUE(first.document.empty());
    EXPECT_NE(first.message.find("booked when the store is back"), std::string::npos) << first.message;
    EXPECT_TRUE(ok(kTea).waiting);  // behind the first
    auto undo = proc_->handle("dock-1", "%UNDO");
    EXPECT_FALSE(undo.accepted);
    EXPECT_NE(undo.message.find("still waits for the store"), std::string::npos) << undo.message;
    EXPECT_EQ(proc_->waiting_for_store(), 2u);
    devices::DeviceHealth h;
    EXPECT_TRUE(health_.get("scanners/store-retries", &h));
  }
  ASSERT_TRUE(drained());
  EXPECT_EQ(on_hand("TEA-500", "RECV-1"), 2);
  EXPECT_EQ(count("SELECT count(*) FROM documents WHERE source='dock-1'"), 2);
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE type='receipt.posted'"), 2);
  auto booked = postings();
  ASSERT_EQ(booked.size(), 2u);
  for (const auto& r : booked) {
    EXPECT_TRUE(r.accepted) << r.message;
    EXPECT_FALSE(r.document.empty());
  }
  // Booked, they can be undone again.
  EXPECT_NE(ok("%UNDO").message.find("reversed " + booked.front().document), std::string::npos);
  EXPECT_EQ(on_hand("TEA-500", "RECV-1"), 1);
  expect_consistent();
}

TEST_F(ScanStoreRetry, AScanWhoseAnswerWasLostAfterItsCommitIsNotBookedTwice) {
  auto lose = std::make_shared<std::atomic<int>>(0);  // the writer outlives this body
  EngineTuning tuning;
  tuning.lose_answer = [lose] { return lose->exchange(0) == 1; };
  start(tuning);
  *lose = 1;
  auto r = ok(kTea);
  EXPECT_TRUE(r.waiting);
  ASSERT_TRUE(drained());
  EXPECT_EQ(*lose, 0);
  EXPECT_EQ(on_hand("TEA-500", "RECV-1"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM documents WHERE source='dock-1'"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE type='receipt.posted'"), 1);
  auto booked = postings();
  ASSERT_EQ(booked.size(), 1u);
  EXPECT_TRUE(booked[0].accepted) << booked[0].message;
  expect_consistent();
}

}  // namespace
}  // namespace jxc::scan
