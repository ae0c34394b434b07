#include "edge/http/handlers_web.h"

#include <optional>
#include <string>

#include "edge/http/header_values.h"
#include "edge/http/web_assets.h"

namespace jxc::http {
namespace {

// The app's own scripts, styles, workers and API only, and the page's own
// inline script and style sheet by their hashes (the first load is that one
// page); WebAssembly may be compiled (the camera's barcode decoder); photos
// and the camera's stream as data: and blob: URLs; no plugins, no <base>,
// no framing by other sites.
std::string app_csp(const WebAsset& page) {
  auto with = [](std::string_view hashes) { return hashes.empty() ? std::string() : " " + std::string(hashes); };
  return "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'" + with(page.script_hashes) +
         "; style-src 'self'" + with(page.style_hashes) +
         "; img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; worker-src 'self'; "
         "manifest-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
}
// A hashed name's content never changes: a new build has new names.
constexpr const char* kForever = "public, max-age=31536000, immutable";

// Every line of header `f`, as one list.
std::string list_header(const Request& req, beast_http::field f) {
  std::string out;
  for (auto [it, end] = req.raw.equal_range(f); it != end; ++it) {
    if (!out.empty()) out += ", ";
    out.append(it->value().data(), it->value().size());
  }
  return out;
}

Response redirect_to_app(unsigned status) {
  Response r;
  r.status = status;
  r.content_type.clear();
  r.headers.emplace_back("Location", "/app/");
  return r;
}

// The answer with `file`: gzip'd when the request accepts it and that is
// smaller, 304 when the request already holds it.
Response file_answer(const WebAsset& file, const Request& req) {
  const bool gzip = !file.gzip_body.empty() && accepts_gzip(list_header(req, beast_http::field::accept_encoding));
  const std::string_view etag = gzip ? file.gzip_etag : file.etag;
  Response r;
  r.headers.emplace_back("ETag", std::string(etag));
  r.headers.emplace_back("Cache-Control", file.immutable ? kForever : "no-cache");
  r.headers.emplace_back("Vary", "Accept-Encoding");
  if (names_etag(list_header(req, beast_http::field::if_none_match), etag)) {
    r.status = 304;
    r.content_type.clear();
    return r;
  }
  r.content_type = std::string(file.content_type);
  r.static_body = gzip ? file.gzip_body : file.body;
  if (gzip) r.headers.emplace_back("Content-Encoding", "gzip");
  r.headers.emplace_back("Referrer-Policy", "no-referrer");
  if (file.content_type.starts_with("text/html")) r.headers.emplace_back("Content-Security-Policy", app_csp(file));
  return r;
}

std::optional<Response> app_file(std::string_view name, const Request& req) {
  const WebAsset* file = find_web_asset(name);
  if (!file) return std::nullopt;
  return file_answer(*file, req);
}

Response file_or_problem(std::string_view name, const Request& req) {
  if (auto r = app_file(name, req)) return std::move(*r);
  if (web_assets().empty())
    return problem(404, "web_app_not_built", "this gateway was built without its web app (-DJXC_WEB=OFF)");
  return problem(404, "not_found", "the web app has no file " + std::string(name));
}

}  // namespace

void add_web_routes(Router& router) {
  using beast_http::verb;
  // The quick handlers answer what the table holds on the connection's
  // thread; a name it does not hold goes to the full handler, whose problem
  // the server words in the request's language.
  router.add(
      verb::get, "/", [](Request&) { return redirect_to_app(302); },
      [](Request&) -> std::optional<Response> { return redirect_to_app(302); });
  router.add(
      verb::get, "/app", [](Request&) { return redirect_to_app(301); },
      [](Request&) -> std::optional<Response> { return redirect_to_app(301); });
  router.add(
      verb::get, "/app/", [](Request& req) { return file_or_problem("index.html", req); },
      [](Request& req) { return app_file("index.html", req); });
  router.add(
      verb::get, "/app/{file}", [](Request& req) { return file_or_problem(req.params.at("file"), req); },
      [](Request& req) { return app_file(req.params.at("file"), req); });
}

}  // namespace jxc::http
