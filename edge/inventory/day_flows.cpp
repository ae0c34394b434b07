#include "edge/inventory/day_flows.h"

#include <algorithm>
#include <tuple>

#include "edge/inventory/types.h"

namespace jxc::inventory {
namespace {

bool is_issue(DocType kind) {
  return kind == DocType::issue || kind == DocType::production_issue || kind == DocType::other_issue;
}

bool is_transfer(const std::string& kind) { return kind == to_string(DocType::transfer); }

Status too_large(std::int64_t item_id) {
  return error(Errc::invalid_argument, "the daily flows of item " + std::to_string(item_id) + " are too large");
}

Status unknown_kind(std::string_view kind) {
  return error(Errc::corrupt, "the daily totals hold a type of document there is none of: " + std::string(kind));
}

using Kinds = DayFlowReader::Kinds;

/// Adds `in` and `out` of a type; false when it no longer fits.
bool add(Kinds* kinds, DocType kind, Qty in, Qty out) {
  auto it = std::find_if(kinds->begin(), kinds->end(), [&](const auto& k) { return k.kind == kind; });
  if (it == kinds->end()) it = kinds->insert(kinds->end(), {kind, 0, 0});
  return !__builtin_add_overflow(it->in, in, &it->in) && !__builtin_add_overflow(it->out, out, &it->out);
}

/// Adds a type named in the store: refused when no type has the name, or
/// when the sums no longer fit.
Status add_named(Kinds* kinds, std::string_view kind, Qty in, Qty out, std::int64_t item_id) {
  DocType type{};
  if (!parse_doc_type(kind, &type)) return unknown_kind(kind);
  return add(kinds, type, in, out) ? Status::ok() : too_large(item_id);
}

/// A lot's day from its types; false when it no longer fits.
bool flow_of(const Kinds& kinds, DayFlow* f) {
  f->arrived = f->issued = 0;
  for (const auto& k : kinds) {
    Qty net = 0;
    if (__builtin_sub_overflow(k.in, k.out, &net)) return false;
    if (net > 0 && __builtin_add_overflow(f->arrived, net, &f->arrived)) return false;
    if (is_issue(k.kind) && __builtin_add_overflow(f->issued, k.out, &f->issued)) return false;
  }
  return true;
}

}  // namespace

Status add_day_flows(store::Db& db, const DayTotalsMap& folded) {
  // Over the locations, in the table's order (neighbouring rows share pages).
  std::map<std::tuple<std::int64_t, DayNumber, std::string>, Kinds> flows;
  for (const auto& [k, t] : folded)
    if (!is_transfer(k.kind))
      JXC_TRY(add_named(&flows[{k.item_id, k.day, k.lot}], k.kind, t.qty_in, t.qty_out, k.item_id));
  JXC_ASSIGN(auto* st, db.cached("INSERT INTO stock_flows(item_id,day,lot,kind,qty_in,qty_out) "
                                 "VALUES(?1,?2,?3,?4,?5,?6) ON CONFLICT DO UPDATE SET "
                                 "qty_in=qty_in+excluded.qty_in, qty_out=qty_out+excluded.qty_out"));
  for (const auto& [key, kinds] : flows) {
    const auto& [item_id, day, lot] = key;
    for (const auto& k : kinds) {
      st->bind_all(item_id, static_cast<std::int64_t>(day), lot, to_string(k.kind), k.in, k.out);
      JXC_TRY(st->run());
      st->reset();
    }
  }
  return Status::ok();
}

Status forget_day_flows(store::Db& db) { return db.exec_cached("DELETE FROM stock_flows"); }

Status verify_day_flows(store::Db& db) {
  // The daily totals over the locations against the rows, both ways.
  const std::string derived =
      "SELECT item_id, day, lot, kind, sum(qty_in), sum(qty_out) FROM stock_days "
      "WHERE kind <> '" + std::string(to_string(DocType::transfer)) + "' GROUP BY item_id, day, lot, kind";
  const std::string kept = "SELECT item_id, day, lot, kind, qty_in, qty_out FROM stock_flows";
  JXC_ASSIGN(std::int64_t missing, db.query_int("SELECT count(*) FROM (" + derived + " EXCEPT " + kept + ")"));
  JXC_ASSIGN(std::int64_t extra, db.query_int("SELECT count(*) FROM (" + kept + " EXCEPT " + derived + ")"));
  if (missing != 0 || extra != 0)
    return error(Errc::storage,
                 std::to_string(missing + extra) + " daily flow row(s) differ from the daily totals they add up");
  return Status::ok();
}

Result<DayFlowReader> DayFlowReader::open(store::Db& db, DayNumber first, DayNumber last, std::int64_t only_item,
                                          const TimeZone& zone) {
  JXC_ASSIGN(std::int64_t mark, day_totals_mark(db, zone));
  DayFlowReader r(&db, first, last, mark > 0);
  JXC_ASSIGN(DayTotalsMap tail, days_after_mark(db, DayRange{first, last, only_item}, zone));
  for (const auto& [k, t] : tail)
    if (!is_transfer(k.kind))
      JXC_TRY(add_named(&r.recent_[k.item_id][{k.day, k.lot}], k.kind, t.qty_in, t.qty_out, k.item_id));
  return r;
}

Status DayFlowReader::back_from_last(std::int64_t item_id, const std::function<bool(const DayFlow&)>& take) {
  // The movements after the mark not yet handed over, newest first.
  std::map<std::pair<DayNumber, std::string>, Kinds, Newest> pending;
  if (const auto found = recent_.find(item_id); found != recent_.end()) pending = found->second;
  bool more = true;
  auto hand = [&](DayNumber day, const std::string& lot, const Kinds& kinds) {
    DayFlow f{day, lot, 0, 0};
    if (!flow_of(kinds, &f)) return too_large(item_id);
    more = (f.arrived == 0 && f.issued == 0) || take(f);
    return Status::ok();
  };
  // Hands over the pending days after `day`.
  auto pending_after = [&](DayNumber day) {
    while (more && !pending.empty() && pending.begin()->first.first > day) {
      auto node = pending.extract(pending.begin());
      JXC_TRY(hand(node.key().first, node.key().second, node.mapped()));
    }
    return Status::ok();
  };
  // A day and lot of the rows, with the pending movements of the same.
  auto hand_rows = [&](DayNumber day, const std::string& lot, Kinds* kinds) {
    JXC_TRY(pending_after(day));
    if (!more) return Status::ok();
    if (auto same = pending.find({day, lot}); same != pending.end()) {
      for (const auto& k : same->second)
        if (!add(kinds, k.kind, k.in, k.out)) return too_large(item_id);
      pending.erase(same);
    }
    return hand(day, lot, *kinds);
  };
  if (rows_) {
    JXC_ASSIGN(auto* st, db_->cached("SELECT day, lot, kind, qty_in, qty_out FROM stock_flows "
                                     "WHERE item_id=?1 AND day BETWEEN ?2 AND ?3 ORDER BY day DESC, lot DESC"));
    st->bind_all(item_id, static_cast<std::int64_t>(first_), static_cast<std::int64_t>(last_));
    DayNumber day = 0;
    std::string lot;
    Kinds kinds;  // of `day` and `lot`
    Status handed = Status::ok();
    for (;;) {
      auto row = st->step();
      if (!row.is_ok()) {
        handed = row.status();
        break;
      }
      if (!*row) break;
      const auto row_day = static_cast<DayNumber>(st->int64(0));
      std::string row_lot = st->text(1);
      if (!kinds.empty() && (row_day != day || row_lot != lot)) {
        handed = hand_rows(day, lot, &kinds);
        kinds.clear();
        if (!handed.is_ok() || !more) break;
      }
      day = row_day;
      lot = std::move(row_lot);
      handed = add_named(&kinds, st->text(2), st->int64(3), st->int64(4), item_id);
      if (!handed.is_ok()) break;
    }
    st->reset();
    JXC_TRY(handed);
    if (more && !kinds.empty()) JXC_TRY(hand_rows(day, lot, &kinds));
  }
  return pending_after(first_ - 1);
}

}  // namespace jxc::inventory
