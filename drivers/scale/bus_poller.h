#pragma once
// One poller per bus: a thread that owns the bus's link and sends one request
// at a time (never two in flight on an RS-485 line), waits the inter-frame
// delay between requests, retries a failed request, and reads each slave's
// slots in as few requests as the layout allows. Slaves that stop answering
// go offline and are polled with back-off (slave_schedule.h); a lost link is
// reopened with back-off. Every change of the bus's state is reported as
// health (device id = bus id, kind "scale"). An exception on the poller's
// thread (from the sink, a decoder) is logged and reported offline with its
// reason; the link is closed and the loop starts again after a back-off
// (from the poll interval up to backoff_max_ms).
//
// The bus's health says what is true of its slaves: "starting" until every
// slave has answered once (an open serial line proves nothing), "online"
// while all answer, "degraded" naming the slaves that do not and why (a
// timeout, a Modbus exception with its code), "offline" when none does.
//
// Thread-safety: start()/stop()/stats() from any one thread; the sink and
// the health sink are called on the poller's thread.

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "drivers/scale/link.h"
#include "drivers/scale/read_plan.h"
#include "drivers/scale/slave_schedule.h"
#include "edge/common/clock.h"
#include "edge/devices/health.h"
#include "edge/devices/restart.h"
#include "edge/weight/sink.h"

namespace jxc::scale {

class BusPoller {
 public:
  BusPoller(config::ScaleBus bus, std::vector<PolledSlot> slots, std::unique_ptr<Link> link,
            weight::WeightSink& sink, devices::HealthSink& health,
            const Clock& clock = SystemClock::instance());
  ~BusPoller();  // stop()

  void start();
  void stop();

  struct SlaveStats {
    int slave = 0;
    std::uint64_t polls_ok = 0;    // passes that read every register of the slave
    std::uint64_t attempts = 0;    // requests sent, retries included
    std::uint64_t failed = 0;      // passes that failed
    bool offline = false;
  };
  std::vector<SlaveStats> stats() const;
  const std::string& id() const { return bus_.id; }

 private:
  void run();
  bool wait_until(std::int64_t due_ms);  // false when stopping
  std::int64_t now_ms() const;
  void report(devices::DeviceState st, std::string detail);
  void report_slaves();
  // Polls slave `i` (index into slaves_); false when the link was lost.
  bool poll(std::size_t i);
  Status read_with_retries(std::size_t i, const ReadRequest& r, std::uint16_t* out, int attempts);

  config::ScaleBus bus_;
  std::vector<PolledSlot> slots_;
  std::unique_ptr<Link> link_;
  weight::WeightSink& sink_;
  devices::HealthSink& health_;
  const Clock& clock_;

  struct Slave {
    int address = 0;
    std::vector<ReadRequest> requests;
    bool answered = false;   // answered a whole poll since the link opened
    std::string last_error;  // why its last poll failed
    bool refusing = false;   // ... with a Modbus exception reply
  };
  std::vector<Slave> slaves_;
  std::unique_ptr<SlaveSchedule> schedule_;
  std::int64_t last_request_end_ms_ = 0;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::vector<SlaveStats> stats_;
  devices::Restarter restarter_;
  std::thread thread_;
  devices::DeviceState state_ = devices::DeviceState::starting;
  std::string detail_;
};

}  // namespace jxc::scale
