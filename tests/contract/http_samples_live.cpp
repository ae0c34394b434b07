// Event streams, devices and scans, the uplink, and first-start setup.
#include <fstream>

#include "edge/alerts/alert_store.h"
#include "edge/config/config.h"
#include "edge/http/test_sse_client.h"
#include "edge/inventory/count_workflow.h"
#include "edge/inventory/documents.h"
#include "edge/inventory/stock_count.h"
#include "edge/inventory/tx.h"
#include "tests/child_process.h"
#include "tests/contract/http_samples.h"

namespace jxc::samples {
namespace {

// A stream's body is cut off by curl after `seconds`: a stream does not end.
Args for_a_while(Args a, const std::string& seconds = "1") { return with(std::move(a), {"--max-time", seconds}); }

// The id of the first `reset` event in a stream's body.
std::string reset_id(const std::string& body) {
  const std::string mark = "event: reset\nid: ";
  auto at = body.find(mark);
  if (at == std::string::npos) die("no reset event in: " + body);
  at += mark.size();
  return body.substr(at, body.find('\n', at) - at);
}

void devices_and_uplink(Run& run) {
  run.health->report("door-1-reader", "rfid", devices::DeviceState::online, "connected to 127.0.0.1:5084");
  run.health->report("scale-bus-1", "scale", devices::DeviceState::offline, "connect: Connection refused (retry in 4 s)");
  run.health->report("scanner-1", "scanner", devices::DeviceState::online, "");
  run.health->report("uplink", "uplink", devices::DeviceState::degraded, "connected; backlog 4 unacknowledged events");
  scan::ScanResult bin;
  bin.scanner = "scanner-1", bin.seq = 1, bin.at = run.clock.now_ms(), bin.raw = "LOC:A-01", bin.accepted = true;
  bin.mode = scan::Mode::move, bin.kind = "bin", bin.message = "moving from A-01";
  run.scans->add(bin);
  scan::ScanResult bad = bin;
  bad.seq = 2, bad.raw = "]C1\x1D" "0109501101530003", bad.accepted = false, bad.kind = "item";
  bad.message = "unknown item with GTIN 09501101530003";
  run.scans->add(bad);

  run.call("GET", "/api/v1/devices", "/api/v1/devices", run.clerk);
  run.call("GET", "/api/v1/devices", "/api/v1/devices", {});
  run.call("GET", "/api/v1/scanners/{id}/scans", "/api/v1/scanners/scanner-1/scans", run.clerk);
  run.call("GET", "/api/v1/scanners/{id}/scans", "/api/v1/scanners/scanner-1/scans?limit=1", run.operator_token);
  run.call("GET", "/api/v1/scanners/{id}/scans", "/api/v1/scanners/scanner-1/scans?limit=0", run.clerk);
  run.call("GET", "/api/v1/scanners/{id}/scans", "/api/v1/scanners/nope/scans", run.clerk);
  run.call("GET", "/api/v1/scanners/{id}/scans", "/api/v1/scanners/scanner-1/scans", {});
  run.call("GET", "/api/v1/uplink", "/api/v1/uplink", run.manager);
  run.call("GET", "/api/v1/uplink", "/api/v1/uplink", {});
}

void events(Run& run) {
  // An id this gateway never sent: a reset, whose id is where the stream stands.
  auto first = run.call("GET", "/api/v1/events", "/api/v1/events",
                        for_a_while(with(run.clerk, {"-H", "Last-Event-ID: 0-0"})));
  const std::string from = reset_id(first.body);

  inventory::DocumentRequest req;
  req.type = inventory::DocType::receipt;
  req.to = "A-01";
  inventory::DocLine line;
  line.sku = "TEA-500";
  line.qty = 2;
  req.lines.push_back(line);
  req.source = "samples";
  if (!run.engine.post(req)) die("receipt for the event stream");
  auto raised = run.engine.run<bool>([&](inventory::Tx& tx) {
    alerts::Alert a = alerts::make_alert({alerts::Kind::low_stock, "TEA-500", "A-01", "", ""}, 2, 5,
                                         "TEA-500 at A-01: 2 available, below 5", run.clock.now_ms());
    return alerts::store_raise(tx, a);
  });
  if (!raised) die("alert for the event stream: " + raised.status().to_string());
  run.health->report("door-1-reader", "rfid", devices::DeviceState::offline, "connect: Connection refused");
  // A blind count's progress, then cancelled so that the bin is free again.
  auto counted = run.engine.run<bool>([&](inventory::Tx& tx) -> Result<bool> {
    inventory::CountOpen open;
    open.locations = {"A-01"};
    open.blind = true;
    open.opened_by = "user:boss";
    JXC_ASSIGN(auto c, inventory::open_count(tx, open));
    inventory::CountLineEntry e;
    e.count = c.number;
    e.location = "A-01";
    e.sku = "TEA-500";
    e.qty = 1;
    e.counter = "user:clerk";
    JXC_TRY(inventory::record_count_line(tx, e).status());
    JXC_TRY(inventory::request_recount(tx, c.number, {"A-01"}, "user:boss").status());
    JXC_TRY(inventory::submit_count(tx, c.number, "user:clerk"));
    JXC_TRY(inventory::reopen_count(tx, c.number, "user:boss"));
    JXC_TRY(inventory::cancel_document(tx, c.number).status());
    return true;
  });
  if (!counted) die("count progress for the event stream: " + counted.status().to_string());

  // Resumed from that id: what happened since, each once; the clerk's
  // stream without the blind count's quantity.
  run.call("GET", "/api/v1/events", "/api/v1/events", for_a_while(with(run.clerk, {"-H", "Last-Event-ID: " + from})));
  run.call("GET", "/api/v1/events", "/api/v1/events", for_a_while(with(run.manager, {"-H", "Last-Event-ID: " + from})));
  run.call("GET", "/api/v1/events", "/api/v1/events", {});

  // Every place taken: streams held open until one more is refused.
  std::vector<std::unique_ptr<http::testing::SseClient>> held;
  for (int i = 0; i < 8; ++i) {
    auto c = std::make_unique<http::testing::SseClient>(
        static_cast<std::uint16_t>(std::stoi(run.base.substr(run.base.rfind(':') + 1))), "/api/v1/events",
        std::vector<std::string>{run.operator_token[1]});
    if (!c->read_until([&] { return c->status() != 0; })) die("no answer to an event stream");
    const bool refused = c->status() == 503;
    held.push_back(std::move(c));
    if (refused) break;
  }
  if (held.back()->status() != 503) die("the subscriber cap was never reached");
  run.call("GET", "/api/v1/events", "/api/v1/events", run.manager);
}

void setup(Run& run) {
  // A gateway of its own, on a store without any user.
  testing::TempDir dir;
  inventory::EngineOptions opts;
  opts.store_path = dir / "store.db";
  auto engine = inventory::Engine::open(opts, run.clock);
  if (!engine) die("setup store: " + engine.status().to_string());
  config::Config c = config::defaults();
  c.store.path = opts.store_path;
  c.http.enabled = true;
  c.http.port = 0;
  c.http.max_body_bytes = 1024;
  devices::HealthRegistry health(run.clock);
  metrics::Registry metrics;
  auto service = http::HttpService::start(c, **engine, health, metrics, run.clock);
  if (!service) die("setup service: " + service.status().to_string());
  std::ifstream in(dir / "setup-token");
  std::string token;
  std::getline(in, token);
  if (token.empty()) die("no setup-token file");

  const std::string main_base = run.base;
  run.base = "http://127.0.0.1:" + std::to_string((*service)->port());
  auto body = [&](const std::string& t, const std::string& password) {
    return data(nlohmann::json({{"token", t}, {"name", "root"}, {"password", password}}).dump());
  };
  run.call("POST", "/api/v1/setup", "/api/v1/setup", body(token, "a long enough password 1"));  // 415
  run.call("POST", "/api/v1/setup", "/api/v1/setup", with(kJson, data(R"({"token":"x"})")));
  run.call("POST", "/api/v1/setup", "/api/v1/setup", with(kJson, data(std::string(2000, ' '))));
  run.call("POST", "/api/v1/setup", "/api/v1/setup", with(kJson, body("jxc_setup_wrong", "a long enough password 1")));
  run.call("POST", "/api/v1/setup", "/api/v1/setup", with(kJson, body(token, "short")));
  run.call("POST", "/api/v1/setup", "/api/v1/setup", with(kJson, body(token, "a long enough password 1")));
  run.call("POST", "/api/v1/setup", "/api/v1/setup", with(kJson, body(token, "a long enough password 1")));
  run.base = main_base;
  run.call("POST", "/api/v1/setup", "/api/v1/setup", with(kJson, body(token, "a long enough password 1")));
  (*service)->stop();
}

}  // namespace

void live(Run& run) {
  devices_and_uplink(run);
  events(run);
  setup(run);
}

}  // namespace jxc::samples
