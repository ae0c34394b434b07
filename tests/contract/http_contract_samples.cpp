// Produces real responses of every operation of docs/contract/openapi.yaml:
// a store with a small warehouse, users of each role and tokens, the HTTP
// API on a free loopback port, and each operation called with curl, for its
// success and its documented refusals (each area's calls in
// http_samples_<area>.cpp). Prints a JSON array of
// {method, path (the document's template), status, content_type, body} for
// validate_openapi.py to check against the document's schemas.
#include <filesystem>
#include <iostream>

#include <nlohmann/json.hpp>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "edge/common/clock.h"
#include "edge/config/config.h"
#include "edge/http/credentials.h"
#include "edge/http/http_service.h"
#include "edge/http/test_client.h"
#include "edge/inventory/engine.h"
#include "edge/inventory/tx.h"
#include "edge/inventory/user_records.h"
#include "tests/child_process.h"
#include "tests/contract/http_samples.h"

using namespace jxc;
using nlohmann::json;

namespace jxc::samples {

void die(const std::string& why) {
  std::cerr << "http_contract_samples: " << why << "\n";
  std::exit(1);
}

http::testing::Reply Run::call(const std::string& method, const std::string& path_template, const std::string& path,
                               Args args) {
  args.insert(args.begin(), {"-X", method});
  auto r = http::testing::curl(base + path, args);
  if (r.status == 0) die(method + " " + path + ": " + r.error);
  json body = r.body;
  const std::string type = r.header("Content-Type");
  if (type.find("json") != std::string::npos) body = json::parse(r.body, nullptr, false);
  // A workbook's bytes are not text; the document gives them no shape to check.
  if (type.find("spreadsheetml") != std::string::npos)
    body = r.body.rfind("PK\x03\x04", 0) == 0 ? "(an .xlsx of " + std::to_string(r.body.size()) + " bytes)" : "(not a zip)";
  samples.push_back({{"method", method}, {"path", path_template}, {"status", r.status},
                     {"content_type", r.header("Content-Type")}, {"body", body}});
  return r;
}

}  // namespace jxc::samples

namespace {

using samples::die;

template <typename T>
T must(Result<T> r, const std::string& what) {
  if (!r) die(what + ": " + r.status().to_string());
  return std::move(r).value();
}

void seed(inventory::Engine& engine) {
  std::vector<inventory::RowError> errs;
  std::vector<inventory::Location> locs;
  auto loc = [&](std::string code, inventory::LocationKind kind, std::string parent) {
    inventory::Location l;
    l.code = std::move(code);
    l.kind = kind;
    l.parent = std::move(parent);
    locs.push_back(std::move(l));
  };
  loc("S1", inventory::LocationKind::site, "");
  loc("W1", inventory::LocationKind::warehouse, "S1");
  loc("A", inventory::LocationKind::zone, "W1");
  loc("A-01", inventory::LocationKind::bin, "A");
  loc("QA", inventory::LocationKind::zone, "W1");  // outside zone A, which the count samples count
  loc("Q-01", inventory::LocationKind::bin, "QA");
  locs.back().quarantine = true;  // inspected receipts put held goods here
  must(engine.import_locations(locs, &errs), "locations");
  // Tea comes in cases of 24; loose rice is counted in kg to the gram and
  // holds no stock, so that the other areas' samples see the same book.
  inventory::Item tea{"TEA-500", "绿茶 500g", "EA", {"6901234567892"}, 520.0, false, 12.5};
  tea.packs = {{"case", 24, "16901234567899"}};
  inventory::Item rice{"RICE-KG", "散装大米", "kg", {}, std::nullopt, false, 6};
  rice.decimals = 3;
  rice.packs = {{"bag", 25'000}};
  must(engine.import_items({tea, {"MILK-1", "Milk 1L", "EA", {}, std::nullopt, true, 8}, rice}, &errs), "items");
  for (const auto& [sku, lot, qty] : {std::tuple{"TEA-500", "", 10}, std::tuple{"MILK-1", "L1", 4}}) {
    inventory::DocumentRequest req;
    req.type = inventory::DocType::receipt;
    req.to = "A-01";
    inventory::DocLine line;
    line.sku = sku;
    line.lot = lot;
    if (lot[0]) line.expiry = "2027-06-30";
    line.qty = qty;
    req.lines.push_back(line);
    req.source = "samples";
    must(engine.post(req), "receipt");
  }
}

void add_user(inventory::Engine& engine, const std::string& name, inventory::Role role) {
  std::string hash = must(http::hash_password(name + " password"), "hash");
  must(engine.run<std::int64_t>([&](inventory::Tx& tx) { return inventory::add_user(tx, name, role, hash); }), name);
}

}  // namespace

int main() {
  // stdout carries the samples; the gateway's log goes to stderr.
  spdlog::set_default_logger(spdlog::stderr_logger_mt("samples"));
  testing::TempDir dir;
  inventory::EngineOptions opts;
  opts.store_path = dir / "store.db";
  ManualClock clock(1'764'000'000'000);
  auto engine = must(inventory::Engine::open(opts, clock), "engine");
  seed(*engine);
  add_user(*engine, "root", inventory::Role::admin);
  add_user(*engine, "clerk", inventory::Role::operator_);
  add_user(*engine, "boss", inventory::Role::manager);
  auto new_token = [&](const std::string& user) {
    const std::string token = http::new_api_token();
    must(engine->run<std::int64_t>([&](inventory::Tx& tx) {
      return inventory::add_api_token(tx, user, "samples", http::token_hash(token), 0);
    }), "token");
    return token;
  };
  const std::string token = new_token("root");
  const std::string manager_token = new_token("boss");
  const std::string clerk_token = new_token("clerk");

  config::Config config = config::defaults();
  config.store.path = opts.store_path;
  config.http.enabled = true;
  config.http.port = 0;
  config.http.max_body_bytes = 1024;
  config.http.login_max_failures = 2;
  config.http.max_event_subscribers = 2;  // the cap is reached with two streams held open
  config.site.timezone = "Asia/Shanghai";  // GET /api/v1/me names it
  devices::HealthRegistry health(clock);
  metrics::Registry metrics;
  scan::ScanResultLog scans;
  auto service = must(http::HttpService::start(config, *engine, health, metrics, clock, &scans), "http");
  const std::string base = "http://127.0.0.1:" + std::to_string(service->port());

  samples::Run run{*engine, *service, clock, "http://127.0.0.1:" + std::to_string(service->port())};
  run.admin = {"-H", "Authorization: Bearer " + token};
  run.manager = {"-H", "Authorization: Bearer " + manager_token};
  run.operator_token = {"-H", "Authorization: Bearer " + clerk_token};
  run.health = &health;
  run.scans = &scans;
  using samples::data;
  using samples::kJson;
  using samples::with;

  run.call("GET", "/healthz", "/healthz", {});
  run.call("GET", "/readyz", "/readyz", {});
  service->set_ready(true);
  run.call("GET", "/readyz", "/readyz", {});
  run.call("GET", "/metrics", "/metrics", {});
  run.call("GET", "/api/v1/openapi.json", "/api/v1/openapi.json", {});

  auto login = run.call("POST", "/api/v1/session", "/api/v1/session",
                        with(kJson, data(R"({"user":"clerk","password":"clerk password"})")));
  const std::string cookie = login.header("Set-Cookie").substr(0, login.header("Set-Cookie").find(';'));
  run.clerk_csrf = login.json().value("csrf_token", "");
  run.clerk = {"-b", cookie};
  run.call("POST", "/api/v1/session", "/api/v1/session", with(kJson, data(R"({"user":"clerk"})")));
  run.call("POST", "/api/v1/session", "/api/v1/session", data(R"({"user":"clerk","password":"x"})"));
  run.call("POST", "/api/v1/session", "/api/v1/session", with(kJson, data(std::string(2000, ' '))));
  for (const char* password : {"x", "y", "z"})
    run.call("POST", "/api/v1/session", "/api/v1/session",
             with(kJson, data(std::string(R"({"user":"nobody","password":")") + password + "\"}")));

  samples::session_and_users(run);
  samples::stock(run);
  samples::documents(run);
  samples::live(run);
  samples::inbox(run);
  samples::counts(run);
  samples::serials(run);

  // Last: the clerk's session ends.
  run.call("DELETE", "/api/v1/session", "/api/v1/session", run.clerk);
  run.call("DELETE", "/api/v1/session", "/api/v1/session", run.admin);
  run.call("DELETE", "/api/v1/session", "/api/v1/session", with(run.clerk, {"-H", "X-CSRF-Token: " + run.clerk_csrf}));
  run.call("DELETE", "/api/v1/session", "/api/v1/session", {});

  service.reset();
  std::cout << run.samples.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
  return 0;
}
