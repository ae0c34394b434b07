#include "edge/http/request_metrics.h"

#include <cstdio>

namespace jxc::http {

RequestMetrics::RequestMetrics(metrics::Registry& registry)
    : registry_(registry),
      refused_(registry.counter("jxc_http_refused_connections_total",
                                "HTTP connections closed at accept because max_connections were open")),
      open_(registry.gauge("jxc_http_open_connections", "HTTP connections open now")) {}

void RequestMetrics::observe(const std::string& route, std::string_view method, unsigned status,
                             double seconds) {
  registry_
      .counter("jxc_http_requests_total", "HTTP requests answered, by route, method and status",
               {{"code", std::to_string(status)}, {"method", std::string(method)}, {"route", route}})
      .inc();
  std::lock_guard lock(mu_);
  Histogram& h = latency_[route];
  std::size_t i = 0;
  while (i < kBuckets.size() && seconds > kBuckets[i]) ++i;
  ++h.counts[i];
  h.sum += seconds;
}

std::string RequestMetrics::render_histogram() const {
  std::string out =
      "# HELP jxc_http_request_duration_seconds Time from a request's last byte read to its response "
      "handed to the socket\n"
      "# TYPE jxc_http_request_duration_seconds histogram\n";
  char value[64];
  std::lock_guard lock(mu_);
  for (const auto& [route, h] : latency_) {
    // Route patterns are the router's own constants: no quote or backslash to escape.
    const std::string label = "route=\"" + route + "\"";
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i <= kBuckets.size(); ++i) {
      cumulative += h.counts[i];
      std::string le = "+Inf";
      if (i < kBuckets.size()) {
        std::snprintf(value, sizeof value, "%g", kBuckets[i]);
        le = value;
      }
      out += "jxc_http_request_duration_seconds_bucket{le=\"" + le + "\"," + label + "} " +
             std::to_string(cumulative) + "\n";
    }
    std::snprintf(value, sizeof value, "%.9g", h.sum);
    out += "jxc_http_request_duration_seconds_sum{" + label + "} " + value + "\n";
    out += "jxc_http_request_duration_seconds_count{" + label + "} " + std::to_string(cumulative) + "\n";
  }
  return out;
}

}  // namespace jxc::http
