#include "edge/http/handlers_devices.h"

#include "edge/common/text.h"
#include "edge/http/auth.h"
#include "edge/http/params.h"
#include "edge/inventory/outbox.h"
#include "edge/scan/results.h"

namespace jxc::http {
namespace {

using inventory::Role;

nlohmann::json device_json(const devices::DeviceHealth& h) {
  return {{"id", h.id},
          {"kind", h.kind},
          {"state", devices::to_string(h.state)},
          {"detail", h.detail},
          {"since", format_iso8601(h.since)}};
}

Response list_devices(ApiContext& ctx) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& h : ctx.health.snapshot()) out.push_back(device_json(h));
  return json_response({{"devices", out}});
}

Response list_scans(ApiContext& ctx, const scan::ScanResultLog* scans, Request& req) {
  auto limit = integer_param(req, "limit", 50, 1, 1000);
  if (auto* p = std::get_if<Response>(&limit)) return std::move(*p);
  const std::string& id = req.params.at("id");
  devices::DeviceHealth health;
  const bool reported = ctx.health.get(id, &health) && health.kind == "scanner";
  std::vector<scan::ScanResult> recent;
  if (scans) recent = scans->recent(id, static_cast<std::size_t>(std::get<std::int64_t>(limit)));
  if (!reported && recent.empty()) return problem(404, "unknown_scanner", "no scanner '" + id + "' is configured", {{"key", id}});
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : recent) {
    nlohmann::json j = {{"seq", r.seq},
                        {"at", format_iso8601(r.at)},
                        {"verdict", r.accepted ? "accepted" : "rejected"},
                        {"kind", r.kind},
                        {"mode", scan::to_string(r.mode)},
                        {"message", r.message},
                        {"raw", text::to_valid_utf8(r.raw)},
                        {"document", r.document.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.document)},
                        {"waiting", r.waiting}};
    if (!r.accepted) j["reason"] = r.message;
    out.push_back(std::move(j));
  }
  return json_response({{"scanner", id}, {"scans", out}});
}

double metric(ApiContext& ctx, const std::string& name) {
  for (const auto& f : ctx.metrics.snapshot())
    if (f.name == name) {
      double sum = 0;
      for (const auto& s : f.samples) sum += s.value;
      return sum;
    }
  return 0;
}

Response uplink(ApiContext& ctx) {
  auto q = ctx.queries.take();
  if (!q) return problem_for(q.status());
  auto stats = inventory::Outbox::stats(**q);
  if (!stats) return problem_for(stats.status());
  nlohmann::json oldest_age = nullptr;
  if (stats->last_seq > stats->acked_up_to) {
    auto at = inventory::Outbox::recorded_at(**q, stats->acked_up_to + 1);
    if (!at) return problem_for(at.status());
    if (*at) oldest_age = std::max<std::int64_t>(0, (ctx.clock.now_ms() - **at) / 1000);
  }
  nlohmann::json link = nullptr;
  bool connected = false;
  nlohmann::json last_error = nullptr;
  for (const auto& h : ctx.health.snapshot()) {
    if (h.kind != "uplink") continue;
    link = device_json(h);
    connected = h.state == devices::DeviceState::online || h.state == devices::DeviceState::degraded;
    if (h.state != devices::DeviceState::online && h.state != devices::DeviceState::starting && !h.detail.empty())
      last_error = h.detail;
    break;
  }
  auto counter = [&](const char* name) { return static_cast<std::int64_t>(metric(ctx, name)); };
  const std::int64_t poison = counter("jxc_uplink_poison_event_seq");
  return json_response({{"configured", !link.is_null()},
                        {"connected", connected},
                        {"device", link},
                        {"last_error", last_error},
                        {"epoch", stats->epoch},
                        {"last_seq", stats->last_seq},
                        {"acked_up_to", stats->acked_up_to},
                        {"backlog", stats->last_seq - stats->acked_up_to},
                        {"oldest_unacked_age_s", oldest_age},
                        {"stored", stats->stored},
                        {"poison_event_seq", poison == 0 ? nlohmann::json(nullptr) : nlohmann::json(poison)},
                        {"published_total", counter("jxc_uplink_published_total")},
                        {"publish_refusals_total", counter("jxc_uplink_publish_refusals_total")},
                        {"connects_total", counter("jxc_uplink_connects_total")},
                        {"connect_failures_total", counter("jxc_uplink_connect_failures_total")}});
}

}  // namespace

void add_device_routes(Router& router, ApiContext& ctx, const scan::ScanResultLog* scans) {
  using beast_http::verb;
  router.add(verb::get, "/api/v1/devices",
             guarded(ctx, Role::operator_, [&ctx](Request&, const Principal&) { return list_devices(ctx); }));
  router.add(verb::get, "/api/v1/scanners/{id}/scans",
             guarded(ctx, Role::operator_,
                     [&ctx, scans](Request& req, const Principal&) { return list_scans(ctx, scans, req); }));
  router.add(verb::get, "/api/v1/uplink",
             guarded(ctx, Role::operator_, [&ctx](Request&, const Principal&) { return uplink(ctx); }));
}

}  // namespace jxc::http
