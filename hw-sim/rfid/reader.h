#pragma once
// One simulated LLRP reader: a loopback TCP server speaking the subset the
// gateway's client uses (connection event, version negotiation, capabilities,
// reader config, ROSpec add/enable/start/delete, reports, GPI events,
// keepalives, close), replaying its scenario. Like a real reader it serves
// one client at a time and refuses others with a ConnectionAttemptEvent;
// reads that come due while no client is connected are buffered and flushed
// when the next client starts its ROSpec.
//
// Variants of what the standard allows (see README.md): optional report
// fields left out while unchanged, reads accumulated into one report with
// TagSeenCount, GPI ports disabled until the client enables them, events and
// reports held on reconnect until ENABLE_EVENTS_AND_REPORTS. The ROSpec's and
// AISpec's stop triggers (duration, GPI edge with timeout, no new tags for T
// ms) end an inventory as a reader ends it.
//
// Everything runs on one io_context thread. Progress lines go to `log`
// (stdout) so tests can wait for them: listening, connected, refused,
// reading, inventory-stop, flushed, keepalive-ack, gpi, gpi-disabled,
// gpi-config, hold, factory-reset, events-enabled, disconnect, stall, closed, done,
// and for sustained traffic `traffic-done <id> <reads> <passes>`.

#include <cstdint>
#include <chrono>
#include <deque>
#include <utility>  // Boost 1.74 awaitable.hpp uses std::exchange without including it
#include <iosfwd>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "drivers/rfid/encode.h"
#include "hw-sim/rfid/scenario.h"

namespace jxc::hwsim::rfid {

class SimReader {
 public:
  SimReader(boost::asio::io_context& io, ReaderScenario scenario, std::ostream& log);
  ~SimReader();
  /// Binds 127.0.0.1:port (0: any free port) and starts accepting.
  void start();
  std::uint16_t port() const;
  const std::string& id() const { return sc_.id; }

 private:
  struct Session;
  boost::asio::awaitable<void> accept_loop();
  boost::asio::awaitable<void> serve(std::shared_ptr<Session> s);
  boost::asio::awaitable<void> write_loop(std::shared_ptr<Session> s);
  boost::asio::awaitable<void> keepalive_loop(std::shared_ptr<Session> s);
  boost::asio::awaitable<void> timeline();
  boost::asio::awaitable<void> traffic_loop();
  void handle(const std::shared_ptr<Session>& s, const llrp::Frame& f);
  void send(const std::shared_ptr<Session>& s, llrp::Bytes frame);
  void start_reading(const std::shared_ptr<Session>& s);
  void stop_reading(const std::shared_ptr<Session>& s, const std::string& why);
  boost::asio::awaitable<void> watch_inventory(std::shared_ptr<Session> s, std::uint64_t gen);
  void configure(const std::shared_ptr<Session>& s, const llrp::Frame& f);
  void add_rospec(const std::shared_ptr<Session>& s, const llrp::Frame& f);
  void gpi(const std::shared_ptr<Session>& s, std::uint16_t port, bool high);
  void event(const std::shared_ptr<Session>& s, llrp::Bytes frame);
  void deliver(std::vector<llrp::TagReport> reports);
  void send_reports(const std::shared_ptr<Session>& s, const std::vector<llrp::TagReport>& reports);
  bool stalled(const Session& s) const;
  llrp::Timestamp now_stamp() const;
  void say(const std::string& line);

  boost::asio::io_context& io_;
  ReaderScenario sc_;
  std::ostream& log_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::shared_ptr<Session> current_;
  std::vector<llrp::TagReport> backlog_;
  bool timeline_started_ = false;
  // The reader's own settings, kept across connections until a factory reset.
  std::set<std::uint16_t> gpi_enabled_;
  bool hold_ = false;
  std::uint32_t next_id_ = 1000;
  std::chrono::steady_clock::time_point boot_ = std::chrono::steady_clock::now();
};

}  // namespace jxc::hwsim::rfid
