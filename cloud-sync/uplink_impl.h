#pragma once
// The inside of the Uplink (uplink.h), shared by the files that make it:
//   uplink.cpp           the worker: its loop, the link's events, the drain's steps
//   uplink_messages.cpp  what comes down (acknowledgements, downlink) and the
//                        notices and requests that go up besides events
//   uplink_backlog.cpp   the backlog, the retained status and the health report

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>

#include "cloud-sync/drain.h"
#include "cloud-sync/envelope.h"
#include "cloud-sync/mqtt_link.h"
#include "cloud-sync/status.h"
#include "cloud-sync/topics.h"
#include "cloud-sync/uplink.h"
#include "cloud-sync/uplink_metrics.h"
#include "edge/devices/restart.h"
#include "edge/inventory/queries.h"

namespace jxc::cloud_sync {

// What the link's threads tell the worker.
struct Note {
  enum class Kind { connected, connect_failed, lost, publish_complete, message } kind;
  std::uint64_t context = 0;  // an OpTag, packed
  LinkOutcome outcome;        // connect_failed, publish_complete
  std::string reason;         // lost
  IncomingMessage message;
};

// Everything the callbacks may touch lives here, shared with them, so a
// callback that outlives the Uplink (the link's or the engine's) finds it alive.
struct Inbox {
  std::mutex mu;
  std::condition_variable cv;
  std::deque<Note> notes;
  // Downlink waiting for the worker; a batch the worker took is its own, so
  // at most as much again is being handled.
  std::size_t queued_messages = 0, queued_bytes = 0;
  std::size_t max_queued_bytes = 0;
  std::uint64_t dropped = 0;  // downlink messages dropped because the queue was full
  bool stopping = false;
  bool outbox_grew = false;
  bool health_changed = false;
  std::atomic<std::int64_t> last_seq{0};

  /// Queues `n` and wakes the worker; a message is dropped when too many
  /// messages or bytes wait.
  void push(Note n);
};

class Uplink::Impl {
 public:
  Impl(UplinkSettings s, inventory::Engine& engine, devices::HealthSink& health,
       devices::HealthRegistry* registry, std::shared_ptr<sync::DownlinkHandler> handler);
  ~Impl() { stop(); }

  void start();
  void stop();
  UplinkStatus status() const { return m_.status(); }
  const std::string& id() const { return s_.device_id; }

 private:
  // ---- the worker (uplink.cpp) ----
  void run();
  MqttLink::Callbacks callbacks();
  void handle(Note& n);
  void begin_connect();
  void connect_failed(std::uint64_t generation, const std::string& reason);
  void retrying(const std::string& why, std::int64_t delay_ms);
  void on_connected();
  void pump();
  /// The broker refused an event (uplink_refusals.cpp): degraded, counted,
  /// a poison event flagged; and when it takes the event at last.
  void on_refused(const Refusal& r, const std::string& reason);
  void refusal_over(const std::string& why);
  /// Disconnects (saying offline first when connected) and forgets the link.
  void close_link();
  void shut_down();

  // ---- messages (uplink_messages.cpp) ----
  void publish_other(OutgoingMessage msg);
  void on_message(const IncomingMessage& n);
  void on_ack(const std::string& payload);
  void request_master_data(const std::string& why);
  /// Asks again, with back-off, while the asked-for snapshot has not come
  /// (a central system that subscribed a moment too late missed the request).
  void repeat_master_data_request();
  /// Publishes a rejection; `message_id` names the refused message when it could be read.
  void reject(const std::string& topic, const std::string& reason, const std::string& message_id = {});

  // ---- status, health, backlog (uplink_backlog.cpp) ----
  static TimeMs wall_now() { return SystemClock::instance().now_ms(); }
  StatusFacts facts() const;
  void maybe_publish_status();
  void refresh_stats();
  void update_backlog();
  void report_link();
  void report(devices::DeviceState state, std::string detail);
  void set_connected(bool on) { m_.connected.set(on ? 1 : 0); }
  void update_backlog_age();

  UplinkSettings s_;
  inventory::Engine& engine_;
  devices::HealthSink& health_;
  devices::HealthRegistry* registry_;
  std::shared_ptr<sync::DownlinkHandler> handler_;
  Topics topics_;
  EnvelopeSource source_;
  Drain drain_;  // worker-only
  std::shared_ptr<Inbox> inbox_;
  metrics::Registry own_metrics_;  // used when the settings name none
  UplinkMetrics m_;

  std::mutex lifecycle_mu_;
  devices::Restarter restarter_;  // runs the worker's loop again after an exception
  std::thread worker_;

  // Worker-only state.
  std::unique_ptr<inventory::Queries> queries_;
  std::unique_ptr<MqttLink> link_;
  bool stalled_ = false;  // the outbox could not be read or the link refused: wait for news
  bool backlog_alert_ = false;
  std::string refusal_;  // why the broker refuses drain_.refused_seq(), for the health detail
  bool status_dirty_ = true;
  std::chrono::steady_clock::time_point last_status_{};
  std::pair<std::int64_t, std::int64_t> published_marks_{-1, -1};  // last_seq, acked_up_to in the last status
  TimeMs oldest_unacked_at_ = 0;  // recorded_at of seq oldest_seq_ (0: unknown)
  std::int64_t oldest_seq_ = 0;
  std::chrono::steady_clock::time_point last_age_update_{};
  std::uint64_t requests_ = 0;
  // A snapshot asked for and not yet applied: when to ask again, and the wait after that.
  std::optional<std::chrono::steady_clock::time_point> master_retry_at_;
  std::chrono::milliseconds master_retry_wait_{0};
};

}  // namespace jxc::cloud_sync
