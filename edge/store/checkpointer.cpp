#include "edge/store/checkpointer.h"

#include <pthread.h>
#include <spdlog/spdlog.h>

namespace jxc::store {

Result<std::unique_ptr<Checkpointer>> Checkpointer::start(Db& writer, Options opts) {
  Db::Options o;
  o.vfs = writer.vfs();
  JXC_ASSIGN(auto own, Db::open(writer.path(), o));
  std::unique_ptr<Checkpointer> c(new Checkpointer(writer, std::move(own), opts));
  c->writer_.on_wal_commit([p = c.get()](int pages) { p->after_commit(pages); });
  c->thread_ = std::thread([p = c.get()] {
    (void)pthread_setname_np(pthread_self(), "jxc-checkpoint");
    p->loop();
  });
  return c;
}

CheckpointSchedule::Action CheckpointSchedule::after_commit(int wal_pages) {
  if (wal_pages < last_) copied_ = 0;  // the log started over
  last_ = wal_pages;
  if (wal_pages >= writer_at_) return Action::writer_checkpoints;
  if (wal_pages - copied_ >= wake_at_) return Action::wake_thread;
  // The last stretch before the writer's mark: keep the copy up to date.
  if (wake_at_ < writer_at_ && wal_pages >= writer_at_ - wake_at_ && copied_ < wal_pages)
    return Action::wake_thread;
  return Action::none;
}

Checkpointer::Checkpointer(Db& writer, std::unique_ptr<Db> own, Options opts)
    : writer_(writer), own_(std::move(own)), opts_(opts),
      schedule_(opts.wake_at_pages, opts.writer_at_pages) {}

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
  CheckpointSchedule::Action action;
  {
    std::lock_guard lock(mu_);
    action = schedule_.after_commit(wal_pages);
    stats_.last_wal_pages = wal_pages;
    if (action == CheckpointSchedule::Action::wake_thread) wanted_ = true;
  }
  if (action == CheckpointSchedule::Action::wake_thread) {
    cv_.notify_one();
    return;
  }
  if (action != CheckpointSchedule::Action::writer_checkpoints) return;
  // Called from inside sqlite3's commit, where a checkpoint on the same
  // connection is allowed (it is what SQLite's own hook does).
  // Busy means the thread (or another process) is checkpointing right now;
  // the next commit tries again.
  auto r = writer_.checkpoint_passive();
  if (!r && r.status().code() != Errc::unavailable)
    spdlog::warn("store: checkpoint by the writer failed: {}", r.status().to_string());
  std::lock_guard lock(mu_);
  if (r) {
    ++stats_.by_writer;
    schedule_.checkpointed(r->wal_pages, r->copied_pages);
  }
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
    schedule_.checkpointed(r->wal_pages, r->copied_pages);
  }
}

}  // namespace jxc::store
