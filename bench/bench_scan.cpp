// bench_scan: the two figures of barcode scanning.
//
// 1. GS1 parsing throughput on one core: parse_gs1 over a mix of real label
//    shapes (GS1-128 and DataMatrix element strings with AIM identifiers,
//    bracketed HRI, Digital Link, EAN-13, SSCC + GLN, a measure), beside a
//    baseline that only copies each scan into a std::string and sums its bytes
//    (the least any parser does: touch every byte, allocate a result).
// 2. Scan to committed movement: one receiving scanner (ScanProcessor in
//    receive mode, a PO and bin already scanned) scanning GS1 item labels one
//    after another; each scan is timed from handle() to its return, which is
//    after the receipt is durable. Baseline: Engine::post of the same receipt
//    document against the same order, on its own store, the same way.

#include <CLI/CLI.hpp>

#include <time.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "bench/bench_util.h"
#include "edge/identifiers/check_digit.h"
#include "edge/identifiers/gs1.h"
#include "edge/inventory/engine.h"
#include "edge/scan/processor.h"

namespace jxc::bench {
namespace {

using namespace jxc::inventory;

struct Options {
  double parse_seconds = 3;
  int scans = 3000;
  int items = 200;
  bool keep = false;
  std::string dir;
};

double thread_cpu_seconds() {
  timespec ts{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

const std::vector<std::string>& label_mix() {
  static const std::vector<std::string> mix = {
      "]C10109501101530003" "17270630" "10LOT-A12\x1D" "21SN000123",
      "]d2" "00106141412345678908" "0204006381333931" "10B-7781\x1D" "3712",
      "(01)09501101530003(17)251231(10)ABC123",
      "https://id.gs1.org/01/09501101530003/10/ABC?17=251231",
      "4006381333931",
      "]C100106141412345678908" "4100614141000005",
      "\x1D" "0109501101530003" "3103001250" "15260131",
      "]e001095011015300031012345\x1D" "3012",
  };
  return mix;
}

void bench_parse(const Options& o) {
  const auto& mix = label_mix();
  identifiers::Gs1ParseOptions po;
  po.reference_year = 2026;
  for (const auto& s : mix)
    if (auto r = identifiers::parse_gs1(s, po); !r) die("label does not parse: " + r.status().to_string());

  // Per wall-clock second and per second of this thread's CPU time: on a
  // shared machine the second is what "one core" delivers.
  struct Rate {
    double wall = 0, cpu = 0;
  };
  auto run = [&](auto&& one) {
    std::uint64_t n = 0, sink = 0;
    const auto t0 = Clock::now();
    const double c0 = thread_cpu_seconds();
    double secs = 0;
    do {
      for (int k = 0; k < 1000; ++k)
        for (const auto& s : mix) {
          sink += one(s);
          ++n;
        }
      secs = seconds_since(t0);
    } while (secs < o.parse_seconds);
    const double cpu = thread_cpu_seconds() - c0;
    if (sink == 42) std::printf(" ");  // keeps the work observable
    return Rate{static_cast<double>(n) / secs, static_cast<double>(n) / cpu};
  };
  const Rate base = run([](const std::string& s) {
    std::string copy(s);
    std::uint64_t sum = 0;
    for (unsigned char c : copy) sum += c;
    return sum;
  });
  const Rate parsed = run([&](const std::string& s) {
    auto r = identifiers::parse_gs1(s, po);
    return r.is_ok() ? r->elements.size() : 0;
  });
  std::printf("\nGS1 parsing, one thread, %zu label shapes, %.0f s each:\n", mix.size(), o.parse_seconds);
  std::printf("| | scans per CPU-second | scans per wall second | ratio (CPU) |\n|---|---:|---:|---:|\n");
  std::printf("| parse_gs1 | **%s** | %s | %s |\n", thousands(parsed.cpu).c_str(),
              thousands(parsed.wall).c_str(), fixed(parsed.cpu / base.cpu, 3).c_str());
  std::printf("| baseline: copy + sum bytes | %s | %s | 1 |\n", thousands(base.cpu).c_str(),
              thousands(base.wall).c_str());
}

struct Latency {
  double p50 = 0, p99 = 0, max = 0;
};
Latency summarise(std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  return {percentile(ms, 50), percentile(ms, 99), ms.back()};
}

// GTIN-14 of item i > 0: "2" + five digits of i + zeros + check digit, padded.
std::string items_gtin14(int i) {
  char body[24];
  std::snprintf(body, sizeof body, "2%05d000000", i % 100000);
  return "0" + std::string(body) + static_cast<char>('0' + identifiers::gs1_check_digit(body));
}

std::unique_ptr<Engine> open_store(const std::string& path, const Options& o) {
  EngineOptions eo;
  eo.store_path = path;
  eo.site_id = "S1";
  auto e = Engine::open(eo);
  if (!e) die("open engine: " + e.status().to_string());
  auto engine = std::move(e).value();
  std::vector<Location> locs;
  auto add = [&](std::string c, LocationKind k, std::string parent) {
    Location l;
    l.code = std::move(c);
    l.kind = k;
    l.parent = std::move(parent);
    l.barcode = "LOC:" + l.code;
    locs.push_back(std::move(l));
  };
  add("S1", LocationKind::site, "");
  add("W1", LocationKind::warehouse, "S1");
  add("RECV", LocationKind::zone, "W1");
  add("RECV-1", LocationKind::bin, "RECV");
  if (auto r = engine->import_locations(locs); !r) die("locations: " + r.status().to_string());
  std::vector<Item> items;
  for (int i = 0; i < o.items; ++i) {
    Item it;
    char sku[16];
    std::snprintf(sku, sizeof sku, "SKU-%05d", i);
    it.sku = sku;
    it.name = sku;
    it.lot_tracked = i == 0;  // the scanned item carries lot and expiry
    it.gtins = {i == 0 ? "09501101530003" : items_gtin14(i)};
    items.push_back(std::move(it));
  }
  if (auto r = engine->import_items(items); !r) die("items: " + r.status().to_string());
  Order po;
  po.kind = OrderKind::expected_receipt;
  po.number = "PO-1";
  po.lines = {{"SKU-00000", "", 1'000'000'000}};
  if (auto s = engine->upsert_order(po); !s) die("order: " + s.to_string());
  return engine;
}

void bench_latency(const std::filesystem::path& root, const Options& o) {
  const std::string label = "]C10109501101530003" "17270630" "10LOT-A\x1D" "3712";
  std::vector<double> scan_ms, post_ms, reject_ms;
  std::string first_error;
  {
    ScratchDir dir(root, "scan", o.keep);
    auto engine = open_store(dir.file("jxc-edge.db"), o);
    auto p = scan::ScanProcessor::open(*engine, dir.file("jxc-edge.db"), scan::LabelPatterns{});
    if (!p) die("processor: " + p.status().to_string());
    auto proc = std::move(p).value();
    proc->add_scanner({"dock-1", scan::Mode::receive, "bench"});
    if (!proc->handle("dock-1", "PO-1").accepted || !proc->handle("dock-1", "LOC:RECV-1").accepted)
      die("cannot start receiving");
    for (int i = 0; i < 50; ++i) proc->handle("dock-1", label);  // warm-up
    for (int i = 0; i < o.scans; ++i) {
      const auto t0 = Clock::now();
      auto r = proc->handle("dock-1", label);
      scan_ms.push_back(seconds_since(t0) * 1e3);
      if (!r.accepted && first_error.empty()) first_error = r.message;
    }
    // The same work up to the write: an item that is not on the order is
    // parsed, resolved and checked, then refused without a commit.
    const std::string other = "]C101" + items_gtin14(1) + "17270630";
    for (int i = 0; i < o.scans; ++i) {
      const auto t0 = Clock::now();
      auto r = proc->handle("dock-1", other);
      reject_ms.push_back(seconds_since(t0) * 1e3);
      if (r.accepted && first_error.empty()) first_error = "an item not on the order was accepted";
    }
  }
  {
    ScratchDir dir(root, "post", o.keep);
    auto engine = open_store(dir.file("jxc-edge.db"), o);
    auto post = [&] {
      DocumentRequest req;
      req.type = DocType::receipt;
      req.order = "PO-1";
      req.to = "RECV-1";
      DocLine l;
      l.sku = "SKU-00000";
      l.lot = "LOT-A";
      l.expiry = "2027-06-30";
      l.qty = 12;
      req.lines.push_back(l);
      req.source = "bench";
      return engine->post(req);
    };
    for (int i = 0; i < 50; ++i) post();
    for (int i = 0; i < o.scans; ++i) {
      const auto t0 = Clock::now();
      auto r = post();
      post_ms.push_back(seconds_since(t0) * 1e3);
      if (!r && first_error.empty()) first_error = r.status().to_string();
    }
  }
  if (!first_error.empty()) die("a scan failed: " + first_error);
  const Latency s = summarise(scan_ms), b = summarise(post_ms), x = summarise(reject_ms);
  std::printf("\nScan to committed receipt, one scanner, %d scans (GS1-128: GTIN, expiry, lot, count):\n", o.scans);
  std::printf("| | p50 ms | p99 ms | max ms | ratio p50 / p99 |\n|---|---:|---:|---:|---:|\n");
  std::printf("| ScanProcessor::handle | **%s** | **%s** | %s | %s / %s |\n", fixed(s.p50, 3).c_str(),
              fixed(s.p99, 3).c_str(), fixed(s.max, 2).c_str(), fixed(s.p50 / b.p50, 2).c_str(),
              fixed(s.p99 / b.p99, 2).c_str());
  std::printf("| baseline: Engine::post of the same receipt | %s | %s | %s | 1 / 1 |\n", fixed(b.p50, 3).c_str(),
              fixed(b.p99, 3).c_str(), fixed(b.max, 2).c_str());
  std::printf("| ScanProcessor::handle refused before the write (not on the order) | %s | %s | %s | %s / %s |\n",
              fixed(x.p50, 3).c_str(), fixed(x.p99, 3).c_str(), fixed(x.max, 2).c_str(),
              fixed(x.p50 / b.p50, 3).c_str(), fixed(x.p99 / b.p99, 3).c_str());
}

}  // namespace
}  // namespace jxc::bench

int main(int argc, char** argv) {
  using namespace jxc::bench;
  Options o;
  CLI::App app{"GS1 parsing throughput and scan-to-committed-movement latency, each beside a baseline"};
  app.add_option("--parse-seconds", o.parse_seconds, "time per parsing row")->default_val(3);
  app.add_option("--scans", o.scans, "timed scans (and baseline posts)")->default_val(3000);
  app.add_option("--dir", o.dir, "where stores are written (default: a disk-backed temporary directory)");
  app.add_flag("--keep", o.keep, "keep the stores");
  CLI11_PARSE(app, argc, argv);
  std::printf("machine:  %s\n", machine_line().c_str());
  std::printf("before:   %s\n", load_line().c_str());
  auto root = scratch_root(o.dir);
  std::printf("stores:   %s (%s), 4 KiB append+fdatasync %s ms\n", root.string().c_str(),
              describe_filesystem(root).c_str(), fixed(fdatasync_ms(root), 3).c_str());
  bench_parse(o);
  bench_latency(root, o);
  std::printf("\nafter:    %s\n", load_line().c_str());
  return 0;
}
