#include "edge/metrics/registry.h"

#include <algorithm>
#include <stdexcept>

namespace jxc::metrics {
namespace {

bool name_char(char c, bool first, bool colon) {
  bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colon && c == ':');
  return alpha || (!first && c >= '0' && c <= '9');
}

bool valid_name(const std::string& s, bool colon) {
  if (s.empty()) return false;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (!name_char(s[i], i == 0, colon)) return false;
  return true;
}

}  // namespace

bool valid_metric_name(const std::string& name) { return valid_name(name, true); }
bool valid_label_name(const std::string& name) { return valid_name(name, false) && !name.starts_with("__"); }

Registry::Series& Registry::series(const std::string& name, const std::string& help, Type type, Labels labels) {
  if (!valid_metric_name(name)) throw std::invalid_argument("metric name '" + name + "' is not valid");
  std::sort(labels.begin(), labels.end());
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (!valid_label_name(labels[i].first))
      throw std::invalid_argument(name + ": label name '" + labels[i].first + "' is not valid");
    if (i > 0 && labels[i].first == labels[i - 1].first)
      throw std::invalid_argument(name + ": label '" + labels[i].first + "' given twice");
  }
  std::lock_guard lk(mu_);
  auto [it, fresh] = families_.try_emplace(name, Entry{help, type, {}});
  if (!fresh && it->second.type != type)
    throw std::invalid_argument("metric '" + name + "' is registered as another type");
  Series& s = it->second.series[std::move(labels)];
  if (type == Type::counter && !s.counter) s.counter = std::make_unique<Counter>();
  if (type == Type::gauge && !s.gauge) s.gauge = std::make_unique<Gauge>();
  return s;
}

Counter& Registry::counter(const std::string& name, const std::string& help, Labels labels) {
  return *series(name, help, Type::counter, std::move(labels)).counter;
}

Gauge& Registry::gauge(const std::string& name, const std::string& help, Labels labels) {
  return *series(name, help, Type::gauge, std::move(labels)).gauge;
}

std::vector<Family> Registry::snapshot() const {
  std::lock_guard lk(mu_);
  std::vector<Family> out;
  out.reserve(families_.size());
  for (const auto& [name, e] : families_) {
    Family f{name, e.help, e.type, {}};
    f.samples.reserve(e.series.size());
    for (const auto& [labels, s] : e.series)
      f.samples.push_back({labels, e.type == Type::counter ? static_cast<double>(s.counter->value())
                                                           : s.gauge->value()});
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace jxc::metrics
