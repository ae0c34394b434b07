#include "cloud-sync/drain.h"

#include <algorithm>

namespace jxc::cloud_sync {

Drain::Drain(DrainOptions options)
    : options_(std::move(options)),
      backoff_(options_.reconnect_min_ms, options_.reconnect_max_ms, options_.backoff_seed),
      window_(std::max<std::size_t>(1, options_.window)),
      refusal_backoff_(options_.reconnect_min_ms, options_.reconnect_max_ms, options_.backoff_seed ^ 0x5245'4655'5345ull) {}

void Drain::restore(std::int64_t last_seq, std::int64_t acked_up_to) {
  last_seq_ = std::max(last_seq_, last_seq);
  acked_up_to_ = std::max(acked_up_to_, acked_up_to);
}

void Drain::outbox_grew(std::int64_t last_seq) { last_seq_ = std::max(last_seq_, last_seq); }

void Drain::rows_read(std::vector<inventory::OutboxEvent> rows) {
  if (rows.empty()) {
    next_seq_ = std::max(next_seq_, last_seq_ + 1);
    return;
  }
  for (auto& e : rows) page_.push_back(std::move(e));
}

std::uint64_t Drain::connecting() {
  // Tags hold 16 bits of it; 0 is never an attempt.
  generation_ = generation_ % 0xFFFF + 1;
  connecting_ = true;
  connected_ = false;
  return generation_;
}

bool Drain::connected(std::uint64_t generation) {
  if (!current(generation) || !connecting_) return false;
  connecting_ = false;
  connected_ = true;
  backoff_.reset();
  inflight_.clear();
  page_.clear();
  window_ = std::max<std::size_t>(1, options_.window);
  next_seq_ = acked_up_to_ + 1;
  resume_at_ = SteadyTime{};  // the reconnect's back-off was the pause
  return true;
}

std::int64_t Drain::retry_later(SteadyTime now) {
  connected_ = connecting_ = false;
  std::int64_t delay = backoff_.next();
  next_connect_ = now + std::chrono::milliseconds(delay);
  return delay;
}

std::optional<std::int64_t> Drain::connect_failed(std::uint64_t generation, SteadyTime now) {
  if (!current(generation) || !connecting_) return std::nullopt;
  return retry_later(now);
}

std::optional<std::int64_t> Drain::lost(std::uint64_t generation, SteadyTime now) {
  if (!current(generation) || !(connected_ || connecting_)) return std::nullopt;
  return retry_later(now);
}

void Drain::link_closed() {
  connected_ = connecting_ = false;
  next_connect_ = SteadyTime{};
}

bool Drain::puback(OpTag tag) {
  if (tag.seq <= 0 || !current(tag.generation)) return false;
  if (tag.seq == refused_seq_) refusal_over();
  std::size_t before = inflight_.size();
  forget_inflight(tag.seq);
  return inflight_.size() < before;
}

std::optional<Refusal> Drain::publish_failed(OpTag tag, SteadyTime now) {
  if (tag.seq <= 0 || !current(tag.generation) || !connected_) return std::nullopt;
  forget_inflight(tag.seq);
  if (tag.seq <= acked_up_to_) return std::nullopt;
  // Counted for the lowest refused event only: the events after it are
  // re-sent with it, and their refusals in the same round add nothing.
  const bool counts = refused_seq_ == 0 || tag.seq <= refused_seq_;
  if (counts) {
    refusals_ = tag.seq == refused_seq_ ? refusals_ + 1 : 1;
    refused_seq_ = tag.seq;
    resume_at_ = now + std::chrono::milliseconds(refusal_backoff_.next());
  }
  page_.clear();
  next_seq_ = std::min(next_seq_, tag.seq);
  Refusal r;
  r.seq = refused_seq_;
  r.refusals = refusals_;
  r.retry_in_ms = std::max<std::int64_t>(
      0, std::chrono::duration_cast<std::chrono::milliseconds>(resume_at_ - now).count());
  r.poison = poisoned();
  return r;
}

void Drain::refusal_over() {
  refused_seq_ = 0;
  refusals_ = 0;
  refusal_backoff_.reset();
  resume_at_ = SteadyTime{};
}

void Drain::forget_inflight(std::int64_t seq) {
  auto it = std::lower_bound(inflight_.begin(), inflight_.end(), seq);
  if (it != inflight_.end() && *it == seq) inflight_.erase(it);
}

AckCheck Drain::check_ack(const std::string& epoch, std::int64_t up_to_seq) const {
  if (epoch != options_.epoch)
    return {AckCheck::Verdict::refused,
            "acknowledgement for epoch " + epoch + ", this store is " + options_.epoch};
  if (up_to_seq < 0 || up_to_seq > last_seq_)
    return {AckCheck::Verdict::refused, "acknowledgement up to seq " + std::to_string(up_to_seq) +
                                            " but the last event is " + std::to_string(last_seq_)};
  if (up_to_seq <= acked_up_to_) return {AckCheck::Verdict::duplicate, {}};
  return {AckCheck::Verdict::advance, {}};
}

void Drain::acknowledged(std::int64_t seq) {
  acked_up_to_ = std::max(acked_up_to_, seq);
  if (refused_seq_ != 0 && refused_seq_ <= acked_up_to_) refusal_over();
}

void Drain::replay_from(std::int64_t seq) {
  page_.clear();
  next_seq_ = std::min(next_seq_, std::max<std::int64_t>(1, seq));
}

Step Drain::next(SteadyTime now) const {
  Step s;
  if (!connected_) {
    if (!connecting_ && now >= next_connect_) s.what = Step::Do::connect;
    return s;
  }
  if (inflight_.size() >= window_ || now < resume_at_) return s;
  if (!page_.empty()) {
    s.what = Step::Do::publish;
    s.event = &page_.front();
    s.generation = generation_;
  } else if (next_seq_ <= last_seq_) {
    s.what = Step::Do::read;
    s.after_seq = next_seq_ - 1;
    s.max_rows = options_.page_size;
  }
  return s;
}

void Drain::published(std::int64_t seq) {
  if (!page_.empty() && page_.front().seq == seq) page_.pop_front();
  next_seq_ = seq + 1;
  auto it = std::lower_bound(inflight_.begin(), inflight_.end(), seq);
  if (it == inflight_.end() || *it != seq) inflight_.insert(it, seq);
}

void Drain::publish_refused() { window_ = std::max<std::size_t>(1, inflight_.size()); }

std::optional<SteadyTime> Drain::connect_at() const {
  if (connected_ || connecting_) return std::nullopt;
  return next_connect_;
}

std::optional<SteadyTime> Drain::resume_at() const {
  if (!connected_ || resume_at_ == SteadyTime{}) return std::nullopt;
  return resume_at_;
}

}  // namespace jxc::cloud_sync
