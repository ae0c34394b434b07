#pragma once
// The HTTP server's own figures: requests by route, method and status
// (jxc_http_requests_total in the metrics registry), connections refused at
// the limit, and request latency as a Prometheus histogram per route, which
// the registry has no type for and which this class renders itself.
//
// Thread-safety: every method may be called from any thread.

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "edge/metrics/registry.h"

namespace jxc::http {

class RequestMetrics {
 public:
  /// Upper bounds of the latency buckets, in seconds (+Inf is implied).
  static constexpr std::array<double, 10> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                      0.025,  0.05,  0.1,    0.5,   2.5};

  explicit RequestMetrics(metrics::Registry& registry);

  /// One answered request; `route` is the router's pattern ("unmatched" for none).
  void observe(const std::string& route, std::string_view method, unsigned status, double seconds);
  /// A connection closed at accept because max_connections were open.
  void refused_connection() { refused_.inc(); }
  /// A request that only reads waited for its turn while writes were answered.
  void paced_read() { paced_.inc(); }
  /// A connection accepted (open ones are this minus the closed ones).
  void opened() { open_.add(1); }
  void closed() { open_.add(-1); }

  /// `jxc_http_request_duration_seconds` in the text format, for /metrics.
  std::string render_histogram() const;

 private:
  struct Histogram {
    std::array<std::uint64_t, kBuckets.size() + 1> counts{};  // the last is +Inf
    double sum = 0;
  };
  metrics::Registry& registry_;
  metrics::Counter& refused_;
  metrics::Counter& paced_;
  metrics::Gauge& open_;
  // What one route, method and status count into.
  struct Series {
    metrics::Counter* requests;
    Histogram* latency;
  };
  mutable std::mutex mu_;
  std::map<std::string, Histogram> latency_;  // by route
  std::unordered_map<std::string, Series> series_;  // by "route method status"
};

}  // namespace jxc::http
