// RFID end to end over real TCP: jxc-hwsim rfid plays LLRP readers at dock
// doors and on a forklift, the real `jxc-edge run` daemon connects to them,
// and what the tags did is read back from the real SQLite store. Master data
// and orders are written into the store before the daemon opens it; while the
// daemon runs the test only reads (a separate read-only connection), polling
// for the documents a pass or a move becomes. Every wait is bounded by a
// generous deadline; nothing asserts on time.

#include <sys/wait.h>

#include <gtest/gtest.h>

#include <csignal>
#include <map>
#include <regex>
#include <sstream>
#include <thread>

#include "edge/common/clock.h"
#include "edge/common/local_time.h"
#include "edge/inventory/device_performance.h"
#include "edge/inventory/test_store.h"
#include "edge/rfid/portal.h"
#include "edge/rfid/test_tags.h"
#include "tests/child_process.h"

namespace jxc {
namespace {

using namespace std::chrono_literals;
using inventory::DocState;
using inventory::DocType;
using inventory::DocumentResult;
using inventory::Order;
using inventory::OrderKind;
using inventory::OrderLine;
using rfid::testing::sgln96;
using rfid::testing::sgtin96;
using rfid::testing::sscc96;
using testing::after;
using testing::Child;
using testing::ChildSpec;

constexpr auto kLimit = 40s;  // never reached when all is well
const std::string kNever = "\x01never printed\x01";

using Epc = std::vector<std::uint8_t>;

std::string hwsim() {
  const char* dir = std::getenv("JXC_BIN_DIR");
  return std::string(dir ? dir : ".") + "/jxc-hwsim";
}

std::string hex(const Epc& e) {
  static const char* digits = "0123456789ABCDEF";
  std::string s;
  for (auto b : e) s += digits[b >> 4], s += digits[b & 15];
  return s;
}

std::string key_of(const Epc& e) { return rfid::decode_or_raw(e).gs1_key; }

Epc tea(std::uint64_t serial) { return sgtin96(6901234, 56789, serial); }   // TEA-500, GTIN 6901234567892
Epc rice(std::uint64_t serial) { return sgtin96(4006381, 33393, serial); }  // RICE-5, GTIN 4006381333931

std::vector<Epc> tea_cases(int n, int first = 1) {
  std::vector<Epc> out;
  for (int i = 0; i < n; ++i) out.push_back(tea(static_cast<std::uint64_t>(first + i)));
  return out;
}

std::string json_epcs(const std::vector<Epc>& epcs) {
  std::string s = "[";
  for (std::size_t i = 0; i < epcs.size(); ++i) s += (i ? ",\"" : "\"") + hex(epcs[i]) + "\"";
  return s + "]";
}

/// A scenario step that carries tags through a door: read every 100 ms on the
/// first antenna, then on the second, RSSI peaking at mid-pass.
std::string pass_step(const std::vector<Epc>& tags, int from, int to, int rssi_low = -60, int rssi_peak = -45,
                      int at_ms = 300) {
  std::ostringstream s;
  s << R"({"kind":"pass","at_ms":)" << at_ms << R"(,"duration_ms":1500,"interval_ms":100,"antennas":[)" << from
    << "," << to << R"(],"rssi_low":)" << rssi_low << R"(,"rssi_peak":)" << rssi_peak << R"(,"epcs":)"
    << json_epcs(tags) << "}";
  return s.str();
}

std::string read_step(const Epc& tag, int at_ms) {
  return R"({"kind":"read","at_ms":)" + std::to_string(at_ms) + R"(,"antenna":1,"rssi":-40,"epc":")" + hex(tag) +
         "\"}";
}

struct SimReader {
  std::string id;
  std::vector<std::string> steps;
  std::string variant = "";  // further reader keys, e.g. R"("omit_unchanged": true, )"
};

// The simulator process with the port each of its readers listens on.
struct Sim {
  explicit Sim(const std::string& scenario_path, const std::vector<SimReader>& readers) {
    std::string json = R"({"readers":[)";
    for (std::size_t i = 0; i < readers.size(); ++i) {
      json += (i ? "," : "") + std::string("{") + readers[i].variant + R"("id":")" + readers[i].id + R"(","steps":[)";
      for (std::size_t k = 0; k < readers[i].steps.size(); ++k) json += (k ? "," : "") + readers[i].steps[k];
      json += "]}";
    }
    testing::write_file(scenario_path, json + "]}");
    ChildSpec spec;
    spec.argv = {hwsim(), "rfid", "--scenario", scenario_path, "--port", "0"};
    child = std::make_unique<Child>(spec);
    // Each reader prints one whole line "listening <id> <port>".
    auto deadline = after(kLimit);
    for (const auto& r : readers) {
      const std::regex line("listening " + r.id + " (\\d+)\n");
      std::smatch m;
      std::string out;
      while (!std::regex_search(out = child->output(), m, line)) {
        if (std::chrono::steady_clock::now() > deadline || child->wait_exit(after(0ms)))
          throw std::runtime_error("simulator did not start: " + child->output());
        child->wait_for_output("\n" + r.id + " never printed", after(100ms));  // reads what arrives meanwhile
      }
      ports[r.id] = std::stoi(m[1]);
    }
  }
  std::unique_ptr<Child> child;
  std::map<std::string, int> ports;
};

class RfidEndToEnd : public inventory::testing::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    seed();
  }

  void TearDown() override {
    stop_daemon();
    StoreTest::TearDown();
  }

  void order(const std::string& number, const std::string& door, std::vector<OrderLine> lines,
             OrderKind kind = OrderKind::expected_receipt) {
    Order o;
    o.kind = kind;
    o.number = number;
    o.door = door;
    o.lines = std::move(lines);
    Status s = engine_->upsert_order(o);
    ASSERT_TRUE(s.is_ok()) << s.to_string();
  }

  /// Starts the simulator, then the daemon on the same store; `portal` is the
  /// read points' TOML ([[portal.doors]] / [[portal.forklifts]] tables).
  void run(const std::vector<SimReader>& readers, const std::string& portal) {
    close_engine();  // from here on the daemon is the store's only writer
    sim_ = std::make_unique<Sim>(tmp_ / "scenario.json", readers);
    std::ostringstream cfg;
    cfg << "[gateway]\nid = \"gw-1\"\nsite = \"S1\"\n[store]\npath = \"" << store_path_ << "\"\n";
    for (const auto& r : readers)
      cfg << "[[rfid.readers]]\nid = \"" << r.id << "\"\nhost = \"127.0.0.1\"\nport = " << sim_->ports.at(r.id)
          << "\nkeepalive_ms = 2000\nreconnect_min_ms = 100\nreconnect_max_ms = 1000\n";
    // Smoothing quick enough for a short test, with room for a loaded machine:
    // two reads make a tag present, a pass closes after 800 ms without reads.
    cfg << "[portal]\nmin_reads = 2\nwindow_ms = 2000\ndedup_ms = 0\ndeparture_ms = 1000\n" << portal;
    testing::write_file(tmp_ / "gateway.toml", cfg.str());
    ChildSpec spec;
    spec.argv = {testing::jxc_edge_binary(), "run", "--config", tmp_ / "gateway.toml"};
    daemon_ = std::make_unique<Child>(spec);
  }

  static std::string door(const std::string& id, const std::string& location, const std::string& reader,
                          int outside, int inside) {
    return "[[portal.doors]]\nid = \"" + id + "\"\nlocation = \"" + location + "\"\nreader = \"" + reader +
           "\"\noutside_antennas = [" + std::to_string(outside) + "]\ninside_antennas = [" +
           std::to_string(inside) + "]\npass_idle_close_ms = 800\n";
  }

  /// Stops the daemon (SIGTERM) and expects a clean exit; then the store may
  /// be opened for writing again.
  void stop_daemon() {
    if (!daemon_) return;
    daemon_->signal(SIGTERM);
    auto status = daemon_->wait_exit(after(kLimit));
    EXPECT_TRUE(status && WIFEXITED(*status) && WEXITSTATUS(*status) == 0) << daemon_->output();
    daemon_.reset();
    sim_.reset();
  }

  std::unique_ptr<inventory::Queries> reader() {
    auto r = inventory::Queries::open(store_path_);
    EXPECT_TRUE(r.is_ok()) << r.status().to_string();
    return r.is_ok() ? std::move(r).value() : nullptr;
  }

  std::vector<DocumentResult> documents(DocType type) {
    auto q = reader();
    if (!q) return {};
    inventory::DocumentFilter f;
    f.type = type;
    auto docs = q->documents(f);
    return docs.is_ok() ? docs.value() : std::vector<DocumentResult>{};
  }

  /// Polls the store until `n` documents of `type` exist; returns them.
  std::vector<DocumentResult> wait_documents(DocType type, std::size_t n) {
    auto deadline = after(kLimit);
    while (documents(type).size() < n && std::chrono::steady_clock::now() < deadline) {
      // Reading the children's output keeps their pipes from filling up and
      // paces the polling of the store.
      sim_->child->wait_for_output(kNever, after(0ms));
      if (!daemon_->wait_for_output(kNever, after(50ms)) && daemon_->wait_exit(after(0ms))) break;
    }
    auto docs = documents(type);
    EXPECT_GE(docs.size(), n) << (daemon_ ? daemon_->output() : "") << (sim_ ? sim_->child->output() : "");
    return docs;
  }

  inventory::Qty stock(const std::string& sku, const std::string& location) {
    auto q = reader();
    if (!q) return -999999;
    auto r = q->on_hand(sku, location);
    EXPECT_TRUE(r.is_ok()) << r.status().to_string();
    return r.is_ok() ? *r : -999999;
  }

  std::string order_state(const std::string& number) {
    auto q = reader();
    if (!q) return "no store";
    auto o = q->order(number);
    return o ? o->state : o.status().to_string();
  }

  /// The device performance report's row of `door` over yesterday to
  /// tomorrow (UTC): what the daemon recorded of its passes.
  inventory::DoorPerformance door_report(const std::string& door) {
    auto q = reader();
    if (!q) return {};
    const TimeZone utc = *TimeZone::named("UTC");
    const DayNumber today = local_day(SystemClock::instance().now_ms(), utc);
    auto perf = inventory::device_performance(*q, today - 1, today + 1, utc);
    EXPECT_TRUE(perf.is_ok()) << perf.status().to_string();
    if (!perf.is_ok()) return {};
    for (const auto& d : perf->doors)
      if (d.door == door) return d;
    ADD_FAILURE() << "no passes recorded at " << door;
    return {};
  }

  /// After the daemon stopped: nothing more was written, and the ledger adds up.
  void expect_final(DocType type, std::size_t n) {
    stop_daemon();
    EXPECT_EQ(documents(type).size(), n) << "a pass or move was booked more than once";
    expect_consistent();
  }

  testing::TempDir tmp_;
  std::unique_ptr<Sim> sim_;
  std::unique_ptr<Child> daemon_;
};

TEST_F(RfidEndToEnd, AnInboundPalletOf48CasesMatchingItsAsnPostsAReceipt) {
  auto pallet = sscc96(6901234, 1);
  order("ASN-1", "door-1", {OrderLine{"TEA-500", "", 48, 0, key_of(pallet)}});
  auto tags = tea_cases(48);
  tags.push_back(pallet);
  run({{"dock-1", {pass_step(tags, 1, 2)}}}, door("door-1", "RECV-1", "dock-1", 1, 2));
  auto docs = wait_documents(DocType::receipt, 1);
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].state, DocState::posted);
  EXPECT_FALSE(docs[0].needs_review);
  EXPECT_TRUE(docs[0].exceptions.empty()) << docs[0].exceptions[0];
  EXPECT_EQ(stock("TEA-500", "RECV-1"), 48) << "the pallet tag must not add its contents again";
  EXPECT_EQ(order_state("ASN-1"), "closed");
  expect_final(DocType::receipt, 1);
  const auto recorded = door_report("door-1");
  EXPECT_EQ(recorded.passes, 1);
  EXPECT_EQ(recorded.posted, 1);
  EXPECT_EQ(recorded.held, 0);
}

TEST_F(RfidEndToEnd, TwoMissingAndOneUnexpectedTagHoldTheReceiptForReview) {
  order("ASN-1", "door-1", {OrderLine{"TEA-500", "", 48, 0, ""}});
  auto tags = tea_cases(46);
  tags.push_back(rice(900));
  run({{"dock-1", {pass_step(tags, 1, 2)}}}, door("door-1", "RECV-1", "dock-1", 1, 2));
  auto docs = wait_documents(DocType::receipt, 1);
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].state, DocState::draft);
  EXPECT_TRUE(docs[0].needs_review);
  EXPECT_EQ(docs[0].exceptions,
            (std::vector<std::string>{"unexpected: RICE-5 x1 is not on ASN-1", "short: TEA-500 46 of 48"}));
  EXPECT_EQ(stock("TEA-500", "RECV-1"), 0);
  EXPECT_EQ(stock("RICE-5", "RECV-1"), 0);
  EXPECT_EQ(order_state("ASN-1"), "open");
  expect_final(DocType::receipt, 1);
  // The held pass, and why, in the device report.
  const auto recorded = door_report("door-1");
  EXPECT_EQ(recorded.passes, 1);
  EXPECT_EQ(recorded.held, 1);
  EXPECT_EQ(recorded.missing, 1);
  EXPECT_EQ(recorded.unexpected, 1);
  EXPECT_EQ(recorded.ambiguous, 0);
}

TEST_F(RfidEndToEnd, RawE2TagsMappedToItemsPostAReceiptAgainstTheAsn) {
  // Chip-serialised tags that carry no GS1 key, each mapped to a unit of an item.
  std::vector<Epc> tags;
  std::vector<inventory::ItemTag> mapping;
  for (std::uint8_t n = 1; n <= 6; ++n) {
    tags.push_back({0xE2, 0x80, 0x68, 0x94, 0x00, 0x00, 0x50, 0x1E, 0x00, 0x00, 0x7A, n});
    mapping.push_back({hex(tags.back()), n <= 4 ? "TEA-500" : "RICE-5", ""});
  }
  ASSERT_TRUE(engine_->import_item_tags(mapping).is_ok());
  order("ASN-E2", "door-1", {OrderLine{"TEA-500", "", 4, 0, ""}, OrderLine{"RICE-5", "", 2, 0, ""}});
  run({{"dock-1", {pass_step(tags, 1, 2)}}}, door("door-1", "RECV-1", "dock-1", 1, 2));
  auto docs = wait_documents(DocType::receipt, 1);
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].state, DocState::posted);
  EXPECT_TRUE(docs[0].exceptions.empty()) << docs[0].exceptions[0];
  EXPECT_EQ(stock("TEA-500", "RECV-1"), 4);
  EXPECT_EQ(stock("RICE-5", "RECV-1"), 2);
  EXPECT_EQ(order_state("ASN-E2"), "closed");
  expect_final(DocType::receipt, 1);
}

TEST_F(RfidEndToEnd, StoppingTheDaemonBooksAPassStillOpen) {
  order("ASN-1", "door-1", {OrderLine{"TEA-500", "", 5, 0, ""}});
  order("ASN-2", "door-2", {OrderLine{"RICE-5", "", 2, 0, ""}});
  // Door 1 would wait ten minutes of silence before closing its pass. Door 2,
  // on the same reader, passes later: once its receipt exists, the daemon has
  // processed every read before it, door 1's included.
  std::string door1 = door("door-1", "RECV-1", "dock-1", 1, 2);
  door1.replace(door1.find("pass_idle_close_ms = 800"), 24, "pass_idle_close_ms = 600000\nmax_pass_ms = 600000");
  run({{"dock-1", {pass_step(tea_cases(5), 1, 2, -60, -45, 300), pass_step({rice(1), rice(2)}, 3, 4, -60, -45, 2500)}}},
      door1 + door("door-2", "A-01", "dock-1", 3, 4));
  auto docs = wait_documents(DocType::receipt, 1);
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(stock("RICE-5", "A-01"), 2);
  EXPECT_EQ(stock("TEA-500", "RECV-1"), 0) << "door 1's pass closed by itself";
  stop_daemon();
  EXPECT_EQ(documents(DocType::receipt).size(), 2u) << "the open pass was lost at stop";
  EXPECT_EQ(stock("TEA-500", "RECV-1"), 5);
  EXPECT_EQ(order_state("ASN-1"), "closed");
  expect_consistent();
}

TEST_F(RfidEndToEnd, TwoNeighbouringDoorsCrossReadingBookEachTagOnce) {
  order("ASN-1", "door-1", {OrderLine{"TEA-500", "", 6, 0, ""}});
  order("ASN-2", "door-2", {OrderLine{"RICE-5", "", 4, 0, ""}});
  std::vector<Epc> rices = {rice(1), rice(2), rice(3), rice(4)};
  // Door 2's reader also hears door 1's pallet going through, weakly.
  run({{"dock-a", {pass_step(tea_cases(6), 1, 2, -60, -42)}},
       {"dock-b", {pass_step(rices, 1, 2, -60, -42), pass_step(tea_cases(6), 1, 2, -74, -66)}}},
      door("door-1", "RECV-1", "dock-a", 1, 2) + door("door-2", "A-01", "dock-b", 1, 2));
  auto docs = wait_documents(DocType::receipt, 2);
  ASSERT_EQ(docs.size(), 2u);
  for (const auto& d : docs) {
    EXPECT_EQ(d.state, DocState::posted) << d.number;
    EXPECT_TRUE(d.exceptions.empty()) << d.number << ": " << (d.exceptions.empty() ? "" : d.exceptions[0]);
  }
  EXPECT_EQ(stock("TEA-500", "RECV-1"), 6);
  EXPECT_EQ(stock("RICE-5", "A-01"), 4);
  EXPECT_EQ(stock("TEA-500", "A-01"), 0) << "door 1's cases were counted at door 2 too";
  EXPECT_EQ(order_state("ASN-1"), "closed");
  EXPECT_EQ(order_state("ASN-2"), "closed");
  expect_final(DocType::receipt, 2);
}

TEST_F(RfidEndToEnd, AnOutboundPassIssuesAgainstThePickList) {
  receive("TEA-500", 10, "SHIP-1");
  order("PL-1", "door-5", {OrderLine{"TEA-500", "", 5, 0, ""}}, OrderKind::pick_list);
  run({{"dock-5", {pass_step(tea_cases(5), 2, 1)}}},  // inside, then outside
      door("door-5", "SHIP-1", "dock-5", 1, 2));
  auto docs = wait_documents(DocType::issue, 1);
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].state, DocState::posted);
  EXPECT_TRUE(docs[0].exceptions.empty()) << docs[0].exceptions[0];
  EXPECT_EQ(stock("TEA-500", "SHIP-1"), 5);
  EXPECT_EQ(order_state("PL-1"), "closed");
  expect_final(DocType::issue, 1);
}

TEST_F(RfidEndToEnd, AForkliftPutsAPalletAwayToTheBinItReadFirst) {
  auto pallet = sscc96(6901234, 3);
  auto bin = sgln96(6901234, 3);
  Epc raw_bin = {0xE2, 0x80, 0x11, 0x60, 0x60, 0x00, 0x02, 0x04, 0, 0, 0, 1};
  inventory::Location a03;
  a03.code = "A-03";
  a03.kind = inventory::LocationKind::bin;
  a03.parent = "A";
  a03.gln = key_of(bin);
  inventory::Location a02 = a03;
  a02.code = "A-02";
  a02.gln.reset();
  a02.rfid_tag = hex(raw_bin);
  ASSERT_TRUE(engine_->import_locations({a03, a02}).is_ok());
  // The pallet's contents are known from its ASN; it was received at the dock.
  order("ASN-7", "", {OrderLine{"TEA-500", "", 40, 0, key_of(pallet)}});
  receive("TEA-500", 43, "RECV-1");
  // The bin's SGLN, then the pallet; later a bin with a raw tag, then one case.
  std::vector<std::string> steps;
  for (int at : {300, 400, 500}) steps.push_back(read_step(bin, at));
  for (int at : {1300, 1400, 1500}) steps.push_back(read_step(pallet, at));
  for (int at : {4500, 4600, 4700}) steps.push_back(read_step(raw_bin, at));
  for (int at : {5300, 5400, 5500}) steps.push_back(read_step(tea(5), at));
  run({{"fork-1", steps}},
      "[[portal.forklifts]]\nid = \"fl-1\"\nreader = \"fork-1\"\nfrom_location = \"RECV-1\"\n"
      "pallet_window_ms = 2000\n");
  auto docs = wait_documents(DocType::transfer, 2);
  ASSERT_EQ(docs.size(), 2u);
  for (const auto& d : docs) EXPECT_EQ(d.state, DocState::posted) << d.number;
  EXPECT_EQ(stock("TEA-500", "A-03"), 40);
  EXPECT_EQ(stock("TEA-500", "A-02"), 1);
  EXPECT_EQ(stock("TEA-500", "RECV-1"), 2);
  expect_final(DocType::transfer, 2);
}

// A reader that leaves out AntennaID and PeakRSSI while they are unchanged
// (as the standard allows): every case of the pass is counted on the antenna
// it was read on, and the receipt posts whole.
TEST_F(RfidEndToEnd, AReaderLeavingOutUnchangedFieldsStillCountsEveryCase) {
  order("ASN-1", "door-1", {OrderLine{"TEA-500", "", 24, 0, ""}});
  run({{"dock-1", {pass_step(tea_cases(24), 1, 2)}, R"("omit_unchanged": true, "report_batch": 7, )"}},
      door("door-1", "RECV-1", "dock-1", 1, 2));
  auto docs = wait_documents(DocType::receipt, 1);
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].state, DocState::posted) << (docs[0].exceptions.empty() ? "" : docs[0].exceptions[0]);
  EXPECT_EQ(stock("TEA-500", "RECV-1"), 24);
  EXPECT_EQ(order_state("ASN-1"), "closed");
  expect_final(DocType::receipt, 1);
}

// A reader that accumulates a tag's reads into one report with TagSeenCount:
// one report per case, each of four reads, makes every case present.
TEST_F(RfidEndToEnd, AccumulatedReadsCountAsTheReadsTheyHold) {
  order("ASN-1", "door-1", {OrderLine{"TEA-500", "", 12, 0, ""}});
  const std::string step = R"({"kind":"read","at_ms":300,"antenna":1,"rssi":-50,"repeat":4,"epcs":)" +
                           json_epcs(tea_cases(12)) + "}";
  std::string inbound = door("door-1", "RECV-1", "dock-1", 1, 2) + "mode = \"inbound\"\n";
  run({{"dock-1", {step}, R"("accumulate": true, )"}}, inbound);
  auto docs = wait_documents(DocType::receipt, 1);
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].state, DocState::posted) << (docs[0].exceptions.empty() ? "" : docs[0].exceptions[0]);
  EXPECT_EQ(stock("TEA-500", "RECV-1"), 12);
  expect_final(DocType::receipt, 1);
}

}  // namespace
}  // namespace jxc
