// libFuzzer target for the local HTTP API: the input is one HTTP/1.1
// request as it arrives on a connection, read by Beast's request parser
// under the server's default header and body limits. A request the parser
// accepts is routed, as the connection does (parse_target(), then
// Router::route()), through the API's real routes over a real engine on a
// store in a temporary directory, seeded with a small warehouse, stock, a
// manager and their API token.
//
// The first byte picks how the rest is sent: even, as it is; odd, with
// `Authorization: Bearer <the manager's token>` inserted after the request
// line, so that the handlers behind authentication and their JSON bodies
// are reached. The property: route() never throws, every answer has a
// status 100-599, and a problem answer is a JSON object with a code.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <nlohmann/json.hpp>

#include "edge/common/clock.h"
#include "edge/config/config.h"
#include "edge/devices/health.h"
#include "edge/http/api_context.h"
#include "edge/http/credentials.h"
#include "edge/http/event_hub.h"
#include "edge/http/handlers_counts.h"
#include "edge/http/handlers_devices.h"
#include "edge/http/handlers_documents.h"
#include "edge/http/handlers_events.h"
#include "edge/http/handlers_health.h"
#include "edge/http/handlers_inbox.h"
#include "edge/http/handlers_session.h"
#include "edge/http/handlers_setup.h"
#include "edge/http/handlers_stock.h"
#include "edge/http/handlers_users.h"
#include "edge/http/handlers_web.h"
#include "edge/http/openapi_document.h"
#include "edge/http/request.h"
#include "edge/http/router.h"
#include "edge/inventory/engine.h"
#include "edge/inventory/tx.h"
#include "edge/inventory/user_records.h"
#include "edge/metrics/registry.h"

using namespace jxc;

namespace {

namespace beast_http = boost::beast::http;

// The API as HttpService assembles it, without the server.
struct Api {
  explicit Api(std::filesystem::path d)
      : dir(std::move(d)),
        config(config::defaults()),
        health(SystemClock::instance()),
        request_metrics(metrics),
        sessions(SystemClock::instance(), std::chrono::minutes(config.http.session_idle_minutes),
                 std::chrono::hours(config.http.session_absolute_hours)),
        login_limiter(SystemClock::instance(), config.http.login_max_failures,
                      std::chrono::minutes(config.http.login_lockout_minutes)) {}

  std::filesystem::path dir;
  config::Config config;
  std::unique_ptr<inventory::Engine> engine;
  std::unique_ptr<http::QueriesPool> queries;
  metrics::Registry metrics;
  devices::HealthRegistry health;
  http::RequestMetrics request_metrics;
  http::Sessions sessions;
  http::LoginLimiter login_limiter;
  http::TokenCache tokens{SystemClock::instance(), std::chrono::seconds(1)};
  std::unique_ptr<http::ApiContext> ctx;
  std::shared_ptr<http::EventHub> events;
  http::Router router;
  std::string token;
};

Api* api = nullptr;  // made once, kept until the process ends

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "http_request_fuzz: %s\n", what.c_str());
  std::abort();
}

void must(const Status& s, const char* what) {
  if (!s.is_ok()) fail(std::string(what) + ": " + s.to_string());
}

void seed(inventory::Engine& engine, const std::string& token) {
  using namespace inventory;
  std::vector<Location> locs;
  auto add = [&](std::string code, LocationKind kind, std::string parent) {
    Location l;
    l.code = std::move(code);
    l.kind = kind;
    l.parent = std::move(parent);
    l.barcode = "LOC:" + l.code;
    locs.push_back(std::move(l));
  };
  add("S1", LocationKind::site, "");
  add("W1", LocationKind::warehouse, "S1");
  add("A", LocationKind::zone, "W1");
  add("A-01", LocationKind::bin, "A");
  add("A-02", LocationKind::bin, "A");
  must(engine.import_locations(locs).status(), "locations");
  std::vector<Item> items;
  items.push_back({"TEA-500", "Green tea 500g", "EA", {"6901234567892"}, 520.0, false, 12.5});
  items.push_back({"MILK-1", "Milk 1L", "EA", {}, 1030.0, true, 8});
  must(engine.import_items(items).status(), "items");
  DocumentRequest receipt;
  receipt.type = DocType::receipt;
  receipt.to = "A-01";
  receipt.source = "fuzz";
  DocLine l;
  l.sku = "TEA-500";
  l.qty = 100;
  receipt.lines.push_back(l);
  must(engine.post(receipt).status(), "receipt");

  auto hash = http::hash_password("fuzz-manager-password");
  must(hash.status(), "password");
  must(engine
           .run<std::int64_t>([&](Tx& tx) -> Result<std::int64_t> {
             JXC_TRY(add_user(tx, "admin", Role::admin, *hash));
             JXC_TRY(add_user(tx, "manager", Role::manager, *hash));
             return add_api_token(tx, "manager", "fuzz", http::token_hash(token), 0);
           })
           .status(),
       "users");
}

// Feeds `bytes` to `parser` as a connection would, all of it at hand. True
// when a whole request was read without error.
bool parse(beast_http::request_parser<beast_http::string_body>& parser, std::string_view bytes) {
  boost::beast::error_code ec;
  while (!parser.is_done() && !bytes.empty()) {
    std::size_t n = parser.put(boost::asio::buffer(bytes.data(), bytes.size()), ec);
    bytes.remove_prefix(n);
    if (ec == beast_http::error::need_more) break;  // all there is was given
    if (ec) return false;
    if (n == 0) break;
  }
  if (!parser.is_done()) {
    // The connection ends here: a body that ends with the connection is
    // whole, anything else is cut off.
    parser.put_eof(ec);
    if (ec || !parser.is_done()) return false;
  }
  return true;
}

void check(const http::Response& r) {
  if (r.status < 100 || r.status > 599) fail("status " + std::to_string(r.status));
  if (r.stream || r.content_type != "application/problem+json") return;
  auto j = nlohmann::json::parse(r.body, nullptr, false);
  if (!j.is_object() || !j.contains("code") || !j.contains("status") || j["status"] != r.status)
    fail("problem body " + r.body);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  auto dir = std::filesystem::temp_directory_path() / ("jxc-http-fuzz-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  api = new Api(dir);
  std::atexit([] { std::filesystem::remove_all(api->dir); });
  inventory::EngineOptions opts;
  opts.store_path = (dir / "jxc-edge.db").string();
  opts.site_id = "S1";
  auto engine = inventory::Engine::open(opts);
  must(engine.status(), "engine");
  api->engine = std::move(engine).value();
  api->token = http::new_api_token();
  seed(*api->engine, api->token);

  api->queries = std::make_unique<http::QueriesPool>(opts.store_path);
  api->ctx.reset(new http::ApiContext{*api->engine, *api->queries, api->metrics, api->request_metrics, api->health,
                                      api->config, SystemClock::instance(), api->sessions, api->login_limiter,
                                      api->tokens});
  api->ctx->ready = true;
  auto& router = api->router;
  auto& ctx = *api->ctx;
  http::add_health_routes(router, ctx);
  http::add_session_routes(router, ctx);
  http::add_user_routes(router, ctx);
  http::add_stock_routes(router, ctx);
  http::add_documents_routes(router, ctx);
  api->events = http::EventHub::make(SystemClock::instance(), api->config.http.max_event_subscribers, 0);
  http::add_event_routes(router, ctx, api->events);
  http::add_device_routes(router, ctx, nullptr);
  http::add_setup_routes(router, ctx, nullptr);  // an admin exists
  http::add_inbox_routes(router, ctx);
  http::add_count_routes(router, ctx);
  http::add_openapi_route(router);
  http::add_web_routes(router);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::string bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  if (data[0] % 2 == 1) {
    auto eol = bytes.find('\n');
    if (eol == std::string::npos) return 0;
    bytes.insert(eol + 1, "Authorization: Bearer " + api->token + "\r\n");
  }
  beast_http::request_parser<beast_http::string_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(api->config.http.max_header_bytes));
  parser.body_limit(static_cast<std::uint64_t>(api->config.http.max_body_bytes));
  parser.eager(true);
  if (!parse(parser, bytes)) return 0;
  const http::BeastRequest& raw = parser.get();

  auto target = http::parse_target(std::string_view(raw.target().data(), raw.target().size()));
  if (!target) return 0;  // answered 400 before the router (connection.cpp)
  http::Request req{raw, std::move(*target), {}, "127.0.0.1", false};
  try {
    check(api->router.route(req));
  } catch (const std::exception& e) {
    fail(std::string("route() threw: ") + e.what());
  } catch (...) {
    fail("route() threw something other than an exception");
  }
  return 0;
}
