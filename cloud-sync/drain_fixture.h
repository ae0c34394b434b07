#pragma once
// The drain tests' fixture: a fake link that records what it is asked to do
// and lets the test play the broker, an outbox held in a map, and a clock the
// test moves by hand.

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "cloud-sync/drain.h"
#include "cloud-sync/mqtt_link.h"

namespace jxc::cloud_sync::drain_testing {

using namespace std::chrono_literals;

inline const std::string kEpoch = "0123456789abcdef0123456789abcdef";

// Records every operation; the test answers them through the callbacks the
// way a broker would. `capacity` models the client's own in-flight limit.
class FakeLink final : public MqttLink {
 public:
  struct Sent {
    OutgoingMessage message;
    std::uint64_t context;
  };

  void set_callbacks(Callbacks callbacks) override { cb_ = std::move(callbacks); }
  Status connect(std::uint64_t context) override {
    connects.push_back(context);
    if (refuse_connect) return error(Errc::unavailable, "refused at once");
    return Status{};
  }
  Status publish(OutgoingMessage message, std::uint64_t context) override {
    if (!up) return error(Errc::unavailable, "not connected");
    if (unanswered.size() >= capacity) return error(Errc::unavailable, "too many messages in flight");
    sent.push_back({std::move(message), context});
    unanswered.push_back(context);
    return Status{};
  }
  Status subscribe(const std::string& filter, int) override {
    subscriptions.push_back(filter);
    return Status{};
  }
  void disconnect(const std::optional<OutgoingMessage>&, std::chrono::milliseconds) override { up = false; }

  // ---- the broker's side ----
  void accept() {
    up = true;
    cb_.connected(connects.back());
  }
  void refuse(int reason_code) { cb_.connect_failed(connects.back(), LinkOutcome{false, reason_code, "refused"}); }
  void drop(const std::string& why) {
    up = false;
    unanswered.clear();  // whatever was in flight is gone with the connection
    cb_.lost(connects.back(), why);
  }
  /// PUBACKs the oldest unanswered publish.
  void puback_oldest() {
    ASSERT_FALSE(unanswered.empty());
    std::uint64_t context = unanswered.front();
    unanswered.erase(unanswered.begin());
    cb_.publish_complete(context, LinkOutcome{});
  }
  /// The broker refuses the oldest unanswered publish (a PUBACK with a
  /// failure reason code, as an ACL denial gives).
  void refuse_oldest(int reason_code = 0x87) {
    ASSERT_FALSE(unanswered.empty());
    std::uint64_t context = unanswered.front();
    unanswered.erase(unanswered.begin());
    cb_.publish_complete(context, LinkOutcome{false, reason_code, "Not authorized"});
  }
  /// A PUBACK arriving late for `context` (e.g. from a connection since lost).
  void late_puback(std::uint64_t context) { cb_.publish_complete(context, LinkOutcome{}); }

  std::vector<std::uint64_t> connects;
  std::vector<Sent> sent;
  std::vector<std::uint64_t> unanswered;
  std::vector<std::string> subscriptions;
  std::size_t capacity = 1000;
  bool up = false, refuse_connect = false;

 private:
  Callbacks cb_;
};

// The uplink's worker in small: the fake link's callbacks go straight into
// the drain, the drain's steps are carried out against the vector outbox and
// the fake link. The clock is the test's.
class DrainTest : public ::testing::Test {
 protected:
  void SetUp() override { make(8); }

  void make(std::size_t window, std::size_t page = 4) {
    DrainOptions o;
    o.epoch = kEpoch;
    o.window = window;
    o.page_size = page;
    o.reconnect_min_ms = 100;
    o.reconnect_max_ms = 1600;
    drain_ = std::make_unique<Drain>(o);
    MqttLink::Callbacks cb;
    cb.connected = [this](std::uint64_t c) { drain_->connected(OpTag::unpack(c).generation); };
    cb.connect_failed = [this](std::uint64_t c, const LinkOutcome&) {
      last_delay_ = drain_->connect_failed(OpTag::unpack(c).generation, now_);
    };
    cb.lost = [this](std::uint64_t c, const std::string&) { last_delay_ = drain_->lost(OpTag::unpack(c).generation, now_); };
    cb.message = [](IncomingMessage) {};
    cb.publish_complete = [this](std::uint64_t c, const LinkOutcome& out) {
      if (out.ok) drain_->puback(OpTag::unpack(c));
      else if (out.reason_code >= 0x80) last_refusal_ = drain_->publish_failed(OpTag::unpack(c), now_);
    };
    link_.set_callbacks(std::move(cb));
  }

  void append(std::int64_t n) {
    for (std::int64_t i = 0; i < n; ++i) {
      std::int64_t seq = ++last_seq_;
      outbox_[seq] = inventory::OutboxEvent{seq, "id-" + std::to_string(seq), "receipt.posted", 0, 0, "{}"};
    }
    drain_->outbox_grew(last_seq_);
  }

  // Carries out steps until the drain says wait; returns the seqs published.
  std::vector<std::int64_t> pump() {
    std::vector<std::int64_t> out;
    for (int guard = 0; guard < 10'000; ++guard) {
      Step s = drain_->next(now_);
      switch (s.what) {
        case Step::Do::wait:
          return out;
        case Step::Do::connect: {
          std::uint64_t gen = drain_->connecting();
          if (!link_.connect(OpTag{gen, 0}.pack()).is_ok()) last_delay_ = drain_->connect_failed(gen, now_);
          return out;
        }
        case Step::Do::read: {
          ++reads_;
          EXPECT_LE(s.max_rows, 4u);
          std::vector<inventory::OutboxEvent> rows;
          for (auto it = outbox_.upper_bound(s.after_seq); it != outbox_.end() && rows.size() < s.max_rows; ++it)
            rows.push_back(it->second);
          drain_->rows_read(std::move(rows));
          break;
        }
        case Step::Do::publish: {
          std::int64_t seq = s.event->seq;
          if (!link_.publish({"evt", s.event->event_id, 1, false, {}}, OpTag{s.generation, seq}.pack()).is_ok()) {
            drain_->publish_refused();
            return out;
          }
          drain_->published(seq);
          out.push_back(seq);
          break;
        }
      }
    }
    ADD_FAILURE() << "the drain never said wait";
    return out;
  }

  void connect() {
    ASSERT_EQ(drain_->next(now_).what, Step::Do::connect);
    pump();
    link_.accept();
    ASSERT_TRUE(drain_->is_connected());
  }

  void ack(std::int64_t seq) {
    ASSERT_EQ(drain_->check_ack(kEpoch, seq).verdict, AckCheck::Verdict::advance);
    drain_->acknowledged(seq);
  }

  static std::vector<std::int64_t> range(std::int64_t from, std::int64_t to) {
    std::vector<std::int64_t> v;
    for (std::int64_t s = from; s <= to; ++s) v.push_back(s);
    return v;
  }

  SteadyTime now_ = SteadyTime{} + 1h;
  FakeLink link_;
  std::unique_ptr<Drain> drain_;
  std::map<std::int64_t, inventory::OutboxEvent> outbox_;
  std::int64_t last_seq_ = 0;
  std::optional<std::int64_t> last_delay_;
  std::optional<Refusal> last_refusal_;
  int reads_ = 0;
};

}  // namespace jxc::cloud_sync::drain_testing
