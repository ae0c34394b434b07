#include "edge/http/handlers_orders.h"

#include "edge/http/auth.h"
#include "edge/http/document_body.h"
#include "edge/http/document_json.h"
#include "edge/http/handler_support.h"
#include "edge/http/json_body.h"
#include "edge/http/params.h"
#include "edge/inventory/audit_records.h"
#include "edge/inventory/order_search.h"
#include "edge/inventory/orders.h"

namespace jxc::http {
namespace {

using inventory::Queries;
using inventory::Role;
using inventory::Tx;
using nlohmann::json;

/// The order with its lines, as GET /api/v1/orders/{number} answers it.
Response order_answer(Queries& q, const std::string& number, unsigned status = 200) {
  inventory::OrderSearch f;
  f.number = number;
  f.limit = 1;
  auto heads = inventory::find_orders(q, f);
  if (!heads) return problem_for(heads.status());
  auto order = q.order(number);
  if (!order) return problem_for(order.status());
  if (heads->empty()) return problem(404, "unknown_order", "no order '" + number + "'");
  ItemNames names(q);
  return json_response(order_json(heads->front(), *order, names), status);
}

Response list_orders(ApiContext& ctx, Request& req) {
  Response refused;
  auto kind = text_param(req, "kind", 16), state = text_param(req, "state", 16);
  auto before = integer_param(req, "before", 0, 0, INT64_MAX), limit = integer_param(req, "limit", 100, 1, 1000);
  if (failed(kind, &refused) || failed(state, &refused) || failed(before, &refused) || failed(limit, &refused))
    return refused;
  inventory::OrderSearch f;
  if (const auto& k = std::get<std::string>(kind); !k.empty()) {
    inventory::OrderKind v;
    if (!parse_order_kind_name(k, &v)) return problem(400, "invalid_parameter", "'kind' must be receipt or pick");
    f.kind = v;
  }
  f.state = std::get<std::string>(state);
  if (!f.state.empty() && f.state != "open" && f.state != "closed" && f.state != "cancelled")
    return problem(400, "invalid_parameter", "'state' must be one of open, closed, cancelled");
  f.before_id = std::get<std::int64_t>(before);
  f.limit = static_cast<std::size_t>(std::get<std::int64_t>(limit));
  auto lease = ctx.queries.take();
  if (!lease) return problem_for(lease.status());
  auto rows = inventory::find_orders(**lease, f);
  if (!rows) return problem_for(rows.status());
  json orders = json::array();
  for (const auto& o : *rows) orders.push_back(order_summary_json(o));
  json page = {{"orders", orders}, {"next_before", nullptr}};
  if (rows->size() == f.limit && !rows->empty()) page["next_before"] = rows->back().id;
  return json_response(page);
}

Response show_order(ApiContext& ctx, Request& req) {
  auto lease = ctx.queries.take();
  if (!lease) return problem_for(lease.status());
  return order_answer(**lease, req.params.at("number"));
}

Response put_order(ApiContext& ctx, Request& req, const Principal& who) {
  Response refused;
  auto body = json_object_body(req);
  if (failed(body, &refused)) return refused;
  auto parsed = read_order_body(std::get<json>(body));
  if (failed(parsed, &refused)) return refused;
  std::get<inventory::Order>(parsed).source = who.actor();
  const auto order = std::make_shared<const inventory::Order>(std::move(std::get<inventory::Order>(parsed)));
  // Only the status tells the two apart (201 created, 200 replaced); the
  // write itself decides on what the store holds when it runs.
  bool existed = false;
  {
    auto lease = ctx.queries.take();
    if (!lease) return problem_for(lease.status());
    existed = (*lease)->order(order->number).is_ok();
  }
  inventory::AuditEntry audit{0,
                              0,
                              who.actor(),
                              "order.upsert",
                              "order:" + order->number,
                              std::string(order_kind_name(order->kind)) + ", " + std::to_string(order->lines.size()) +
                                  (order->lines.size() == 1 ? " line" : " lines"),
                              req.peer};
  auto r = ctx.engine.run<bool>([order, audit](Tx& tx) -> Result<bool> {
    JXC_TRY(inventory::upsert_order(tx, *order));
    JXC_TRY(inventory::append_audit(tx, audit));
    return true;
  });
  if (!r) return write_problem(r.status());
  auto lease = ctx.queries.take();
  if (!lease) return problem_for(lease.status());
  Response out = order_answer(**lease, order->number, existed ? 200 : 201);
  if (!existed) out.headers.emplace_back("Location", "/api/v1/orders/" + order->number);
  return out;
}

Response cancel_order(ApiContext& ctx, Request& req, const Principal& who) {
  const std::string number = req.params.at("number");
  inventory::AuditEntry audit{0, 0, who.actor(), "order.cancel", "order:" + number, "", req.peer};
  auto r = ctx.engine.run<bool>([number, audit](Tx& tx) -> Result<bool> {
    JXC_TRY(inventory::cancel_order(tx, number));
    JXC_TRY(inventory::append_audit(tx, audit));
    return true;
  });
  if (!r) return problem_for(r.status());
  auto lease = ctx.queries.take();
  if (!lease) return problem_for(lease.status());
  return order_answer(**lease, number);
}

}  // namespace

void add_order_routes(Router& router, ApiContext& ctx) {
  using beast_http::verb;
  router.add(verb::get, "/api/v1/orders",
             guarded(ctx, Role::operator_, [&ctx](Request& req, const Principal&) { return list_orders(ctx, req); }));
  router.add(verb::post, "/api/v1/orders",
             guarded(ctx, Role::manager, [&ctx](Request& req, const Principal& p) { return put_order(ctx, req, p); }));
  router.add(verb::get, "/api/v1/orders/{number}",
             guarded(ctx, Role::operator_, [&ctx](Request& req, const Principal&) { return show_order(ctx, req); }));
  router.add(verb::post, "/api/v1/orders/{number}/cancel", guarded(ctx, Role::manager, [&ctx](Request& req, const Principal& p) {
               return cancel_order(ctx, req, p);
             }));
}

}  // namespace jxc::http
