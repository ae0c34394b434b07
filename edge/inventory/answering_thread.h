#pragma once
// The engine's answering thread: hands each committed batch's results to the
// callers, batch after batch in the order they were handed over, while the
// writer goes on with the next batch. Waking a few hundred waiting callers one
// by one took the writer ~2 ms after every commit at 256 clients, and the
// woken callers' next requests are what its next batch is made of.

#include <spdlog/spdlog.h>

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "edge/inventory/caught.h"

namespace jxc::inventory {

/// Job: anything with `void finish()`, which delivers its result. What a
/// finish() throws is logged, and the answers after it are still delivered.
template <typename Job>
class AnsweringThread {
 public:
  using Batch = std::vector<std::unique_ptr<Job>>;

  AnsweringThread() = default;
  AnsweringThread(const AnsweringThread&) = delete;
  AnsweringThread& operator=(const AnsweringThread&) = delete;
  ~AnsweringThread() { stop(); }

  void start() {
    thread_ = std::thread([this] { loop(); });
  }

  /// Takes the batch (leaving `batch` empty); its jobs finish on the thread.
  void hand_over(Batch& batch) {
    std::lock_guard lock(mu_);
    pending_.push_back(std::move(batch));
    batch.clear();  // a moved-from vector is only "valid but unspecified"
    cv_.notify_one();
  }

  /// Returns once every batch handed over has been answered.
  void stop() {
    {
      std::lock_guard lock(mu_);
      if (!thread_.joinable()) return;
      stopping_ = true;
      cv_.notify_one();
    }
    thread_.join();
  }

 private:
  void loop() {
    std::unique_lock lock(mu_);
    for (;;) {
      cv_.wait(lock, [&] { return stopping_ || !pending_.empty(); });
      if (pending_.empty()) return;  // stopping, and nothing left to answer
      Batch batch = std::move(pending_.front());
      pending_.pop_front();
      lock.unlock();
      for (auto& job : batch) {
        try {
          job->finish();
        } catch (...) {
          spdlog::error("inventory: an answer's callback threw: {}", caught_exception_text());
        }
      }
      batch.clear();  // the jobs' callbacks and buffers are freed here too
      lock.lock();
    }
  }

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Batch> pending_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace jxc::inventory
