#include "edge/http/http_service.h"

#include "edge/http/api_context.h"
#include <boost/asio/ip/address.hpp>
#include <spdlog/spdlog.h>

#include "edge/http/handlers_alert_page.h"
#include "edge/inventory/stock_cache.h"
#include "edge/http/handlers_documents.h"
#include "edge/http/event_hub.h"
#include "edge/http/handlers_devices.h"
#include "edge/http/handlers_events.h"
#include "edge/http/handlers_counts.h"
#include "edge/http/handlers_health.h"
#include "edge/http/handlers_inbox.h"
#include "edge/http/handlers_session.h"
#include "edge/http/handlers_setup.h"
#include "edge/http/handlers_picks.h"
#include "edge/http/handlers_serials.h"
#include "edge/http/handlers_reports.h"
#include "edge/http/handlers_stats.h"
#include "edge/http/handlers_stock.h"
#include "edge/http/handlers_tokens.h"
#include "edge/http/handlers_users.h"
#include "edge/http/handlers_web.h"
#include "edge/http/openapi_document.h"
#include "edge/http/server.h"
#include "edge/inventory/outbox.h"
#include "edge/inventory/user_records.h"

namespace jxc::http {
namespace {

// How long a token the store found usable is taken on trust: a token revoked
// with the CLI on the box is refused at most this much later.
constexpr std::chrono::seconds kTokenRecheck{1};

}  // namespace

struct HttpService::Parts {
  Parts(const config::Config& c, inventory::Engine& engine, devices::HealthRegistry& health,
        metrics::Registry& metrics, const Clock& clock)
      : config(c),
        queries(engine.options().store_path),
        request_metrics(metrics),
        sessions(clock, std::chrono::minutes(c.http.session_idle_minutes),
                 std::chrono::hours(c.http.session_absolute_hours)),
        login_limiter(clock, c.http.login_max_failures, std::chrono::minutes(c.http.login_lockout_minutes)),
        tokens(clock, kTokenRecheck),
        ctx{engine, queries, metrics, request_metrics, health, config, clock, sessions, login_limiter, tokens} {}

  config::Config config;
  QueriesPool queries;
  RequestMetrics request_metrics;
  Sessions sessions;
  LoginLimiter login_limiter;
  TokenCache tokens;
  ApiContext ctx;
  std::unique_ptr<SetupToken> setup;  // while no admin existed at start
  std::shared_ptr<EventHub> events;
  inventory::Engine::ListenerId events_listener = 0;
  Router router;
  std::unique_ptr<Server> server;  // last: stopped before what it serves goes
};

namespace {

// Nobody can log in to manage the gateway before an admin exists, so until
// then the API serves this box alone, whatever address is configured.
Status stay_on_loopback_until_an_admin_exists(config::Http& http, QueriesPool& queries) {
  boost::system::error_code ec;
  auto address = boost::asio::ip::make_address(http.address, ec);
  if (ec || address.is_loopback()) return Status::ok();
  JXC_ASSIGN(auto q, queries.take());
  JXC_ASSIGN(bool admin, inventory::has_active_admin(*q));
  if (admin) return Status::ok();
  spdlog::warn("http: no admin user yet, so serving 127.0.0.1 instead of {} until one exists "
               "(jxc-edge user add NAME --role admin), then restart",
               http.address);
  http.address = address.is_v6() ? "::1" : "127.0.0.1";
  return Status::ok();
}

// The event streams' hub, fed by the engine's commits and device health.
Status start_events(HttpService::Parts& p, inventory::Engine& engine, devices::HealthRegistry& health,
                    const Clock& clock) {
  JXC_ASSIGN(auto q, p.queries.take());
  JXC_ASSIGN(inventory::OutboxStats stats, inventory::Outbox::stats(*q));
  p.events = EventHub::make(clock, p.config.http.max_event_subscribers, stats.last_seq);
  p.events_listener = engine.add_commit_listener([hub = p.events](const inventory::CommitEffects& e) {
    if (e.last_seq > 0) hub->outbox_committed(e.last_seq);
    for (const auto& c : e.counts) hub->count_progress(c);
  });
  // The registry has no way to remove a listener; this one ends with the hub.
  health.add_listener([weak = std::weak_ptr<EventHub>(p.events)](const devices::DeviceHealth& now,
                                                                  devices::DeviceState before) {
    if (auto hub = weak.lock()) hub->health_changed(now, before);
  });
  add_event_routes(p.router, p.ctx, p.events);
  return Status::ok();
}

// Without an admin nobody can manage the gateway through the API: a
// one-time token lets the first one be made (setup_token.h).
Status start_setup(HttpService::Parts& p, const std::string& store_path) {
  JXC_ASSIGN(auto q, p.queries.take());
  JXC_ASSIGN(bool admin, inventory::has_active_admin(*q));
  if (!admin) {
    std::filesystem::path dir = std::filesystem::path(store_path).parent_path();
    p.setup = SetupToken::create((dir.empty() ? std::filesystem::path(".") : dir) / "setup-token");
    spdlog::warn("http: no admin user yet: create the first with POST /api/v1/setup and the one-time setup "
                 "token {}{}, or on the box with jxc-edge user add NAME --role admin",
                 p.setup->token(), p.setup->in_file() ? " (also in " + p.setup->file().string() + ")" : "");
  }
  add_setup_routes(p.router, p.ctx, p.setup.get());
  return Status::ok();
}

}  // namespace

HttpService::HttpService(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}
HttpService::~HttpService() { stop(); }

Result<std::unique_ptr<HttpService>> HttpService::start(const config::Config& config, inventory::Engine& engine,
                                                        devices::HealthRegistry& health,
                                                        metrics::Registry& metrics, const Clock& clock,
                                                        const scan::ScanResultLog* scans) {
  auto parts = std::make_unique<Parts>(config, engine, health, metrics, clock);
  engine.stock_cache().set_max_bytes(static_cast<std::size_t>(config.http.lookup_cache_mb) << 20);
  add_health_routes(parts->router, parts->ctx);
  add_session_routes(parts->router, parts->ctx);
  add_user_routes(parts->router, parts->ctx);
  add_stock_routes(parts->router, parts->ctx);
  add_serial_routes(parts->router, parts->ctx);
  add_pick_routes(parts->router, parts->ctx);
  add_token_routes(parts->router, parts->ctx);
  add_documents_routes(parts->router, parts->ctx);
  JXC_TRY(start_events(*parts, engine, health, clock));
  add_device_routes(parts->router, parts->ctx, scans);
  add_stats_routes(parts->router, parts->ctx);
  add_report_routes(parts->router, parts->ctx);
  JXC_TRY(start_setup(*parts, engine.options().store_path));
  add_inbox_routes(parts->router, parts->ctx);
  add_count_routes(parts->router, parts->ctx);
  add_alert_page_routes(parts->router, parts->ctx);
  add_web_routes(parts->router);
  add_openapi_route(parts->router);
  JXC_TRY(check_listen_address(parts->config.http));
  JXC_TRY(stay_on_loopback_until_an_admin_exists(parts->config.http, parts->queries));
  JXC_ASSIGN(parts->server, Server::start(parts->config.http, parts->router, parts->request_metrics));
  return std::unique_ptr<HttpService>(new HttpService(std::move(parts)));
}

void HttpService::set_ready(bool ready) { parts_->ctx.ready = ready; }

void HttpService::stop() {
  if (!parts_) return;
  if (parts_->events) {
    // Event streams end with their last chunk, so clients see a clean end
    // and reconnect, instead of a cut connection.
    parts_->events->close();
    if (!parts_->events->wait_for_no_subscribers(std::chrono::seconds(2)))
      spdlog::warn("http: {} event streams did not end in time", parts_->events->subscribers());
    parts_->ctx.engine.remove_commit_listener(parts_->events_listener);
  }
  if (parts_->server) parts_->server->stop();
}

std::uint16_t HttpService::port() const { return parts_->server->port(); }

const std::string& HttpService::address() const { return parts_->config.http.address; }

}  // namespace jxc::http
