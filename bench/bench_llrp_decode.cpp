// bench_llrp_decode: LLRP RO_ACCESS_REPORT decode throughput in tag reads per
// second on one core, beside two baselines over the very same buffer in the
// same run: memcpy of the buffer and a plain byte-summing scan. The ratio
// says how far decoding is from merely touching the bytes.
//
// The buffer holds reports as a reader sends them in a backlog flush: 100
// TagReportData per RO_ACCESS_REPORT, each with EPC-96, ROSpecID, AntennaID,
// PeakRSSI, ChannelIndex, First/LastSeenTimestampUTC and TagSeenCount.

#include <CLI/CLI.hpp>

#include <cstdio>
#include <cstring>
#include <vector>

#include "bench/bench_util.h"
#include "drivers/rfid/encode.h"
#include "drivers/rfid/reports.h"

namespace jxc::bench {
namespace {

struct Options {
  std::int64_t reads = 2'000'000;
  int per_report = 100;
  int repeat = 5;
};

std::vector<std::uint8_t> build(const Options& o, std::int64_t* reads_out) {
  Rng rng(42);
  std::vector<std::uint8_t> buf;
  std::int64_t made = 0;
  std::uint32_t id = 1;
  while (made < o.reads) {
    std::vector<llrp::TagReport> tags;
    for (int i = 0; i < o.per_report && made < o.reads; ++i, ++made) {
      llrp::TagReport t;
      t.epc = {0x30, 0x14, 0x25, 0x3b, 0x00, 0x10, 0x00, 0x00, 0, 0, 0, 0};
      for (int k = 8; k < 12; ++k) t.epc[static_cast<std::size_t>(k)] = static_cast<std::uint8_t>(rng.next());
      t.epc_bits = 96;
      t.rospec_id = 1;
      t.antenna = static_cast<std::uint16_t>(1 + rng.below(4));
      t.peak_rssi_dbm = static_cast<std::int8_t>(-40 - static_cast<int>(rng.below(40)));
      t.channel_index = static_cast<std::uint16_t>(1 + rng.below(50));
      t.first_seen = t.last_seen = llrp::Timestamp{1'700'000'000'000'000ULL + static_cast<std::uint64_t>(made), true};
      t.seen_count = 1;
      tags.push_back(std::move(t));
    }
    auto frame = llrp::ro_access_report(id++, tags);
    buf.insert(buf.end(), frame.begin(), frame.end());
  }
  *reads_out = made;
  return buf;
}

template <typename F>
double best_of(int repeat, F f) {
  double best = 1e300;
  for (int i = 0; i < repeat; ++i) {
    auto t0 = Clock::now();
    f();
    best = std::min(best, seconds_since(t0));
  }
  return best;
}

}  // namespace
}  // namespace jxc::bench

int main(int argc, char** argv) {
  using namespace jxc::bench;
  Options o;
  CLI::App app{"LLRP RO_ACCESS_REPORT decode throughput (reads/s, one core) beside memcpy and a byte scan"};
  app.add_option("--reads", o.reads, "tag reads in the buffer")->check(CLI::Range(1000, 100'000'000));
  app.add_option("--per-report", o.per_report, "TagReportData per RO_ACCESS_REPORT")->check(CLI::Range(1, 1000));
  app.add_option("--repeat", o.repeat, "runs per figure; the best is kept")->check(CLI::Range(1, 100));
  CLI11_PARSE(app, argc, argv);

  std::int64_t reads = 0;
  const auto buf = build(o, &reads);
  std::printf("%s\n%s\n", machine_line().c_str(), load_line().c_str());
  std::printf("buffer: %s reads in %s bytes (%d per report)\n", thousands(static_cast<double>(reads)).c_str(),
              thousands(static_cast<double>(buf.size())).c_str(), o.per_report);

  std::vector<std::uint8_t> copy(buf.size());
  const double t_memcpy = best_of(o.repeat, [&] {
    std::memcpy(copy.data(), buf.data(), buf.size());
    asm volatile("" : : "r"(copy.data()) : "memory");
  });
  volatile std::uint64_t sink = 0;
  const double t_scan = best_of(o.repeat, [&] {
    std::uint64_t s = 0;
    for (std::uint8_t b : buf) s += b;
    sink = sink + s;
  });
  std::int64_t decoded = 0;
  std::vector<jxc::llrp::TagReport> out;
  out.reserve(static_cast<std::size_t>(o.per_report));
  const double t_decode = best_of(o.repeat, [&] {
    decoded = 0;
    std::span<const std::uint8_t> rest(buf);
    while (!rest.empty()) {
      auto f = jxc::llrp::next_frame(rest);
      if (!f) die("frame: " + f.status().to_string());
      out.clear();
      if (auto s = jxc::llrp::decode_tag_reports(*f, &out); !s) die("decode: " + s.to_string());
      decoded += static_cast<std::int64_t>(out.size());
      rest = rest.subspan(f->size());
    }
  });
  if (decoded != reads) die("decoded " + std::to_string(decoded) + " of " + std::to_string(reads));
  const double r = static_cast<double>(reads);
  std::printf("%-34s %16s reads/s\n", "memcpy of the buffer (baseline)", thousands(r / t_memcpy).c_str());
  std::printf("%-34s %16s reads/s\n", "byte-summing scan (baseline)", thousands(r / t_scan).c_str());
  std::printf("%-34s %16s reads/s   (%s x scan, %s x memcpy)\n", "next_frame + decode_tag_reports",
              thousands(r / t_decode).c_str(), fixed(t_scan / t_decode, 3).c_str(),
              fixed(t_memcpy / t_decode, 3).c_str());
  return 0;
}
