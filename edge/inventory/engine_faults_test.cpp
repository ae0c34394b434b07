// The engine when things go wrong beneath or around it: a disk that fills up
// in the middle of a batch, requests, listeners and callbacks that throw, a
// failure in the writer's own steps, and listeners coming and going while
// commits stream. The process and the writer outlive all of them.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <deque>
#include <stdexcept>
#include <thread>

#include "edge/inventory/documents.h"
#include "edge/inventory/test_store.h"
#include "edge/inventory/tx.h"
#include "edge/store/full_disk_vfs.h"

namespace jxc::inventory::testing {
namespace {

using store::testing::FullDisk;

class EngineFaults : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    seed();
  }
  void TearDown() override {
    FullDisk::unlimited();
    StoreTest::TearDown();
  }
  std::int64_t count(const std::string& sql) {
    auto n = query_int(q(), sql);
    EXPECT_TRUE(n.is_ok()) << n.status().to_string();
    return n ? *n : -1;
  }
};

TEST_F(EngineFaults, ADiskFullMidBatchFailsTheWholeBatchAndLeavesNothingOfIt) {
  EngineTuning tuning;
  tuning.vfs = FullDisk::vfs();
  tuning.writer_cache_kib = 64;  // a large request spills into the log as it runs
  tuning.background_checkpoint = false;
  open_engine({}, tuning);
  receive("TEA-500", 1, "A-02");
  const std::int64_t documents = count("SELECT count(*) FROM documents");

  std::atomic<int> runs_c{0};
  WriterGate gate(*engine_);
  std::vector<Answer> answers;
  answers.push_back(submit(*engine_, [](Tx& tx) { return create_and_post(tx, receipt_into("A-02", "TEA-500", 5)); }));
  // Far more than the free space: the disk fills up while it spills.
  answers.push_back(submit(*engine_, [](Tx& tx) -> Result<DocumentResult> {
    DocumentResult last;
    for (int i = 0; i < 1000; ++i) {
      JXC_ASSIGN(last, create_and_post(tx, receipt_into("A-03", "CUP-S", 1)));
    }
    return last;
  }));
  answers.push_back(submit(*engine_, [&](Tx& tx) {
    ++runs_c;
    return create_and_post(tx, receipt_into("A-01", "RICE-5", 2));
  }));
  FullDisk::set_free_bytes(20'000);  // less than the first spill of the writer's cache into the log
  gate.release();

  for (auto& a : answers) {
    auto r = a.get();
    ASSERT_FALSE(r.is_ok()) << "a request of the lost batch was reported done";
    EXPECT_EQ(r.status().code(), Errc::storage) << r.status().to_string();
    EXPECT_NE(r.status().reason().find("rolled back the whole batch"), std::string::npos)
        << r.status().to_string();
  }
  EXPECT_GT(FullDisk::refused_writes(), 0);
  EXPECT_EQ(runs_c.load(), 0) << "a request ran after the transaction was gone";

  // Space is back: the engine goes on.
  FullDisk::unlimited();
  receive("MILK-1", 3, "A-01", "L1");
  close_engine();
  open_engine();
  EXPECT_EQ(on_hand("TEA-500", "A-02"), 1);
  EXPECT_EQ(on_hand("CUP-S", "A-03"), 0);
  EXPECT_EQ(on_hand("RICE-5", "A-01"), 0);
  EXPECT_EQ(on_hand("MILK-1", "A-01"), 3);
  EXPECT_EQ(count("SELECT count(*) FROM documents"), documents + 1);
  expect_consistent();
}

TEST_F(EngineFaults, ARequestThatThrowsAfterWritingFailsAloneAndIsNotRunAgain) {
  std::atomic<int> runs_a{0}, runs_b{0}, runs_c{0};
  WriterGate gate(*engine_);
  std::vector<Answer> answers;
  answers.push_back(submit(*engine_, [&](Tx& tx) {
    ++runs_a;
    return create_and_post(tx, receipt_into("A-01", "TEA-500", 5));
  }));
  answers.push_back(submit(*engine_, [&](Tx& tx) -> Result<DocumentResult> {
    ++runs_b;
    JXC_TRY(create_and_post(tx, receipt_into("A-01", "TEA-500", 7)).status());
    throw std::runtime_error("scale driver exploded");
  }));
  answers.push_back(submit(*engine_, [&](Tx& tx) {
    ++runs_c;
    return create_and_post(tx, receipt_into("A-03", "CUP-S", 2));
  }));
  gate.release();

  auto a = answers[0].get(), b = answers[1].get(), c = answers[2].get();
  ASSERT_TRUE(a.is_ok()) << a.status().to_string();
  ASSERT_TRUE(c.is_ok()) << c.status().to_string();
  EXPECT_EQ(b.status().code(), Errc::internal);
  EXPECT_NE(b.status().reason().find("scale driver exploded"), std::string::npos) << b.status().to_string();
  // Rolled back and run again without it.
  EXPECT_EQ(runs_a.load(), 2);
  EXPECT_EQ(runs_b.load(), 1);
  EXPECT_EQ(runs_c.load(), 1);
  EXPECT_EQ(engine_->stats().reruns, 1u);
  EXPECT_EQ(on_hand("TEA-500", "A-01"), 5);
  EXPECT_EQ(on_hand("CUP-S", "A-03"), 2);
  EXPECT_EQ(count("SELECT count(*) FROM outbox"), 2);
  expect_consistent();
}

TEST_F(EngineFaults, DereferencingAFailedResultInARequestFailsItWithInternal) {
  auto r = engine_->run<int>([](Tx&) -> Result<int> {
    Result<int> missing = error(Errc::unknown_item, "no such item");
    return *missing + 1;  // throws: there is no value
  });
  EXPECT_EQ(r.status().code(), Errc::internal) << r.status().to_string();
  EXPECT_EQ(r.status().reason().rfind("the request threw: ", 0), 0u) << r.status().to_string();
  EXPECT_EQ(receive("TEA-500", 2, "A-02").movements, 1);
  EXPECT_EQ(engine_->stats().reruns, 0u);  // it wrote nothing
}

TEST_F(EngineFaults, AThrowingListenerIsSkippedAndTheOthersStillHear) {
  std::atomic<int> before{0}, after{0};
  engine_->add_commit_listener([&](const CommitEffects&) { ++before; });
  engine_->add_commit_listener([](const CommitEffects&) { throw std::runtime_error("listener broke"); });
  engine_->add_commit_listener([](const CommitEffects&) { throw 42; });
  engine_->add_commit_listener([&](const CommitEffects&) { ++after; });
  receive("TEA-500", 1, "A-02");
  receive("TEA-500", 1, "A-02");
  // Listeners are called before the answer is handed over.
  EXPECT_EQ(before.load(), 2);
  EXPECT_EQ(after.load(), 2);
  EXPECT_EQ(on_hand("TEA-500", "A-02"), 2);
}

TEST_F(EngineFaults, AThrowingDoneCallbackDoesNotStopTheAnswersAfterIt) {
  WriterGate gate(*engine_);
  engine_->submit_async<int>([](Tx&) -> Result<int> { return 1; },
                             [](Result<int>) { throw std::runtime_error("caller went away"); });
  auto next = submit(*engine_, [](Tx& tx) { return create_and_post(tx, receipt_into("A-02", "TEA-500", 1)); });
  gate.release();
  ASSERT_EQ(next.wait_for(std::chrono::seconds(20)), std::future_status::ready);
  EXPECT_TRUE(next.get().is_ok());
  EXPECT_EQ(receive("TEA-500", 1, "A-02").movements, 1);  // a later batch too
  EXPECT_EQ(on_hand("TEA-500", "A-02"), 2);
}

/// A clock that throws while told to: a fault in the writer's own steps, in
/// no request's function.
class FailingClock final : public Clock {
 public:
  TimeMs now_ms() const override {
    if (failing) throw std::runtime_error("clock failed");
    return 1'764'000'000'000;
  }
  std::chrono::steady_clock::time_point steady_now() const override {
    return std::chrono::steady_clock::now();
  }
  std::atomic<bool> failing{false};
};

TEST_F(EngineFaults, AFailureInTheWritersOwnStepsFailsTheBatchAndTheWriterGoesOn) {
  FailingClock clock;
  close_engine();
  EngineOptions opts;
  opts.store_path = store_path_;
  auto e = Engine::open(opts, clock);
  ASSERT_TRUE(e.is_ok()) << e.status().to_string();
  engine_ = std::move(e).value();

  clock.failing = true;
  std::atomic<int> runs{0};
  auto r = engine_->run<DocumentResult>([&](Tx& tx) {
    ++runs;
    return create_and_post(tx, receipt_into("A-02", "TEA-500", 1));
  });
  EXPECT_EQ(r.status().code(), Errc::internal) << r.status().to_string();
  EXPECT_NE(r.status().reason().find("clock failed"), std::string::npos) << r.status().to_string();
  EXPECT_EQ(runs.load(), 0);

  clock.failing = false;
  EXPECT_EQ(receive("TEA-500", 4, "A-02").movements, 1);
  EXPECT_EQ(on_hand("TEA-500", "A-02"), 4);
  engine_.reset();  // before the clock
  expect_consistent();
}

TEST_F(EngineFaults, ListenersComeAndGoWhileCommitsStream) {
  std::atomic<bool> streaming{true};
  std::thread poster([&] {
    while (streaming) receive("TEA-500", 1, "A-02");
  });

  // From within a listener on the writer: one adds another, one removes itself.
  std::atomic<int> added_inside_calls{0}, self_removing_calls{0};
  std::atomic<bool> added_inside{false};
  engine_->add_commit_listener([&](const CommitEffects&) {
    if (!added_inside.exchange(true))
      engine_->add_commit_listener([&](const CommitEffects&) { ++added_inside_calls; });
  });
  auto self = std::make_shared<std::atomic<Engine::ListenerId>>(0);
  self->store(engine_->add_commit_listener([&, self](const CommitEffects&) {
    if (self->load() == 0) return;  // called before add_commit_listener returned
    ++self_removing_calls;
    engine_->remove_commit_listener(self->load());
  }));

  constexpr int kListeners = 60;
  std::deque<std::atomic<int>> calls(kListeners);
  std::vector<Engine::ListenerId> ids;
  std::vector<int> at_removal(kListeners, -1);
  for (int i = 0; i < kListeners; ++i) {
    ids.push_back(engine_->add_commit_listener([&calls, i](const CommitEffects&) { ++calls[static_cast<std::size_t>(i)]; }));
    // Every listener hears of the commits after it was added.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (calls[static_cast<std::size_t>(i)] == 0 && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    ASSERT_GT(calls[static_cast<std::size_t>(i)].load(), 0) << "listener " << i << " never called";
    if (i % 2 == 1) {
      engine_->remove_commit_listener(ids.back());
      at_removal[static_cast<std::size_t>(i)] = calls[static_cast<std::size_t>(i)];
    }
  }
  // A few more commits for the kept ones.
  const int last = calls[0].load();
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (calls[0] < last + 3 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  streaming = false;
  poster.join();

  for (int i = 0; i < kListeners; ++i) {
    const auto n = calls[static_cast<std::size_t>(i)].load();
    if (i % 2 == 1) EXPECT_EQ(n, at_removal[static_cast<std::size_t>(i)]) << "listener " << i << " called after removal";
    else EXPECT_GE(n, calls[static_cast<std::size_t>(kListeners - 2)].load()) << "listener " << i;
  }
  EXPECT_GT(calls[0].load(), last);
  EXPECT_GT(added_inside_calls.load(), 0);
  EXPECT_EQ(self_removing_calls.load(), 1);
  expect_consistent();
}

}  // namespace
}  // namespace jxc::inventory::testing
