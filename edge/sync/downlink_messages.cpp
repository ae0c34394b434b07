#include "edge/sync/downlink_messages.h"

#include <algorithm>
#include <set>

#include "edge/common/clock.h"
#include "edge/inventory/quantity.h"
#include "edge/sync/downlink_orders.h"
#include "edge/sync/json_fields.h"

namespace jxc::sync {
namespace {

using inventory::Item;
using inventory::Location;
using inventory::OrderKind;
using inventory::Threshold;

constexpr std::size_t kMaxRecords = 1'000'000;  // the byte cap binds long before this
constexpr std::size_t kMaxPacks = 8;  // each, inner, case, pallet ... with room to spare

/// Deepest nesting of arrays and objects, counted without parsing, so that a
/// hostile payload cannot make the parser recurse or allocate without bound.
std::size_t nesting(const std::string& s) {
  std::size_t depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char c : s) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '[' || c == '{') deepest = std::max(deepest, ++depth);
    else if ((c == ']' || c == '}') && depth > 0) --depth;
  }
  return deepest;
}

/// Fields every downlink payload may carry. Returns the message id.
std::string common_fields(Fields& f) {
  std::string id = f.text("message_id", true, 128);
  f.integer("schema_version", false, 1, 1);
  if (auto at = f.optional_text("sent_at", 64)) {
    TimeMs ms = 0;
    if (!parse_iso8601(*at, &ms)) f.problem("sent_at", "is not an ISO 8601 UTC time");
  }
  return id;
}

Item read_item(const json& j, const std::string& where, std::vector<std::string>& problems) {
  Fields f(j, where, problems);
  Item it;
  it.sku = f.text("sku", true, 64);
  if (auto v = f.optional_text("name", kNameLen)) it.name = *v;
  if (auto v = f.optional_text("uom", 16)) it.uom = *v;
  if (auto v = f.optional_text("category", kNameLen)) it.category = *v;
  it.gtins = f.texts("gtins", false, 0, 32, 14);
  it.unit_weight_g = f.number("unit_weight_g", 0.001, 1e9);
  it.lot_tracked = f.boolean("lot_tracked", false);
  it.serial_tracked = f.boolean("serial_tracked", false);
  it.unit_cost = f.number("unit_cost", 0, 1e12).value_or(0);
  it.decimals = static_cast<int>(f.integer("decimals", false, 0, inventory::kMaxDecimals).value_or(0));
  if (const json* packs = f.array("packs", false, 0, kMaxPacks)) {
    for (std::size_t i = 0; i < packs->size(); ++i) {
      Fields pf((*packs)[i], at_index(f.path("packs"), i), problems);
      inventory::Pack p;
      p.unit = pf.text("unit", true, 16);
      // In base units, exactly: 2.5 (kg) of an item with 3 decimals is 2500 g.
      if (auto factor = pf.decimal_text("factor", true)) {
        auto v = inventory::parse_decimal(*factor, it.decimals, "factor");
        if (!v) pf.problem("factor", v.status().reason().substr(std::string("factor ").size()));
        else if (*v <= 0) pf.problem("factor", "must be positive");
        else p.factor = *v;
      }
      p.gtin = pf.optional_text("gtin", 14);
      pf.no_other_fields();
      it.packs.push_back(std::move(p));
    }
  }
  f.no_other_fields();
  return it;
}

Location read_location(const json& j, const std::string& where, std::vector<std::string>& problems) {
  Fields f(j, where, problems);
  Location l;
  l.code = f.text("code", true, 64);
  if (auto v = f.optional_text("name", kNameLen)) l.name = *v;
  std::string kind = f.choice("kind", true, {"site", "warehouse", "zone", "bin"});
  if (!kind.empty()) inventory::parse_location_kind(kind, &l.kind);
  l.parent = f.text("parent", false, 64);
  l.barcode = f.optional_text("barcode", 128);
  l.gln = f.optional_text("gln", 13);
  l.rfid_tag = f.optional_text("rfid_tag", 128);
  std::string policy = f.choice("negative_stock", false, {"block", "allow"});
  if (!policy.empty())
    l.negative_stock = policy == "allow" ? inventory::NegativePolicy::allow : inventory::NegativePolicy::block;
  l.quarantine = f.boolean("quarantine", false);
  f.no_other_fields();
  return l;
}

Threshold read_threshold(const json& j, const std::string& where, std::vector<std::string>& problems) {
  Fields f(j, where, problems);
  Threshold t;
  t.sku = f.text("sku", true, 64);
  t.location = f.text("location", true, 64);
  t.min = f.integer("min", true, 0, kMaxQty).value_or(0);
  t.max = f.integer("max", true, 0, kMaxQty).value_or(0);
  t.reorder = f.integer("reorder", false, 0, kMaxQty).value_or(0);
  if (t.max < t.min) f.problem("max", "is below min");
  f.no_other_fields();
  return t;
}

template <typename T, typename Read>
std::vector<T> read_list(Fields& f, const char* key, bool required, Read read,
                         std::vector<std::string>& problems) {
  std::vector<T> out;
  const json* a = f.array(key, required, 0, kMaxRecords);
  if (!a) return out;
  out.reserve(a->size());
  for (std::size_t i = 0; i < a->size(); ++i) out.push_back(read((*a)[i], at_index(f.path(key), i), problems));
  return out;
}

MasterData read_master(Fields& f, bool required, std::vector<std::string>& p) {
  MasterData d;
  d.items = read_list<Item>(f, "items", required, read_item, p);
  d.locations = read_list<Location>(f, "locations", required, read_location, p);
  d.thresholds = read_list<Threshold>(f, "thresholds", required, read_threshold, p);
  return d;
}

MasterSnapshot read_snapshot(Fields& f, std::vector<std::string>& p) {
  MasterSnapshot s;
  s.version = f.integer("version", true, 1, INT64_MAX).value_or(0);
  s.data = read_master(f, true, p);
  // An empty list would retire everything the warehouse knows: refused as
  // the likelier mistake.
  if (s.data.items.empty()) f.problem("items", "a snapshot lists at least one item");
  if (s.data.locations.empty()) f.problem("locations", "a snapshot lists at least one location");
  // A full snapshot stands on its own: what it refers to must be in it,
  // because whatever it leaves out is retired.
  std::set<std::string> skus, codes;
  for (const auto& i : s.data.items) skus.insert(i.sku);
  for (const auto& l : s.data.locations) codes.insert(l.code);
  for (std::size_t i = 0; i < s.data.locations.size(); ++i) {
    const auto& l = s.data.locations[i];
    if (!l.parent.empty() && !codes.count(l.parent))
      p.push_back(at_index("locations", i) + ".parent: '" + l.parent + "' is not in the snapshot");
  }
  for (std::size_t i = 0; i < s.data.thresholds.size(); ++i) {
    const auto& t = s.data.thresholds[i];
    if (!t.sku.empty() && !skus.count(t.sku))
      p.push_back(at_index("thresholds", i) + ".sku: '" + t.sku + "' is not in the snapshot");
    if (!t.location.empty() && !codes.count(t.location))
      p.push_back(at_index("thresholds", i) + ".location: '" + t.location + "' is not in the snapshot");
  }
  return s;
}

MasterDelta read_delta(Fields& f, std::vector<std::string>& p) {
  MasterDelta d;
  d.version = f.integer("version", true, 1, INT64_MAX).value_or(0);
  if (const json* up = f.object("upsert", false)) {
    Fields u(*up, "upsert", p);
    d.upsert = read_master(u, false, p);
    u.no_other_fields();
  }
  if (const json* rm = f.object("retire", false)) {
    Fields r(*rm, "retire", p);
    d.retire_items = r.texts("items", false, 0, kMaxRecords, 64);
    d.retire_locations = r.texts("locations", false, 0, kMaxRecords, 64);
    if (const json* ths = r.array("thresholds", false, 0, kMaxRecords)) {
      for (std::size_t i = 0; i < ths->size(); ++i) {
        Fields t((*ths)[i], at_index(r.path("thresholds"), i), p);
        std::string sku = t.text("sku", true, 64), loc = t.text("location", true, 64);
        t.no_other_fields();
        d.remove_thresholds.emplace_back(sku, loc);
      }
    }
    r.no_other_fields();
  }
  if (d.upsert.items.empty() && d.upsert.locations.empty() && d.upsert.thresholds.empty() &&
      d.retire_items.empty() && d.retire_locations.empty() && d.remove_thresholds.empty() &&
      p.empty())
    p.push_back("the delta changes nothing: give upsert or retire entries");
  return d;
}

inventory::CountOpen read_count(Fields& f) {
  inventory::CountOpen c;
  c.number = f.text("number", false, 64);
  c.locations = f.texts("locations", true, 1, kMaxLines, 64);
  c.tolerance_qty = f.integer("tolerance_qty", false, 0, kMaxQty).value_or(0);
  c.opened_by = f.text("requested_by", false, 128);
  if (c.opened_by.empty()) c.opened_by = "central";
  return c;
}

struct CommandWord {
  const char* word;
  Command::Name name;
};

constexpr CommandWord kCommands[] = {
    {"ping", Command::Name::ping},
    {"stock", Command::Name::stock},
    {"replay", Command::Name::replay},
    {"resync", Command::Name::resync},
    {"ack-alert", Command::Name::ack_alert},
    {"cancel-order", Command::Name::cancel_order},
    {"release-document", Command::Name::release_document},
    {"cancel-document", Command::Name::cancel_document},
    {"approve-count", Command::Name::approve_count},
    {"reopen-count", Command::Name::reopen_count},
    {"accept-suggestion", Command::Name::accept_suggestion},
    {"dismiss-suggestion", Command::Name::dismiss_suggestion},
};

/// An id as the events carry it: a string of digits without a leading zero
/// ("42"); 0 when absent or bad (a problem is reported then).
std::int64_t event_id(Fields& f, const char* key, const char* what) {
  const std::string id = f.text(key, true, 18);
  if (id.empty()) return 0;
  if (id.find_first_not_of("0123456789") != std::string::npos || id.front() == '0') {
    f.problem(key, std::string("must be ") + what + " as its events carry it (digits, e.g. \"42\")");
    return 0;
  }
  return std::stoll(id);
}

Command read_command(Fields& f) {
  Command c;
  std::vector<std::string> words;
  for (const auto& w : kCommands) words.emplace_back(w.word);
  const std::string word = f.choice("command", true, words);
  for (const auto& w : kCommands)
    if (word == w.word) c.name = w.name;
  if (word.empty()) return c;
  switch (c.name) {
    case Command::Name::ping:
    case Command::Name::resync:
      break;
    case Command::Name::stock:
      c.sku = f.text("sku", true, 64);
      c.location = f.text("location", false, 64);
      break;
    case Command::Name::replay:
      c.from_seq = f.integer("from_seq", true, 1, INT64_MAX).value_or(0);
      c.epoch = f.text("epoch", false, 64);
      break;
    case Command::Name::ack_alert:
      c.alert_id = event_id(f, "alert_id", "an alert id");
      break;
    case Command::Name::cancel_order:
    case Command::Name::release_document:
    case Command::Name::cancel_document:
    case Command::Name::reopen_count:
      c.number = f.text("number", true, 64);
      break;
    case Command::Name::approve_count:
      c.number = f.text("number", true, 64);
      c.force = f.boolean("force", false);
      break;
    case Command::Name::accept_suggestion:
    case Command::Name::dismiss_suggestion:
      c.suggestion_id = event_id(f, "suggestion_id", "a suggestion id");
      break;
  }
  if (is_decision(c.name)) c.by = f.text("by", true, 128);
  return c;
}

}  // namespace

const char* command_name(Command::Name n) {
  for (const auto& w : kCommands)
    if (w.name == n) return w.word;
  return "?";
}

bool is_decision(Command::Name n) {
  return n != Command::Name::ping && n != Command::Name::stock && n != Command::Name::replay &&
         n != Command::Name::resync;
}

const std::vector<std::string>& downlink_kinds() {
  static const std::vector<std::string> kinds = {"master/snapshot", "master/delta", "asn",
                                                 "picklist", "count", "cmd"};
  return kinds;
}

ParseOutcome parse_downlink(const std::string& kind, const std::string& payload,
                            std::size_t max_bytes) {
  ParseOutcome out;
  auto& p = out.problems;
  bool known = false;
  for (const auto& k : downlink_kinds()) known = known || k == kind;
  if (!known) {
    p.push_back("unknown downlink kind '" + kind + "'");
    return out;
  }
  if (payload.size() > max_bytes) {
    p.push_back("payload of " + std::to_string(payload.size()) + " bytes exceeds the limit of " +
                std::to_string(max_bytes) + " bytes");
    return out;
  }
  if (nesting(payload) > kMaxNesting) {
    p.push_back("JSON nested deeper than " + std::to_string(kMaxNesting) + " levels");
    return out;
  }
  json j = json::parse(payload, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    p.push_back("payload is not valid JSON");
    return out;
  }
  Fields f(j, "", p);
  if (!f.ok()) return out;
  out.message_id = common_fields(f);
  out.message.message_id = out.message_id;
  if (kind == "master/snapshot") out.message.body = read_snapshot(f, p);
  else if (kind == "master/delta") out.message.body = read_delta(f, p);
  else if (kind == "asn") out.message.body = read_order(f, OrderKind::expected_receipt, p);
  else if (kind == "picklist") out.message.body = read_order(f, OrderKind::pick_list, p);
  else if (kind == "count") out.message.body = read_count(f);
  else out.message.body = read_command(f);
  f.no_other_fields();
  return out;
}

}  // namespace jxc::sync
