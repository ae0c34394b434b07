#include "edge/inventory/device_records.h"

#include <spdlog/spdlog.h>

#include "edge/inventory/engine.h"
#include "edge/store/sqlite.h"

namespace jxc::inventory {
namespace {
constexpr TimeMs kQuarterMs = 15 * 60 * 1000;
}  // namespace

std::string_view to_string(PassOutcome o) {
  switch (o) {
    case PassOutcome::posted: return "posted";
    case PassOutcome::held: return "held";
    case PassOutcome::none: return "none";
  }
  return "none";
}

std::string_view to_string(ScanReject r) {
  switch (r) {
    case ScanReject::unknown_barcode: return "unknown_barcode";
    case ScanReject::bad_gs1: return "bad_gs1";
    case ScanReject::unknown_bin: return "unknown_bin";
    case ScanReject::unknown_order: return "unknown_order";
    case ScanReject::not_on_order: return "not_on_order";
    case ScanReject::over_quantity: return "over_quantity";
    case ScanReject::lot_or_serial: return "lot_or_serial";
    case ScanReject::out_of_sequence: return "out_of_sequence";
    case ScanReject::refused: return "refused";
    case ScanReject::store_unavailable: return "store_unavailable";
  }
  return "refused";
}

TimeMs quarter_of(TimeMs t) {
  const TimeMs q = t / kQuarterMs * kQuarterMs;
  return q > t ? q - kQuarterMs : q;  // before the epoch: down, not towards zero
}

Status record_pass(Tx& tx, const PassRecord& r) {
  JXC_ASSIGN(auto* st, tx.db().cached(
                           "INSERT INTO device_passes(door, closed_at, direction, outcome, missing, unexpected, "
                           "ambiguous, other, document) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9)"));
  st->bind_all(r.door, r.closed_at, r.direction, std::string(to_string(r.outcome)),
               static_cast<std::int64_t>(r.reasons.missing), static_cast<std::int64_t>(r.reasons.unexpected),
               static_cast<std::int64_t>(r.reasons.ambiguous), static_cast<std::int64_t>(r.reasons.other), r.document);
  return st->run();
}

Status tally_scan(Tx& tx, const std::string& scanner, TimeMs at, std::string_view reason) {
  JXC_ASSIGN(auto* st, tx.db().cached(
                           "INSERT INTO scan_tallies(scanner, quarter, reason, n) VALUES(?1,?2,?3,1) "
                           "ON CONFLICT(quarter, scanner, reason) DO UPDATE SET n = n + 1"));
  st->bind_all(scanner, quarter_of(at), std::string(reason));
  return st->run();
}

Result<std::int64_t> prune_device_records(Tx& tx, TimeMs older_than) {
  JXC_ASSIGN(auto* passes, tx.db().cached("DELETE FROM device_passes WHERE closed_at < ?1"));
  passes->bind_all(older_than);
  JXC_TRY(passes->run());
  std::int64_t n = tx.db().changes();
  JXC_ASSIGN(auto* tallies, tx.db().cached("DELETE FROM scan_tallies WHERE quarter < ?1"));
  tallies->bind_all(quarter_of(older_than));
  JXC_TRY(tallies->run());
  return n + tx.db().changes();
}

void record_pass_later(Engine& engine, PassRecord r) {
  const std::string door = r.door;
  engine.submit_async<bool>([r = std::move(r)](Tx& tx) -> Result<bool> {
    JXC_TRY(record_pass(tx, r));
    return true;
  },
  [door](Result<bool> done) {
    if (!done) spdlog::warn("device records: a pass at door {} was not recorded: {}", door, done.status().to_string());
  });
}

void tally_scan_later(Engine& engine, const std::string& scanner, TimeMs at, std::string_view reason) {
  engine.submit_async<bool>([scanner, at, reason = std::string(reason)](Tx& tx) -> Result<bool> {
    JXC_TRY(tally_scan(tx, scanner, at, reason));
    return true;
  },
  [scanner](Result<bool> done) {
    if (!done) spdlog::warn("device records: a scan of {} was not counted: {}", scanner, done.status().to_string());
  });
}

Result<std::int64_t> prune_device_records(Engine& engine, TimeMs older_than) {
  return engine.run<std::int64_t>([older_than](Tx& tx) { return prune_device_records(tx, older_than); });
}

}  // namespace jxc::inventory
