#include "edge/http/handlers_documents.h"

#include "edge/http/auth.h"
#include "edge/http/document_body.h"
#include "edge/http/document_json.h"
#include "edge/http/handler_support.h"
#include "edge/http/handlers_orders.h"
#include "edge/http/json_body.h"
#include "edge/http/params.h"
#include "edge/inventory/audit_records.h"
#include "edge/inventory/document_search.h"
#include "edge/inventory/documents.h"
#include "edge/inventory/requests.h"

namespace jxc::http {
namespace {

using inventory::DocumentResult;
using inventory::Queries;
using inventory::Role;
using inventory::Tx;
using nlohmann::json;

constexpr std::size_t kMaxKeyBytes = 200;

/// The request's Idempotency-Key as the store keeps it: scoped to the user
/// and the operation, so that one user's key never answers for another's
/// request or for another kind of write. "" without the header.
std::variant<std::string, Response> idempotency_key(const Request& req, const Principal& who,
                                                    const std::string& operation) {
  std::string key = req.header("Idempotency-Key");
  if (key.empty()) return std::string();
  if (key.size() > kMaxKeyBytes)
    return problem(400, "invalid_idempotency_key",
                   "the Idempotency-Key header is longer than " + std::to_string(kMaxKeyBytes) + " bytes");
  for (unsigned char c : key)
    if (c < 0x21 || c > 0x7e)
      return problem(400, "invalid_idempotency_key", "the Idempotency-Key header must be printable ASCII");
  return "http:" + who.user + ":" + operation + ":" + key;
}

/// A document write with its audit entry, once per idempotency key.
struct Write {
  std::string action;  // "document.post"
  std::function<Result<DocumentResult>(Tx&)> op;
  std::function<std::string(const DocumentResult&)> detail;
};

Result<DocumentResult> run_write(ApiContext& ctx, const Request& req, const Principal& who, const std::string& key,
                                 Write w) {
  inventory::AuditEntry audit{0, 0, who.actor(), w.action, "", "", req.peer};
  return ctx.engine.run<DocumentResult>([key, w, audit](Tx& tx) -> Result<DocumentResult> {
    JXC_ASSIGN(auto r, inventory::once(tx, key, w.op));
    if (!r.replayed) {
      inventory::AuditEntry e = audit;
      e.target = "document:" + r.number;
      e.detail = w.detail(r);
      JXC_TRY(inventory::append_audit(tx, e));
    }
    return r;
  });
}

Response reused_key() {
  return problem(422, "idempotency_key_reused",
                 "this Idempotency-Key was used for another request; use a new key for a new request");
}

/// Whether the document a key first made has the lines this request asks
/// for (item, lot and quantity, in order): else the key was reused.
bool same_lines(const inventory::DocumentView& first, const inventory::DocumentRequest& req) {
  if (first.lines.size() != req.lines.size()) return false;
  for (std::size_t i = 0; i < req.lines.size(); ++i) {
    const auto &a = first.lines[i], &b = req.lines[i];
    if (a.sku != b.sku || a.lot != b.lot || a.qty != b.qty) return false;
  }
  return true;
}

std::string state_of(const DocumentResult& r) {
  return std::string(inventory::to_string(r.state)) + (r.needs_review ? " (needs review)" : "");
}

Response list_documents(ApiContext& ctx, Request& req) {
  Response refused;
  auto type = text_param(req, "type", 32), state = text_param(req, "state", 32), since = text_param(req, "since", 64),
       until = text_param(req, "until", 64), sku = text_param(req, "sku"), source = text_param(req, "source");
  auto before = integer_param(req, "before", 0, 0, INT64_MAX), limit = integer_param(req, "limit", 100, 1, 1000);
  if (failed(type, &refused) || failed(state, &refused) || failed(since, &refused) || failed(until, &refused) ||
      failed(sku, &refused) || failed(source, &refused) || failed(before, &refused) || failed(limit, &refused))
    return refused;
  inventory::DocumentSearch f;
  if (const auto& t = std::get<std::string>(type); !t.empty()) {
    inventory::DocType v;
    if (!inventory::parse_doc_type(t, &v))
      return problem(400, "invalid_parameter",
                     "'type' must be one of receipt, issue, transfer, count, adjustment, scrap, customer_return, "
                     "supplier_return, reversal, opening, production_issue, production_receipt, other_issue, "
                     "other_receipt");
    f.type = v;
  }
  if (const auto& s = std::get<std::string>(state); !s.empty()) {
    inventory::DocState v;
    if (!inventory::parse_doc_state(s, &v))
      return problem(400, "invalid_parameter", "'state' must be one of draft, confirmed, posted, cancelled");
    f.state = v;
  }
  for (auto [name, text, out] : {std::tuple{"since", &std::get<std::string>(since), &f.since},
                                 std::tuple{"until", &std::get<std::string>(until), &f.until}})
    if (!text->empty() && !parse_iso8601(*text, out))
      return problem(400, "invalid_parameter",
                     std::string("'") + name + "' must be an RFC 3339 time or a date (2026-11-23T08:15:00Z)");
  f.sku = std::get<std::string>(sku);
  f.source = std::get<std::string>(source);
  f.before_id = std::get<std::int64_t>(before);
  f.limit = static_cast<std::size_t>(std::get<std::int64_t>(limit));
  auto lease = ctx.queries.take();
  if (!lease) return problem_for(lease.status());
  auto rows = inventory::find_documents(**lease, f);
  if (!rows) return problem_for(rows.status());
  json docs = json::array();
  for (const auto& d : *rows) docs.push_back(document_summary_json(d));
  json page = {{"documents", docs}, {"next_before", nullptr}};
  if (rows->size() == f.limit && !rows->empty()) page["next_before"] = rows->back().id;
  return json_response(page);
}

Response show_document(ApiContext& ctx, Request& req) {
  auto lease = ctx.queries.take();
  if (!lease) return problem_for(lease.status());
  Queries& q = **lease;
  auto v = q.document(req.params.at("number"));
  if (!v) return problem_for(v.status());
  auto links = inventory::document_links(q, v->head.doc_id);
  if (!links) return problem_for(links.status());
  ItemNames names(q);
  return json_response(document_json(*v, *links, names));
}

Response create_document(ApiContext& ctx, Request& req, const Principal& who) {
  Response refused;
  auto body = json_object_body(req);
  if (failed(body, &refused)) return refused;
  auto parsed = read_document_body(std::get<json>(body));
  if (failed(parsed, &refused)) return refused;
  auto key = idempotency_key(req, who, "create");
  if (failed(key, &refused)) return refused;
  DocumentBody doc = std::move(std::get<DocumentBody>(parsed));
  doc.request.source = who.actor();
  const bool post = doc.post;
  const auto request = std::make_shared<const inventory::DocumentRequest>(std::move(doc.request));
  auto r = run_write(ctx, req, who, std::get<std::string>(key),
                     {"document.create",
                      [request, post](Tx& tx) {
                        return post ? inventory::create_and_post(tx, *request)
                                    : inventory::create_document(tx, *request);
                      },
                      [](const DocumentResult& r) {
                        return std::string(inventory::to_string(r.type)) + ", " + state_of(r);
                      }});
  if (!r) return write_problem(r.status());
  if (r->replayed) {
    if (r->type != request->type || (!request->number.empty() && r->number != request->number))
      return reused_key();
    auto lease = ctx.queries.take();
    if (!lease) return problem_for(lease.status());
    auto first = (*lease)->document(r->number);
    if (!first) return problem_for(first.status());
    if (!same_lines(*first, *request)) return reused_key();
  }
  Response out = json_response(document_result_json(*r), 201);
  out.headers.emplace_back("Location", "/api/v1/documents/" + r->number);
  return out;
}

/// confirm, post and cancel: the document named in the path moves on.
Response step(ApiContext& ctx, Request& req, const Principal& who, const std::string& operation) {
  Response refused;
  auto key = idempotency_key(req, who, operation);
  if (failed(key, &refused)) return refused;
  const std::string number = req.params.at("number");
  std::function<Result<DocumentResult>(Tx&)> op;
  if (operation == "confirm")
    op = [number](Tx& tx) { return inventory::confirm_document(tx, number); };
  else if (operation == "post")
    op = [number](Tx& tx) { return inventory::post_document(tx, number); };
  else
    op = [number](Tx& tx) { return inventory::cancel_document(tx, number); };
  auto r = run_write(ctx, req, who, std::get<std::string>(key),
                     {"document." + operation, op, [](const DocumentResult& r) { return state_of(r); }});
  if (!r) return write_problem(r.status());
  if (r->replayed && r->number != number) return reused_key();
  return json_response(document_result_json(*r));
}

Response reverse(ApiContext& ctx, Request& req, const Principal& who) {
  Response refused;
  auto body = json_object_body(req);
  if (failed(body, &refused)) return refused;
  const json& j = std::get<json>(body);
  for (const auto& [name, value] : j.items())
    if (name != "reason") return problem(400, "unknown_field", "'" + name + "' is not a field of this body");
  auto reason = string_member(j, "reason");
  if (failed(reason, &refused)) return refused;
  const std::string why = std::get<std::string>(reason);
  if (why.empty() || why.size() > 500)
    return problem(400, "invalid_field", "'reason' must be 1 to 500 bytes: why the document is reversed");
  auto key = idempotency_key(req, who, "reverse");
  if (failed(key, &refused)) return refused;
  const std::string number = req.params.at("number");
  const std::string source = who.actor();
  auto r = run_write(ctx, req, who, std::get<std::string>(key),
                     {"document.reverse",
                      [number, why, source](Tx& tx) { return inventory::reverse_document(tx, number, why, source); },
                      [number, why](const DocumentResult&) { return "reverses " + number + ": " + why; }});
  if (!r) return write_problem(r.status());
  if (r->replayed) {
    // The stored result names the reversal; it must undo this document.
    auto lease = ctx.queries.take();
    if (!lease) return problem_for(lease.status());
    auto links = inventory::document_links(**lease, r->doc_id);
    if (!links) return problem_for(links.status());
    if (links->reverses != number) return reused_key();
  }
  Response out = json_response(document_result_json(*r), 201);
  out.headers.emplace_back("Location", "/api/v1/documents/" + r->number);
  return out;
}

}  // namespace

void add_documents_routes(Router& router, ApiContext& ctx) {
  using beast_http::verb;
  router.add(verb::get, "/api/v1/documents", guarded(ctx, Role::operator_, [&ctx](Request& req, const Principal&) {
               return list_documents(ctx, req);
             }));
  router.add(verb::post, "/api/v1/documents", guarded(ctx, Role::operator_, [&ctx](Request& req, const Principal& p) {
               return create_document(ctx, req, p);
             }));
  router.add(verb::get, "/api/v1/documents/{number}",
             guarded(ctx, Role::operator_, [&ctx](Request& req, const Principal&) { return show_document(ctx, req); }));
  for (const char* operation : {"confirm", "post", "cancel"})
    router.add(verb::post, std::string("/api/v1/documents/{number}/") + operation,
               guarded(ctx, Role::operator_, [&ctx, operation](Request& req, const Principal& p) {
                 return step(ctx, req, p, operation);
               }));
  router.add(verb::post, "/api/v1/documents/{number}/reverse",
             guarded(ctx, Role::manager, [&ctx](Request& req, const Principal& p) { return reverse(ctx, req, p); }));
  add_order_routes(router, ctx);
}

}  // namespace jxc::http
