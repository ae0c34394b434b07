#pragma once
// What the devices did, kept for the device performance report
// (device_performance.h): one row per settled RFID portal pass, and per
// scanner and quarter hour the scans accepted and rejected by reason. The
// devices hand their records to the engine's writer and go on: a record the
// store does not take is logged and lost, never a reason to stop a pass or a
// scan. Rows older than `[store] device_record_days` are pruned with the
// outbox.

#include <cstdint>
#include <string>
#include <string_view>

#include "edge/common/clock.h"
#include "edge/common/status.h"
#include "edge/inventory/tx.h"

namespace jxc::inventory {

class Engine;

/// What became of a settled pass.
enum class PassOutcome { posted, held, none };
std::string_view to_string(PassOutcome o);

/// Why a pass was held for review; more than one may be true.
struct PassReasons {
  bool missing = false;     // the order expected goods that were not read
  bool unexpected = false;  // tags, pallets or quantities the order (or master data) does not name, or no order
  bool ambiguous = false;   // tags also read at another door
  bool other = false;       // anything else: no direction, lot or serial rules, a refused post
};

struct PassRecord {
  std::string door;
  TimeMs closed_at = 0;
  std::string direction;  // inbound, outbound, unknown
  PassOutcome outcome = PassOutcome::none;
  PassReasons reasons;
  std::string document;  // "" for none
};

/// Why a scan was rejected, as the scan processing tells it.
enum class ScanReject {
  unknown_barcode,   // no item, bin or order has the label
  bad_gs1,           // GS1 data that does not parse, or without a GTIN
  unknown_bin,       // a location label that is not a bin, or no such location
  unknown_order,     // no such order or count, or of the other kind
  not_on_order,      // the item is not on the order scanned
  over_quantity,     // more than the pick list asks for
  lot_or_serial,     // a lot- or serial-tracked item scanned without its lot or serial
  out_of_sequence,   // the scan does not fit the workflow's step (scan the bin first, ...)
  refused,           // the engine refused the posting (stock, quarantine, state)
  store_unavailable  // the store could not take it
};
std::string_view to_string(ScanReject r);
/// Every reason, in the order of the enum.
inline constexpr ScanReject kScanRejects[] = {
    ScanReject::unknown_barcode, ScanReject::bad_gs1,       ScanReject::unknown_bin,     ScanReject::unknown_order,
    ScanReject::not_on_order,    ScanReject::over_quantity, ScanReject::lot_or_serial,   ScanReject::out_of_sequence,
    ScanReject::refused,         ScanReject::store_unavailable};

/// The quarter hour (UTC, as ms since the epoch) `t` falls in.
TimeMs quarter_of(TimeMs t);

// ---- writes (on the engine's writer) ----

Status record_pass(Tx& tx, const PassRecord& r);
/// Adds one scan to the tally of its scanner and quarter; `reason` "" for
/// an accepted scan, a ScanReject's name otherwise.
Status tally_scan(Tx& tx, const std::string& scanner, TimeMs at, std::string_view reason);
/// Deletes passes and tallies from before `older_than`; how many rows.
Result<std::int64_t> prune_device_records(Tx& tx, TimeMs older_than);

// ---- the same through the engine, without waiting ----

void record_pass_later(Engine& engine, PassRecord r);
void tally_scan_later(Engine& engine, const std::string& scanner, TimeMs at, std::string_view reason);
/// Waits for the commit.
Result<std::int64_t> prune_device_records(Engine& engine, TimeMs older_than);

}  // namespace jxc::inventory
