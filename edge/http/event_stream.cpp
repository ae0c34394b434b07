#include "edge/http/event_stream.h"

#include <atomic>
#include <charconv>
#include <mutex>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "edge/http/stream_body.h"
#include "edge/inventory/outbox.h"

namespace jxc::http {
namespace {

namespace asio = boost::asio;

constexpr std::size_t kPage = 100;  // outbox events read per step

std::string dump(const nlohmann::json& j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

// Wakes a stream waiting for its heartbeat: from any thread, by cancelling
// its timer on the stream's strand (where the stream checks `woken` before
// it waits, so no wake is lost between the check and the wait).
class Wait final : public EventHub::Waker, public std::enable_shared_from_this<Wait> {
 public:
  std::atomic<bool> woken{true};
  std::optional<asio::steady_timer> timer;  // on the strand only

  void attach(const asio::any_io_executor& ex) {
    std::lock_guard lock(mu_);
    ex_ = ex;
    timer.emplace(ex);
  }
  void wake() override {
    woken = true;
    std::lock_guard lock(mu_);
    if (!ex_) return;
    asio::post(*ex_, [weak = weak_from_this()] {
      if (auto self = weak.lock(); self && self->timer) self->timer->cancel();
    });
  }

 private:
  std::mutex mu_;
  std::optional<asio::any_io_executor> ex_;
};

nlohmann::json health_json(const HealthChange& c) {
  return {{"device", c.now.id},
          {"kind", c.now.kind},
          {"state", devices::to_string(c.now.state)},
          {"before", devices::to_string(c.before)},
          {"detail", c.now.detail},
          {"since", format_iso8601(c.now.since)}};
}

class EventStream final : public StreamBody {
 public:
  EventStream(std::shared_ptr<EventHub> hub, QueriesPool& queries, EventStreamStart start,
              std::chrono::seconds heartbeat, std::shared_ptr<Wait> wait,
              std::unique_ptr<EventHub::Subscription> sub, inventory::Role role)
      : role_(role),
        hub_(std::move(hub)),
        queries_(queries),
        cursor_(start.cursor),
        reset_(std::move(start.reset)),
        heartbeat_(heartbeat),
        wait_(std::move(wait)),
        sub_(std::move(sub)) {}

  asio::awaitable<std::optional<std::string>> next() override {
    std::string out;
    if (!started_) {
      started_ = true;
      wait_->attach(co_await asio::this_coro::executor);
      out = "retry: 3000\n: connected\n\n";
      if (reset_) out += reset_event(*reset_);
    }
    for (;;) {
      if (gone_ || hub_->closed()) co_return std::nullopt;
      wait_->woken = false;
      collect(&out);
      if (!out.empty()) co_return out;
      if (wait_->woken) continue;
      boost::system::error_code ec;
      wait_->timer->expires_after(heartbeat_);
      co_await wait_->timer->async_wait(asio::redirect_error(asio::use_awaitable, ec));
      if (!ec) co_return std::string(": heartbeat\n\n");
    }
  }

  void cancel() override {
    gone_ = true;
    wait_->wake();
  }

 private:
  std::string reset_event(const std::string& why) {
    return sse_event("reset", cursor_.id(), dump({{"reason", why}}));
  }

  // What happened since the cursor: outbox events, then live changes.
  void collect(std::string* out) {
    if (hub_->outbox_last_seq() > cursor_.outbox_seq) {
      auto q = queries_.take();
      auto events = q ? inventory::Outbox::peek_after(**q, cursor_.outbox_seq, kPage)
                      : Result<std::vector<inventory::OutboxEvent>>(q.status());
      if (!events) {
        // Tried again at the next wake or heartbeat.
        spdlog::warn("http: event stream cannot read the outbox: {}", events.status().to_string());
      } else {
        if (events->empty()) cursor_.outbox_seq = hub_->outbox_last_seq();  // pruned meanwhile
        for (const auto& e : *events) {
          cursor_.outbox_seq = e.seq;
          if (e.type == "device.status") continue;  // device.health carries it, from the ring
          nlohmann::json data = {{"seq", e.seq},
                                 {"event_id", e.event_id},
                                 {"type", e.type},
                                 {"occurred_at", format_iso8601(e.occurred_at)},
                                 {"payload", nlohmann::json::parse(e.payload, nullptr, false)}};
          if (data["payload"].is_discarded()) data["payload"] = nlohmann::json::object();
          *out += sse_event(e.type, cursor_.id(), dump(data));
        }
      }
    }
    if (hub_->live_last_id() > cursor_.live_id) {
      auto changes = hub_->live_after(cursor_.live_id);
      if (!changes) {
        // The ring moved past what this client has seen: it was too slow.
        cursor_.live_id = hub_->live_last_id();
        *out += reset_event("device health changes or count progress were missed");
        return;
      }
      for (const auto& c : *changes) {
        cursor_.live_id = c.id;
        if (const auto* h = std::get_if<HealthChange>(&c.what))
          *out += sse_event("device.health", cursor_.id(), dump(health_json(*h)));
        else if (const auto* p = std::get_if<inventory::CountProgress>(&c.what))
          *out += sse_event(inventory::event_name(p->step), cursor_.id(), dump(count_progress_json(*p, role_)));
      }
    }
  }

  const inventory::Role role_;
  std::shared_ptr<EventHub> hub_;
  QueriesPool& queries_;
  EventCursor cursor_;
  std::optional<std::string> reset_;
  std::chrono::seconds heartbeat_;
  std::shared_ptr<Wait> wait_;
  std::unique_ptr<EventHub::Subscription> sub_;
  bool started_ = false;
  bool gone_ = false;  // on the strand only
};

}  // namespace

nlohmann::json count_progress_json(const inventory::CountProgress& c, inventory::Role role) {
  using inventory::CountProgress;
  nlohmann::json out = {{"count", c.count}, {"by", c.by.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.by)},
                        {"blind", c.blind}};
  if (c.step == CountProgress::Step::line) {
    // A blind count shows its counters no quantities (count_views.h).
    const bool show_qty = !c.blind || role >= inventory::Role::manager;
    out["bin"] = c.bin;
    out["sku"] = c.sku;
    out["lot"] = c.lot;
    out["round"] = c.round;
    out["qty"] = show_qty ? nlohmann::json(c.qty) : nlohmann::json(nullptr);
  } else if (c.step == CountProgress::Step::recount) {
    out["bins"] = c.bins;
  }
  return out;
}

std::string EventCursor::id() const { return std::to_string(outbox_seq) + "-" + std::to_string(live_id); }

std::optional<EventCursor> parse_event_id(std::string_view id) {
  auto dash = id.find('-');
  if (dash == std::string_view::npos || dash == 0 || dash + 1 == id.size()) return std::nullopt;
  EventCursor c;
  auto whole = [](std::string_view s, std::int64_t* v) {
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *v);
    return ec == std::errc() && end == s.data() + s.size() && *v >= 0;
  };
  if (!whole(id.substr(0, dash), &c.outbox_seq) || !whole(id.substr(dash + 1), &c.live_id)) return std::nullopt;
  return c;
}

std::string sse_event(std::string_view name, const std::string& id, std::string_view data) {
  std::string out;
  out.reserve(name.size() + id.size() + data.size() + 24);
  out.append("event: ").append(name).append("\nid: ").append(id).append("\ndata: ").append(data).append("\n\n");
  return out;
}

Result<EventStreamStart> event_stream_start(QueriesPool& queries, const EventHub& hub,
                                            const std::string& last_event_id) {
  JXC_ASSIGN(auto q, queries.take());
  JXC_ASSIGN(inventory::OutboxStats stats, inventory::Outbox::stats(*q));
  EventStreamStart now;
  now.cursor = {std::max(stats.last_seq, hub.outbox_last_seq()), hub.live_last_id()};
  if (last_event_id.empty()) return now;
  auto given = parse_event_id(last_event_id);
  if (!given) {
    now.reset = "Last-Event-ID is not an id this gateway sends";
  } else if (given->outbox_seq > now.cursor.outbox_seq) {
    now.reset = "Last-Event-ID is ahead of this gateway's events (another store)";
  } else if (given->outbox_seq < now.cursor.outbox_seq &&
             (stats.first_seq == 0 || given->outbox_seq < stats.first_seq - 1)) {
    now.reset = "events after Last-Event-ID are no longer kept";
  } else if (!hub.live_after(given->live_id)) {
    now.reset = "device health changes or count progress after Last-Event-ID are no longer kept";
  } else {
    return EventStreamStart{*given, std::nullopt};
  }
  return now;
}

std::shared_ptr<StreamBody> open_event_stream(std::shared_ptr<EventHub> hub, QueriesPool& queries,
                                              EventStreamStart start, std::chrono::seconds heartbeat,
                                              inventory::Role role) {
  auto wait = std::make_shared<Wait>();
  auto sub = hub->subscribe(wait);
  if (!sub) return nullptr;
  return std::make_shared<EventStream>(std::move(hub), queries, std::move(start), heartbeat, std::move(wait),
                                       std::move(sub), role);
}

}  // namespace jxc::http
