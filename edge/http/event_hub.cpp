#include "edge/http/event_hub.h"

namespace jxc::http {

EventHub::Subscription::~Subscription() { hub_->leave(id_); }

std::shared_ptr<EventHub> EventHub::make(const Clock& clock, std::int64_t max_subscribers,
                                         std::int64_t outbox_last_seq, std::size_t live_kept) {
  return std::shared_ptr<EventHub>(new EventHub(clock, max_subscribers, outbox_last_seq, live_kept));
}

EventHub::EventHub(const Clock& clock, std::int64_t max_subscribers, std::int64_t outbox_last_seq,
                   std::size_t live_kept)
    : max_subscribers_(max_subscribers),
      live_kept_(live_kept == 0 ? 1 : live_kept),
      outbox_last_(outbox_last_seq),
      live_first_(clock.now_ms()),
      live_last_(live_first_) {}

void EventHub::wake_all_locked() {
  for (auto& [id, weak] : subscribers_)
    if (auto w = weak.lock()) w->wake();
}

void EventHub::outbox_committed(std::int64_t last_seq) {
  std::lock_guard lock(mu_);
  if (last_seq <= outbox_last_) return;
  outbox_last_ = last_seq;
  wake_all_locked();
}

void EventHub::add_live_locked(LiveChange::Variant what) {
  live_.push_back(LiveChange{++live_last_, std::move(what)});
  while (live_.size() > live_kept_) {
    live_first_ = live_.front().id;
    live_.pop_front();
  }
  wake_all_locked();
}

void EventHub::health_changed(const devices::DeviceHealth& now, devices::DeviceState before) {
  std::lock_guard lock(mu_);
  add_live_locked(HealthChange{now, before});
}

void EventHub::count_progress(const inventory::CountProgress& progress) {
  std::lock_guard lock(mu_);
  add_live_locked(progress);
}

std::unique_ptr<EventHub::Subscription> EventHub::subscribe(std::weak_ptr<Waker> waker) {
  std::lock_guard lock(mu_);
  if (closed_ || static_cast<std::int64_t>(subscribers_.size()) >= max_subscribers_) return nullptr;
  const std::uint64_t id = next_subscriber_++;
  subscribers_.emplace(id, std::move(waker));
  return std::make_unique<Subscription>(shared_from_this(), id);
}

void EventHub::leave(std::uint64_t id) {
  std::lock_guard lock(mu_);
  subscribers_.erase(id);
  left_.notify_all();
}

void EventHub::close() {
  std::lock_guard lock(mu_);
  closed_ = true;
  wake_all_locked();
}

bool EventHub::closed() const {
  std::lock_guard lock(mu_);
  return closed_;
}

std::int64_t EventHub::subscribers() const {
  std::lock_guard lock(mu_);
  return static_cast<std::int64_t>(subscribers_.size());
}

bool EventHub::wait_for_no_subscribers(std::chrono::milliseconds wait) {
  std::unique_lock lock(mu_);
  return left_.wait_for(lock, wait, [&] { return subscribers_.empty(); });
}

std::int64_t EventHub::outbox_last_seq() const {
  std::lock_guard lock(mu_);
  return outbox_last_;
}

std::int64_t EventHub::live_last_id() const {
  std::lock_guard lock(mu_);
  return live_last_;
}

std::optional<std::vector<LiveChange>> EventHub::live_after(std::int64_t after) const {
  std::lock_guard lock(mu_);
  if (after < live_first_ || after > live_last_) return std::nullopt;
  std::vector<LiveChange> out;
  for (const auto& c : live_)
    if (c.id > after) out.push_back(c);
  return out;
}

}  // namespace jxc::http
