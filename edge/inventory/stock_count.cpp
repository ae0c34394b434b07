#include "edge/inventory/stock_count.h"

#include <algorithm>
#include <cstdlib>
#include <iterator>
#include <map>
#include <set>

#include "edge/inventory/actors.h"
#include "edge/inventory/count_state.h"
#include "edge/inventory/document_events.h"
#include "edge/inventory/documents.h"
#include "edge/inventory/ledger.h"
#include "edge/inventory/serials.h"
#include "edge/store/sqlite.h"

namespace jxc::inventory {
namespace {

/// Every bin at or below a location.
Result<std::vector<std::int64_t>> bins_under(Tx& tx, const LocationInfo& loc) {
  if (loc.is_virtual())
    return error(Errc::invalid_argument, "'" + loc.code + "' is virtual and cannot be counted");
  JXC_ASSIGN(auto* st, tx.db().cached(
                           "WITH RECURSIVE below(id) AS (SELECT ?1 UNION ALL "
                           "SELECT l.id FROM locations l JOIN below b ON l.parent_id=b.id) "
                           "SELECT l.id FROM locations l JOIN below b ON b.id=l.id WHERE l.kind='bin'"));
  st->bind_all(loc.id);
  std::vector<std::int64_t> out;
  for (;;) {
    JXC_ASSIGN(bool row, st->step());
    if (!row) break;
    out.push_back(st->int64(0));
  }
  return out;
}

/// Which units of a serial-tracked item differ at a bin: the serials counted
/// in its round against those booked there now, which are the ones booked at
/// the round unless the item moved at the bin since (then serials_unknown).
Status compare_serials(store::Db& db, std::int64_t doc_id, std::int64_t bin_id, std::int64_t round_mark,
                       const std::pair<std::int64_t, std::string>& item_lot, std::vector<std::string> counted,
                       CountLine* line) {
  JXC_ASSIGN(auto* moved, db.cached(
                              "SELECT EXISTS (SELECT 1 FROM movements WHERE id>?1 AND item_id=?2 AND lot=?3 "
                              "AND (from_location=?4 OR to_location=?4) AND doc_id<>?5)"));
  moved->bind_all(round_mark, item_lot.first, item_lot.second, bin_id, doc_id);
  JXC_ASSIGN(bool row, moved->step());
  const bool moved_since = row && moved->int64(0) != 0;
  moved->reset();
  if (moved_since || static_cast<Qty>(counted.size()) != line->counted) {
    line->serials_unknown = true;
    return Status::ok();
  }
  JXC_ASSIGN(auto* st, db.cached(
                           "SELECT serial FROM serials WHERE item_id=?1 AND location_id=?2 AND lot=?3 "
                           "AND status='in_stock' ORDER BY serial"));
  st->bind_all(item_lot.first, bin_id, item_lot.second);
  std::vector<std::string> booked;
  for (;;) {
    JXC_ASSIGN(bool more, st->step());
    if (!more) break;
    booked.push_back(st->text(0));
  }
  std::sort(counted.begin(), counted.end());
  std::set_difference(counted.begin(), counted.end(), booked.begin(), booked.end(), std::back_inserter(line->found));
  std::set_difference(booked.begin(), booked.end(), counted.begin(), counted.end(),
                      std::back_inserter(line->missing));
  return Status::ok();
}

}  // namespace

Result<DocumentResult> open_count(Tx& tx, const CountOpen& req) {
  if (req.locations.empty()) return error(Errc::invalid_argument, "a count needs at least one location");
  if (req.tolerance_qty < 0) return error(Errc::invalid_argument, "count tolerance must not be negative");
  if (req.opened_by.empty()) return error(Errc::invalid_argument, "who opens the count is required");
  std::set<std::int64_t> bins;
  for (const auto& code : req.locations) {
    JXC_ASSIGN(auto loc, tx.location(code));
    JXC_ASSIGN(auto below, bins_under(tx, loc));
    if (below.empty()) return error(Errc::invalid_argument, "'" + code + "' has no bins to count");
    bins.insert(below.begin(), below.end());
  }
  // A bin already under an open count would get two competing approvals.
  for (std::int64_t bin : bins) {
    JXC_ASSIGN(auto* busy, tx.db().cached(
                               "SELECT d.number, l.code FROM count_scope s JOIN documents d ON d.id=s.doc_id "
                               "JOIN locations l ON l.id=s.location_id "
                               "WHERE s.location_id=?1 AND d.state='confirmed'"));
    busy->bind_all(bin);
    JXC_ASSIGN(bool row, busy->step());
    if (row)
      return error(Errc::conflict, "bin " + busy->text(1) + " is already being counted in " + busy->text(0));
  }
  std::string number = req.number;
  if (number.empty()) {
    JXC_ASSIGN(number, next_document_number(tx, DocType::count));
  }
  JXC_ASSIGN(auto* ins, tx.db().cached(
                            "INSERT INTO documents(type,number,state,source,occurred_at,created_at,confirmed_at) "
                            "VALUES('count',?1,'confirmed',?2,?3,?3,?3)"));
  ins->bind_all(number, req.opened_by, tx.now());
  if (Status s = ins->run(); !s) {
    if (s.code() == Errc::conflict) return error(Errc::conflict, "document number '" + number + "' is taken");
    return s;
  }
  std::int64_t doc_id = tx.db().last_insert_rowid();
  JXC_ASSIGN(std::int64_t mark, ledger_mark(tx));
  JXC_ASSIGN(auto* cs, tx.db().cached(
                           "INSERT INTO count_sessions(doc_id,ledger_mark,tolerance_qty,opened_by,blind) "
                           "VALUES(?1,?2,?3,?4,?5)"));
  cs->bind_all(doc_id, mark, req.tolerance_qty, req.opened_by, std::int64_t{req.blind ? 1 : 0});
  JXC_TRY(cs->run());
  for (const auto& sku : req.items) {
    JXC_ASSIGN(auto item, tx.item(sku));
    JXC_ASSIGN(auto* ci, tx.db().cached("INSERT OR IGNORE INTO count_items(doc_id,item_id) VALUES(?1,?2)"));
    ci->bind_all(doc_id, item.id);
    JXC_TRY(ci->run());
  }
  for (std::int64_t bin : bins) {
    JXC_ASSIGN(auto* sc, tx.db().cached("INSERT INTO count_scope(doc_id,location_id) VALUES(?1,?2)"));
    sc->bind_all(doc_id, bin);
    JXC_TRY(sc->run());
    JXC_ASSIGN(auto* snap, tx.db().cached(
                               "INSERT INTO count_snapshot(doc_id,location_id,item_id,lot,book_qty) "
                               "SELECT ?1, location_id, item_id, lot, qty FROM balances "
                               "WHERE location_id=?2 AND qty<>0 AND (NOT EXISTS "
                               "(SELECT 1 FROM count_items WHERE doc_id=?1) OR item_id IN "
                               "(SELECT item_id FROM count_items WHERE doc_id=?1))"));
    snap->bind_all(doc_id, bin);
    JXC_TRY(snap->run());
  }
  return document_result(tx, doc_id);
}

Result<DocumentResult> record_count(Tx& tx, const CountEntry& e) {
  JXC_ASSIGN(auto s, find_count(tx.db(), e.count));
  JXC_TRY(require_counting(s, e.count));
  if (e.counter.empty()) return error(Errc::invalid_argument, "who counted is required");
  JXC_ASSIGN(auto loc, tx.location(e.location));
  JXC_ASSIGN(auto* in_scope, tx.db().cached(
                                 "SELECT 1 FROM count_scope WHERE doc_id=?1 AND location_id=?2"));
  in_scope->bind_all(s.doc_id, loc.id);
  JXC_ASSIGN(bool ok, in_scope->step());
  if (!ok) return error(Errc::invalid_argument, "bin " + e.location + " is not part of count " + e.count);

  struct Found {
    Qty qty = 0;
    std::set<std::string> serials;  // serial-tracked items: the units found
  };
  std::map<std::pair<std::int64_t, std::string>, Found> found;
  for (std::size_t i = 0; i < e.lines.size(); ++i) {
    const auto& l = e.lines[i];
    auto item = tx.item(l.sku);
    if (!item) return item.status().on_line(i + 1);
    Qty qty = l.qty;
    if (!l.entered.empty()) {
      auto stored = to_stored(l.entered, l.unit, item->units, l.sku);
      if (!stored) return stored.status().on_line(i + 1);
      qty = *stored;
    }
    if (qty < 0)
      return error(Errc::invalid_argument, "line " + std::to_string(i + 1) + ": a counted quantity is never negative");
    if (item->lot_tracked && l.lot.empty())
      return error(Errc::invalid_argument, "line " + std::to_string(i + 1) + ": item " + l.sku +
                                               " is lot-tracked: count it per lot");
    JXC_ASSIGN(bool covered, count_covers_item(tx.db(), s.doc_id, item->id));
    if (!covered)
      return error(Errc::invalid_argument,
                   "line " + std::to_string(i + 1) + ": item " + l.sku + " is not part of count " + e.count);
    // A serial-tracked item is counted by its units' serials, one per unit.
    if (Status st = check_counted_serials(*item, qty, l.serials); !st) return st.on_line(i + 1);
    Found& f = found[{item->id, l.lot}];
    f.qty += qty;
    for (const auto& serial : l.serials)
      if (!f.serials.insert(serial).second)
        return error(Errc::invalid_argument, "line " + std::to_string(i + 1) + ": serial " + serial + " of " +
                                                 l.sku + " is counted twice");
  }
  JXC_ASSIGN(auto* last, tx.db().cached(
                             "SELECT coalesce(max(round),0) FROM count_rounds WHERE doc_id=?1 AND location_id=?2"));
  last->bind_all(s.doc_id, loc.id);
  JXC_ASSIGN(bool row, last->step());
  (void)row;
  std::int64_t round = last->int64(0) + 1;
  JXC_ASSIGN(std::int64_t mark, ledger_mark(tx));
  JXC_ASSIGN(auto* r, tx.db().cached(
                          "INSERT INTO count_rounds(doc_id,location_id,round,counter,ledger_mark,entered_at) "
                          "VALUES(?1,?2,?3,?4,?5,?6)"));
  r->bind_all(s.doc_id, loc.id, round, e.counter, mark, tx.now());
  JXC_TRY(r->run());
  JXC_ASSIGN(auto* who, tx.db().cached("INSERT OR IGNORE INTO count_counters(doc_id,counter) VALUES(?1,?2)"));
  who->bind_all(s.doc_id, e.counter);
  JXC_TRY(who->run());
  for (const auto& [key, f] : found) {
    JXC_ASSIGN(auto* en, tx.db().cached(
                             "INSERT INTO count_entries(doc_id,location_id,round,item_id,lot,qty,serials) "
                             "VALUES(?1,?2,?3,?4,?5,?6,?7)"));
    en->bind_all(s.doc_id, loc.id, round, key.first, key.second, f.qty,
                 serials_json({f.serials.begin(), f.serials.end()}));
    JXC_TRY(en->run());
  }
  return document_result(tx, s.doc_id);
}

Result<CountReport> count_report(store::Db& db, const std::string& number) {
  JXC_ASSIGN(auto s, find_count(db, number));
  CountReport rep;
  rep.number = number;
  rep.state = s.state;

  struct Bin {
    std::int64_t id;
    std::string code;
    std::int64_t round, rounds, mark;
    bool recount_requested;
  };
  std::vector<Bin> bins;
  JXC_ASSIGN(auto* bs, db.cached(
                           "SELECT l.id, l.code, max(r.round), count(r.round), "
                           "(SELECT ledger_mark FROM count_rounds x WHERE x.doc_id=s.doc_id AND "
                           " x.location_id=s.location_id ORDER BY round DESC LIMIT 1), "
                           "EXISTS (SELECT 1 FROM count_recounts q WHERE q.doc_id=s.doc_id AND "
                           " q.location_id=s.location_id AND q.after_round=(SELECT max(round) FROM count_rounds y "
                           " WHERE y.doc_id=s.doc_id AND y.location_id=s.location_id)) "
                           "FROM count_scope s JOIN locations l ON l.id=s.location_id "
                           "LEFT JOIN count_rounds r ON r.doc_id=s.doc_id AND r.location_id=s.location_id "
                           "WHERE s.doc_id=?1 GROUP BY l.id ORDER BY l.code"));
  bs->bind_all(s.doc_id);
  for (;;) {
    JXC_ASSIGN(bool row, bs->step());
    if (!row) break;
    if (bs->is_null(2)) {
      rep.uncounted.push_back(bs->text(1));
      continue;
    }
    bins.push_back({bs->int64(0), bs->text(1), bs->int64(2), bs->int64(3), bs->int64(4), bs->int64(5) != 0});
    if (bins.back().recount_requested) rep.recount_requested.push_back(bins.back().code);
  }

  for (const Bin& b : bins) {
    struct Acc {
      Qty book = 0, counted = 0;
      std::vector<std::string> counted_serials;
    };
    std::map<std::pair<std::int64_t, std::string>, Acc> acc;
    JXC_ASSIGN(auto* snap, db.cached(
                               "SELECT item_id, lot, book_qty FROM count_snapshot "
                               "WHERE doc_id=?1 AND location_id=?2"));
    snap->bind_all(s.doc_id, b.id);
    for (;;) {
      JXC_ASSIGN(bool row, snap->step());
      if (!row) break;
      acc[{snap->int64(0), snap->text(1)}].book += snap->int64(2);
    }
    // What moved at this bin between the count's start and this bin's round.
    JXC_ASSIGN(auto* mv, db.cached(
                             "SELECT item_id, lot, sum(CASE WHEN to_location=?1 THEN qty ELSE -qty END) "
                             "FROM movements WHERE id>?2 AND id<=?3 AND doc_id<>?4 "
                             "AND (from_location=?1 OR to_location=?1) AND (NOT EXISTS "
                             "(SELECT 1 FROM count_items WHERE doc_id=?4) OR item_id IN "
                             "(SELECT item_id FROM count_items WHERE doc_id=?4)) GROUP BY item_id, lot"));
    mv->bind_all(b.id, s.ledger_mark, b.mark, s.doc_id);
    for (;;) {
      JXC_ASSIGN(bool row, mv->step());
      if (!row) break;
      acc[{mv->int64(0), mv->text(1)}].book += mv->int64(2);
    }
    JXC_ASSIGN(auto* en, db.cached(
                             "SELECT item_id, lot, qty, serials FROM count_entries "
                             "WHERE doc_id=?1 AND location_id=?2 AND round=?3"));
    en->bind_all(s.doc_id, b.id, b.round);
    for (;;) {
      JXC_ASSIGN(bool row, en->step());
      if (!row) break;
      Acc& a = acc[{en->int64(0), en->text(1)}];
      a.counted += en->int64(2);
      if (!en->is_null(3)) a.counted_serials = serials_from_json(en->text(3));
    }
    for (const auto& [key, a] : acc) {
      if (a.book == 0 && a.counted == 0) continue;
      JXC_ASSIGN(auto* it, db.cached("SELECT sku, unit_cost, serial_tracked FROM items WHERE id=?1"));
      it->bind_all(key.first);
      JXC_ASSIGN(bool row, it->step());
      if (!row) return error(Errc::storage, "count " + number + " names an item that is gone");
      CountLine line;
      line.location = b.code;
      line.sku = it->text(0);
      line.lot = key.second;
      line.book = a.book;
      line.counted = a.counted;
      line.variance = a.counted - a.book;
      line.value = static_cast<double>(line.variance) * it->real(1);
      line.rounds = static_cast<int>(b.rounds);
      if (it->int64(2) != 0) JXC_TRY(compare_serials(db, s.doc_id, b.id, b.mark, key, a.counted_serials, &line));
      const bool differs = line.variance != 0 || !line.found.empty() || !line.missing.empty();
      line.recount = (std::llabs(line.variance) > s.tolerance && b.rounds < 2) || (b.recount_requested && differs);
      rep.total_value += line.value;
      rep.lines.push_back(std::move(line));
    }
  }
  return rep;
}

Result<DocumentResult> approve_count(Tx& tx, const std::string& number, const std::string& approver,
                                     bool force) {
  if (approver.empty()) return error(Errc::invalid_argument, "who approves the count is required");
  JXC_ASSIGN(auto s, find_count(tx.db(), number));
  if (s.state != DocState::confirmed)
    return error(Errc::invalid_state, "count " + number + " is " + std::string(to_string(s.state)) +
                                          " and cannot be approved");
  JXC_ASSIGN(auto counters, count_counters(tx.db(), s.doc_id));
  if (tx.options().four_eyes)
    for (const auto& c : counters)
      if (person_of(c) == person_of(approver))
        return error(Errc::four_eyes, "count " + number + " was counted by " + c +
                                          "; someone who did not count it must approve it")
            .with("subject", "count")
            .with("number", number)
            .with("by", c);
  JXC_ASSIGN(auto rep, count_report(tx.db(), number));
  if (!force) {
    if (!rep.uncounted.empty())
      return error(Errc::invalid_state, "count " + number + " has " + std::to_string(rep.uncounted.size()) +
                                            " uncounted bin(s), first " + rep.uncounted.front() +
                                            "; count them or approve with force");
    for (const auto& l : rep.lines)
      if (l.recount)
        return error(Errc::invalid_state, "count " + number + ": " + l.sku + " at " + l.location +
                                              " differs by " + std::to_string(l.variance) +
                                              " and awaits a recount; recount it or approve with force");
  }
  // The adjustments, in the report's order; a serial-tracked item's gains
  // come after every loss, so that a unit counted in one bin of the count
  // and booked in another leaves the one before it enters the other.
  struct Adjustment {
    const CountLine* line;
    Qty qty;  // signed: + gain into the bin, - loss from it
    std::vector<std::string> serials;
  };
  std::vector<Adjustment> planned, serial_gains;
  for (const auto& l : rep.lines) {
    JXC_ASSIGN(auto item, tx.item(l.sku));
    if (!item.serial_tracked) {
      if (l.variance != 0) planned.push_back({&l, l.variance, {}});
      continue;
    }
    if (l.serials_unknown)
      return error(Errc::invalid_state, "cannot approve " + number + ": " + l.sku + " at " + l.location +
                                            " is serial-tracked and which units differ is not known (it moved "
                                            "there after the bin was counted, or the count named no serials); "
                                            "recount the bin by serial")
          .with("sku", l.sku)
          .with("location", l.location);
    if (!l.missing.empty()) planned.push_back({&l, -static_cast<Qty>(l.missing.size()), l.missing});
    if (!l.found.empty()) serial_gains.push_back({&l, static_cast<Qty>(l.found.size()), l.found});
  }
  planned.insert(planned.end(), serial_gains.begin(), serial_gains.end());

  JXC_ASSIGN(auto adj, tx.location(std::string(kAdjustment)));
  std::int64_t n = 0;
  for (const auto& a : planned) {
    const CountLine& l = *a.line;
    ++n;
    JXC_ASSIGN(auto item, tx.item(l.sku));
    JXC_ASSIGN(auto bin, tx.location(l.location));
    const bool gain = a.qty > 0;
    const LocationInfo& from = gain ? adj : bin;
    const LocationInfo& to = gain ? bin : adj;
    Qty qty = gain ? a.qty : -a.qty;
    JXC_ASSIGN(auto* li, tx.db().cached(
                             "INSERT INTO document_lines(doc_id,line_no,item_id,lot,qty,from_location,"
                             "to_location,flag,serials) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9)"));
    li->bind_all(s.doc_id, n, item.id, l.lot, a.qty, from.id, to.id,
                 std::string(gain ? "gain" : "loss") + (l.recount ? ",recount-waived" : ""), serials_json(a.serials));
    JXC_TRY(li->run());
    MovementDraft m;
    m.doc_id = s.doc_id;
    m.item = &item;
    m.lot = l.lot;
    m.from = &from;
    m.to = &to;
    m.qty = qty;
    m.serials = a.serials;
    m.reason = gain ? "count gain" : "count loss";
    m.source = approver;
    m.occurred_at = tx.now();
    m.idempotency_key = number + "/" + std::to_string(n);
    auto posted = post_movement(tx, m);
    if (!posted)
      return error(posted.status().code(), "cannot approve " + number + ": " + posted.status().reason());
  }
  JXC_ASSIGN(auto* up, tx.db().cached("UPDATE count_sessions SET approved_by=?2 WHERE doc_id=?1"));
  up->bind_all(s.doc_id, approver);
  JXC_TRY(up->run());
  // The people behind the adjustments travel with the approval's event.
  std::string note = "counted by ";
  for (std::size_t i = 0; i < counters.size(); ++i) note += (i ? ", " : "") + counters[i];
  if (counters.empty()) note += "nobody";
  note += "; approved by " + approver;
  JXC_ASSIGN(auto* nt, tx.db().cached("UPDATE documents SET note=?2 WHERE id=?1"));
  nt->bind_all(s.doc_id, note);
  JXC_TRY(nt->run());
  JXC_TRY(set_state(tx, s.doc_id, DocState::posted));
  JXC_TRY(append_document_event(tx, s.doc_id, "count.approved"));
  return document_result(tx, s.doc_id);
}

}  // namespace jxc::inventory
