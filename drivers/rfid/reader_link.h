#pragma once
// One LLRP reader link: connects to the reader, runs the LLRP set-up
// sequence, turns reports and GPI events into rfid::TagRead / GpiEvent
// batches for the ReadSink, answers keepalives, watches for a dead link and
// reconnects with exponential back-off and jitter. Every state change is
// reported to the HealthSink. An exception (from the sink, the health sink
// or the link's own code) ends the session like a failed one: it is logged,
// the link is reported offline with the exception's reason, and it
// reconnects after the back-off; nothing stops the link while it is started.
//
// Threading: the link runs on its own thread and io_context so that a
// reader flushing a backlog never competes with the gateway's loop; the sink
// is called on that thread with whole batches (one per socket read).

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "edge/common/clock.h"
#include "edge/devices/device.h"
#include "edge/devices/health.h"
#include "edge/rfid/reads.h"

namespace jxc::llrp {

/// How an inventory started by the GPI trigger ends: one beam, one inventory.
enum class InventoryStop {
  gpi,          // the falling edge of the start port (or inventory_ms, whichever comes first)
  duration,     // inventory_ms after the start
  no_new_tags,  // no new tag for no_new_tags_ms (or inventory_ms, whichever comes first)
};

struct ReaderOptions {
  std::string id;
  std::string host;
  std::uint16_t port = 5084;
  std::vector<std::uint16_t> antennas;  // empty: every antenna of the reader
  /// Transmit power per antenna (same order as `antennas`), or one value for
  /// all; empty: the reader's own setting. Mapped to the nearest table entry
  /// not above it.
  std::vector<double> tx_power_dbm;
  std::uint32_t keepalive_ms = 5000;  // two missed keepalives = dead link
  bool gpi_start = false;             // inventory while the GPI trigger fires, not continuously
  std::uint16_t gpi_port = 1;
  InventoryStop stop = InventoryStop::gpi;
  std::uint32_t inventory_ms = 10000;
  std::uint16_t no_new_tags_ms = 1000;
  /// Further GPI inputs whose events the gateway uses (door light beams):
  /// enabled at connect like the start trigger's port.
  std::vector<std::uint16_t> gpi_ports;
  /// Sets the reader to its factory defaults before configuring it.
  bool reset_on_connect = false;
  std::chrono::milliseconds reconnect_min{1000}, reconnect_max{30000};
  std::chrono::milliseconds response_timeout{10000};
  std::size_t max_frame_bytes = 1u << 20;
};

class ReaderLink final : public devices::Device {
 public:
  ReaderLink(ReaderOptions options, devices::HealthSink& health, rfid::ReadSink& sink,
             const Clock& clock = SystemClock::instance());
  ~ReaderLink() override;

  const std::string& id() const override { return opt_.id; }
  void start() override;
  /// Sends CLOSE_CONNECTION when the link is up (waiting briefly for the
  /// answer), then stops the thread. Idempotent.
  void stop() override;

  /// Counters for tests and diagnostics (any thread).
  std::uint64_t reads_delivered() const { return reads_.load(); }
  std::uint64_t sessions() const { return sessions_.load(); }

 private:
  class Session;
  void report(devices::DeviceState s, std::string detail);

  ReaderOptions opt_;
  devices::HealthSink& health_;
  rfid::ReadSink& sink_;
  const Clock& clock_;
  std::unique_ptr<Session> impl_;
  std::thread thread_;
  std::atomic<std::uint64_t> reads_{0}, sessions_{0};
  bool started_ = false, stopped_ = false;
};

}  // namespace jxc::llrp
