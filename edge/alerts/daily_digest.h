#pragma once
// The daily digest a channel sends at its `digest_at` (config [alerts]
// channels): what is open for a manager at that moment (open alerts, open
// replenishment suggestions, documents held for review), named from master
// data, and worded in the site's language with times in its time zone. The
// channels render the sections in their own formats (channels/messages.h).
//
// A digest is due once per local calendar day of the site, from digest_at on:
// the last day one went is kept per channel in the store
// (edge/inventory/digest_records.h), so a restart after it went sends none,
// and a gateway that was down at digest_at sends that day's when it is back.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "edge/alerts/alert.h"
#include "edge/alerts/alert_text.h"
#include "edge/common/local_time.h"
#include "edge/common/status.h"

namespace jxc::inventory {
class Queries;
}

namespace jxc::alerts {

struct DigestSuggestion {
  std::int64_t id = 0;
  std::string sku, location;
  Names names;
  std::int64_t qty = 0;  // in the item's smallest units
  TimeMs created_at = 0;
};

struct DigestHeldLine {
  std::string sku;
  Names names;
  std::int64_t qty = 0;
  std::string flag;  // short, over, unexpected, ...; "" when none
};

struct DigestHeld {
  std::string number;
  std::string type;    // inventory::to_string(DocType): receipt, issue, ...
  std::string source;  // a door, a forklift, a user
  TimeMs created_at = 0;
  std::vector<std::string> exceptions;
  std::vector<DigestHeldLine> lines;
};

struct DailyDigest {
  std::string day;  // the site's local date it is for, "2026-12-05"
  TimeMs at = 0;    // when it was read
  // Each list newest first and at most the reader's limit; the counts are of all.
  std::vector<Alert> alerts;
  std::int64_t alert_count = 0;
  std::vector<DigestSuggestion> suggestions;
  std::int64_t suggestion_count = 0;
  std::vector<DigestHeld> held;
  std::int64_t held_count = 0;
};

/// What is open at `now`, at most `limit` of each kind, named from master data.
Result<DailyDigest> read_daily_digest(inventory::Queries& q, TimeMs now, const TimeZone& zone,
                                      std::size_t limit = 200);

/// Whether a channel with its digest at `digest_at` ("HH:MM", local) is due
/// at `now`: the local time is digest_at or later and `last_day` (the local
/// date its last digest went on; nullopt: never) is not today.
bool digest_due(std::string_view digest_at, const std::optional<std::string>& last_day, TimeMs now,
                const TimeZone& zone);

// ---- what people read ----

/// "[gw-1] 每日汇总 · 2026-12-05 08:30 (UTC+08:00)" / "[gw-1] Daily digest · ...".
std::string daily_digest_title(const DailyDigest& d, std::string_view gateway_id, const Wording& w);

struct DigestLine {
  std::string text;
  std::string link;  // the alert's acknowledgement page; "" for none
};
struct DigestSection {
  std::string heading;  // "未处理预警 (3)"
  std::vector<DigestLine> lines;
};
/// Open alerts, replenishment suggestions and held documents, one line per
/// entry (item names with SKUs, quantities in units, local times); an empty
/// section says so, and one cut at the reader's limit ends with how many more.
std::vector<DigestSection> daily_digest_sections(const DailyDigest& d, const Wording& w,
                                                 std::string_view ack_base_url);

}  // namespace jxc::alerts
