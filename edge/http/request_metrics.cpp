#include "edge/http/request_metrics.h"

#include <cstdio>

namespace jxc::http {

RequestMetrics::RequestMetrics(metrics::Registry& registry)
    : registry_(registry),
      refused_(registry.counter("jxc_http_refused_connections_total",
                                "HTTP connections closed at accept because max_connections were open")),
      paced_(registry.counter("jxc_http_paced_reads_total",
                              "HTTP requests that only read and waited for their turn while writes were answered "
                              "([http] reads_while_writing)")),
      open_(registry.gauge("jxc_http_open_connections", "HTTP connections open now")) {}

void RequestMetrics::observe(const std::string& route, std::string_view method, unsigned status,
                             double seconds) {
  char code[8];
  const int code_len = std::snprintf(code, sizeof code, "%u", status);
  thread_local std::string key;  // its memory kept for the thread's next request
  key.clear();
  key.append(route).append(1, ' ').append(method).append(1, ' ').append(code, static_cast<std::size_t>(code_len));
  std::lock_guard lock(mu_);
  auto it = series_.find(key);
  if (it == series_.end()) {
    // The first of its kind: the registry's series and the route's
    // histogram, both kept where they are for the process's life.
    metrics::Counter& requests =
        registry_.counter("jxc_http_requests_total", "HTTP requests answered, by route, method and status",
                          {{"code", std::string(code)}, {"method", std::string(method)}, {"route", route}});
    it = series_.emplace(key, Series{&requests, &latency_[route]}).first;
  }
  it->second.requests->inc();
  Histogram& h = *it->second.latency;
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
