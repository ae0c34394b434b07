#include "edge/config/diff.h"

#include <charconv>
#include <type_traits>

#include "edge/config/sections.h"

#include "edge/config/sections.h"

#include "edge/config/alerts_section.h"

namespace jxc::config {
namespace {

std::string in_quotes(const std::string& s) { return "\"" + s + "\""; }

// Shortest text that reads back as the same double.
std::string number(double v) {
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

// One value per reader, as an array: "[5084, 5085]".
template <typename F>
std::string per_reader(const Config& c, F value) {
  std::string out = "[";
  for (std::size_t i = 0; i < c.rfid.readers.size(); ++i) out += (i ? ", " : "") + value(c.rfid.readers[i]);
  return out + "]";
}

template <typename T>
std::string list(const std::vector<T>& v) {
  std::string out = "[";
  for (std::size_t i = 0; i < v.size(); ++i) {
    if constexpr (std::is_floating_point_v<T>) out += (i ? ", " : "") + number(v[i]);
    else out += (i ? ", " : "") + std::to_string(v[i]);
  }
  return out + "]";
}

std::string render_rfid(const Config& c, const std::string& key) {
  using R = RfidReader;
  if (key == "rfid.readers[].id") return per_reader(c, [](const R& r) { return in_quotes(r.id); });
  if (key == "rfid.readers[].host") return per_reader(c, [](const R& r) { return in_quotes(r.host); });
  if (key == "rfid.readers[].port") return per_reader(c, [](const R& r) { return std::to_string(r.port); });
  if (key == "rfid.readers[].antennas") return per_reader(c, [](const R& r) { return list(r.antennas); });
  if (key == "rfid.readers[].tx_power_dbm") return per_reader(c, [](const R& r) { return list(r.tx_power_dbm); });
  if (key == "rfid.readers[].keepalive_ms") return per_reader(c, [](const R& r) { return std::to_string(r.keepalive_ms); });
  if (key == "rfid.readers[].start_trigger") return per_reader(c, [](const R& r) { return in_quotes(r.start_trigger); });
  if (key == "rfid.readers[].gpi_port") return per_reader(c, [](const R& r) { return std::to_string(r.gpi_port); });
  if (key == "rfid.readers[].reconnect_min_ms") return per_reader(c, [](const R& r) { return std::to_string(r.reconnect_min_ms); });
  if (key == "rfid.readers[].reconnect_max_ms") return per_reader(c, [](const R& r) { return std::to_string(r.reconnect_max_ms); });
  if (key == "rfid.readers[].max_frame_bytes") return per_reader(c, [](const R& r) { return std::to_string(r.max_frame_bytes); });
  return {};
}

// Renders one key's effective value. Kept beside known_keys() order by the
// test that diffs every key; a key missing here is reported as unchanged.
std::string render(const Config& c, const std::string& key) {
  if (key == "gateway.id") return in_quotes(c.gateway.id);
  if (key == "gateway.site") return in_quotes(c.gateway.site);
  if (key == "log.level") return in_quotes(c.log.level);
  if (key == "store.path") return in_quotes(c.store_path());
  if (key == "store.idempotency_retention_hours") return std::to_string(c.store.idempotency_retention_hours);
  if (key == "store.wal_limit_mib") return std::to_string(c.store.wal_limit_mib);
  if (key == "inventory.negative_stock") return in_quotes(std::string(to_string(c.inventory.negative_stock)));
  if (key == "inventory.over_receipt_tolerance_pct") return number(c.inventory.over_receipt_tolerance_pct);
  if (key == "inventory.max_batch") return std::to_string(c.inventory.max_batch);
  if (key == "outbox.retention_hours") return std::to_string(c.outbox.retention_hours);
  if (key == "metrics.enabled") return c.metrics.enabled ? "true" : "false";
  if (key == "metrics.path") return in_quotes(c.metrics_path());
  if (key == "metrics.interval_s") return std::to_string(c.metrics.interval_s);
  if (key == "outbox.downlink_retention_hours") return std::to_string(c.outbox.downlink_retention_hours);
  if (key.rfind("alerts.", 0) == 0) return detail::render_alerts(c, key);
  if (key.starts_with("scanners.")) return scanner_key_text(c.scanners, key);
  if (key.starts_with("scales.")) return render_scales_key(c.scales, key);
  if (key.starts_with("rfid.")) return render_rfid(c, key);
  for (const auto& s : detail::sections())
    if (key.starts_with(std::string(s.name) + ".") && s.render) return s.render(c, key);
  return {};
}

}  // namespace

std::vector<KeyChange> diff(const Config& before, const Config& after) {
  std::vector<KeyChange> out;
  for (const auto& key : known_keys()) {
    std::string a = render(before, key), b = render(after, key);
    if (a != b) out.push_back(KeyChange{key, std::move(a), std::move(b)});
  }
  return out;
}

}  // namespace jxc::config
