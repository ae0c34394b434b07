#pragma once
// Turns scans into warehouse work. Each scanner has a workflow state machine
// in one of four modes, set from its configuration or by a command label:
//
//   receive  document label (expected receipt), bin, then items: each item
//            posts a receipt line against the order (+1, or AI 37/30; lot and
//            expiry from AI 10/17).
//   pick     pick list, the bin picked from, then items: each item is checked
//            against the pick list and posts an issue; others are rejected.
//   move     from-bin, items (held), to-bin: the to-bin posts one transfer.
//   count    count sheet label, bin, items (held); the next bin or finish
//            records the bin's round (blind: no book figure is ever shown).
//            Counting a bin again is a recount.
//
// A serial-tracked item is booked one unit per scan, by the serial (AI 21) on
// the unit's own label; a label without one is refused, and so is a serial
// scanned twice into one move or one bin's count.
//
// Every scan gets an immediate ScanResult; nothing a rejected scan carried is
// half-applied. Writes go through the Engine (blocking until committed), reads
// through a Queries connection of the processor's own.
//
// Every posting carries an idempotency key derived from the scan (scanner,
// time, sequence and the processor's run), so trying it again never books it
// twice. A posting the store cannot take for a passing reason (locked by
// another process past the busy timeout, a full disk) is accepted and waits
// in a devices::RetryQueue (health id "scanners/store-retries") until it is
// booked or refused for good; the scanner's later postings queue behind it,
// and undo waits until it is booked. What becomes of it is added to the
// scanner's results (kind "posting").
//
// Thread-safety: every method may be called from any thread (each scanner
// driver has its own). Scans of one scanner are handled one at a time; scans
// of different scanners run at once, each scanner reading through its own
// Queries connection, so their commits can share the engine's group commit.

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "edge/common/clock.h"
#include "edge/common/status.h"
#include "edge/devices/retry_queue.h"
#include "edge/inventory/engine.h"
#include "edge/inventory/queries.h"
#include "edge/scan/labels.h"
#include "edge/scan/results.h"

namespace jxc::scan {

struct ScannerSetup {
  std::string id;
  Mode mode = Mode::receive;
  std::string user;  // recorded as the documents' source and the counter; default: id
  /// Receipts' inspection result (到货验收): none, accepted or quarantine.
  inventory::Inspection receipt_inspection = inventory::Inspection::none;
};

class ScanProcessor {
 public:
  static Result<std::unique_ptr<ScanProcessor>> open(inventory::Engine& engine,
                                                     const std::string& store_path,
                                                     LabelPatterns labels,
                                                     const Clock& clock = SystemClock::instance(),
                                                     std::size_t keep_results = 100,
                                                     devices::HealthSink* health = nullptr,
                                                     devices::RetryOptions retry = {});
  ~ScanProcessor();

  /// Registers a scanner (again: resets its workflow).
  void add_scanner(const ScannerSetup& setup);
  /// Processes one scan of a registered scanner (an unknown id is registered
  /// in receive mode) and records the result.
  ScanResult handle(const std::string& scanner, const std::string& raw);

  Mode mode(const std::string& scanner) const;
  /// Postings waiting for the store.
  std::size_t waiting_for_store() const { return retries_.pending(); }
  const ScanResultLog& results() const { return results_; }
  /// Records every result in `log` too (the gateway's log of all scanners,
  /// which the HTTP API reads); nullptr stops it. `log` outlives the processor.
  void also_record_in(ScanResultLog* log) { also_ = log; }

  struct Session;  // one scanner's workflow state (processor.cpp)

 private:
  ScanProcessor(inventory::Engine& engine, std::string store_path, LabelPatterns labels,
                const Clock& clock, std::size_t keep, devices::HealthSink* health, devices::RetryOptions retry);
  /// The scanner's session, made (in receive mode) when it has none.
  std::shared_ptr<Session> session(const std::string& scanner);

  inventory::Engine& engine_;
  const std::string store_path_;
  const LabelPatterns labels_;
  const Clock& clock_;
  ScanResultLog results_;
  std::atomic<ScanResultLog*> also_{nullptr};
  void record(ScanResult r);
  mutable std::mutex mu_;  // guards the map only; each Session has its own lock
  std::map<std::string, std::shared_ptr<Session>> sessions_;
  const std::string run_;      // random, in every idempotency key of this processor's scans
  devices::RetryQueue retries_;  // last: stopped before what its postings refer to
};

}  // namespace jxc::scan
