#include "drivers/rfid/reader_link.h"

#include <algorithm>
#include <deque>
#include <utility>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <spdlog/spdlog.h>

#include "drivers/rfid/encode.h"
#include "drivers/rfid/reader_settings.h"
#include "drivers/rfid/reports.h"
#include "drivers/rfid/tag_reads.h"
#include "edge/devices/backoff.h"
#include "edge/devices/restart.h"

namespace jxc::llrp {

namespace asio = boost::asio;
using asio::awaitable;
using asio::ip::tcp;
using devices::DeviceState;
using Steady = std::chrono::steady_clock;
using std::chrono::milliseconds;

// JXC_TRY for coroutines.
#define CO_TRY(expr)                                               \
  do {                                                             \
    if (::jxc::Status co_try_s_ = (expr); !co_try_s_.is_ok()) co_return co_try_s_; \
  } while (0)

namespace {
constexpr std::size_t kReadChunk = 64 * 1024;
constexpr std::size_t kMaxBatch = 8192;  // reads handed to the sink at once at most
constexpr const char* kHealthKind = "rfid";
}  // namespace

class ReaderLink::Session {
 public:
  explicit Session(ReaderLink& o)
      : o_(o),
        socket_(io_),
        backoff_(io_),
        reconnects_(o.opt_.reconnect_min.count(), o.opt_.reconnect_max.count()),
        restarts_(o.opt_.reconnect_min.count(), o.opt_.reconnect_max.count()) {}

  asio::io_context io_;

  /// Connects, runs a session until it fails, backs off, again. An
  /// exception from a session (a sink that throws, a decoder bug) ends that
  /// session like a failure: logged, reported offline with its reason, and
  /// the link reconnects after the back-off.
  awaitable<void> run() {
    while (!stopping_) {
      Status s;
      std::string exception;
      try {
        s = co_await session();
      } catch (...) {
        exception = devices::exception_reason(std::current_exception());
      }
      close_socket();
      try {
        flush_reads();
      } catch (...) {
        if (exception.empty()) exception = devices::exception_reason(std::current_exception());
      }
      if (stopping_) break;
      if (online_) reconnects_.reset();
      online_ = false;
      const milliseconds delay(reconnects_.next());
      if (!exception.empty())
        devices::report_exception(o_.health_, o_.opt_.id, kHealthKind, exception, delay);
      else
        o_.report(DeviceState::offline, s.reason() + " (retry in " + std::to_string(delay.count()) + " ms)");
      backoff_.expires_after(delay);
      boost::system::error_code ec;
      co_await backoff_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
    io_.stop();
  }

  /// Starts run(). Should an exception escape it all the same (a health
  /// sink that throws), it is reported and run() starts again after the
  /// back-off: the link never stops for good while the device is started.
  void spawn_run() {
    asio::co_spawn(io_, run(), [this](std::exception_ptr e) {
      if (!e) return;
      close_socket();
      batch_.clear();
      online_ = degraded_ = false;
      if (stopping_) {
        io_.stop();
        return;
      }
      const milliseconds delay(restarts_.next());
      devices::report_exception(o_.health_, o_.opt_.id, kHealthKind, devices::exception_reason(e), delay);
      backoff_.expires_after(delay);
      backoff_.async_wait([this](const boost::system::error_code&) {
        if (stopping_) io_.stop();
        else spawn_run();
      });
    });
  }

  /// The completion of the link's helper coroutines (watchdog, close): an
  /// exception there ends the session, which run() then reports and retries.
  auto on_helper_done() {
    return [this](std::exception_ptr e) {
      if (!e) return;
      spdlog::error("{} {}: exception in the link: {}", kHealthKind, o_.opt_.id, devices::exception_reason(e));
      close_socket();
    };
  }

  /// Called on the link's thread by stop().
  void begin_stop() {
    if (stopping_) return;
    stopping_ = true;
    backoff_.cancel();
    if (online_ && socket_.is_open()) {
      asio::co_spawn(io_, close_gracefully(), on_helper_done());
    } else {
      close_socket();
    }
  }

 private:
  // ---- one connection, from connect to failure
  awaitable<Status> session() {
    ++gen_;
    out_.clear();  // a session that ended by an exception may have left a write queued
    writing_ = false;
    version_ = kVersion10;
    reader_clock_.reset();
    last_report_ = TagReport{};
    warnings_.clear();
    enable_events_id_.reset();
    have_ = pos_ = 0;
    deadline_ = o_.opt_.response_timeout;
    touch();
    asio::co_spawn(io_, watchdog(gen_), on_helper_done());

    boost::system::error_code ec;
    tcp::resolver resolver(io_);
    auto endpoints = co_await resolver.async_resolve(o_.opt_.host, std::to_string(o_.opt_.port),
                                                     asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return error(Errc::io, "resolve " + o_.opt_.host + ": " + ec.message());
    if (stopping_) co_return error(Errc::unavailable, "stopped");
    socket_ = tcp::socket(io_);
    co_await asio::async_connect(socket_, endpoints, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return error(Errc::io, "connect " + where() + ": " + (dead_ ? "timed out" : ec.message()));
    if (stopping_) co_return error(Errc::unavailable, "stopped");
    socket_.set_option(tcp::no_delay(true), ec);

    // The reader speaks first: a ConnectionAttemptEvent says whether we got it.
    Frame f;
    for (;;) {
      CO_TRY(co_await next(&f));
      if (f.type != msg::READER_EVENT_NOTIFICATION) continue;
      auto ev = decode_reader_event(f);
      if (!ev) co_return ev.status();
      if (ev->at && !ev->at->utc) reader_clock_.sync(static_cast<TimeMs>(ev->at->micros / 1000), o_.clock_.now_ms());
      if (!ev->connection_attempt) continue;
      if (*ev->connection_attempt != 0)
        co_return error(Errc::unavailable, "reader refused the connection: another client holds it "
                                           "(ConnectionAttemptEvent status " + std::to_string(*ev->connection_attempt) + ")");
      break;
    }

    // LLRP 1.1 when the reader offers it; a 1.0.1 reader answers ERROR_MESSAGE.
    {
      Bytes resp;
      CO_TRY(co_await request(get_supported_version(next_id()), msg::GET_SUPPORTED_VERSION_RESPONSE, &resp, true));
      auto rf = next_frame(resp);
      if (rf && rf->type == msg::GET_SUPPORTED_VERSION_RESPONSE) {
        auto v = decode_supported_version(*rf);
        if (v && v->supported >= kVersion11) {
          Bytes set;
          CO_TRY(co_await request(set_protocol_version(next_id(), kVersion11), msg::SET_PROTOCOL_VERSION_RESPONSE, &set));
          version_ = kVersion11;
        }
      }
    }

    Bytes caps_bytes;
    CO_TRY(co_await request(get_reader_capabilities(next_id(), version_), msg::GET_READER_CAPABILITIES_RESPONSE, &caps_bytes));
    auto cf = next_frame(caps_bytes);
    auto caps = decode_capabilities(*cf);
    if (!caps) co_return caps.status();

    auto wanted = settings_for(o_.opt_, *caps);
    if (!wanted) co_return wanted.status();
    warnings_ = std::move(wanted->warnings);
    Bytes ignored;
    CO_TRY(co_await request(set_reader_config(next_id(), wanted->config, version_), msg::SET_READER_CONFIG_RESPONSE,
                            &ignored));
    // Releases what a reader holding its events and reports keeps back; no
    // response comes, and a reader without the message answers ERROR_MESSAGE.
    enable_events_id_ = next_id();
    co_await write(enable_events_and_reports(*enable_events_id_, version_));
    CO_TRY(co_await request(delete_rospec(next_id(), 0, version_), msg::DELETE_ROSPEC_RESPONSE, &ignored));
    CO_TRY(co_await request(add_rospec(next_id(), wanted->rospec, version_), msg::ADD_ROSPEC_RESPONSE, &ignored));
    CO_TRY(co_await request(enable_rospec(next_id(), 1, version_), msg::ENABLE_ROSPEC_RESPONSE, &ignored));
    if (!o_.opt_.gpi_start)
      CO_TRY(co_await request(start_rospec(next_id(), 1, version_), msg::START_ROSPEC_RESPONSE, &ignored));

    online_ = true;
    ++o_.sessions_;
    if (o_.opt_.keepalive_ms)
      deadline_ = milliseconds(2 * o_.opt_.keepalive_ms + std::min<std::uint32_t>(o_.opt_.keepalive_ms / 2, 1000));
    else
      deadline_ = milliseconds::max();
    reading_detail_ = "reading on " + where() + " (LLRP " + (version_ == kVersion11 ? "1.1" : "1.0.1") + ", " +
                      std::to_string(caps->max_antennas) + " antennas" +
                      (o_.opt_.gpi_start ? ", GPI " + std::to_string(o_.opt_.gpi_port) + " start" : "") + ")";
    for (const std::string& w : warnings_) spdlog::warn("{} {}: {}", kHealthKind, o_.opt_.id, w);
    report_reading();
    for (;;) {
      CO_TRY(co_await next(&f));
      if (stopping_ && f.type == msg::CLOSE_CONNECTION_RESPONSE) co_return Status::ok();
      CO_TRY(co_await dispatch(f));
    }
  }

  /// Online, or degraded while the reader cannot do what the configuration asks.
  void report_reading() {
    degraded_ = false;
    if (warnings_.empty()) {
      o_.report(DeviceState::online, reading_detail_);
      return;
    }
    std::string detail = reading_detail_;
    for (const std::string& w : warnings_) detail += "; " + w;
    o_.report(DeviceState::degraded, detail);
  }

  // ---- frames in
  /// The next whole frame (valid until the next call). Reads gathered from
  /// frames already buffered go to the sink before waiting for the socket.
  awaitable<Status> next(Frame* out) {
    for (;;) {
      auto f = next_frame(std::span(buf_.data() + pos_, have_ - pos_), o_.opt_.max_frame_bytes);
      if (f) {
        pos_ += f->size();
        touch();
        *out = *f;
        co_return Status::ok();
      }
      if (f.is_fault())
        co_return error(Errc::invalid_argument, "bad frame from reader: " + f.status().reason());
      flush_reads();
      // Compact, then make room for the whole frame when its length is known.
      if (pos_ > 0) {
        std::memmove(buf_.data(), buf_.data() + pos_, have_ - pos_);
        have_ -= pos_;
        pos_ = 0;
      }
      std::size_t want = have_ + kReadChunk;
      if (have_ >= kHeaderSize) {
        const std::size_t len = std::size_t{buf_[2]} << 24 | std::size_t{buf_[3]} << 16 | std::size_t{buf_[4]} << 8 | buf_[5];
        want = std::max(want, len);
      }
      if (buf_.size() < want) buf_.resize(want);
      boost::system::error_code ec;
      const std::size_t n = co_await socket_.async_read_some(asio::buffer(buf_.data() + have_, buf_.size() - have_),
                                                             asio::redirect_error(asio::use_awaitable, ec));
      if (ec) {
        if (dead_) co_return error(Errc::io, "link dead: nothing from the reader for " +
                                                 std::to_string(deadline_.count()) + " ms" +
                                                 (online_ ? " (two keepalives missed)" : ""));
        co_return error(Errc::io, "read from " + where() + ": " + ec.message());
      }
      have_ += n;
    }
  }

  /// Handles what the reader sends on its own: reports, events, keepalives, errors.
  awaitable<Status> dispatch(const Frame& f) {
    switch (f.type) {
      case msg::RO_ACCESS_REPORT: {
        reports_.clear();
        Fault fault;
        if (Status s = decode_tag_reports(f, &reports_, &fault); !s) co_return error(Errc::invalid_argument, "bad RO_ACCESS_REPORT: " + s.reason());
        const TimeMs now = o_.clock_.now_ms();
        for (TagReport& r : reports_) {
          carry_forward(&r, &last_report_);
          batch_.push_back(to_tag_read(std::move(r), o_.opt_.id, now, reader_clock_));
        }
        if (batch_.size() >= kMaxBatch) flush_reads();
        if (degraded_) set_online_again();
        co_return Status::ok();
      }
      case msg::READER_EVENT_NOTIFICATION: {
        auto ev = decode_reader_event(f);
        if (!ev) co_return ev.status();
        if (ev->gpi) {
          flush_reads();  // keep reads and beam edges in arrival order
          o_.sink_.on_gpi(rfid::GpiEvent{o_.opt_.id, ev->gpi->port, ev->gpi->high, o_.clock_.now_ms()});
        }
        if (ev->connection_close) co_return error(Errc::io, "reader closed the connection");
        co_return Status::ok();
      }
      case msg::KEEPALIVE:
        co_await write(keepalive_ack(f.id, version_));
        if (degraded_) set_online_again();
        co_return Status::ok();
      case msg::ERROR_MESSAGE: {
        auto s = decode_status(f);
        if (enable_events_id_ && f.id == *enable_events_id_) {
          // A reader without ENABLE_EVENTS_AND_REPORTS holds nothing back either.
          spdlog::info("{} {}: reader does not take ENABLE_EVENTS_AND_REPORTS: {}", kHealthKind, o_.opt_.id,
                       s ? s->to_string() : s.status().reason());
          co_return Status::ok();
        }
        degraded_ = true;
        o_.report(DeviceState::degraded, "reader error: " + (s ? s->to_string() : s.status().reason()));
        co_return Status::ok();
      }
      default:
        co_return Status::ok();  // responses to nothing we wait for, CUSTOM_MESSAGE, unknown types
    }
  }

  void set_online_again() { report_reading(); }

  void flush_reads() {
    if (batch_.empty()) return;
    o_.reads_ += batch_.size();
    // Cleared even when the sink throws: a batch it cannot take is not
    // offered again after the reconnect.
    struct Clear {
      std::vector<rfid::TagRead>& v;
      ~Clear() { v.clear(); }
    } clear{batch_};
    o_.sink_.on_tag_reads(o_.opt_.id, batch_);
  }

  // ---- frames out
  /// Sends `msg` and waits for `response_type` with the same id, handling
  /// whatever else arrives meanwhile. A non-success LLRPStatus is an error
  /// (unless `tolerate_error_message`, for probing a 1.0.1 reader).
  awaitable<Status> request(Bytes m, std::uint16_t response_type, Bytes* out, bool tolerate_error_message = false) {
    auto sent = next_frame(m);
    const std::uint32_t id = sent->id;
    const std::uint16_t type = sent->type;
    co_await write(std::move(m));
    for (;;) {
      Frame f;
      CO_TRY(co_await next(&f));
      if ((f.type == response_type || f.type == msg::ERROR_MESSAGE) && f.id == id) {
        out->assign(f.body.data() - kHeaderSize, f.body.data() + f.body.size());
        if (f.type == msg::ERROR_MESSAGE && tolerate_error_message) co_return Status::ok();
        auto st = decode_status(f);
        if (!st) co_return st.status();
        if (!st->ok()) {
          const MessageDef* d = find_message(type);
          co_return error(Errc::invalid_state, std::string(d ? d->name : "request") + " refused: " + st->to_string());
        }
        co_return Status::ok();
      }
      CO_TRY(co_await dispatch(f));
    }
  }

  awaitable<void> write(Bytes m) {
    out_.push_back(std::move(m));
    if (writing_) co_return;
    writing_ = true;
    while (!out_.empty()) {
      boost::system::error_code ec;
      co_await asio::async_write(socket_, asio::buffer(out_.front()), asio::redirect_error(asio::use_awaitable, ec));
      out_.pop_front();
      if (ec) {
        out_.clear();
        close_socket();
      }
    }
    writing_ = false;
  }

  awaitable<void> close_gracefully() {
    co_await write(close_connection(next_id(), version_));
    asio::steady_timer t(io_);
    t.expires_after(milliseconds(1000));
    boost::system::error_code ec;
    co_await t.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    close_socket();  // no answer in time: the session ends on the read error
  }

  /// Closes the socket when nothing has arrived within the deadline.
  awaitable<void> watchdog(std::uint64_t gen) {
    asio::steady_timer t(io_);
    dead_ = false;
    while (gen == gen_ && !stopping_) {
      t.expires_after(milliseconds(50));
      boost::system::error_code ec;
      co_await t.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      if (gen != gen_ || stopping_) break;
      if (deadline_ != milliseconds::max() && Steady::now() - last_rx_ > deadline_) {
        dead_ = true;
        close_socket();
        break;
      }
    }
  }

  void touch() { last_rx_ = Steady::now(); }
  void close_socket() {
    boost::system::error_code ec;
    if (socket_.is_open()) {
      socket_.shutdown(tcp::socket::shutdown_both, ec);
      socket_.close(ec);
    }
  }
  std::uint32_t next_id() { return next_id_++; }
  std::string where() const { return o_.opt_.host + ":" + std::to_string(o_.opt_.port); }

  ReaderLink& o_;
  tcp::socket socket_;
  asio::steady_timer backoff_;
  devices::Backoff reconnects_;  // after a session ended; from the start again once one was reading
  devices::Backoff restarts_;    // of run(), after an exception escaped it
  std::vector<std::uint8_t> buf_;
  std::size_t have_ = 0, pos_ = 0;
  std::deque<Bytes> out_;
  bool writing_ = false;
  std::vector<TagReport> reports_;
  TagReport last_report_;  // the last value of each optional report field on this connection
  std::vector<std::string> warnings_;  // what the reader cannot do of the configuration
  std::string reading_detail_;
  std::optional<std::uint32_t> enable_events_id_;
  std::vector<rfid::TagRead> batch_;
  std::uint8_t version_ = kVersion10;
  std::uint32_t next_id_ = 1;
  ReaderClock reader_clock_;
  Steady::time_point last_rx_{};
  milliseconds deadline_{10000};
  std::uint64_t gen_ = 0;
  bool dead_ = false, online_ = false, degraded_ = false, stopping_ = false;
};

ReaderLink::ReaderLink(ReaderOptions options, devices::HealthSink& health, rfid::ReadSink& sink, const Clock& clock)
    : opt_(std::move(options)), health_(health), sink_(sink), clock_(clock) {}

ReaderLink::~ReaderLink() { stop(); }

void ReaderLink::report(devices::DeviceState s, std::string detail) { health_.report(opt_.id, kHealthKind, s, std::move(detail)); }

void ReaderLink::start() {
  if (started_) return;
  started_ = true;
  impl_ = std::make_unique<Session>(*this);
  report(DeviceState::starting, "connecting to " + opt_.host + ":" + std::to_string(opt_.port));
  impl_->spawn_run();
  thread_ = std::thread([this] {
    // Every coroutine and handler of the link catches what it throws; this
    // is the last guard, so that nothing ends the process from here.
    for (;;) {
      try {
        impl_->io_.run();
        return;
      } catch (...) {
        spdlog::error("{} {}: exception in the link's loop: {}", kHealthKind, opt_.id,
                      devices::exception_reason(std::current_exception()));
      }
    }
  });
}

void ReaderLink::stop() {
  if (!started_ || stopped_) return;
  stopped_ = true;
  asio::post(impl_->io_, [this] { impl_->begin_stop(); });
  thread_.join();
  impl_.reset();
  report(DeviceState::stopped, "stopped");
}

}  // namespace jxc::llrp
