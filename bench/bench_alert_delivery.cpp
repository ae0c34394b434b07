// Alert delivery over HTTPS: latency from the alert's commit to the robot's
// receipt of it (p50/p99), and the CPU-seconds of 1,000 alerts through the
// channel dispatcher, each beside a bare libcurl POST of the same body to the
// same receiver in the same run. The receiver is the channel tests' HTTPS
// robot (edge/alerts/channels/testdata/robot_receiver.py, Python's ssl
// module, a certificate made by openssl now, --summary lines), on loopback; it stamps each
// request when it has read it, and the latency is that stamp minus the
// moment the commit was reported (same machine, same wall clock).
#include <CLI/CLI.hpp>
#include <curl/curl.h>
#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <thread>

#include "bench/bench_util.h"
#include "edge/alerts/alert_service.h"
#include "edge/alerts/channels/dispatcher.h"
#include "edge/alerts/channels/messages.h"
#include "edge/alerts/channels/test_peers.h"
#include "edge/inventory/engine.h"

namespace jxc::bench {
namespace {

using alerts::channels::testing::Peer;

struct Options {
  int latency_samples = 200;
  int cpu_alerts = 1000;
  std::string dir;
};

double wall_seconds() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

double cpu_seconds() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  auto s = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return s(u.ru_utime) + s(u.ru_stime);
}

alerts::Alert alert(std::int64_t n) {
  alerts::Alert a;
  a.key = {alerts::Kind::device_offline, "", "", "", "reader-" + std::to_string(n)};
  a.severity = alerts::Severity::warning;
  a.qty = 6;
  a.threshold = 5;
  a.detail = "设备 reader-" + std::to_string(n) + " 离线已 6 分钟（阈值 5 分钟）。";
  return a;
}

// The receiver's stamp of each request, by the alert id in its body.
std::map<std::int64_t, double> receipts(Peer& rx, std::size_t n) {
  if (!rx.wait_records(n, std::chrono::seconds(120))) die("the receiver got fewer requests than sent");
  std::map<std::int64_t, double> out;
  for (const auto& r : rx.records())
    if (r.contains("alert_id") && r["alert_id"].is_number_integer())
      out[r["alert_id"].get<std::int64_t>()] = r["t"].get<double>();
  return out;
}

// A bare libcurl POST, as the channel's transport makes it: verified TLS, a
// handle per request, the same headers.
class BarePost {
 public:
  BarePost(std::string url, std::string ca) : url_(std::move(url)), ca_(std::move(ca)) {
    headers_ = curl_slist_append(headers_, "Content-Type: application/json; charset=utf-8");
    headers_ = curl_slist_append(headers_, "Expect:");
  }
  ~BarePost() { curl_slist_free_all(headers_); }
  void post(const std::string& body) {
    CURL* h = curl_easy_init();
    curl_easy_setopt(h, CURLOPT_URL, url_.c_str());
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_CAINFO, ca_.c_str());
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers_);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, +[](char*, std::size_t s, std::size_t n, void*) { return s * n; });
    const CURLcode rc = curl_easy_perform(h);
    curl_easy_cleanup(h);
    if (rc != CURLE_OK) die(std::string("bare POST: ") + curl_easy_strerror(rc));
  }

 private:
  std::string url_, ca_;
  curl_slist* headers_ = nullptr;
};

template <typename Pred>
void spin_until(Pred p) {
  const auto end = Clock::now() + std::chrono::seconds(60);
  while (!p()) {
    if (Clock::now() > end) die("timed out waiting for a delivery");
    std::this_thread::sleep_for(std::chrono::microseconds(50));
  }
}

}  // namespace
}  // namespace jxc::bench

int main(int argc, char** argv) {
  using namespace jxc;
  using namespace jxc::bench;
  Options o;
  CLI::App app{"Alert delivery over HTTPS: commit-to-receipt latency and CPU per alert, beside a bare libcurl POST"};
  app.add_option("--samples", o.latency_samples, "alerts timed one at a time")->check(CLI::Range(10, 100000));
  app.add_option("--alerts", o.cpu_alerts, "alerts whose CPU cost is measured")->check(CLI::Range(10, 1000000));
  app.add_option("--dir", o.dir, "directory for the store (default: a disk-backed temp dir)");
  CLI11_PARSE(app, argc, argv);

  auto root = scratch_root(o.dir);
  ScratchDir dir(root, "bench-alert-delivery");
  std::printf("bench_alert_delivery: alerts to a robot over HTTPS on loopback\n");
  std::printf("machine:  %s\n", machine_line().c_str());
  std::printf("before:   %s\n", load_line().c_str());
  std::printf("storage:  %s, %s; one 4 KiB append + fdatasync = %s ms\n", root.c_str(),
              describe_filesystem(root).c_str(), fixed(fdatasync_ms(root), 2).c_str());
  std::filesystem::create_directories(dir.path() / "pki");
  const auto pki = alerts::channels::testing::make_pki((dir.path() / "pki").string());
  Peer rx("robot_receiver.py",
          {"--kind", "webhook", "--cert", pki.localhost_cert, "--key", pki.localhost_key, "--script", "ok",
           "--summary"});
  const std::string url = "https://localhost:" + std::to_string(rx.port()) + "/hook";

  inventory::EngineOptions eo;
  eo.store_path = dir.file("store.db");
  auto engine = inventory::Engine::open(eo);
  if (!engine) die(engine.status().to_string());
  auto svc = alerts::AlertService::create(**engine, eo.store_path, config::AlertsConfig{}, SystemClock::instance());
  if (!svc) die(svc.status().to_string());
  if (Status s = (*svc)->start(); !s) die(s.to_string());
  config::AlertChannel ch;
  ch.name = "bench-webhook";
  ch.kind = "webhook";  // no robot rate limit: each alert goes on its own
  ch.url = url;
  ch.ca_file = pki.ca;
  alerts::channels::DispatchOptions dopts;
  dopts.retry_max = 1;
  auto disp = alerts::channels::Dispatcher::create({ch}, dopts, **engine, SystemClock::instance(), {});
  if (!disp) die(disp.status().to_string());
  alerts::channels::Dispatcher& d = **disp;
  d.start();
  std::mutex mu;
  std::map<std::int64_t, double> committed;  // alert id -> when its commit was reported
  (*svc)->set_sink([&](const alerts::Alert& a, const std::string& event) {
    {
      std::lock_guard lock(mu);
      committed[a.id] = wall_seconds();
    }
    d.notify(a, event);
  });

  // Latency: one alert at a time, raised through the alert service (written
  // with its outbox event, told to the dispatcher after the commit).
  for (int i = 0; i < o.latency_samples; ++i) {
    const auto before = d.succeeded();
    (*svc)->raise(alert(i));
    spin_until([&] { return d.succeeded() > before; });
  }
  std::vector<double> ours;
  for (const auto& [id, t] : receipts(rx, static_cast<std::size_t>(o.latency_samples))) {
    std::lock_guard lock(mu);
    ours.push_back((t - committed.at(id)) * 1000);
  }
  // Baseline: the same body POSTed by bare libcurl, from just before the call.
  curl_global_init(CURL_GLOBAL_DEFAULT);
  BarePost bare(url, pki.ca);
  std::map<std::int64_t, double> sent;
  for (int i = 0; i < o.latency_samples; ++i) {
    alerts::Alert a = alert(i);
    a.id = 1'000'000 + i;
    const std::string body = alerts::channels::webhook_body(a, "raised", "gw-1");
    sent[a.id] = wall_seconds();
    bare.post(body);
  }
  std::vector<double> base;
  for (const auto& [id, t] : receipts(rx, static_cast<std::size_t>(2 * o.latency_samples)))
    if (sent.count(id)) base.push_back((t - sent.at(id)) * 1000);
  std::sort(ours.begin(), ours.end());
  std::sort(base.begin(), base.end());

  // CPU: a burst of alerts handed to the dispatcher (delivery, delivery log
  // in the store), then the same number of bare POSTs.
  (*svc)->set_sink({});
  const auto before = d.succeeded();
  double cpu0 = cpu_seconds();
  auto t0 = bench::Clock::now();
  for (int i = 0; i < o.cpu_alerts; ++i) {
    alerts::Alert a = alert(i);
    a.id = 2'000'000 + i;
    d.notify(a, "raised");
  }
  spin_until([&] { return d.succeeded() >= before + static_cast<std::uint64_t>(o.cpu_alerts); });
  (void)(*engine)->run<int>([](inventory::Tx&) -> Result<int> { return 0; });  // the delivery log written
  const double ours_cpu = cpu_seconds() - cpu0, ours_wall = seconds_since(t0);
  (void)rx.records();  // empties the receiver's pipe before the next burst
  const std::string body = alerts::channels::webhook_body(alert(0), "raised", "gw-1");
  cpu0 = cpu_seconds();
  t0 = bench::Clock::now();
  for (int i = 0; i < o.cpu_alerts; ++i) bare.post(body);
  const double base_cpu = cpu_seconds() - cpu0, base_wall = seconds_since(t0);
  d.stop();
  (*svc)->stop();

  std::printf("after:    %s\n\n", load_line().c_str());
  std::printf("| figure | value | baseline (same run): bare libcurl POST | ratio |\n|---|---|---|---|\n");
  std::printf("| commit to robot receipt, p50 (%d alerts, HTTPS, handshake each) | %s ms | %s ms | %s |\n",
              o.latency_samples, fixed(percentile(ours, 50), 2).c_str(), fixed(percentile(base, 50), 2).c_str(),
              fixed(percentile(ours, 50) / percentile(base, 50), 2).c_str());
  std::printf("| commit to robot receipt, p99 | %s ms | %s ms | %s |\n", fixed(percentile(ours, 99), 2).c_str(),
              fixed(percentile(base, 99), 2).c_str(), fixed(percentile(ours, 99) / percentile(base, 99), 2).c_str());
  std::printf("| CPU of %d alerts through the dispatcher (user+sys) | %s s (%s s wall) | %s s (%s s wall) | %s |\n",
              o.cpu_alerts, fixed(ours_cpu, 3).c_str(), fixed(ours_wall, 2).c_str(), fixed(base_cpu, 3).c_str(),
              fixed(base_wall, 2).c_str(), fixed(ours_cpu / base_cpu, 2).c_str());
  return 0;
}
