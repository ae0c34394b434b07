#pragma once
// What an alert is: a condition a manager should act on, keyed by its kind and
// what it is about (item, location, lot, or a device / channel as subject).
// One condition has at most one open alert: raised once when it starts,
// cleared once when it ends.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "edge/common/clock.h"

namespace jxc::alerts {

enum class Kind {
  low_stock,           // available below min
  stockout,            // nothing available
  overstock,           // on hand above max
  lot_expiring,        // a lot on hand expires within N days
  lot_expired,         // a lot on hand is past its expiry date
  slow_moving,         // on hand, no issue for N days
  weight_discrepancy,  // raised by the weighing part
  count_variance,      // an approved count differed by more than the tolerance
  device_offline,      // a device has been offline for more than T
  sync_backlog,        // too many or too old unacknowledged outbox events
  channel_failing,     // a delivery channel keeps failing
  shelf_low_stock,     // the weighed count of an item in a bin is below the bin's min
  shelf_empty,         // the weighed count of an item in a bin is zero
  store_unavailable,   // the store cannot take writes (told to channels only, never stored)
  login_locked,        // failed logins locked a user name or an address out of the HTTP API
  asn_overdue,         // an open expected receipt is past its expected time (plus the grace)
  sync_refused,        // the broker keeps refusing one event: the uplink cannot get past it
};
inline constexpr int kKindCount = 17;

std::string_view to_string(Kind k);
bool parse_kind(std::string_view s, Kind* out);

enum class Severity { info, warning, critical };
std::string_view to_string(Severity s);
bool parse_severity(std::string_view s, Severity* out);
Severity default_severity(Kind k);

/// Identifies a condition. Empty fields do not apply to the kind.
struct Key {
  Kind kind = Kind::low_stock;
  std::string item, location, lot;
  std::string subject;  // device id, channel name, or "" for stock conditions
  bool operator==(const Key&) const = default;
  std::string text() const;  // stable map key
};

/// What a rule knew when it raised the alert, beyond qty and threshold, for
/// the text people read (alert_text.h). Not stored: the text made from it is
/// (`detail`). A field a kind does not use stays empty.
struct Facts {
  std::int64_t on_hand = 0, reserved = 0;  // stock kinds: at the location; shelves: the books
  std::int64_t counted = 0, book = 0;      // count_variance, weight_discrepancy, shelves
  std::int64_t days = 0;                   // lot_expiring: days left; slow_moving: days without issue
  std::int64_t minutes = 0, limit = 0;     // sync_backlog: age of the oldest event and its limit;
                                           // login_locked: minutes locked
  std::string date;                        // lots: the expiry date, YYYY-MM-DD
  std::string document;                    // count_variance: the count; weight_discrepancy: its number
  std::vector<std::string> slots;          // shelf kinds, weight_discrepancy: the scale slots
  std::string source;                      // device_offline: device kind; channel_failing: channel kind
  std::string reason;                      // device_offline, channel_failing: their own last words;
                                           // login_locked: the address of the last attempt
  std::optional<TimeMs> since;             // device_offline: offline since; asn_overdue: expected at
  std::string partner, door;               // asn_overdue: the supplier and the door that expects it
  std::vector<std::pair<std::string, std::string>> lines;  // asn_overdue: what is still open (item, quantity)
};

/// Names from master data for the text people read; "" when unknown (the
/// text falls back to the SKU or code alone). Filled when the alert is raised
/// or handed to the channels; not stored.
struct Names {
  std::string item, uom, location;
  int decimals = 0;  // the item's: its quantities are in 10^-decimals of uom
};

struct Alert {
  std::int64_t id = 0;
  Key key;
  Severity severity = Severity::warning;
  std::int64_t qty = 0;        // the quantity (or count, or minutes) that crossed
  std::int64_t threshold = 0;  // what it crossed
  std::int64_t suggested_qty = 0;  // low stock: what to order
  std::string detail;          // a sentence for a person
  bool open = true;
  TimeMs raised_at = 0;
  std::optional<TimeMs> cleared_at, acked_at, escalated_at;
  std::string acked_by;
  Facts facts;
  Names names;
};

/// An open alert of `key` raised at `now`, with its kind's default severity.
Alert make_alert(Key key, std::int64_t qty, std::int64_t threshold, std::string detail, TimeMs now);

/// The alert as JSON (outbox payloads, webhook bodies).
std::string to_json(const Alert& a, std::string_view gateway_id);
/// One line for people: "low_stock TEA-500 @ A-01: 3 < 10 (order 20)".
std::string summary(const Alert& a);

}  // namespace jxc::alerts
