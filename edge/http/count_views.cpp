#include "edge/http/count_views.h"

#include <map>

namespace jxc::http {
namespace {

using nlohmann::json;

json optional_time(const std::optional<TimeMs>& t) { return t ? json(format_iso8601(*t)) : json(nullptr); }
json optional_text(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

// Item names by SKU, one lookup per item.
class Names {
 public:
  explicit Names(inventory::Queries& q) : q_(q) {}
  const std::string& operator()(const std::string& sku) {
    auto [it, fresh] = names_.try_emplace(sku);
    if (fresh)
      if (auto item = q_.item(sku)) it->second = item->name;
    return it->second;
  }

 private:
  inventory::Queries& q_;
  std::map<std::string, std::string> names_;
};

json summary(const inventory::CountSummary& s, Names& names) {
  json items = json::array();
  for (const auto& sku : s.items) items.push_back({{"sku", sku}, {"name", names(sku)}});
  return {{"number", s.number},
          {"state", inventory::to_string(s.phase)},
          {"blind", s.blind},
          {"tolerance", s.tolerance},
          {"scope", {{"bins", s.bins}, {"items", items}}},
          {"opened_by", s.opened_by},
          {"opened_at", format_iso8601(s.opened_at)},
          {"submitted_by", optional_text(s.submitted_by)},
          {"submitted_at", optional_time(s.submitted_at)},
          {"approved_by", optional_text(s.approved_by)},
          {"approved_at", optional_time(s.approved_at)},
          {"counters", s.counters},
          {"progress",
           {{"bins", s.bins.size()}, {"counted", s.bins_counted}, {"recounts_requested", s.recounts_requested}}}};
}

}  // namespace

json count_summary_json(const inventory::CountSummary& s, inventory::Queries& q) {
  Names names(q);
  return summary(s, names);
}

json count_report_json(const inventory::CountSummary& s, const inventory::CountReport& r, bool show_book,
                       inventory::Queries& q) {
  Names names(q);
  json out = summary(s, names);
  json lines = json::array();
  for (const auto& l : r.lines) {
    if (!show_book && l.counted == 0) continue;  // its presence would tell what the book holds
    lines.push_back({{"bin", l.location},
                     {"sku", l.sku},
                     {"name", names(l.sku)},
                     {"lot", l.lot},
                     {"book", show_book ? json(l.book) : json(nullptr)},
                     {"counted", l.counted},
                     {"variance", show_book ? json(l.variance) : json(nullptr)},
                     {"rounds", l.rounds},
                     {"recount", l.recount},
                     // Which units differ says what the book holds, like the book itself.
                     {"serials_found", show_book ? json(l.found) : json(nullptr)},
                     {"serials_missing", show_book ? json(l.missing) : json(nullptr)},
                     {"serials_unknown", l.serials_unknown}});
  }
  out["book_shown"] = show_book;
  out["lines"] = lines;
  out["uncounted"] = r.uncounted;
  out["recount_requested"] = r.recount_requested;
  out["variance_value"] = show_book ? json(r.total_value) : json(nullptr);
  return out;
}

}  // namespace jxc::http
