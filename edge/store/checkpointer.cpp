#include "edge/store/checkpointer.h"

#include <spdlog/spdlog.h>

namespace jxc::store {

Result<std::unique_ptr<Checkpointer>> Checkpointer::start(Db& writer, Options opts) {
  JXC_ASSIGN(auto own, Db::open(writer.path(), {}));
  std::unique_ptr<Checkpointer> c(new Checkpointer(writer, std::move(own), opts));
  c->writer_.on_wal_commit([p = c.get()](int pages) { p->after_commit(pages); });
  c->thread_ = std::thread([p = c.get()] { p->loop(); });
  return c;
}

Checkpointer::Checkpointer(Db& writer, std::unique_ptr<Db> own, Options opts)
    : writer_(writer), own_(std::move(own)), opts_(opts) {}

Checkpointer::~Checkpointer() {
  writer_.on_wal_commit({});
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_one();
  if (thread_.joinable()) thread_.join();
}

Checkpointer::Stats Checkpointer::stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

void Checkpointer::after_commit(int wal_pages) {
  if (wal_pages >= opts_.writer_at_pages) {
    // Called from inside sqlite3's commit, where a checkpoint on the same
    // connection is allowed (it is what SQLite's own hook does).
    // Busy means the thread (or another process) is checkpointing right now;
    // the next commit tries again.
    auto r = writer_.checkpoint_passive();
    if (!r && r.status().code() != Errc::unavailable)
      spdlog::warn("store: checkpoint by the writer failed: {}", r.status().to_string());
    std::lock_guard lock(mu_);
    if (r) ++stats_.by_writer;
    stats_.last_wal_pages = wal_pages;
    return;
  }
  bool wake = wal_pages >= opts_.wake_at_pages;
  {
    std::lock_guard lock(mu_);
    stats_.last_wal_pages = wal_pages;
    if (wake) wanted_ = true;
  }
  if (wake) cv_.notify_one();
}

void Checkpointer::loop() {
  for (;;) {
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return wanted_ || stopping_; });
      if (stopping_) return;
      wanted_ = false;
    }
    auto r = own_->checkpoint_passive();
    if (!r) {
      if (r.status().code() != Errc::unavailable)
        spdlog::warn("store: background checkpoint failed: {}", r.status().to_string());
      continue;
    }
    std::lock_guard lock(mu_);
    ++stats_.background;
  }
}

}  // namespace jxc::store
