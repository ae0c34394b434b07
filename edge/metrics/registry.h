#pragma once
// Counters and gauges with labels, for whoever wants to look at the gateway
// from outside (a node_exporter textfile today, an HTTP endpoint later).
//
// A part asks the registry once for the series it updates (a name, a help
// text and a label set) and keeps the reference: updating it is one relaxed
// atomic operation, no lock, no allocation. Reading takes a snapshot under the
// registry's lock; the renderers (prometheus.h) work on snapshots only.
//
// Names follow Prometheus: metric names [a-zA-Z_:][a-zA-Z0-9_:]*, label names
// [a-zA-Z_][a-zA-Z0-9_]*. They are constants in code, so a bad name, or one
// name asked for as both a counter and a gauge, is a programming error and
// throws std::invalid_argument at registration.
//
// Thread-safety: every method may be called from any thread. References stay
// valid for the registry's life.

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace jxc::metrics {

/// Label name → value; kept sorted by name.
using Labels = std::vector<std::pair<std::string, std::string>>;

/// Only goes up (a restart starts it again at 0, which consumers expect).
class Counter {
 public:
  void inc(std::uint64_t n = 1) { v_.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t value() const { return v_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> v_{0};
};

/// A value that goes up and down (a state, a size, an age).
class Gauge {
 public:
  void set(double v) { v_.store(v, std::memory_order_relaxed); }
  void add(double d) { v_.fetch_add(d, std::memory_order_relaxed); }
  double value() const { return v_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> v_{0};
};

enum class Type { counter, gauge };

struct Sample {
  Labels labels;
  double value = 0;
};

struct Family {
  std::string name, help;
  Type type = Type::counter;
  std::vector<Sample> samples;  // ordered by labels
};

class Registry {
 public:
  Registry() = default;
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  /// The series `name{labels}`; the same name and labels give the same series.
  Counter& counter(const std::string& name, const std::string& help, Labels labels = {});
  Gauge& gauge(const std::string& name, const std::string& help, Labels labels = {});

  /// Every family ordered by name, each with its series.
  std::vector<Family> snapshot() const;

 private:
  struct Series {
    std::unique_ptr<Counter> counter;
    std::unique_ptr<Gauge> gauge;
  };
  struct Entry {
    std::string help;
    Type type;
    std::map<Labels, Series> series;
  };
  Series& series(const std::string& name, const std::string& help, Type type, Labels labels);

  mutable std::mutex mu_;
  std::map<std::string, Entry> families_;
};

bool valid_metric_name(const std::string& name);
bool valid_label_name(const std::string& name);

}  // namespace jxc::metrics
