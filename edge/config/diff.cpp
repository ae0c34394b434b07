#include "edge/config/diff.h"

#include "edge/config/redact.h"
#include "edge/config/section.h"

namespace jxc::config {
namespace {

// The core tables' strings in quotes as they are, unescaped.
std::string quoted(const std::string& s) { return "\"" + s + "\""; }

// Renders one key's effective value. Kept beside known_keys() order by the
// test that diffs every key; a key missing here is reported as unchanged.
std::string render(const Config& c, const std::string& key, const Sections& sections) {
  if (key == "gateway.id") return quoted(c.gateway.id);
  if (key == "gateway.site") return quoted(c.gateway.site);
  if (key == "log.level") return quoted(c.log.level);
  if (key == "store.path") return quoted(c.store_path());
  if (key == "store.idempotency_retention_hours") return std::to_string(c.store.idempotency_retention_hours);
  if (key == "store.device_record_days") return std::to_string(c.store.device_record_days);
  if (key == "store.wal_limit_mib") return std::to_string(c.store.wal_limit_mib);
  if (key == "inventory.negative_stock") return quoted(std::string(to_string(c.inventory.negative_stock)));
  if (key == "inventory.over_receipt_tolerance_pct") return format_double(c.inventory.over_receipt_tolerance_pct);
  if (key == "inventory.max_batch") return std::to_string(c.inventory.max_batch);
  if (key == "outbox.retention_hours") return std::to_string(c.outbox.retention_hours);
  if (key == "metrics.enabled") return c.metrics.enabled ? "true" : "false";
  if (key == "metrics.path") return quoted(c.metrics_path());
  if (key == "metrics.interval_s") return std::to_string(c.metrics.interval_s);
  if (key == "outbox.downlink_retention_hours") return std::to_string(c.outbox.downlink_retention_hours);
  if (key == "site.timezone") return quoted(c.site.timezone);
  if (key == "site.four_eyes") return c.site.four_eyes ? "true" : "false";
  if (key == "site.currency") return quoted(c.site.currency);
  if (key == "backup.dir") return quoted(c.backup.dir);
  if (key == "backup.interval_hours") return std::to_string(c.backup.interval_hours);
  if (key == "backup.keep") return std::to_string(c.backup.keep);
  for (const auto& s : sections)
    if (key.starts_with(std::string(s.name) + ".") && s.render) return s.render(c, key);
  return {};
}

}  // namespace

std::vector<KeyChange> diff(const Config& before, const Config& after, const Sections& sections) {
  std::vector<KeyChange> out;
  for (const auto& key : known_keys(sections)) {
    std::string a = render(before, key, sections), b = render(after, key, sections);
    // Compared as they are (a new robot token is a change), shown without
    // the credentials URLs carry.
    if (a != b) out.push_back(KeyChange{key, redact_urls(a), redact_urls(b)});
  }
  return out;
}

}  // namespace jxc::config
