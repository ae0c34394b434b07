#include "edge/config/diff.h"

#include <charconv>

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

// Renders one key's effective value. Kept beside known_keys() order by the
// test that diffs every key; a key missing here is reported as unchanged.
std::string render(const Config& c, const std::string& key) {
  if (key == "gateway.id") return in_quotes(c.gateway.id);
  if (key == "gateway.site") return in_quotes(c.gateway.site);
  if (key == "log.level") return in_quotes(c.log.level);
  if (key == "store.path") return in_quotes(c.store_path());
  if (key == "inventory.negative_stock") return in_quotes(std::string(to_string(c.inventory.negative_stock)));
  if (key == "inventory.over_receipt_tolerance_pct") return number(c.inventory.over_receipt_tolerance_pct);
  if (key == "inventory.max_batch") return std::to_string(c.inventory.max_batch);
  if (key == "outbox.retention_hours") return std::to_string(c.outbox.retention_hours);
  if (key.rfind("alerts.", 0) == 0) return detail::render_alerts(c, key);
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
