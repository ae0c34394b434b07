#include "edge/inventory/count_workflow.h"

#include <algorithm>
#include <set>

#include "edge/inventory/count_state.h"
#include "edge/inventory/ledger.h"
#include "edge/inventory/serials.h"
#include "edge/inventory/stock_count.h"
#include "edge/store/sqlite.h"

namespace jxc::inventory {
namespace {

Result<LocationInfo> bin_of(Tx& tx, const CountState& s, const std::string& number, const std::string& code) {
  JXC_ASSIGN(auto loc, tx.location(code));
  JXC_ASSIGN(auto* st, tx.db().cached("SELECT 1 FROM count_scope WHERE doc_id=?1 AND location_id=?2"));
  st->bind_all(s.doc_id, loc.id);
  JXC_ASSIGN(bool in_scope, st->step());
  st->reset();
  if (!in_scope) return error(Errc::invalid_argument, "bin " + code + " is not part of count " + number);
  return loc;
}

/// The bin's latest round (0: never counted) and whether a recount of it was asked for since.
struct BinRound {
  std::int64_t round = 0;
  bool recount_requested = false;
};

Result<BinRound> bin_round(Tx& tx, std::int64_t doc_id, std::int64_t location_id) {
  JXC_ASSIGN(auto* st, tx.db().cached(
                           "WITH latest(round) AS (SELECT coalesce(max(round),0) FROM count_rounds "
                           "WHERE doc_id=?1 AND location_id=?2) SELECT latest.round, EXISTS (SELECT 1 FROM "
                           "count_recounts q WHERE q.doc_id=?1 AND q.location_id=?2 AND q.after_round=latest.round) "
                           "FROM latest"));
  st->bind_all(doc_id, location_id);
  JXC_ASSIGN(bool row, st->step());
  BinRound b;
  if (row) b = {st->int64(0), st->int64(1) != 0};
  st->reset();
  return b;
}

CountProgress progress(CountProgress::Step step, const std::string& number, const std::string& by, bool blind) {
  CountProgress p;
  p.step = step;
  p.count = number;
  p.by = by;
  p.blind = blind;
  return p;
}

}  // namespace

Result<CountLineResult> record_count_line(Tx& tx, const CountLineEntry& e) {
  JXC_ASSIGN(auto s, find_count(tx.db(), e.count));
  JXC_TRY(require_counting(s, e.count));
  if (e.counter.empty()) return error(Errc::invalid_argument, "who counted is required");
  if (e.qty < 0) return error(Errc::invalid_argument, "a counted quantity is never negative");
  JXC_ASSIGN(auto loc, bin_of(tx, s, e.count, e.location));
  JXC_ASSIGN(auto item, tx.item(e.sku));
  if (item.lot_tracked && e.lot.empty())
    return error(Errc::invalid_argument, "item " + e.sku + " is lot-tracked: count it per lot");
  JXC_ASSIGN(bool covered, count_covers_item(tx.db(), s.doc_id, item.id));
  if (!covered) return error(Errc::invalid_argument, "item " + e.sku + " is not part of count " + e.count);
  // A serial-tracked item is counted by its units' serials, one per unit.
  JXC_TRY(check_counted_serials(item, e.qty, e.serials));
  std::vector<std::string> serials = e.serials;
  std::sort(serials.begin(), serials.end());

  JXC_ASSIGN(auto b, bin_round(tx, s.doc_id, loc.id));
  std::int64_t round = b.round;
  if (round == 0 || b.recount_requested) {
    ++round;
    JXC_ASSIGN(std::int64_t mark, ledger_mark(tx));
    JXC_ASSIGN(auto* r, tx.db().cached(
                            "INSERT INTO count_rounds(doc_id,location_id,round,counter,ledger_mark,entered_at) "
                            "VALUES(?1,?2,?3,?4,?5,?6)"));
    r->bind_all(s.doc_id, loc.id, round, e.counter, mark, tx.now());
    JXC_TRY(r->run());
  }
  JXC_ASSIGN(auto* en, tx.db().cached(
                           "INSERT INTO count_entries(doc_id,location_id,round,item_id,lot,qty,serials) "
                           "VALUES(?1,?2,?3,?4,?5,?6,?7) ON CONFLICT(doc_id,location_id,round,item_id,lot) "
                           "DO UPDATE SET qty=excluded.qty, serials=excluded.serials"));
  en->bind_all(s.doc_id, loc.id, round, item.id, e.lot, e.qty, serials_json(serials));
  JXC_TRY(en->run());
  JXC_ASSIGN(auto* who, tx.db().cached("INSERT OR IGNORE INTO count_counters(doc_id,counter) VALUES(?1,?2)"));
  who->bind_all(s.doc_id, e.counter);
  JXC_TRY(who->run());
  CountProgress done = progress(CountProgress::Step::line, e.count, e.counter, s.blind);
  done.bin = loc.code;
  done.sku = item.sku;
  done.lot = e.lot;
  done.qty = e.qty;
  done.round = round;
  tx.effects().counts.push_back(std::move(done));
  return CountLineResult{e.count, loc.code, item.sku, e.lot, round, e.qty};
}

Result<std::vector<std::string>> request_recount(Tx& tx, const std::string& number,
                                                 const std::vector<std::string>& bins, const std::string& by) {
  JXC_ASSIGN(auto s, find_count(tx.db(), number));
  if (s.state != DocState::confirmed)
    return error(Errc::invalid_state, "count " + number + " is " + std::string(to_string(s.state)) +
                                          " and takes no more counting");
  if (by.empty()) return error(Errc::invalid_argument, "who asks for the recount is required");
  std::vector<std::string> chosen = bins;
  if (chosen.empty()) {
    JXC_ASSIGN(auto rep, count_report(tx.db(), number));
    std::set<std::string> with_variance;
    for (const auto& l : rep.lines)
      if (l.variance != 0 || !l.found.empty() || !l.missing.empty() || l.serials_unknown)
        with_variance.insert(l.location);
    chosen.assign(with_variance.begin(), with_variance.end());
    if (chosen.empty()) return error(Errc::invalid_state, "no bin of count " + number + " differs from the book");
  }
  std::vector<std::string> out;
  for (const auto& code : chosen) {
    JXC_ASSIGN(auto loc, bin_of(tx, s, number, code));
    JXC_ASSIGN(auto b, bin_round(tx, s.doc_id, loc.id));
    if (b.round == 0) return error(Errc::invalid_state, "bin " + code + " of count " + number + " is not counted yet");
    JXC_ASSIGN(auto* st, tx.db().cached(
                             "INSERT OR IGNORE INTO count_recounts(doc_id,location_id,after_round,requested_by,"
                             "requested_at) VALUES(?1,?2,?3,?4,?5)"));
    st->bind_all(s.doc_id, loc.id, b.round, by, tx.now());
    JXC_TRY(st->run());
    out.push_back(loc.code);
  }
  JXC_ASSIGN(auto* up, tx.db().cached(
                           "UPDATE count_sessions SET submitted_by=NULL, submitted_at=NULL WHERE doc_id=?1"));
  up->bind_all(s.doc_id);
  JXC_TRY(up->run());
  CountProgress asked = progress(CountProgress::Step::recount, number, by, s.blind);
  asked.bins = out;
  tx.effects().counts.push_back(std::move(asked));
  return out;
}

Status submit_count(Tx& tx, const std::string& number, const std::string& by) {
  JXC_ASSIGN(auto s, find_count(tx.db(), number));
  JXC_TRY(require_counting(s, number));
  if (by.empty()) return error(Errc::invalid_argument, "who submits the count is required");
  JXC_ASSIGN(auto* st, tx.db().cached(
                           "UPDATE count_sessions SET submitted_by=?2, submitted_at=?3 WHERE doc_id=?1"));
  st->bind_all(s.doc_id, by, tx.now());
  JXC_TRY(st->run());
  tx.effects().counts.push_back(progress(CountProgress::Step::submitted, number, by, s.blind));
  return Status::ok();
}

Status reopen_count(Tx& tx, const std::string& number, const std::string& by) {
  JXC_ASSIGN(auto s, find_count(tx.db(), number));
  if (s.state != DocState::confirmed || !s.submitted())
    return error(Errc::invalid_state, "count " + number + " is " +
                                          (s.state == DocState::confirmed ? std::string("still being counted")
                                                                          : std::string(to_string(s.state))) +
                                          "; only a submitted count can be reopened");
  JXC_ASSIGN(auto* st, tx.db().cached(
                           "UPDATE count_sessions SET submitted_by=NULL, submitted_at=NULL WHERE doc_id=?1"));
  st->bind_all(s.doc_id);
  JXC_TRY(st->run());
  tx.effects().counts.push_back(progress(CountProgress::Step::reopened, number, by, s.blind));
  return Status::ok();
}

const char* event_name(CountProgress::Step s) {
  switch (s) {
    case CountProgress::Step::line: return "count.line";
    case CountProgress::Step::recount: return "count.recount";
    case CountProgress::Step::submitted: return "count.submitted";
    case CountProgress::Step::reopened: return "count.reopened";
  }
  return "count.line";
}

Result<DocumentResult> approve_submitted_count(Tx& tx, const std::string& number, const std::string& approver,
                                               bool force) {
  JXC_ASSIGN(auto s, find_count(tx.db(), number));
  if (s.state == DocState::confirmed && !s.submitted())
    return error(Errc::invalid_state, "count " + number + " is still being counted; submit it first");
  return approve_count(tx, number, approver, force);
}

}  // namespace jxc::inventory
