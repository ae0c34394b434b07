#include "edge/http/http_service.h"

#include "edge/http/api_context.h"
#include <boost/asio/ip/address.hpp>
#include <spdlog/spdlog.h>

#include "edge/http/handlers_counts.h"
#include "edge/http/handlers_health.h"
#include "edge/http/handlers_session.h"
#include "edge/http/handlers_stock.h"
#include "edge/http/handlers_users.h"
#include "edge/http/openapi_document.h"
#include "edge/http/server.h"
#include "edge/inventory/user_records.h"

namespace jxc::http {

struct HttpService::Parts {
  Parts(const config::Config& c, inventory::Engine& engine, devices::HealthRegistry& health,
        metrics::Registry& metrics, const Clock& clock)
      : config(c),
        queries(engine.options().store_path),
        request_metrics(metrics),
        sessions(clock, std::chrono::minutes(c.http.session_idle_minutes),
                 std::chrono::hours(c.http.session_absolute_hours)),
        login_limiter(clock, c.http.login_max_failures, std::chrono::minutes(c.http.login_lockout_minutes)),
        ctx{engine, queries, metrics, request_metrics, health, config, clock, sessions, login_limiter} {}

  config::Config config;
  QueriesPool queries;
  RequestMetrics request_metrics;
  Sessions sessions;
  LoginLimiter login_limiter;
  ApiContext ctx;
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

}  // namespace

HttpService::HttpService(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}
HttpService::~HttpService() { stop(); }

Result<std::unique_ptr<HttpService>> HttpService::start(const config::Config& config, inventory::Engine& engine,
                                                        devices::HealthRegistry& health,
                                                        metrics::Registry& metrics, const Clock& clock) {
  auto parts = std::make_unique<Parts>(config, engine, health, metrics, clock);
  add_health_routes(parts->router, parts->ctx);
  add_session_routes(parts->router, parts->ctx);
  add_user_routes(parts->router, parts->ctx);
  add_stock_routes(parts->router, parts->ctx);
  add_count_routes(parts->router, parts->ctx);
  add_openapi_route(parts->router);
  JXC_TRY(check_listen_address(parts->config.http));
  JXC_TRY(stay_on_loopback_until_an_admin_exists(parts->config.http, parts->queries));
  JXC_ASSIGN(parts->server, Server::start(parts->config.http, parts->router, parts->request_metrics));
  return std::unique_ptr<HttpService>(new HttpService(std::move(parts)));
}

void HttpService::set_ready(bool ready) { parts_->ctx.ready = ready; }

void HttpService::stop() {
  if (parts_ && parts_->server) parts_->server->stop();
}

std::uint16_t HttpService::port() const { return parts_->server->port(); }

const std::string& HttpService::address() const { return parts_->config.http.address; }

}  // namespace jxc::http
