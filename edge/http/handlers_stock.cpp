#include "edge/http/handlers_stock.h"

#include <charconv>
#include <optional>

#include "edge/http/auth.h"
#include "edge/http/document_json.h"
#include "edge/http/handler_support.h"
#include "edge/http/item_names.h"
#include "edge/http/json_writer.h"
#include "edge/http/params.h"
#include "edge/http/report_download.h"
#include "edge/inventory/item_search.h"
#include "edge/inventory/stock_cache.h"
#include "edge/inventory/stock_reports.h"
#include "edge/inventory/stock_value.h"
#include "edge/reports/report_tables.h"
#include "edge/scan/item_scan.h"

namespace jxc::http {
namespace {

using inventory::Queries;
using nlohmann::json;

json item_json(const inventory::Item& it) {
  json j = {{"sku", it.sku}, {"name", it.name}, {"uom", it.uom}, {"gtins", it.gtins}, {"lot_tracked", it.lot_tracked},
           {"serial_tracked", it.serial_tracked}};
  j["unit_weight_g"] = it.unit_weight_g ? json(*it.unit_weight_g) : json(nullptr);
  j["decimals"] = it.decimals;
  j["category"] = it.category;
  json packs = json::array();
  for (const auto& p : it.packs) {
    json pj = {{"unit", p.unit}, {"factor", base_units_json(p.factor, it.decimals)}};
    if (p.gtin) pj["gtin"] = *p.gtin;
    packs.push_back(std::move(pj));
  }
  j["packs"] = std::move(packs);
  return j;
}

/// Balances valued at their item's (or lot's) average, one pool read per
/// item and lot however many locations hold it.
class BalanceValues {
 public:
  explicit BalanceValues(Queries& q) : q_(q) {}
  Result<inventory::Money> operator()(const inventory::Balance& b, int decimals) {
    auto key = std::make_pair(b.sku, b.lot);
    auto it = pools_.find(key);
    if (it == pools_.end()) {
      JXC_ASSIGN(auto pool, inventory::cost_pool(q_, b.sku, b.lot));
      it = pools_.emplace(std::move(key), pool).first;
    }
    return inventory::valued_at(it->second, b.qty, decimals);
  }

 private:
  Queries& q_;
  std::map<std::pair<std::string, std::string>, inventory::CostPool> pools_;
};

Result<json> balance_json(const inventory::Balance& b, ItemNames& names, BalanceValues& values) {
  const auto& item = names(b.sku);
  JXC_ASSIGN(inventory::Money value, values(b, item.decimals));
  json unit_cost = nullptr;
  if (b.qty > 0) {
    JXC_ASSIGN(inventory::Money avg, inventory::average_cost(b.qty, value, item.decimals));
    unit_cost = avg;
  }
  return json{{"sku", b.sku},       {"name", item.name}, {"uom", item.uom},  {"decimals", item.decimals},
              {"location", b.location}, {"lot", b.lot},  {"qty", b.qty},     {"value", value},
              {"unit_cost", unit_cost}};
}

void write_number(JsonWriter& w, double v) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  w.raw(std::string_view(buf, static_cast<std::size_t>(end - buf)));
}

void write_base_units(JsonWriter& w, inventory::Qty smallest, int decimals) {
  if (decimals <= 0)
    w.value(smallest);
  else
    w.raw(inventory::format_decimal(smallest, decimals));
}

// item_json(), written.
void write_item(JsonWriter& w, const inventory::Item& it) {
  w.begin_object().key("sku").value(it.sku).key("name").value(it.name).key("uom").value(it.uom);
  w.key("gtins").begin_array();
  for (const auto& g : it.gtins) w.value(g);
  w.end_array();
  w.key("lot_tracked").value(it.lot_tracked).key("serial_tracked").value(it.serial_tracked).key("unit_weight_g");
  if (it.unit_weight_g)
    write_number(w, *it.unit_weight_g);
  else
    w.null();
  w.key("decimals").value(it.decimals).key("category").value(it.category).key("packs").begin_array();
  for (const auto& p : it.packs) {
    w.begin_object().key("unit").value(p.unit).key("factor");
    write_base_units(w, p.factor, it.decimals);
    if (p.gtin) w.key("gtin").value(*p.gtin);
    w.end_object();
  }
  w.end_array().end_object();
}

// balance_json(), written.
Status write_balance(JsonWriter& w, const inventory::Balance& b, const inventory::Item& item, BalanceValues& values) {
  JXC_ASSIGN(inventory::Money value, values(b, item.decimals));
  w.begin_object().key("sku").value(b.sku).key("name").value(item.name).key("uom").value(item.uom);
  w.key("decimals").value(item.decimals).key("location").value(b.location).key("lot").value(b.lot);
  w.key("qty").value(b.qty).key("value").value(value).key("unit_cost");
  if (b.qty > 0) {
    JXC_ASSIGN(inventory::Money avg, inventory::average_cost(b.qty, value, item.decimals));
    w.value(avg);
  } else {
    w.null();
  }
  w.end_object();
  return Status::ok();
}

// The SKU of a lookup by SKU alone (`?sku=` and nothing else), the one
// handhelds make all day: its answer is kept in the engine's stock cache.
const std::string* cacheable_sku(const Request& req) {
  if (req.target.query.size() != 1) return nullptr;
  const auto& [name, value] = *req.target.query.begin();
  return name == "sku" && !value.empty() ? &value : nullptr;
}

Response kept_answer(inventory::StockCache::Body body) {
  Response res;
  res.shared_body = std::move(body);
  return res;
}

// On the connection's thread: the kept answer when it is still true. The
// stamp is read from the store only when something may have committed since
// it was last read.
std::optional<Response> stock_quick(ApiContext& ctx, Request& req) {
  const std::string* sku = cacheable_sku(req);
  if (!sku) return std::nullopt;
  auto& cache = ctx.engine.stock_cache();
  const auto header = ctx.queries.commit_header();
  std::optional<inventory::StockCache::Body> body;
  if (header) body = cache.get_unchanged(*sku, *header);
  if (!body) {
    auto lease = ctx.queries.take();
    if (!lease) return std::nullopt;
    auto stamp = (*lease)->stock_stamp();
    if (!stamp) return std::nullopt;
    if (header) cache.stamp_read(*header, *stamp);
    body = cache.get(*sku, *stamp);
  }
  if (!*body) return std::nullopt;
  return kept_answer(std::move(*body));
}

Response stock(ApiContext& ctx, Request& req) {
  Response refused;
  auto sku = text_param(req, "sku"), location = text_param(req, "location"), lot = text_param(req, "lot"),
       text = text_param(req, "q", 512);
  auto zero = integer_param(req, "include_zero", 0, 0, 1);
  if (failed(sku, &refused) || failed(location, &refused) || failed(lot, &refused) || failed(text, &refused) ||
      failed(zero, &refused))
    return refused;
  const std::string* cache_key = cacheable_sku(req);
  auto& cache = ctx.engine.stock_cache();
  const auto header = cache_key ? ctx.queries.commit_header() : std::nullopt;
  if (header)
    if (auto kept = cache.get_unchanged(*cache_key, *header); kept && *kept) return kept_answer(std::move(*kept));
  auto lease = ctx.queries.take();
  if (!lease) return problem_for(lease.status());
  Queries& q = **lease;
  auto snapshot = q.snapshot();  // the item, its balances and their values agree
  ItemNames names(q);
  std::int64_t stamp = 0;
  if (cache_key) {
    auto read = q.stock_stamp();
    if (!read) return problem_for(read.status());
    stamp = *read;
    if (header) cache.stamp_read(*header, stamp);
    if (auto kept = cache.get(*cache_key, stamp)) return kept_answer(std::move(kept));
  }

  std::vector<std::string> skus;
  std::optional<scan::ItemScan> scanned_label;  // what a scanned label names, when ?q= was read as one
  std::string lot_filter = std::get<std::string>(lot);
  std::string resolved_by = "sku";
  const std::string& typed = std::get<std::string>(text);
  if (!typed.empty()) {
    if (auto scanned = scan::resolve_item(q, typed); scanned.is_ok()) {
      skus.push_back(scanned->item.sku);
      names.remember(scanned->item);
      if (lot_filter.empty()) lot_filter = scanned->lot;
      resolved_by = "label";
      // The pack level the label names, as a scanner books it.
      scanned_label = std::move(*scanned);
    } else {
      auto found = inventory::search_item_skus(q, typed, 50);
      if (!found) return problem_for(found.status());
      skus = *found;
      resolved_by = "search";
    }
  } else if (!std::get<std::string>(sku).empty()) {
    auto item = q.item(std::get<std::string>(sku));
    if (!item) return problem_for(item.status());
    skus.push_back(item->sku);
    names.remember(*item);
  } else {
    skus.push_back("");  // every item
    resolved_by = "all";
  }

  // The lookup handhelds make all day: written straight into the body.
  Response res;
  JsonWriter w(res.body);
  w.begin_object().key("resolved_by").value(resolved_by).key("currency").value(ctx.config.site.currency);
  w.key("items").begin_array();
  for (const auto& s : skus)
    if (!s.empty()) write_item(w, names(s));
  w.end_array();
  w.key("balances").begin_array();
  BalanceValues values(q);
  for (const auto& s : skus) {
    inventory::StockFilter f;
    f.sku = s;
    f.location = std::get<std::string>(location);
    f.include_zero = std::get<std::int64_t>(zero) == 1;
    auto rows = q.stock(f);
    if (!rows) return problem_for(rows.status());
    for (const auto& b : *rows) {
      if (!lot_filter.empty() && b.lot != lot_filter) continue;
      if (auto written = write_balance(w, b, names(b.sku), values); !written.is_ok()) return problem_for(written);
    }
  }
  w.end_array();
  if (scanned_label) {
    const auto& l = *scanned_label;
    w.key("label").begin_object();
    w.key("sku").value(l.item.sku).key("unit").value(l.unit).key("factor").value(l.factor);
    w.key("count").value(l.qty > 0 ? l.qty : inventory::Qty{1});
    w.end_object();
  }
  w.end_object();
  if (cache_key) {
    auto id = q.item_id(skus.front());
    if (!id) return problem_for(id.status());
    cache.put(*cache_key, *id, stamp, res.body);
  }
  return res;
}

Response item(ApiContext& ctx, Request& req) {
  auto lease = ctx.queries.take();
  if (!lease) return problem_for(lease.status());
  Queries& q = **lease;
  auto snapshot = q.snapshot();
  auto it = q.item(req.params.at("sku"));
  if (!it) return problem_for(it.status());
  inventory::StockFilter f;
  f.sku = it->sku;
  auto rows = q.stock(f);
  if (!rows) return problem_for(rows.status());
  ItemNames names(q);
  names.remember(*it);
  json balances = json::array();
  inventory::Qty total = 0;
  BalanceValues values(q);
  for (const auto& b : *rows) {
    auto bj = balance_json(b, names, values);
    if (!bj) return problem_for(bj.status());
    balances.push_back(std::move(*bj));
    total += b.qty;
  }
  json out = item_json(*it);
  out["on_hand"] = total;
  out["balances"] = balances;
  return json_response(out);
}

/// What the stock is worth, by item, location, warehouse or category.
Response stock_value(ApiContext& ctx, const TimeZone& zone, Request& req) {
  Response refused;
  auto sku = text_param(req, "sku"), location = text_param(req, "location"), by = text_param(req, "by"),
       as_of = text_param(req, "as_of");
  auto format = report_format(req);
  if (failed(sku, &refused) || failed(location, &refused) || failed(by, &refused) || failed(as_of, &refused) ||
      failed(format, &refused))
    return refused;
  std::optional<DayNumber> day;
  if (!std::get<std::string>(as_of).empty()) {
    auto d = parse_day(std::get<std::string>(as_of), "as_of");
    if (!d) return problem(400, "invalid_parameter", d.status().reason());
    day = *d;
  }
  inventory::StockValueFilter f;
  const std::string& by_text = std::get<std::string>(by);
  if (!by_text.empty() && !inventory::parse_value_by(by_text, &f.by))
    return problem(400, "invalid_parameter", "'by' must be item, location, warehouse or category");
  f.sku = std::get<std::string>(sku);
  f.location = std::get<std::string>(location);
  auto lease = ctx.queries.take();
  if (!lease) return problem_for(lease.status());
  Queries& q = **lease;
  // As of the end of a day (the site's), or now.
  auto rows = day ? inventory::stock_value_on(q, *day, f, zone) : inventory::stock_value(q, f);
  if (!rows) return problem_for(rows.status());
  if (const auto fmt = std::get<ReportFormat>(format); fmt != ReportFormat::json) {
    const std::string when = day ? format_day(*day) : format_local_seconds(ctx.clock.now_ms(), zone);
    return report_download(reports::stock_value_table(*rows, f.by, when, report_language(req)), fmt,
                           "stock-value-" + (day ? format_day(*day) : format_local_date(ctx.clock.now_ms(), zone)));
  }
  // Written straight into the answer (100,000 rows and more on a large
  // site), keys in the order the JSON library would sort them.
  inventory::Money total = 0;
  for (const auto& r : *rows) total += r.value;
  Response res;
  res.body.reserve(64 + rows->size() * 120);
  JsonWriter w(res.body);
  w.begin_object();
  if (day) w.key("as_of").value(format_day(*day));
  w.key("by").value(inventory::to_string(f.by)).key("currency").value(ctx.config.site.currency).key("rows");
  w.begin_array();
  for (const auto& r : *rows) {
    w.begin_object().key("decimals").value(r.decimals).key("name").value(r.name).key("place").value(r.place);
    w.key("qty").value(r.qty).key("sku").value(r.sku).key("unit_cost");
    if (r.qty > 0) w.value(r.unit_cost);
    else w.null();
    w.key("uom").value(r.uom).key("value").value(r.value).end_object();
  }
  w.end_array();
  if (day) w.key("timezone").value(zone.name());
  w.key("total_value").value(total).end_object();
  return res;
}

Response ledger(ApiContext& ctx, Request& req) {
  Response refused;
  auto sku = text_param(req, "sku"), location = text_param(req, "location");
  auto before = integer_param(req, "before", 0, 0, INT64_MAX), limit = integer_param(req, "limit", 100, 1, 1000);
  if (failed(sku, &refused) || failed(location, &refused) || failed(before, &refused) || failed(limit, &refused))
    return refused;
  auto lease = ctx.queries.take();
  if (!lease) return problem_for(lease.status());
  Queries& q = **lease;
  if (!std::get<std::string>(sku).empty())
    if (auto it = q.item(std::get<std::string>(sku)); !it) return problem_for(it.status());
  if (!std::get<std::string>(location).empty())
    if (auto l = q.location(std::get<std::string>(location)); !l) return problem_for(l.status());
  inventory::LedgerFilter f;
  f.sku = std::get<std::string>(sku);
  f.location = std::get<std::string>(location);
  f.newest_first = true;
  f.before_id = std::get<std::int64_t>(before);
  f.limit = static_cast<std::size_t>(std::get<std::int64_t>(limit));
  auto rows = q.ledger(f);
  if (!rows) return problem_for(rows.status());
  ItemNames names(q);
  json movements = json::array();
  for (const auto& m : *rows) movements.push_back(movement_json(m, names));
  json page = {{"movements", movements}, {"next_before", nullptr}};
  if (rows->size() == f.limit && !rows->empty()) page["next_before"] = rows->back().id;
  return json_response(page);
}

}  // namespace

void add_stock_routes(Router& router, ApiContext& ctx) {
  using beast_http::verb;
  using inventory::Role;
  router.add(verb::get, "/api/v1/stock",
             guarded(ctx, Role::operator_, [&ctx](Request& req, const Principal&) { return stock(ctx, req); }),
             guarded_quick(ctx, Role::operator_,
                           [&ctx](Request& req, const Principal&) { return stock_quick(ctx, req); }));
  // The zone needs a restart to change, so it is looked up once.
  router.add(verb::get, "/api/v1/stock/value",
             guarded(ctx, Role::operator_, [&ctx, zone = ctx.config.time_zone()](Request& req, const Principal&) {
               return stock_value(ctx, zone, req);
             }));
  router.add(verb::get, "/api/v1/items/{sku}",
             guarded(ctx, Role::operator_, [&ctx](Request& req, const Principal&) { return item(ctx, req); }));
  router.add(verb::get, "/api/v1/ledger",
             guarded(ctx, Role::operator_, [&ctx](Request& req, const Principal&) { return ledger(ctx, req); }));
}

}  // namespace jxc::http
