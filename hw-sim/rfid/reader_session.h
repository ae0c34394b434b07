#pragma once
// One client connection of the simulated reader (hw-sim/rfid/reader.h): what
// the client configured and the state of its inventory. Private to the
// simulator's sources.

#include <chrono>
#include <cstdint>
#include <deque>
#include <set>
#include <vector>

#include <boost/asio/ip/tcp.hpp>

#include "drivers/rfid/encode.h"
#include "hw-sim/rfid/reader.h"

namespace jxc::hwsim::rfid {

struct SimReader::Session {
  explicit Session(boost::asio::ip::tcp::socket s) : socket(std::move(s)) {}
  boost::asio::ip::tcp::socket socket;
  std::deque<llrp::Bytes> out;
  bool writing = false;
  bool open = true;
  std::uint8_t version = llrp::kVersion10;
  std::uint32_t keepalive_ms = 0;
  bool keepalive_running = false;
  std::uint32_t last_keepalive_id = 0;
  bool gpi_start = false;
  std::uint16_t gpi_port = 0;
  bool enabled = false;
  bool reading = false;
  std::chrono::steady_clock::time_point stalled_until{};
  // Events and reports held until ENABLE_EVENTS_AND_REPORTS (the reader's hold setting at connect).
  bool held = false;
  std::vector<llrp::Bytes> held_events;
  // The last value of each optional report field sent (omit_unchanged).
  llrp::TagReport last_sent;
  // The ROSpec's stop triggers as added; 0 = Null (runs until stopped).
  struct Stop {
    std::uint64_t ro_type = 0, ro_duration_ms = 0, ai_type = 0, ai_duration_ms = 0;
    std::uint16_t gpi_port = 0;
    bool gpi_high = false;
    std::uint64_t gpi_timeout_ms = 0;
    std::uint64_t observation = 0, quiet_ms = 0, observation_timeout_ms = 0;
  } stop;
  // The current inventory: when it began, the tags it has seen, when the last new one came.
  std::uint64_t inventory = 0;
  std::chrono::steady_clock::time_point inventory_start{}, last_new_tag{};
  std::set<std::vector<std::uint8_t>> inventory_tags;
  void close() {
    if (!open) return;
    open = false;
    boost::system::error_code ec;
    socket.shutdown(boost::asio::ip::tcp::socket::shutdown_both, ec);
    socket.close(ec);
  }
};

}  // namespace jxc::hwsim::rfid
