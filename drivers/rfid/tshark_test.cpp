// Independent check of the wire format: the client's and the simulator's
// traffic, recorded through a loopback relay and written to a pcap, must be
// decoded by Wireshark's own LLRP dissector (tshark) with no malformed packet
// and no error-level expert item.
#include <csignal>
#include <mutex>
#include <thread>
#include <utility>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <gtest/gtest.h>

#include "drivers/rfid/pcap_writer.h"
#include "drivers/rfid/reader_link.h"
#include "drivers/rfid/test_support.h"

namespace jxc::llrp {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using namespace testing;
using devices::DeviceState;

/// Relays one TCP connection to `target` and records every chunk in order.
class Relay {
 public:
  explicit Relay(std::uint16_t target) : target_(target), acceptor_(io_, {asio::ip::make_address("127.0.0.1"), 0}) {
    asio::co_spawn(io_, accept(), asio::detached);
    thread_ = std::thread([this] { io_.run(); });
  }
  ~Relay() {
    io_.stop();
    thread_.join();
  }
  std::uint16_t port() const { return acceptor_.local_endpoint().port(); }
  std::vector<Chunk> chunks() {
    std::lock_guard lock(mu_);
    return chunks_;
  }

 private:
  asio::awaitable<void> accept() {
    auto client = std::make_shared<tcp::socket>(co_await acceptor_.async_accept(asio::use_awaitable));
    auto server = std::make_shared<tcp::socket>(io_);
    co_await server->async_connect({asio::ip::make_address("127.0.0.1"), target_}, asio::use_awaitable);
    asio::co_spawn(io_, pump(client, server, true), asio::detached);
    asio::co_spawn(io_, pump(server, client, false), asio::detached);
  }
  asio::awaitable<void> pump(std::shared_ptr<tcp::socket> from, std::shared_ptr<tcp::socket> to, bool from_client) {
    std::vector<std::uint8_t> buf(65536);
    for (;;) {
      boost::system::error_code ec;
      const std::size_t n = co_await from->async_read_some(asio::buffer(buf), asio::redirect_error(asio::use_awaitable, ec));
      if (ec) break;
      {
        std::lock_guard lock(mu_);
        chunks_.push_back({from_client, std::vector<std::uint8_t>(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(n))});
      }
      co_await asio::async_write(*to, asio::buffer(buf.data(), n), asio::redirect_error(asio::use_awaitable, ec));
      if (ec) break;
    }
    boost::system::error_code ignored;
    to->shutdown(tcp::socket::shutdown_send, ignored);
  }

  std::uint16_t target_;
  asio::io_context io_;
  tcp::acceptor acceptor_;
  std::thread thread_;
  std::mutex mu_;
  std::vector<Chunk> chunks_;
};

/// tshark's standard output (its notes on stderr, e.g. about running as root, are not wanted).
std::string tshark(const std::string& args) {
  std::string out;
  FILE* p = ::popen(("tshark " + args + " 2>/dev/null").c_str(), "r");
  if (!p) return out;
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  ::pclose(p);
  return out;
}

std::size_t count(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

TEST(LlrpWire, WiresharkDecodesTheSessionWithoutErrors) {
  if (std::system("command -v tshark >/dev/null 2>&1") != 0) GTEST_SKIP() << "tshark is not installed";
  jxc::testing::TempDir dir;
  Simulator sim(dir, R"({"id": "r1", "steps": [
      {"kind": "pass", "at_ms": 50, "epcs": ["301400000000000000000001", "301400000000000000000002"],
       "antennas": [1, 2], "duration_ms": 300, "interval_ms": 50},
      {"kind": "read", "at_ms": 100, "epc": "E2801160600002", "antenna": 1},
      {"kind": "gpi", "at_ms": 150, "port": 1, "high": true},
      {"kind": "error", "at_ms": 200, "code": 401}]})");
  Relay relay(sim.port());
  RecordingSink sink;
  RecordingHealth health;
  ReaderOptions o;
  o.id = "door-1";
  o.host = "127.0.0.1";
  o.port = relay.port();
  o.antennas = {1, 2};
  o.tx_power_dbm = {25};
  o.keepalive_ms = 500;
  ReaderLink link(o, health, sink);
  link.start();
  ASSERT_TRUE(health.wait_for(DeviceState::online)) << health.dump();
  ASSERT_TRUE(sink.wait([&] { return sink.epcs.size() == 3 && !sink.gpi.empty(); }));
  ASSERT_TRUE(sim.wait_for("keepalive-ack r1"));
  ASSERT_TRUE(health.wait_for(DeviceState::degraded, "R_DeviceError (401)")) << health.dump();
  link.stop();
  ASSERT_TRUE(sim.wait_for("closed r1"));

  const std::string pcap = dir / "llrp.pcap";
  ASSERT_TRUE(write_pcap(pcap, relay.chunks()));
  const std::string verbose = tshark("-r " + pcap + " -O llrp -Y llrp");
  for (const char* m : {"Reader Event Notification (63)", "Get Supported Version (46)", "Error Message (100)",
                        "Get Reader Capabilities (1)", "Get Reader Capabilities Response (11)", "Set Reader Config (3)",
                        "Set Reader Config Response (13)", "Delete ROSpec (21)", "Add ROSpec (20)", "Enable ROSpec (24)",
                        "Start ROSpec (22)", "RO Access Report (61)", "Keepalive (62)", "Keepalive Ack (72)",
                        "Close Connection (14)", "Close Connection Response (4)", "GPI Event (248)",
                        "CONN Attempt Event (256)", "EPC Data (241)", "EPC-96 (13)", "RF Transmitter (224)",
                        "Keepalive Spec (220)", "RO Spec Start Trigger (179)"})
    EXPECT_NE(verbose.find(std::string("Type: ") + m), std::string::npos) << m << " not found by the dissector";
  EXPECT_GE(count(verbose, "Type: Tag Report Data (240)"), 3u) << verbose.substr(0, 4000);
  const std::string bad = tshark("-r " + pcap + " -Y \"_ws.malformed || _ws.expert.severity >= error\"");
  EXPECT_EQ(bad, "") << bad;

  // The same filter does flag a broken frame: a TagReportData longer than its message.
  const std::string broken = dir / "broken.pcap";
  ASSERT_TRUE(write_pcap(broken, {Chunk{false, {0x04, 0x3d, 0, 0, 0, 0x13, 0, 0, 0, 1,
                                                0x00, 0xf0, 0x00, 0x40, 0x8d, 1, 2, 3, 4}}}));
  EXPECT_NE(tshark("-r " + broken + " -Y \"_ws.malformed || _ws.expert.severity >= error\""), "");
}

}  // namespace
}  // namespace jxc::llrp
