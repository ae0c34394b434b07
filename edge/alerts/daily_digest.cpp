#include "edge/alerts/daily_digest.h"

#include "edge/alerts/alert_store.h"
#include "edge/inventory/alert_records.h"
#include "edge/inventory/held_documents.h"
#include "edge/inventory/queries.h"

namespace jxc::alerts {
namespace {

// Names of an item for the texts; a SKU unknown to master data keeps none.
Names item_names(inventory::Queries& q, const std::string& sku) {
  Names n;
  if (auto item = q.item(sku)) {
    n.item = item->name;
    n.uom = item->uom;
    n.decimals = item->decimals;
  }
  return n;
}

void add_location_name(inventory::Queries& q, const std::string& code, Names& n) {
  if (code.empty()) return;
  if (auto loc = q.location(code)) n.location = loc->name;
}

}  // namespace

Result<DailyDigest> read_daily_digest(inventory::Queries& q, TimeMs now, const TimeZone& zone, std::size_t limit) {
  DailyDigest d;
  d.day = format_local_date(now, zone);
  d.at = now;
  JXC_ASSIGN(d.alerts, load_alerts(q, AlertFilter{true, limit}));
  for (Alert& a : d.alerts) {
    if (!a.key.item.empty()) a.names = item_names(q, a.key.item);
    add_location_name(q, a.key.location, a.names);
  }
  inventory::AlertPageFilter open;
  open.state = "open";
  JXC_ASSIGN(std::int64_t unacknowledged, inventory::alert_count(q, open));
  open.state = "acknowledged";
  JXC_ASSIGN(std::int64_t acknowledged, inventory::alert_count(q, open));
  d.alert_count = unacknowledged + acknowledged;

  JXC_ASSIGN(auto suggestions, inventory::list_suggestions(q, true, limit));
  for (const auto& s : suggestions) {
    DigestSuggestion ds{s.id, s.item, s.location, item_names(q, s.item), s.qty, s.created_at};
    add_location_name(q, s.location, ds.names);
    d.suggestions.push_back(std::move(ds));
  }
  JXC_ASSIGN(d.suggestion_count, inventory::open_suggestion_count(q));

  JXC_ASSIGN(auto held, inventory::held_documents(q, limit));
  for (const auto& h : held) {
    DigestHeld dh{h.number, std::string(inventory::to_string(h.type)), h.source, h.created_at, h.exceptions, {}};
    for (const auto& l : h.lines) dh.lines.push_back(DigestHeldLine{l.sku, item_names(q, l.sku), l.qty, l.flag});
    d.held.push_back(std::move(dh));
  }
  JXC_ASSIGN(d.held_count, inventory::held_document_count(q));
  return d;
}

bool digest_due(std::string_view digest_at, const std::optional<std::string>& last_day, TimeMs now,
                const TimeZone& zone) {
  if (digest_at.size() != 5) return false;
  const int at = std::stoi(std::string(digest_at.substr(0, 2))) * 60 + std::stoi(std::string(digest_at.substr(3, 2)));
  if (local_minute_of_day(now, zone) < at) return false;
  return !last_day || *last_day != format_local_date(now, zone);
}

}  // namespace jxc::alerts
