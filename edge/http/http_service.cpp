#include "edge/http/http_service.h"

#include "edge/http/api_context.h"
#include "edge/http/handlers_health.h"
#include "edge/http/server.h"

namespace jxc::http {

struct HttpService::Parts {
  Parts(const config::Config& c, inventory::Engine& engine, devices::HealthRegistry& health,
        metrics::Registry& metrics, const Clock& clock)
      : config(c),
        queries(engine.options().store_path),
        request_metrics(metrics),
        ctx{engine, queries, metrics, request_metrics, health, config, clock} {}

  config::Config config;
  QueriesPool queries;
  RequestMetrics request_metrics;
  ApiContext ctx;
  Router router;
  std::unique_ptr<Server> server;  // last: stopped before what it serves goes
};

HttpService::HttpService(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}
HttpService::~HttpService() { stop(); }

Result<std::unique_ptr<HttpService>> HttpService::start(const config::Config& config, inventory::Engine& engine,
                                                        devices::HealthRegistry& health,
                                                        metrics::Registry& metrics, const Clock& clock) {
  auto parts = std::make_unique<Parts>(config, engine, health, metrics, clock);
  add_health_routes(parts->router, parts->ctx);
  JXC_ASSIGN(parts->server, Server::start(parts->config.http, parts->router, parts->request_metrics));
  return std::unique_ptr<HttpService>(new HttpService(std::move(parts)));
}

void HttpService::set_ready(bool ready) { parts_->ctx.ready = ready; }

void HttpService::stop() {
  if (parts_ && parts_->server) parts_->server->stop();
}

std::uint16_t HttpService::port() const { return parts_->server->port(); }

}  // namespace jxc::http
