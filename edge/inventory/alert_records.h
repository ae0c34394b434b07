#pragma once
// The alerts' face of the store: the rows of alerts, their delivery log and
// replenishment suggestions, the rows the alert index is built from, and what
// each time-based rule reads. Every statement of the alerts part is here;
// edge/alerts turns these plain rows into decisions and writes them back.
//
// Writes take the writer's unit of work (Tx) and run inside engine.run /
// submit_async, so an alert row and its outbox event commit together. Reads
// take a read-only connection (Queries); the index rows are read on the
// writer (Tx), so that every commit after them reaches the commit listener.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "edge/common/clock.h"
#include "edge/common/status.h"
#include "edge/inventory/types.h"

namespace jxc::inventory {

class Tx;
class Queries;

// ---- alerts ----

/// One row of `alerts`. kind and severity are the names the alerts part
/// gives them ("low_stock", "warning"); a field that does not apply is "".
struct AlertRecord {
  std::int64_t id = 0;
  std::string kind, severity;
  std::string item, location, lot, subject;
  std::int64_t qty = 0, threshold = 0, suggested_qty = 0;
  std::string detail;
  bool open = true;
  TimeMs raised_at = 0;
  std::optional<TimeMs> cleared_at, acked_at, escalated_at;
  std::string acked_by;
};

/// What identifies one condition: at most one open alert per key.
struct AlertKeyFields {
  std::string kind, item, location, lot, subject;
};

/// Inserts an open alert unless one is open for its key; fills r.id. False:
/// one was already open and nothing was written.
Result<bool> insert_alert(Tx& tx, AlertRecord& r);
/// The open alert of a key, if any.
Result<std::optional<AlertRecord>> open_alert(Tx& tx, const AlertKeyFields& key);
/// The open alert with this id, if any.
Result<std::optional<AlertRecord>> open_alert(Tx& tx, std::int64_t id);
Status mark_alert_cleared(Tx& tx, std::int64_t id);
Status mark_alert_acked(Tx& tx, std::int64_t id, const std::string& by);
/// Open, unacknowledged, never escalated alerts raised at or before `raised_before`.
Result<std::vector<AlertRecord>> alerts_due_escalation(Tx& tx, TimeMs raised_before);
Status mark_alert_escalated(Tx& tx, std::int64_t id);

/// Newest first, at most `limit`; open ones only unless open_only is false.
Result<std::vector<AlertRecord>> list_alerts(Queries& q, bool open_only, std::size_t limit);
Result<std::vector<AlertRecord>> list_alerts(Tx& tx, bool open_only, std::size_t limit);
/// The alert with this id, open or not, if any.
Result<std::optional<AlertRecord>> alert_by_id(Queries& q, std::int64_t id);
/// Which alerts a page holds: state "open" (open, not acknowledged),
/// "acknowledged" (open and acknowledged), "cleared", or "" for any; kind and
/// severity exact, "" for any; newest first below before_id (0: the newest).
struct AlertPageFilter {
  std::string state, kind, severity;
  std::int64_t before_id = 0;
  std::size_t limit = 100;
};
Result<std::vector<AlertRecord>> alert_page(Queries& q, const AlertPageFilter& f);
/// How many alerts the filter's state, kind and severity match (no paging).
Result<std::int64_t> alert_count(Queries& q, const AlertPageFilter& f);
/// Whether a count_variance alert (open or not) names this count document.
Result<bool> count_variance_alerted(Queries& q, const std::string& count_number);

// ---- the delivery log ----

/// One attempt of a channel to deliver an alert event.
struct DeliveryRecord {
  std::int64_t alert_id = 0;
  std::string channel, event;
  int attempt = 0;
  bool ok = false;
  std::string detail;
  TimeMs at = 0;  // set from tx.now() when written
};
Status insert_delivery(Tx& tx, const DeliveryRecord& d);
/// Newest first.
Result<std::vector<DeliveryRecord>> list_deliveries(Queries& q, std::size_t limit);

// ---- replenishment suggestions ----

struct SuggestionRecord {
  std::int64_t id = 0;
  std::string item, location;
  std::int64_t on_hand = 0, expected = 0, reserved = 0;
  double reorder_point = 0;
  std::int64_t qty = 0;
  double mean_daily = 0, sigma_daily = 0;
  std::int64_t lead_time_days = 0;
  bool open = true;
  TimeMs created_at = 0;
  /// open, covered (stock is back above the reorder point), accepted or
  /// dismissed (a person decided: decided_by, decided_at).
  std::string state = "open";
  std::string decided_by = {};
  std::optional<TimeMs> decided_at = {};
};
/// Inserts an open suggestion unless one is open for the item × location
/// (false then); fills s.id and s.created_at.
Result<bool> insert_suggestion(Tx& tx, SuggestionRecord& s);
/// Marks the open suggestion of the item × location covered. False: none open.
Result<bool> cover_suggestion(Tx& tx, const std::string& item, const std::string& location);
Result<std::vector<SuggestionRecord>> list_suggestions(Queries& q, bool open_only, std::size_t limit);
Result<std::vector<SuggestionRecord>> list_suggestions(Tx& tx, bool open_only, std::size_t limit);
/// Newest first below before_id (0: the newest); state exact, "" for any.
Result<std::vector<SuggestionRecord>> suggestion_page(Queries& q, const std::string& state, std::int64_t before_id,
                                                      std::size_t limit);
Result<std::int64_t> open_suggestion_count(Queries& q);
/// The suggestion with this id, if any.
Result<std::optional<SuggestionRecord>> suggestion_by_id(Tx& tx, std::int64_t id);
/// Marks an open suggestion `state` (accepted, dismissed) by `by` now.
Status mark_suggestion_decided(Tx& tx, std::int64_t id, const std::string& state, const std::string& by);

/// An item's replenishment parameters (master data: the alert index reloads).
/// An absent value is left as it is.
Status set_replenishment_parameters(Tx& tx, const std::string& sku, std::optional<std::int64_t> lead_time_days,
                                    std::optional<std::int64_t> pack_multiple);

// ---- what the alert index is built from ----

struct IndexLocation {
  std::int64_t id = 0, parent_id = 0;  // 0: no parent
  std::string kind, code;
  bool quarantine = false;  // a quarantine bin: its stock is not available (quality.h)
};
struct IndexItem {  // an item that has a threshold somewhere
  std::int64_t id = 0;
  std::string sku;
  std::optional<std::int64_t> lead_time_days;
  std::int64_t pack_multiple = 1;
};
struct IndexThreshold {
  std::int64_t item_id = 0, location_id = 0;
  Qty min = 0, max = 0, reorder = 0;
};
struct IndexBalance {  // on hand of a watched item at one location, all lots
  std::int64_t item_id = 0, location_id = 0;
  Qty qty = 0;
};
struct AlertIndexRows {
  std::vector<IndexLocation> locations;
  std::vector<IndexItem> items;
  std::vector<IndexThreshold> thresholds;
  std::vector<IndexBalance> balances;
};
Result<AlertIndexRows> alert_index_rows(Tx& tx);

/// What open orders still hold for an item: pick lists reserve, expected
/// receipts are expected.
struct OpenOrderQty {
  std::int64_t item_id = 0;
  Qty reserved = 0, expected = 0;
};
/// Every item with open order lines.
Result<std::vector<OpenOrderQty>> open_order_quantities(Tx& tx);
Result<std::vector<OpenOrderQty>> open_order_quantities(Queries& q);
/// The named items, each once (zeros when it has no open lines).
Result<std::vector<OpenOrderQty>> open_order_quantities(Queries& q, const std::vector<std::int64_t>& items);

/// The master-data change counter (items, locations, thresholds), kept by
/// triggers whichever process makes the change.
Result<std::string> master_data_changes(Queries& q);

// ---- what the time-based rules read ----

/// Issued quantity of an item on one day: day 0 starts at `from`.
struct DailyIssue {
  std::int64_t item_id = 0;
  std::int64_t day = 0;
  Qty qty = 0;
};
/// Issues to `customer_location_id` recorded in [from, to), per item and day.
Result<std::vector<DailyIssue>> daily_issues(Queries& q, std::int64_t customer_location_id, TimeMs from,
                                             TimeMs to);

/// A lot on hand in a physical location whose expiry date is on or before
/// `horizon` (YYYY-MM-DD).
struct LotOnHand {
  std::string sku, location, lot;
  Qty qty = 0;
  std::string expiry;  // YYYY-MM-DD
};
Result<std::vector<LotOnHand>> lots_expiring_by(Queries& q, const std::string& horizon);

/// Stock of an item in a location and when it last moved for the slow-moving
/// rule: its last issue to the customer from there or, never issued, when it
/// first arrived.
struct IdleStock {
  std::string sku, location;
  Qty on_hand = 0;
  std::optional<TimeMs> last_moved;
};
/// Every positive item × physical location whose last move is before `cutoff`.
Result<std::vector<IdleStock>> idle_stock_before(Queries& q, std::int64_t customer_location_id,
                                                 TimeMs cutoff);
/// The same figures for the named sku × location pairs, whatever the
/// cutoff; a pair that names no item or location is left out.
Result<std::vector<IdleStock>> idle_stock_of(Queries& q, std::int64_t customer_location_id,
                                             const std::vector<std::pair<std::string, std::string>>& pairs);

/// Events the central system has not acknowledged, and the oldest one's time.
struct OutboxBacklog {
  std::int64_t pending = 0;
  std::optional<TimeMs> oldest_at;
};
Result<OutboxBacklog> outbox_backlog(Queries& q);

/// Posted count documents with an id above `after_id`, oldest first.
struct PostedCount {
  std::int64_t id = 0;
  std::string number;
};
Result<std::vector<PostedCount>> posted_counts_after(Queries& q, std::int64_t after_id);

}  // namespace jxc::inventory
