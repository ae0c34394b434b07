#include "edge/http/handlers_alert_page.h"

#include <charconv>
#include <map>
#include <optional>

#include "edge/alerts/alert_store.h"
#include "edge/http/alert_page.h"
#include "edge/http/auth.h"
#include "edge/http/credentials.h"
#include "edge/http/handlers_session.h"
#include "edge/http/inbox_views.h"

namespace jxc::http {
namespace {

using alerts::Language;
using alert_page::Page;
using inventory::Role;

// What every answer of one request shares: the alert's id (0 when the path
// names none), the language and the page's own address.
struct Visit {
  std::int64_t id = 0;
  Language language = Language::zh_CN;
  std::string path;  // "/alerts/42"
  std::string query() const { return "?lang=" + alert_page::tag(language); }
};

Visit visit_of(const Request& req) {
  Visit v;
  const std::string& raw = req.params.at("id");
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), n);
  if (ec == std::errc() && end == raw.data() + raw.size() && n > 0) v.id = n;
  v.language = alert_page::language(req.query("lang").value_or(""), req.header(beast_http::field::accept_language));
  v.path = "/alerts/" + std::to_string(v.id);
  return v;
}

Page page(const Visit& v, unsigned status, std::string notice = "") {
  Page p;
  p.status = status;
  p.language = v.language;
  p.title = alert_page::words(v.language, v.id).alert_n;
  p.notice = std::move(notice);
  return p;
}

Page sign_in_page(const Visit& v, unsigned status, std::string notice) {
  Page p = page(v, status, std::move(notice));
  p.sign_in_action = v.path + "/sign-in" + v.query();
  return p;
}

Response see_page(const Visit& v) {
  Response r;
  r.status = 303;
  r.content_type.clear();
  r.headers.emplace_back("Location", v.path + v.query());
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

// The fields of an application/x-www-form-urlencoded body; nullopt when the
// body is another type or an escape is malformed.
std::optional<std::map<std::string, std::string>> form_fields(const Request& req) {
  const std::string type = req.header(beast_http::field::content_type);
  if (type.rfind("application/x-www-form-urlencoded", 0) != 0) return std::nullopt;
  std::map<std::string, std::string> out;
  std::string_view rest = req.raw.body();
  while (!rest.empty()) {
    const std::size_t amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    const std::size_t eq = pair.find('=');
    auto name = percent_decode(pair.substr(0, eq), true);
    auto value = percent_decode(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1), true);
    if (!name || !value) return std::nullopt;
    out.emplace(std::move(*name), std::move(*value));
  }
  return out;
}

// The alert as people read it, named from master data; nullopt when unknown.
Result<std::optional<alerts::Alert>> named_alert(ApiContext& ctx, std::int64_t id) {
  auto lease = ctx.queries.take();
  if (!lease) return lease.status();
  JXC_ASSIGN(auto found, alerts::load_alert(**lease, id));
  if (!found) return found;
  inbox::Names names(**lease);
  alerts::Alert& a = *found;
  if (!a.key.item.empty()) {
    const auto& item = names.item(a.key.item);
    a.names.item = item.name;
    a.names.uom = item.uom;
  }
  if (!a.key.location.empty()) a.names.location = names.location(a.key.location);
  return found;
}

Page failure_page(const Visit& v, const Status& s) {
  const unsigned status = s.code() == Errc::unavailable ? 503 : 500;
  return page(v, status, v.language == Language::en ? "The gateway cannot answer now: " + s.reason()
                                                    : "网关暂时无法处理：" + s.reason());
}

// Who is asking, as a manager: the principal, or the page to answer.
std::variant<Principal, Page> manager_of(ApiContext& ctx, const Request& req, const Visit& v) {
  const alert_page::Words w = alert_page::words(v.language, v.id);
  auto who = authenticate(ctx, req);
  if (std::holds_alternative<Response>(who)) return sign_in_page(v, 401, w.sign_in_first);
  Principal p = std::get<Principal>(who);
  if (static_cast<int>(p.role) < static_cast<int>(Role::manager)) return sign_in_page(v, 403, w.manager_only);
  return p;
}

// The alert with what the manager may do with it.
Page alert_view(ApiContext& ctx, const Visit& v, const alerts::Alert& a, const Principal& p, unsigned status,
                std::string notice) {
  Page out = page(v, status, std::move(notice));
  out.alert = &a;
  out.wording = {v.language, ctx.config.time_zone()};
  out.title = alerts::headline(a, alert_page::state_of(a) == "open" ? "raised" : alert_page::state_of(a),
                               ctx.engine.options().gateway_id, out.wording);
  if (a.open && !a.acked_at) {
    out.ack_action = v.path + "/acknowledge" + v.query();
    out.csrf = p.csrf;
  }
  return out;
}

Response show(ApiContext& ctx, Request& req) {
  const Visit v = visit_of(req);
  const alert_page::Words w = alert_page::words(v.language, v.id);
  if (v.id == 0) return alert_page::render(page(v, 404, w.not_found));
  auto who = manager_of(ctx, req, v);
  if (auto* refused = std::get_if<Page>(&who)) return alert_page::render(*refused);
  auto found = named_alert(ctx, v.id);
  if (!found) return alert_page::render(failure_page(v, found.status()));
  if (!*found) return alert_page::render(page(v, 404, w.not_found));
  return alert_page::render(alert_view(ctx, v, **found, std::get<Principal>(who), 200, ""));
}

Response sign_in_form(ApiContext& ctx, Request& req) {
  const Visit v = visit_of(req);
  const alert_page::Words w = alert_page::words(v.language, v.id);
  auto fields = form_fields(req);
  if (!fields) return alert_page::render(sign_in_page(v, 400, w.bad_form));
  auto signed_in = sign_in(ctx, req, (*fields)["user"], (*fields)["password"]);
  if (auto* refused = std::get_if<Response>(&signed_in))
    return alert_page::render(
        sign_in_page(v, refused->status, refused->status == 429 ? w.locked : w.wrong_password));
  Response r = see_page(v);
  r.headers.emplace_back("Set-Cookie", session_cookie(ctx, req, std::get<Session>(signed_in).id));
  return r;
}

Response acknowledge_form(ApiContext& ctx, Request& req) {
  const Visit v = visit_of(req);
  const alert_page::Words w = alert_page::words(v.language, v.id);
  if (v.id == 0) return alert_page::render(page(v, 404, w.not_found));
  auto who = manager_of(ctx, req, v);
  if (auto* refused = std::get_if<Page>(&who)) return alert_page::render(*refused);
  const Principal& p = std::get<Principal>(who);
  auto fields = form_fields(req);
  if (!fields) return alert_page::render(page(v, 400, w.bad_form));
  // A page of another site can make the browser post here with the cookie,
  // never read the token the page carries.
  if (p.via == Principal::Via::session && !equal_secrets((*fields)["csrf_token"], p.csrf))
    return alert_page::render(page(v, 403, w.csrf_refused));
  auto found = named_alert(ctx, v.id);
  if (!found) return alert_page::render(failure_page(v, found.status()));
  if (!*found) return alert_page::render(page(v, 404, w.not_found));
  if (!(*found)->open) return alert_page::render(alert_view(ctx, v, **found, p, 409, w.cleared));
  // Sent twice (a double tap, the browser's resend): acknowledged once.
  if ((*found)->acked_at) return see_page(v);
  auto done = inbox::acknowledge_alert(ctx, req, p, v.id);
  if (!done) {
    if (done.status().code() == Errc::unknown_document)  // cleared meanwhile
      return alert_page::render(alert_view(ctx, v, **found, p, 409, w.cleared));
    return alert_page::render(failure_page(v, done.status()));
  }
  return see_page(v);
}

}  // namespace

void add_alert_page_routes(Router& router, ApiContext& ctx) {
  using beast_http::verb;
  router.add(verb::get, "/alerts/{id}", [&ctx](Request& req) { return show(ctx, req); });
  router.add(verb::post, "/alerts/{id}/sign-in", [&ctx](Request& req) { return sign_in_form(ctx, req); });
  router.add(verb::post, "/alerts/{id}/acknowledge", [&ctx](Request& req) { return acknowledge_form(ctx, req); });
}

}  // namespace jxc::http
