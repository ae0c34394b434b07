#include "edge/inventory/count_accuracy.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>
#include <unordered_map>

#include "edge/inventory/actors.h"
#include "edge/inventory/stock_count.h"
#include "edge/store/sqlite.h"

namespace jxc::inventory {
namespace {

struct AccuracyPlace {
  std::string code, name;
  std::int64_t parent = 0;  // 0: none
};

struct ApprovedCount {
  std::int64_t doc_id = 0;
  std::string number, approved_by;
  TimeMs approved_at = 0;
  Qty tolerance = 0;
};

// What one bin of one count came to.
struct CountedBin {
  std::string zone, counter;
  AccuracyTally tally;  // bins 1, counts left 0
};

Result<std::unordered_map<std::int64_t, AccuracyPlace>> accuracy_places(store::Db& db) {
  std::unordered_map<std::int64_t, AccuracyPlace> out;
  JXC_ASSIGN(auto st, db.prepare("SELECT id, code, name, coalesce(parent_id, 0) FROM locations"));
  for (;;) {
    JXC_ASSIGN(bool row, st->step());
    if (!row) break;
    out[st->int64(0)] = {st->text(1), st->text(2), st->int64(3)};
  }
  return out;
}

// Whether `id` is `scope` or below it.
bool accuracy_in_scope(const std::unordered_map<std::int64_t, AccuracyPlace>& places, std::int64_t id,
                       std::int64_t scope) {
  for (int depth = 0; id != 0 && depth < 64; ++depth) {
    if (id == scope) return true;
    const auto it = places.find(id);
    if (it == places.end()) return false;
    id = it->second.parent;
  }
  return false;
}

Result<std::vector<ApprovedCount>> approved_counts(store::Db& db, const AccuracyFilter& f, const TimeZone& zone) {
  std::vector<ApprovedCount> out;
  JXC_ASSIGN(auto st, db.prepare("SELECT d.id, d.number, d.posted_at, coalesce(s.approved_by, ''), s.tolerance_qty "
                                 "FROM documents d JOIN count_sessions s ON s.doc_id = d.id "
                                 "WHERE d.state = 'posted' AND d.type = 'count' ORDER BY d.posted_at, d.id"));
  for (;;) {
    JXC_ASSIGN(bool row, st->step());
    if (!row) break;
    const DayNumber day = local_day(st->int64(2), zone);
    if (day < f.first || day > f.last) continue;
    out.push_back({st->int64(0), st->text(1), st->text(3), st->int64(2), st->int64(4)});
  }
  return out;
}

// The count's bins that were counted, by code: their location id, zone and
// the person behind their last round.
struct BinOfCount {
  std::int64_t id = 0;
  std::string zone, counter;
};

Result<std::map<std::string, BinOfCount>> counted_bins(store::Db& db, std::int64_t doc_id,
                                                       const std::unordered_map<std::int64_t, AccuracyPlace>& places) {
  std::map<std::string, BinOfCount> out;
  JXC_ASSIGN(auto* st, db.cached("SELECT r.location_id, r.counter FROM count_rounds r WHERE r.doc_id = ?1 AND "
                                 "r.round = (SELECT max(round) FROM count_rounds x WHERE x.doc_id = r.doc_id "
                                 "AND x.location_id = r.location_id)"));
  st->bind_all(doc_id);
  for (;;) {
    JXC_ASSIGN(bool row, st->step());
    if (!row) break;
    const auto place = places.find(st->int64(0));
    if (place == places.end()) return error(Errc::storage, "a count names a location that is gone");
    const auto parent = places.find(place->second.parent);
    out[place->second.code] = {st->int64(0), parent == places.end() ? "" : parent->second.code,
                               person_of(st->text(1))};
  }
  return out;
}

Status add_count(store::Db& db, const ApprovedCount& c, const AccuracyFilter& f, std::int64_t scope,
                 const std::unordered_map<std::int64_t, AccuracyPlace>& places, std::map<std::string, CountedBin>* out) {
  JXC_ASSIGN(auto bins, counted_bins(db, c.doc_id, places));
  const std::string who = f.counter.empty() ? "" : person_of(f.counter);
  auto keep = [&](const BinOfCount& b) {
    return (scope == 0 || accuracy_in_scope(places, b.id, scope)) && (who.empty() || b.counter == who);
  };
  for (const auto& [code, b] : bins)
    if (keep(b)) (*out)[code] = {b.zone, b.counter, AccuracyTally{.bins = 1}};
  if (out->empty()) return Status::ok();

  JXC_ASSIGN(auto report, count_report(db, c.number));
  for (const CountLine& l : report.lines) {
    const auto bin = out->find(l.location);
    if (bin == out->end()) continue;
    AccuracyTally& t = bin->second.tally;
    ++t.lines;
    if (l.variance == 0 && l.found.empty() && l.missing.empty()) ++t.exact;
    if (std::llabs(l.variance) <= c.tolerance) ++t.within_tolerance;
  }
  JXC_ASSIGN(auto* mv, db.cached("SELECT from_location, to_location, value FROM movements WHERE doc_id = ?1"));
  mv->bind_all(c.doc_id);
  for (;;) {
    JXC_ASSIGN(bool row, mv->step());
    if (!row) break;
    for (int side : {0, 1}) {
      const auto place = places.find(mv->int64(side));
      if (place == places.end()) continue;
      const auto bin = out->find(place->second.code);
      if (bin == out->end()) continue;
      Money& m = side == 0 ? bin->second.tally.loss_value : bin->second.tally.gain_value;
      if (__builtin_add_overflow(m, mv->int64(2), &m)) return error(Errc::invalid_argument, "the values are too large");
    }
  }
  return Status::ok();
}

Status add_tally(AccuracyTally* to, const AccuracyTally& t) {
  to->lines += t.lines;
  to->exact += t.exact;
  to->within_tolerance += t.within_tolerance;
  to->bins += t.bins;
  if (__builtin_add_overflow(to->gain_value, t.gain_value, &to->gain_value) ||
      __builtin_add_overflow(to->loss_value, t.loss_value, &to->loss_value))
    return error(Errc::invalid_argument, "the values are too large");
  return Status::ok();
}

std::string month_of(TimeMs t, const TimeZone& zone) { return format_day(local_day(t, zone)).substr(0, 7); }

}  // namespace

std::optional<double> AccuracyTally::accuracy() const {
  if (lines == 0) return std::nullopt;
  return static_cast<double>(exact) / static_cast<double>(lines);
}

std::optional<double> AccuracyTally::tolerance_accuracy() const {
  if (lines == 0) return std::nullopt;
  return static_cast<double>(within_tolerance) / static_cast<double>(lines);
}

std::string_view to_string(AccuracyBy by) {
  switch (by) {
    case AccuracyBy::count: return "count";
    case AccuracyBy::month: return "month";
    case AccuracyBy::zone: return "zone";
    case AccuracyBy::counter: return "counter";
  }
  return "count";
}

bool parse_accuracy_by(std::string_view s, AccuracyBy* out) {
  for (AccuracyBy by : {AccuracyBy::count, AccuracyBy::month, AccuracyBy::zone, AccuracyBy::counter})
    if (s == to_string(by)) {
      *out = by;
      return true;
    }
  return false;
}

Result<AccuracyReport> count_accuracy(Queries& q, const AccuracyFilter& f, const TimeZone& zone) {
  if (f.last < f.first) return error(Errc::invalid_argument, "the period ends before it begins");
  auto snapshot = q.snapshot();
  store::Db& db = q.db();
  JXC_ASSIGN(auto places, accuracy_places(db));
  std::int64_t scope = 0;
  if (!f.location.empty()) {
    for (const auto& [id, p] : places)
      if (p.code == f.location) scope = id;
    if (scope == 0) return error(Errc::unknown_location, "unknown location " + f.location);
  }
  JXC_ASSIGN(auto counts, approved_counts(db, f, zone));

  AccuracyReport out;
  std::map<std::string, AccuracyRow> grouped;
  std::map<std::string, std::set<std::int64_t>> counts_of;  // row key -> counts in it
  for (const ApprovedCount& c : counts) {
    std::map<std::string, CountedBin> bins;
    JXC_TRY(add_count(db, c, f, scope, places, &bins));
    if (bins.empty()) continue;
    AccuracyRow whole;
    whole.key = c.number;
    whole.approved_at = c.approved_at;
    whole.approved_by = c.approved_by;
    whole.tolerance = c.tolerance;
    std::set<std::string> counters;
    for (const auto& [code, b] : bins) {
      JXC_TRY(add_tally(&whole.tally, b.tally));
      JXC_TRY(add_tally(&out.total, b.tally));
      counters.insert(b.counter);
      if (f.by == AccuracyBy::zone || f.by == AccuracyBy::counter) {
        const std::string& key = f.by == AccuracyBy::zone ? b.zone : b.counter;
        AccuracyRow& row = grouped[key];
        row.key = key;
        JXC_TRY(add_tally(&row.tally, b.tally));
        counts_of[key].insert(c.doc_id);
      }
    }
    whole.tally.counts = 1;
    ++out.total.counts;
    whole.counters.assign(counters.begin(), counters.end());
    if (f.by == AccuracyBy::month) {
      const std::string key = month_of(c.approved_at, zone);
      AccuracyRow& row = grouped[key];
      row.key = key;
      JXC_TRY(add_tally(&row.tally, whole.tally));
      ++row.tally.counts;
    } else if (f.by == AccuracyBy::count) {
      out.rows.push_back(std::move(whole));
    }
  }
  for (auto& [key, row] : grouped) {
    if (f.by != AccuracyBy::month) row.tally.counts = static_cast<std::int64_t>(counts_of[key].size());
    if (f.by == AccuracyBy::zone) {
      for (const auto& [id, p] : places)
        if (p.code == key) row.name = p.name;
    }
    out.rows.push_back(std::move(row));
  }
  return out;
}

}  // namespace jxc::inventory
