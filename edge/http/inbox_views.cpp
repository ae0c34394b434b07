#include "edge/http/inbox_views.h"

#include "edge/alerts/alert_store.h"

#include <charconv>

#include "edge/alerts/alert_text.h"
#include "edge/inventory/quantity.h"

namespace jxc::http::inbox {
namespace {

using nlohmann::json;

json text_or_null(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

json time_or_null(const std::optional<TimeMs>& t) { return t ? json(format_iso8601(*t)) : json(nullptr); }

// 入库单 / receipt, for the held documents' summaries.
std::pair<std::string, std::string> type_words(inventory::DocType t) {
  switch (t) {
    case inventory::DocType::receipt: return {"入库单", "receipt"};
    case inventory::DocType::issue: return {"出库单", "issue"};
    case inventory::DocType::transfer: return {"调拨单", "transfer"};
    case inventory::DocType::production_issue: return {"生产领料单", "issue to production"};
    case inventory::DocType::production_receipt: return {"生产入库单", "receipt from production"};
    case inventory::DocType::other_issue: return {"其他出库单", "other issue"};
    case inventory::DocType::other_receipt: return {"其他入库单", "other receipt"};
    default: return {"单据", std::string(inventory::to_string(t))};
  }
}

// "绿茶 500g (TEA-500)", or the SKU alone when the item has no name.
std::string item_words(const std::string& sku, Names& names) {
  const std::string& name = names.item(sku).name;
  return name.empty() ? sku : name + " (" + sku + ")";
}

std::string location_words(const std::string& code, Names& names) {
  const std::string& name = names.location(code);
  return name.empty() || name == code ? code : name + " (" + code + ")";
}

}  // namespace

const inventory::Item& Names::item(const std::string& sku) {
  auto [it, fresh] = items_.try_emplace(sku);
  if (fresh) {
    auto found = q_.item(sku);
    if (found) it->second = *found;
    else it->second.sku = sku, it->second.uom = "";
  }
  return it->second;
}

const std::string& Names::location(const std::string& code) {
  auto [it, fresh] = locations_.try_emplace(code);
  if (fresh)
    if (auto found = q_.location(code); found) it->second = found->name;
  return it->second;
}

json Names::item_name(const std::string& sku) { return sku.empty() ? json(nullptr) : json(item(sku).name); }

json both(const std::string& zh, const std::string& en) { return {{"zh-CN", zh}, {"en", en}}; }

std::variant<std::int64_t, Response> id_param(const Request& req) {
  const std::string& text = req.params.at("id");
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < 1)
    return problem(400, "invalid_parameter", "'id' must be a positive integer");
  return v;
}

json held_json(const inventory::HeldDocument& d, Names& names, const config::Config& config) {
  std::string door;
  for (const auto& candidate : config.portal.doors)
    if (candidate.id == d.source) door = d.source;
  json lines = json::array();
  for (const auto& l : d.lines)
    lines.push_back({{"sku", l.sku}, {"name", names.item(l.sku).name}, {"lot", l.lot}, {"qty", l.qty},
                     {"flag", l.flag}});
  // The entry names the item to look at: the first line a flag marks
  // (short, over, unexpected), else the first line.
  std::string first_sku = d.lines.empty() ? "" : d.lines.front().sku;
  for (const auto& l : d.lines)
    if (!l.flag.empty()) {
      first_sku = l.sku;
      break;
    }
  const auto [zh_type, en_type] = type_words(d.type);
  const std::string n = std::to_string(d.exceptions.size());
  const std::string zh = zh_type + " " + d.number + " 待审核：" + n + " 项异常" +
                         (door.empty() ? "" : "（门 " + door + "）") +
                         (d.order.empty() ? "" : "，单据 " + d.order);
  const std::string en = en_type + " " + d.number + " held for review: " + n + " exception" +
                         (d.exceptions.size() == 1 ? "" : "s") + (door.empty() ? "" : " at door " + door) +
                         (d.order.empty() ? "" : " against " + d.order);
  return {{"kind", "held_document"},
          {"id", d.number},
          {"sku", text_or_null(first_sku)},
          {"name", names.item_name(first_sku)},
          {"at", format_iso8601(d.created_at)},
          {"summary", both(zh, en)},
          {"document",
           {{"number", d.number},
            {"type", inventory::to_string(d.type)},
            {"state", inventory::to_string(d.state)},
            {"order", text_or_null(d.order)},
            {"door", text_or_null(door)},
            {"source", d.source},
            {"edited_by", text_or_null(d.edited_by)},
            {"edited_at", time_or_null(d.edited_at)},
            {"exceptions", d.exceptions},
            {"lines", lines}}}};
}

json discrepancy_json(const inventory::WeightDiscrepancy& d, Names& names) {
  const std::string item = item_words(d.sku, names), bin = location_words(d.bin, names);
  const auto& unit = names.item(d.sku);
  auto qty = [&](inventory::Qty q) {
    return inventory::format_decimal(q, unit.decimals) + (unit.uom.empty() ? "" : " " + unit.uom);
  };
  return {{"id", d.id},
          {"slot", d.slot},
          {"sku", d.sku},
          {"name", names.item(d.sku).name},
          {"bin", d.bin},
          {"book", d.book},
          {"weighed", d.weighed},
          {"detected_at", format_iso8601(d.detected_at)},
          {"state", d.state},
          {"resolved_at", d.resolved_at ? json(format_iso8601(d.resolved_at)) : json(nullptr)},
          {"resolved_by", text_or_null(d.resolved_by)},
          {"document", text_or_null(d.document)},
          {"summary", both(item + " 在 " + bin + "（秤位 " + d.slot + "）称重为 " + qty(d.weighed) + "，账面为 " +
                               qty(d.book),
                           item + " at " + bin + " (slot " + d.slot + ") weighs " + qty(d.weighed) +
                               ", the books say " + qty(d.book))}};
}

json alert_json(alerts::Alert a, Names& names, const ApiContext& ctx) {
  if (!a.key.item.empty()) {
    const auto& item = names.item(a.key.item);
    a.names.item = item.name;
    a.names.uom = item.uom;
    a.names.decimals = item.decimals;
  }
  if (!a.key.location.empty()) a.names.location = names.location(a.key.location);
  const char* state = !a.open ? "cleared" : a.acked_at ? "acknowledged" : "open";
  const char* event = !a.open ? "cleared" : a.acked_at ? "acknowledged" : "raised";
  alerts::Wording zh{alerts::Language::zh_CN, ctx.config.time_zone()};
  alerts::Wording en{alerts::Language::en, ctx.config.time_zone()};
  const std::string& gateway = ctx.engine.options().gateway_id;
  return {{"id", a.id},
          {"kind", alerts::to_string(a.key.kind)},
          {"severity", alerts::to_string(a.severity)},
          {"sku", text_or_null(a.key.item)},
          {"name", names.item_name(a.key.item)},
          {"location", a.key.location},
          {"lot", a.key.lot},
          {"subject", a.key.subject},
          {"qty", a.qty},
          {"threshold", a.threshold},
          {"suggested_qty", a.suggested_qty},
          {"state", state},
          {"raised_at", format_iso8601(a.raised_at)},
          {"cleared_at", time_or_null(a.cleared_at)},
          {"acknowledged_at", time_or_null(a.acked_at)},
          {"acknowledged_by", text_or_null(a.acked_by)},
          {"escalated_at", time_or_null(a.escalated_at)},
          {"detail", a.detail},
          {"message", both(alerts::headline(a, event, gateway, zh), alerts::headline(a, event, gateway, en))}};
}

json suggestion_json(const alerts::Suggestion& s, Names& names) {
  const std::string item = item_words(s.item, names), loc = location_words(s.location, names);
  const auto& unit = names.item(s.item);
  auto qty = [&](std::int64_t q) {
    return inventory::format_decimal(q, unit.decimals) + (unit.uom.empty() ? "" : " " + unit.uom);
  };
  return {{"id", s.id},
          {"sku", s.item},
          {"name", names.item(s.item).name},
          {"location", s.location},
          {"on_hand", s.on_hand},
          {"expected", s.expected},
          {"reserved", s.reserved},
          {"reorder_point", s.reorder_point},
          {"suggested_qty", s.qty},
          {"mean_daily_demand", s.mean_daily},
          {"sigma_daily_demand", s.sigma_daily},
          {"lead_time_days", s.lead_time_days},
          {"state", s.state},
          {"created_at", format_iso8601(s.created_at)},
          {"decided_by", text_or_null(s.decided_by)},
          {"decided_at", time_or_null(s.decided_at)},
          {"summary", both(item + " 在 " + loc + " 建议补货 " + qty(s.qty) + "（在库 " + qty(s.on_hand) +
                               "，在途 " + qty(s.expected) + "，已预留 " + qty(s.reserved) + "）",
                           "order " + qty(s.qty) + " of " + item + " for " + loc + " (on hand " + qty(s.on_hand) +
                               ", expected " + qty(s.expected) + ", reserved " + qty(s.reserved) + ")")}};
}

json document_result_json(const inventory::DocumentResult& r) {
  return {{"number", r.number},
          {"type", inventory::to_string(r.type)},
          {"state", inventory::to_string(r.state)},
          {"needs_review", r.needs_review},
          {"exceptions", r.exceptions},
          {"movements", r.movements}};
}

inventory::AuditEntry audit_of(const Principal& who, const Request& req, std::string action, std::string target) {
  return inventory::AuditEntry{0, 0, who.actor(), std::move(action), std::move(target), "", req.peer};
}

Result<alerts::Alert> acknowledge_alert(ApiContext& ctx, const Request& req, const Principal& who, std::int64_t id) {
  const std::string by = who.actor();
  return decide_with_audit<alerts::Alert>(
      ctx, [id, by](inventory::Tx& tx) { return alerts::store_acknowledge(tx, id, by); },
      audit_of(who, req, "alert.acknowledge", "alert:" + std::to_string(id)));
}

}  // namespace jxc::http::inbox
