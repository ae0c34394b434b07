#include "cloud-sync/uplink.h"

#include <algorithm>
#include <optional>
#include <random>

#include <spdlog/spdlog.h>

#include "cloud-sync/paho_link.h"
#include "cloud-sync/uplink_impl.h"
#include "edge/inventory/downlink_records.h"
#include "edge/inventory/engine.h"
#include "edge/inventory/outbox.h"

namespace jxc::cloud_sync {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kPageSize = 256;              // outbox rows read at a time
constexpr std::size_t kMaxQueuedMessages = 10'000;  // downlink waiting for the worker
constexpr auto kTick = std::chrono::milliseconds(1000);  // the backlog's age is measured this often
constexpr auto kShutdownWait = std::chrono::milliseconds(2000);

}  // namespace

void Inbox::push(Note n) {
  {
    std::lock_guard lk(mu);
    if (n.kind == Note::Kind::message) {
      const std::size_t bytes = n.message.payload.size();
      if (queued_messages >= kMaxQueuedMessages || queued_bytes + bytes > max_queued_bytes) {
        // Logged by the worker, once per burst, with the count.
        ++dropped;
        return;
      }
      ++queued_messages;
      queued_bytes += bytes;
    }
    notes.push_back(std::move(n));
  }
  cv.notify_one();
}


Uplink::Impl::Impl(UplinkSettings s, inventory::Engine& engine, devices::HealthSink& health,
                   devices::HealthRegistry* registry, std::shared_ptr<sync::DownlinkHandler> handler)
    : s_(std::move(s)),
      engine_(engine),
      health_(health),
      registry_(registry),
      handler_(std::move(handler)),
      topics_(s_.mqtt.topic_root, s_.site_id, s_.gateway_id),
      source_{engine.epoch(), s_.gateway_id, s_.site_id},
      drain_(DrainOptions{engine.epoch(), static_cast<std::size_t>(std::max<std::int64_t>(1, s_.mqtt.inflight_window)),
                          kPageSize, s_.mqtt.reconnect_min_ms, s_.mqtt.reconnect_max_ms, std::random_device{}()}),
      inbox_(std::make_shared<Inbox>()),
      m_(s_.metrics ? *s_.metrics : own_metrics_),
      restarter_(health, s_.device_id, "uplink",
                 devices::RestartPolicy{std::chrono::milliseconds(std::max<std::int64_t>(1, s_.mqtt.reconnect_min_ms)),
                                        std::chrono::milliseconds(std::max<std::int64_t>(1, s_.mqtt.reconnect_max_ms))}) {
  inbox_->max_queued_bytes = s_.max_queued_downlink_bytes;
  // Registered here, while the factory runs: the engine's and the
  // registry's listener lists are to be complete before traffic starts.
  // The engine keeps its listeners for its whole life: hold only the inbox.
  engine_.add_commit_listener([inbox = inbox_](const inventory::CommitEffects& fx) {
    if (fx.last_seq <= 0) return;
    std::int64_t prev = inbox->last_seq.load();
    while (fx.last_seq > prev && !inbox->last_seq.compare_exchange_weak(prev, fx.last_seq)) {
    }
    {
      std::lock_guard lk(inbox->mu);
      inbox->outbox_grew = true;
    }
    inbox->cv.notify_one();
  });
  // Device health goes into the retained status message.
  if (registry_) {
    registry_->add_listener([inbox = inbox_](const devices::DeviceHealth&, devices::DeviceState) {
      {
        std::lock_guard lk(inbox->mu);
        inbox->health_changed = true;
      }
      inbox->cv.notify_one();
    });
  }
}

void Uplink::Impl::start() {
  std::lock_guard lk(lifecycle_mu_);
  if (worker_.joinable()) return;
  {
    std::lock_guard ilk(inbox_->mu);
    inbox_->stopping = false;
  }
  report(devices::DeviceState::starting, "connecting to " + s_.mqtt.uri);
  restarter_.rearm();
  // An exception on the worker (the downlink handler, the engine, a bug) is
  // reported and the worker starts over after the back-off: reconnects and
  // drains from the first unacknowledged event.
  worker_ = std::thread([this] { restarter_.run([this] { run(); }); });
}

void Uplink::Impl::stop() {
  std::lock_guard lk(lifecycle_mu_);
  if (!worker_.joinable()) return;
  {
    std::lock_guard ilk(inbox_->mu);
    inbox_->stopping = true;
  }
  inbox_->cv.notify_one();
  restarter_.stop();
  worker_.join();
  report(devices::DeviceState::stopped, "stopped");
}

void Uplink::Impl::run() {
  close_link();  // what a run ended by an exception left open
  {
    std::lock_guard lk(inbox_->mu);
    if (inbox_->stopping) return;
  }
  auto q = inventory::Queries::open(s_.store_path);
  if (!q) {
    report(devices::DeviceState::offline, "cannot read the outbox: " + q.status().to_string());
    spdlog::error("uplink: cannot open the store for reading: {}", q.status().to_string());
    return;
  }
  queries_ = std::move(q).value();
  refresh_stats();
  auto link = open_paho_link(PahoLinkSettings{s_.mqtt, s_.mqtt.client_id.empty() ? s_.gateway_id : s_.mqtt.client_id,
                                              s_.password, s_.key_file,
                                              OutgoingMessage{topics_.status(), status_json(facts(), false), 1, true, {}},
                                              s_.max_downlink_bytes});
  if (!link) {
    report(devices::DeviceState::offline, link.status().to_string());
    spdlog::error("uplink: {}", link.status().to_string());
    return;
  }
  link_ = std::move(link).value();
  link_->set_callbacks(callbacks());
  for (;;) {
    std::deque<Note> notes;
    bool grew = false, health = false;
    std::uint64_t dropped = 0;
    {
      std::unique_lock lk(inbox_->mu);
      auto ready = [&] {
        return inbox_->stopping || !inbox_->notes.empty() || inbox_->outbox_grew || inbox_->health_changed ||
               (!stalled_ && drain_.next(Clock::now()).what != Step::Do::wait);
      };
      auto deadline = Clock::now() + kTick;
      if (auto at = drain_.connect_at()) deadline = std::min(deadline, *at);
      if (auto at = drain_.resume_at(); at && *at > Clock::now()) deadline = std::min(deadline, *at);
      inbox_->cv.wait_until(lk, deadline, ready);
      if (inbox_->stopping) break;
      notes.swap(inbox_->notes);
      inbox_->queued_messages = inbox_->queued_bytes = 0;  // the batch is the worker's now
      dropped = std::exchange(inbox_->dropped, 0);
      grew = std::exchange(inbox_->outbox_grew, false);
      health = std::exchange(inbox_->health_changed, false);
    }
    stalled_ = false;
    if (dropped > 0) {
      m_.downlink_queue_full.inc(dropped);
      spdlog::warn("uplink: {} downlink messages dropped: more than {} bytes or {} messages were waiting", dropped,
                   s_.max_queued_downlink_bytes, kMaxQueuedMessages);
    }
    drain_.outbox_grew(inbox_->last_seq.load());
    for (auto& n : notes) handle(n);
    if (grew) update_backlog();
    if (health) status_dirty_ = true;
    if (Clock::now() - last_age_update_ >= kTick) {
      last_age_update_ = Clock::now();
      update_backlog_age();
    }
    pump();
    if (drain_.is_connected()) {
      maybe_publish_status();
      repeat_master_data_request();
    }
  }
  shut_down();
}

MqttLink::Callbacks Uplink::Impl::callbacks() {
  MqttLink::Callbacks cb;
  auto inbox = inbox_;
  cb.connected = [inbox](std::uint64_t context) { inbox->push(Note{Note::Kind::connected, context, {}, {}, {}}); };
  cb.connect_failed = [inbox](std::uint64_t context, const LinkOutcome& out) {
    inbox->push(Note{Note::Kind::connect_failed, context, out, {}, {}});
  };
  cb.lost = [inbox](std::uint64_t context, const std::string& reason) {
    inbox->push(Note{Note::Kind::lost, context, {}, reason, {}});
  };
  cb.message = [inbox](IncomingMessage m) { inbox->push(Note{Note::Kind::message, 0, {}, {}, std::move(m)}); };
  cb.publish_complete = [inbox](std::uint64_t context, const LinkOutcome& out) {
    inbox->push(Note{Note::Kind::publish_complete, context, out, {}, {}});
  };
  return cb;
}

void Uplink::Impl::handle(Note& n) {
  const OpTag tag = OpTag::unpack(n.context);
  switch (n.kind) {
    case Note::Kind::connected:
      if (!drain_.current(tag.generation)) break;
      refresh_stats();
      if (drain_.connected(tag.generation)) on_connected();
      break;
    case Note::Kind::connect_failed:
      connect_failed(tag.generation, n.outcome.reason);
      break;
    case Note::Kind::lost:
      if (auto delay = drain_.lost(tag.generation, Clock::now())) {
        m_.disconnects.inc();
        set_connected(false);
        retrying("connection lost: " + n.reason, *delay);
      }
      break;
    case Note::Kind::publish_complete:
      if (!n.outcome.ok) {
        if (tag.seq > 0 && n.outcome.reason_code >= 0x80) {
          if (auto r = drain_.publish_failed(tag, Clock::now())) on_refused(*r, n.outcome.reason);
        } else if (tag.seq > 0) {
          // The link's own failure (the connection went): the loss callback
          // follows and the reconnect re-sends everything unacknowledged.
          spdlog::debug("uplink: publish of seq {} failed: {}", tag.seq, n.outcome.reason);
        }
        break;
      }
      if (tag.seq > 0) m_.pubacks.inc();
      drain_.puback(tag);
      if (!refusal_.empty() && drain_.refused_seq() == 0) refusal_over("the broker accepted seq " + std::to_string(tag.seq));
      break;
    case Note::Kind::message:
      on_message(n.message);
      break;
  }
}

void Uplink::Impl::begin_connect() {
  m_.connect_attempts.inc();
  std::uint64_t generation = drain_.connecting();
  if (Status st = link_->connect(OpTag{generation, 0}.pack()); !st.is_ok())
    connect_failed(generation, st.reason());
}

void Uplink::Impl::connect_failed(std::uint64_t generation, const std::string& reason) {
  if (auto delay = drain_.connect_failed(generation, Clock::now())) {
    m_.connect_failures.inc();
    retrying("connect failed: " + reason, *delay);
  }
}

void Uplink::Impl::retrying(const std::string& why, std::int64_t delay_ms) {
  std::string detail = why + " (retry in " + std::to_string(delay_ms) + " ms)";
  spdlog::warn("uplink: {}", detail);
  report(devices::DeviceState::offline, detail);
}

void Uplink::Impl::on_connected() {
  m_.connects.inc();
  set_connected(true);
  for (const std::string& filter : {topics_.ack(), topics_.downlink_filter()}) {
    if (Status st = link_->subscribe(filter, 1); !st.is_ok())
      spdlog::warn("uplink: subscribe to {} failed: {}", filter, st.reason());
  }
  spdlog::info("uplink: connected to {}; sending from seq {} (last {})", s_.mqtt.uri, drain_.next_seq(),
               drain_.last_seq());
  // Its own health first, so that the status's device summary agrees with
  // its online=true.
  report_link();
  status_dirty_ = true;
  last_status_ = Clock::time_point{};
  maybe_publish_status();
  // A gateway that has never received master data asks for it at once
  // (unless it applies no downlink: the answer would only be refused).
  if (handler_) {
    if (auto v = inventory::master_data_version(*queries_); v && *v == 0) request_master_data("no master data yet");
  }
}

// Carries out what the drain says until it says wait.
void Uplink::Impl::pump() {
  for (;;) {
    Step step = drain_.next(Clock::now());
    switch (step.what) {
      case Step::Do::wait:
        return;
      case Step::Do::connect:
        begin_connect();
        return;
      case Step::Do::read: {
        auto rows = inventory::Outbox::peek_after(*queries_, step.after_seq, step.max_rows);
        if (!rows) {
          spdlog::error("uplink: reading the outbox: {}", rows.status().to_string());
          stalled_ = true;  // tried again at the next tick, not in a loop
          return;
        }
        drain_.rows_read(std::move(rows).value());
        break;
      }
      case Step::Do::publish: {
        const inventory::OutboxEvent& e = *step.event;
        const std::int64_t seq = e.seq;
        OutgoingMessage msg{topics_.event(e.type), build_envelope(source_, e), 1, false, {}};
        if (Status st = link_->publish(std::move(msg), OpTag{step.generation, seq}.pack()); !st.is_ok()) {
          // Refused: either the link is gone (the loss callback follows and
          // the reconnect re-sends) or it holds fewer messages in flight
          // than the window (the broker's receive maximum).
          drain_.publish_refused();
          stalled_ = true;  // until the next note or tick
          spdlog::warn("uplink: publish of seq {} refused ({}); in-flight window now {}", seq, st.reason(),
                       drain_.window());
          return;
        }
        drain_.published(seq);
        m_.published.inc();
        break;
      }
    }
  }
}

void Uplink::Impl::close_link() {
  if (!link_) return;
  std::optional<OutgoingMessage> farewell;
  // A clean disconnect does not fire the Will: say offline ourselves.
  if (drain_.is_connected()) farewell = OutgoingMessage{topics_.status(), status_json(facts(), false), 1, true, {}};
  link_->disconnect(farewell, kShutdownWait);
  link_.reset();
  drain_.link_closed();
  set_connected(false);
}

void Uplink::Impl::shut_down() {
  close_link();
  drain_.link_closed();
  set_connected(false);
  UplinkStatus st = m_.status();
  spdlog::info("uplink: stopped; {} events published, {} PUBACKs, {} connects, {} losses, acked up to {} of {}",
               st.published, st.pubacks, st.connects, st.connection_losses, drain_.acked_up_to(),
               drain_.last_seq());
}

Uplink::Uplink(UplinkSettings settings, inventory::Engine& engine, devices::HealthSink& health,
               devices::HealthRegistry* registry, std::shared_ptr<sync::DownlinkHandler> handler)
    : impl_(std::make_shared<Impl>(std::move(settings), engine, health, registry, std::move(handler))) {}

Uplink::~Uplink() { impl_->stop(); }
const std::string& Uplink::id() const { return impl_->id(); }
void Uplink::start() { impl_->start(); }
void Uplink::stop() { impl_->stop(); }
UplinkStatus Uplink::status() const { return impl_->status(); }

}  // namespace jxc::cloud_sync
