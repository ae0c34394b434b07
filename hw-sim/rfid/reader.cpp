#include "hw-sim/rfid/reader.h"

#include <algorithm>
#include <cmath>
#include <ostream>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "drivers/rfid/message.h"
#include "hw-sim/rfid/reader_session.h"

namespace jxc::hwsim::rfid {

namespace asio = boost::asio;
using asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {
// A read as the simulated reader reports it live: seen once, on channel 1,
// by ROSpec 1.
llrp::TagReport report_of(SimRead r, const llrp::Timestamp& stamp) {
  llrp::TagReport tr;
  tr.epc = std::move(r.epc);
  tr.epc_bits = static_cast<std::uint16_t>(tr.epc.size() * 8);
  tr.antenna = r.antenna;
  tr.peak_rssi_dbm = r.rssi;
  tr.first_seen = tr.last_seen = stamp;
  tr.seen_count = 1;
  tr.channel_index = 1;
  tr.rospec_id = 1;
  return tr;
}
}  // namespace

SimReader::SimReader(asio::io_context& io, ReaderScenario scenario, std::ostream& log)
    : io_(io), sc_(std::move(scenario)), log_(log), acceptor_(io) {
  if (sc_.gpi_ports_enabled)
    for (std::uint16_t p = 1; p <= sc_.gpis; ++p) gpi_enabled_.insert(p);
  hold_ = sc_.hold_events;
}

SimReader::~SimReader() = default;

void SimReader::start() {
  tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), sc_.port);
  acceptor_.open(ep.protocol());
  acceptor_.set_option(tcp::acceptor::reuse_address(true));
  acceptor_.bind(ep);
  acceptor_.listen();
  say("listening " + sc_.id + " " + std::to_string(port()));
  asio::co_spawn(io_, accept_loop(), asio::detached);
}

std::uint16_t SimReader::port() const { return acceptor_.local_endpoint().port(); }

void SimReader::say(const std::string& line) { log_ << line << std::endl; }

bool SimReader::stalled(const Session& s) const { return Clock::now() < s.stalled_until; }

llrp::Timestamp SimReader::now_stamp() const {
  if (sc_.utc_clock) {
    auto us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch());
    return {static_cast<std::uint64_t>(us.count()), true};
  }
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - boot_);
  return {static_cast<std::uint64_t>(us.count()), false};
}

asio::awaitable<void> SimReader::accept_loop() {
  for (;;) {
    boost::system::error_code ec;
    tcp::socket sock = co_await acceptor_.async_accept(asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return;
    auto s = std::make_shared<Session>(std::move(sock));
    llrp::ReaderEvent ev;
    ev.at = now_stamp();
    if (current_ && current_->open) {
      // A real reader keeps its client and tells the newcomer why it is refused.
      ev.connection_attempt = 2;  // Failed_A_Client_Initiated_Connection_Already_Exists
      say("refused " + sc_.id);
      send(s, llrp::reader_event(next_id_++, ev));
      s->open = false;  // write_loop closes once the event is out
      continue;
    }
    current_ = s;
    s->held = hold_;
    ev.connection_attempt = 0;
    say("connected " + sc_.id);
    send(s, llrp::reader_event(next_id_++, ev));
    asio::co_spawn(io_, serve(s), asio::detached);
  }
}

void SimReader::send(const std::shared_ptr<Session>& s, llrp::Bytes frame) {
  s->out.push_back(std::move(frame));
  if (!s->writing) {
    s->writing = true;
    asio::co_spawn(io_, write_loop(s), asio::detached);
  }
}

asio::awaitable<void> SimReader::write_loop(std::shared_ptr<Session> s) {
  while (!s->out.empty()) {
    boost::system::error_code ec;
    co_await asio::async_write(s->socket, asio::buffer(s->out.front()), asio::redirect_error(asio::use_awaitable, ec));
    s->out.pop_front();
    if (ec) {
      s->out.clear();
      s->close();
      break;
    }
  }
  s->writing = false;
  if (!s->open) {  // refused connections and closes: after the last frame
    boost::system::error_code ec;
    s->socket.shutdown(tcp::socket::shutdown_both, ec);
    s->socket.close(ec);
  }
}

asio::awaitable<void> SimReader::serve(std::shared_ptr<Session> s) {
  std::vector<std::uint8_t> buf;
  for (;;) {
    boost::system::error_code ec;
    buf.resize(llrp::kHeaderSize);
    co_await asio::async_read(s->socket, asio::buffer(buf), asio::redirect_error(asio::use_awaitable, ec));
    if (ec) break;
    const std::uint32_t len = std::uint32_t{buf[2]} << 24 | std::uint32_t{buf[3]} << 16 | std::uint32_t{buf[4]} << 8 | buf[5];
    if (len < llrp::kHeaderSize || len > llrp::kDefaultMaxFrame) break;
    buf.resize(len);
    co_await asio::async_read(s->socket, asio::buffer(buf.data() + llrp::kHeaderSize, len - llrp::kHeaderSize),
                              asio::redirect_error(asio::use_awaitable, ec));
    if (ec) break;
    auto f = llrp::next_frame(buf);
    if (!f) break;
    if (stalled(*s)) continue;  // a stalled reader answers nothing
    handle(s, *f);
    if (!s->open) break;
  }
  s->close();
  if (current_ == s) current_.reset();
  say("closed " + sc_.id);
}

void SimReader::handle(const std::shared_ptr<Session>& s, const llrp::Frame& f) {
  using namespace llrp;
  const LlrpStatus ok;
  switch (f.type) {
    case msg::GET_SUPPORTED_VERSION:
      if (sc_.max_version >= kVersion11) {
        send(s, supported_version_response(f.id, {s->version, sc_.max_version}));
      } else {
        send(s, status_message(msg::ERROR_MESSAGE, f.id, LlrpStatus{110, "LLRP 1.1 not supported", {}, {}, {}, {}}));
      }
      return;
    case msg::SET_PROTOCOL_VERSION: {
      const std::uint8_t v = f.body.empty() ? 0 : f.body[0];
      if (v < 1 || v > sc_.max_version) {
        send(s, status_message(msg::SET_PROTOCOL_VERSION_RESPONSE, f.id, LlrpStatus{110, "unsupported version", {}, {}, {}, {}}, kVersion11));
        return;
      }
      s->version = v;
      say("version " + sc_.id + " " + std::to_string(v));
      send(s, status_message(msg::SET_PROTOCOL_VERSION_RESPONSE, f.id, ok, kVersion11));
      return;
    }
    case msg::GET_READER_CAPABILITIES: {
      Capabilities c;
      c.max_antennas = sc_.antennas;
      c.has_utc_clock = sc_.utc_clock;
      c.gpi_count = sc_.gpis;
      std::uint16_t i = 1;
      for (double d : sc_.power_table_dbm) c.transmit_power.push_back({i++, static_cast<std::int16_t>(std::lround(d * 100))});
      send(s, capabilities_response(f.id, c, s->version));
      return;
    }
    case msg::SET_READER_CONFIG:
      configure(s, f);
      return;
    case msg::DELETE_ROSPEC:
      s->enabled = s->reading = false;
      ++s->inventory;
      send(s, status_message(msg::DELETE_ROSPEC_RESPONSE, f.id, ok, s->version));
      return;
    case msg::ADD_ROSPEC:
      add_rospec(s, f);
      return;
    case msg::ENABLE_ROSPEC:
      s->enabled = true;
      send(s, status_message(msg::ENABLE_ROSPEC_RESPONSE, f.id, ok, s->version));
      if (!timeline_started_) {
        timeline_started_ = true;
        asio::co_spawn(io_, timeline(), asio::detached);
        if (sc_.traffic.rate > 0) asio::co_spawn(io_, traffic_loop(), asio::detached);
      }
      return;
    case msg::START_ROSPEC:
      send(s, status_message(msg::START_ROSPEC_RESPONSE, f.id, ok, s->version));
      start_reading(s);
      return;
    case msg::ENABLE_EVENTS_AND_REPORTS:
      // No response: the reader delivers what it held.
      say("events-enabled " + sc_.id);
      if (s->held) {
        s->held = false;
        for (auto& e : s->held_events) send(s, std::move(e));
        s->held_events.clear();
        if (s->reading && !backlog_.empty()) {
          auto flushed = std::move(backlog_);
          backlog_.clear();
          send_reports(s, flushed);
          say("flushed " + sc_.id + " " + std::to_string(flushed.size()));
        }
      }
      return;
    case msg::KEEPALIVE_ACK:
      say("keepalive-ack " + sc_.id + " " + std::to_string(f.id) + (f.id == s->last_keepalive_id ? " match" : " mismatch"));
      return;
    case msg::CLOSE_CONNECTION:
      say("close-request " + sc_.id);
      send(s, status_message(msg::CLOSE_CONNECTION_RESPONSE, f.id, ok, s->version));
      s->open = false;
      return;
    default:
      send(s, status_message(msg::ERROR_MESSAGE, f.id, LlrpStatus{109, "unsupported message", {}, {}, {}, {}}, s->version));
      return;
  }
}

void SimReader::configure(const std::shared_ptr<Session>& s, const llrp::Frame& f) {
  using namespace llrp;
  auto m = decode_message(f);
  if (!m) {
    send(s, status_message(msg::SET_READER_CONFIG_RESPONSE, f.id, LlrpStatus{101, m.status().reason(), {}, {}, {}, {}}, s->version));
    return;
  }
  auto refuse = [&](std::uint16_t param, const std::string& why) {
    send(s, status_message(msg::SET_READER_CONFIG_RESPONSE, f.id, LlrpStatus{100, why, param, 101, {}, {}}, s->version));
  };
  // Checked whole before anything applies, as a reader refuses the message whole.
  for (const Param& p : m->params) {
    if (p.type == par::AntennaConfiguration) {
      const auto ant = p.field("AntennaID")->number;
      const Param* tx = p.child(par::RFTransmitter);
      const auto power = tx ? tx->field("TransmitPower")->number : 0;
      if (ant > sc_.antennas || power > sc_.power_table_dbm.size())
        return refuse(par::AntennaConfiguration, "antenna or power index out of range");
    }
    if (p.type == par::GPIPortCurrentState) {
      const auto port = p.field("GPIPortNum")->number;
      if (port < 1 || port > sc_.gpis) return refuse(par::GPIPortCurrentState, "no such GPI port");
    }
  }
  for (const FieldValue& v : m->fields)
    if (std::string_view(v.def->name) == "ResetToFactoryDefault" && v.number) {
      say("factory-reset " + sc_.id);
      gpi_enabled_.clear();
      hold_ = false;
      s->keepalive_ms = 0;
    }
  for (const Param& p : m->params) {
    if (p.type == par::AntennaConfiguration) {
      const Param* tx = p.child(par::RFTransmitter);
      say("power " + sc_.id + " antenna " + std::to_string(p.field("AntennaID")->number) + " index " +
          std::to_string(tx ? tx->field("TransmitPower")->number : 0));
    }
    if (p.type == par::KeepaliveSpec && p.field("KeepaliveTriggerType")->number == 1)
      s->keepalive_ms = static_cast<std::uint32_t>(p.field("PeriodicTriggerValue")->number);
    if (p.type == par::GPIPortCurrentState) {
      const auto port = static_cast<std::uint16_t>(p.field("GPIPortNum")->number);
      const bool on = p.field("Config")->number != 0;
      if (on) gpi_enabled_.insert(port);
      else gpi_enabled_.erase(port);
      say("gpi-config " + sc_.id + " " + std::to_string(port) + " " + (on ? "1" : "0"));
    }
    if (p.type == par::EventsAndReports) {
      hold_ = p.field("HoldEventsAndReportsUponReconnect")->number != 0;
      say("hold " + sc_.id + " " + (hold_ ? "1" : "0"));
    }
  }
  send(s, status_message(msg::SET_READER_CONFIG_RESPONSE, f.id, LlrpStatus{}, s->version));
  if (s->keepalive_ms && !s->keepalive_running) {
    s->keepalive_running = true;
    asio::co_spawn(io_, keepalive_loop(s), asio::detached);
  }
}

void SimReader::send_reports(const std::shared_ptr<Session>& s, const std::vector<llrp::TagReport>& reports) {
  for (std::size_t i = 0; i < reports.size(); i += sc_.report_batch) {
    const std::size_t n = std::min(sc_.report_batch, reports.size() - i);
    std::vector<llrp::TagReport> part(reports.begin() + static_cast<std::ptrdiff_t>(i),
                                      reports.begin() + static_cast<std::ptrdiff_t>(i + n));
    if (sc_.omit_unchanged)
      for (llrp::TagReport& r : part) {
        // "The last parameter of the same type received": a field equal to it is left out.
        auto omit = [](auto& field, auto& last) {
          if (!field) return;
          if (field == last) field.reset();
          else last = field;
        };
        llrp::TagReport& last = s->last_sent;
        omit(r.antenna, last.antenna);
        omit(r.peak_rssi_dbm, last.peak_rssi_dbm);
        omit(r.channel_index, last.channel_index);
        omit(r.rospec_id, last.rospec_id);
        omit(r.seen_count, last.seen_count);
      }
    send(s, llrp::ro_access_report(next_id_++, part, s->version));
  }
}

void SimReader::deliver(std::vector<llrp::TagReport> reports) {
  auto s = current_;
  if (s && s->open && s->reading && !stalled(*s)) {
    for (const auto& r : reports)
      if (s->inventory_tags.insert(r.epc).second) s->last_new_tag = Clock::now();
    if (s->held) backlog_.insert(backlog_.end(), reports.begin(), reports.end());  // until ENABLE_EVENTS_AND_REPORTS
    else send_reports(s, reports);
  } else if (!s || !s->open || stalled(*s)) {
    backlog_.insert(backlog_.end(), reports.begin(), reports.end());  // the reader's buffer
  }
  // else: connected but not inventorying (waiting for its GPI trigger): nothing is read.
}

asio::awaitable<void> SimReader::keepalive_loop(std::shared_ptr<Session> s) {
  asio::steady_timer t(io_);
  while (s->open) {
    t.expires_after(std::chrono::milliseconds(s->keepalive_ms));
    boost::system::error_code ec;
    co_await t.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    if (!s->open) break;
    if (stalled(*s)) continue;
    s->last_keepalive_id = next_id_++;
    send(s, llrp::keepalive(s->last_keepalive_id, s->version));
  }
}

asio::awaitable<void> SimReader::timeline() {
  const auto t0 = Clock::now();
  asio::steady_timer t(io_);
  for (const Step& step : sc_.steps) {
    t.expires_at(t0 + std::chrono::milliseconds(step.at_ms));
    boost::system::error_code ec;
    co_await t.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    auto s = current_;
    switch (step.kind) {
      case Step::Kind::reads: {
        std::vector<llrp::TagReport> reports;
        reports.reserve(step.reads.size());
        const auto stamp = now_stamp();
        for (const SimRead& r : step.reads) {
          if (sc_.accumulate) {  // one report per tag and antenna, its reads counted in TagSeenCount
            auto same = std::find_if(reports.begin(), reports.end(), [&](const llrp::TagReport& t) {
              return t.epc == r.epc && t.antenna == r.antenna;
            });
            if (same != reports.end()) {
              *same->seen_count += 1;
              continue;
            }
          }
          reports.push_back(report_of(r, stamp));
        }
        deliver(std::move(reports));
        break;
      }
      case Step::Kind::gpi:
        gpi(s, step.gpi_port, step.gpi_high);
        break;
      case Step::Kind::disconnect: {
        say("disconnect " + sc_.id);
        if (s) {
          s->close();
          current_.reset();
        }
        const auto stamp = now_stamp();
        for (const SimRead& r : step.backlog) {
          llrp::TagReport tr;
          tr.epc = r.epc;
          tr.epc_bits = static_cast<std::uint16_t>(r.epc.size() * 8);
          tr.antenna = r.antenna;
          tr.peak_rssi_dbm = r.rssi;
          tr.first_seen = tr.last_seen = stamp;
          backlog_.push_back(std::move(tr));
        }
        break;
      }
      case Step::Kind::stall:
        say("stall " + sc_.id);
        if (s) s->stalled_until = Clock::now() + std::chrono::milliseconds(step.duration_ms);
        break;
      case Step::Kind::error:
        if (s && s->open)
          send(s, llrp::status_message(llrp::msg::ERROR_MESSAGE, next_id_++,
                                       llrp::LlrpStatus{step.error_code, step.error_description, {}, {}, {}, {}}, s->version));
        break;
    }
  }
  say("done " + sc_.id);
}

// Reads due by now at the traffic's rate go out every tick; a tick that
// comes late sends more, so the rate holds on average.
asio::awaitable<void> SimReader::traffic_loop() {
  const Traffic& tr = sc_.traffic;
  TrafficGen gen(tr);
  const auto t0 = Clock::now();
  asio::steady_timer t(io_);
  std::uint64_t sent = 0;
  std::vector<SimRead> reads;
  for (;;) {
    t.expires_after(std::chrono::milliseconds(tr.tick_ms));
    boost::system::error_code ec;
    co_await t.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    if (ec) break;
    auto elapsed_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    const bool last = tr.duration_ms > 0 && elapsed_ms >= static_cast<double>(tr.duration_ms);
    if (last) elapsed_ms = static_cast<double>(tr.duration_ms);
    const auto due = static_cast<std::uint64_t>(tr.rate * elapsed_ms / 1000.0);
    reads.clear();
    gen.next(due - sent, reads);
    sent = due;
    std::vector<llrp::TagReport> reports;
    reports.reserve(reads.size());
    const auto stamp = now_stamp();
    for (SimRead& r : reads) reports.push_back(report_of(std::move(r), stamp));
    deliver(std::move(reports));
    if (last) break;
  }
  say("traffic-done " + sc_.id + " " + std::to_string(sent) + " " + std::to_string(gen.passes_started()));
}

}  // namespace jxc::hwsim::rfid
