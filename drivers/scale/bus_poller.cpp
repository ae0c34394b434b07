#include "drivers/scale/bus_poller.h"

#include <algorithm>
#include <chrono>
#include <map>

namespace jxc::scale {

using devices::DeviceState;

BusPoller::BusPoller(config::ScaleBus bus, std::vector<PolledSlot> slots, std::unique_ptr<Link> link,
                     weight::WeightSink& sink, devices::HealthSink& health, const Clock& clock)
    : bus_(std::move(bus)),
      slots_(std::move(slots)),
      link_(std::move(link)),
      sink_(sink),
      health_(health),
      clock_(clock),
      restarter_(health, bus_.id, "scale",
                 devices::RestartPolicy{std::chrono::milliseconds(std::max<std::int64_t>(1, bus_.poll_interval_ms)),
                                        std::chrono::milliseconds(std::max<std::int64_t>(1, bus_.backoff_max_ms))}) {
  std::map<int, std::vector<std::size_t>> by_slave;
  for (std::size_t i = 0; i < slots_.size(); ++i) by_slave[slots_[i].slave].push_back(i);
  for (auto& [address, indexes] : by_slave) {
    slaves_.push_back(Slave{address, plan_reads(slots_, indexes), false, {}, false});
    stats_.push_back(SlaveStats{address});
  }
}

BusPoller::~BusPoller() { stop(); }

void BusPoller::start() {
  if (thread_.joinable()) return;
  {
    std::lock_guard lock(mu_);
    stopping_ = false;
  }
  report(DeviceState::starting, "opening " + link_->describe());
  restarter_.rearm();
  thread_ = std::thread([this] {
    restarter_.run([this] { run(); },
                   [this] {
                     // A fresh start: the link is reopened and the state
                     // reported again (the restarter reported offline).
                     link_->close();
                     state_ = DeviceState::offline;
                     detail_.clear();
                   });
  });
}

void BusPoller::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  restarter_.stop();
  if (thread_.joinable()) {
    thread_.join();
    link_->close();
    report(DeviceState::stopped, "stopped");
  }
}

std::vector<BusPoller::SlaveStats> BusPoller::stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

std::int64_t BusPoller::now_ms() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(clock_.steady_now().time_since_epoch())
      .count();
}

bool BusPoller::wait_until(std::int64_t due_ms) {
  std::unique_lock lock(mu_);
  std::int64_t wait = due_ms - now_ms();
  if (wait > 0) cv_.wait_for(lock, std::chrono::milliseconds(wait), [this] { return stopping_; });
  return !stopping_;
}

void BusPoller::report(DeviceState st, std::string detail) {
  if (st == state_ && detail == detail_) return;
  state_ = st;
  detail_ = detail;
  health_.report(bus_.id, "scale", st, std::move(detail));
}

void BusPoller::report_slaves() {
  std::string offline, waiting;
  std::size_t off = 0;
  for (std::size_t i = 0; i < slaves_.size(); ++i) {
    const Slave& s = slaves_[i];
    if (schedule_->offline(i)) {
      ++off;
      offline += (offline.empty() ? "slave " : "; slave ") + std::to_string(s.address) +
                 (s.refusing ? " refusing" : " not answering");
      if (!s.last_error.empty()) offline += " (" + s.last_error + ")";
    } else if (!s.answered) {
      waiting += (waiting.empty() ? "" : ", ") + std::to_string(s.address);
    }
  }
  const std::string link = link_->describe() + ": ";
  if (off > 0 && off == slaves_.size()) {
    report(DeviceState::offline, link + "no slave answering: " + offline);
  } else if (off > 0) {
    report(DeviceState::degraded, link + offline + (waiting.empty() ? "" : "; waiting for slave " + waiting));
  } else if (!waiting.empty()) {
    report(DeviceState::starting, link + "waiting for the first answer of slave " + waiting);
  } else {
    report(DeviceState::online, link + std::to_string(slaves_.size()) +
                                    (slaves_.size() == 1 ? " slave" : " slaves") + " answering");
  }
}

Status BusPoller::read_with_retries(std::size_t i, const ReadRequest& r, std::uint16_t* out,
                                    int attempts) {
  Status s;
  for (int a = 0; a < attempts; ++a) {
    // RS-485 needs the line quiet between frames; a TCP gateway to a serial
    // line does too.
    if (!wait_until(last_request_end_ms_ + bus_.inter_frame_delay_ms))
      return error(Errc::unavailable, "stopping");
    s = link_->read(slaves_[i].address, r.kind, r.address, r.count, out);
    last_request_end_ms_ = now_ms();
    {
      std::lock_guard lock(mu_);
      ++stats_[i].attempts;
    }
    if (s || s.code() == Errc::unavailable || s.code() == Errc::invalid_argument) return s;
  }
  return s;
}

bool BusPoller::poll(std::size_t i) {
  // An offline slave gets one attempt per back-off turn, so that it cannot
  // hold the bus for (retries + 1) timeouts each time.
  int attempts = schedule_->offline(i) ? 1 : static_cast<int>(bus_.retries) + 1;
  std::uint16_t regs[kMaxRegistersPerRequest];
  Status failure;
  std::int64_t at = now_ms();
  std::vector<std::pair<std::size_t, weight::Sample>> readings;
  // Each slot's registers as decode() takes them, gathered from the requests
  // that read its parts (one, or two for separate weight and status blocks).
  std::map<std::size_t, std::vector<std::uint16_t>> gathered;
  for (const ReadRequest& r : slaves_[i].requests) {
    Status s = read_with_retries(i, r, regs, attempts);
    if (!s.is_ok()) {
      failure = s;
      break;
    }
    at = now_ms();
    for (const auto& part : r.parts) {
      const PolledSlot& slot = slots_[part.slot];
      auto& g = gathered[part.slot];
      g.resize(static_cast<std::size_t>(slot.map.span()));
      switch (part.part) {
        case SlotPart::whole: std::copy_n(regs + part.offset, g.size(), g.begin()); break;
        case SlotPart::weight:
          std::copy_n(regs + part.offset, static_cast<std::size_t>(slot.map.weight_registers()), g.begin());
          break;
        case SlotPart::status: g.back() = regs[part.offset]; break;
      }
    }
  }
  if (failure.is_ok()) {
    for (const auto& [index, g] : gathered) {
      const PolledSlot& slot = slots_[index];
      auto reading = decode(slot.map, std::span<const std::uint16_t>(g.data(), g.size()));
      if (!reading) {
        failure = error(Errc::io, "slot " + slot.id + ": " + reading.status().reason());
        break;
      }
      weight::Sample sample;
      sample.at_ms = at;
      sample.grams = reading->grams;
      sample.has_stable = reading->has_stable;
      sample.stable = reading->stable;
      sample.overload = reading->overload;
      sample.underload = reading->underload;
      sample.net = reading->tare_done;
      readings.emplace_back(index, sample);
    }
  }
  if (failure.code() == Errc::unavailable) return false;
  bool changed;
  if (failure.is_ok()) {
    changed = !slaves_[i].answered;
    slaves_[i].answered = true;
    slaves_[i].last_error.clear();
    for (const auto& [slot, sample] : readings) sink_.on_reading(slots_[slot].id, sample);
    changed = schedule_->succeeded(i, now_ms()) || changed;
    std::lock_guard lock(mu_);
    ++stats_[i].polls_ok;
    stats_[i].offline = false;
  } else {
    slaves_[i].last_error = failure.reason();
    slaves_[i].refusing = failure.code() == Errc::invalid_argument;
    changed = schedule_->failed(i, now_ms());
    if (changed)
      for (const auto& slot : slots_)
        if (slot.slave == slaves_[i].address) sink_.on_offline(slot.id);
    std::lock_guard lock(mu_);
    ++stats_[i].failed;
    stats_[i].offline = schedule_->offline(i);
  }
  if (changed || state_ != DeviceState::online) report_slaves();
  return true;
}

void BusPoller::run() {
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;
  }
  std::int64_t reopen_wait = 0;
  schedule_ = std::make_unique<SlaveSchedule>(
      SchedulePolicy{bus_.poll_interval_ms, static_cast<int>(bus_.offline_after), bus_.backoff_max_ms},
      slaves_.size(), now_ms());
  while (true) {
    if (!link_->is_open()) {
      Status s = link_->open();
      if (!s) {
        // An unplugged adapter or a transmitter that is off: try again later.
        reopen_wait = std::clamp<std::int64_t>(reopen_wait * 2, bus_.poll_interval_ms, bus_.backoff_max_ms);
        report(DeviceState::offline, s.reason() + " (retry in " + std::to_string(reopen_wait) + " ms)");
        if (!wait_until(now_ms() + reopen_wait)) return;
        continue;
      }
      reopen_wait = 0;
      for (auto& s : slaves_) s.answered = false;
      report_slaves();
    }
    if (slaves_.empty()) {
      if (!wait_until(now_ms() + 1000)) return;
      continue;
    }
    std::int64_t due = 0;
    std::size_t i = schedule_->next(&due);
    if (!wait_until(due)) return;
    if (!poll(i)) {
      {
        std::lock_guard lock(mu_);
        if (stopping_) return;
      }
      link_->close();
      for (const auto& slot : slots_) sink_.on_offline(slot.id);
      report(DeviceState::offline, link_->describe() + ": link lost, reopening");
      continue;
    }
    sink_.on_idle();
  }
}

}  // namespace jxc::scale
