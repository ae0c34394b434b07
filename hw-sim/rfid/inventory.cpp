// The simulated reader's inventory: the ROSpec as added (its start and stop
// triggers), an inventory started by START_ROSPEC or a GPI edge and ended by
// its stop trigger, and GPI inputs that are watched only while enabled.
#include <chrono>
#include <utility>  // Boost 1.74 awaitable.hpp uses std::exchange without including it

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "drivers/rfid/message.h"
#include "hw-sim/rfid/reader.h"
#include "hw-sim/rfid/reader_session.h"

namespace jxc::hwsim::rfid {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

void SimReader::start_reading(const std::shared_ptr<Session>& s) {
  if (s->reading) return;  // a start trigger while the ROSpec is active starts nothing
  s->reading = true;
  const std::uint64_t gen = ++s->inventory;
  s->inventory_start = s->last_new_tag = Clock::now();
  s->inventory_tags.clear();
  say("reading " + sc_.id);
  const auto& st = s->stop;
  if (st.ro_type == 1 || st.ai_type == 1 || st.ai_type == 3 || (st.ro_type == 2 && st.gpi_timeout_ms) ||
      (st.ai_type == 2 && st.gpi_timeout_ms))
    asio::co_spawn(io_, watch_inventory(s, gen), asio::detached);
  if (!backlog_.empty() && !s->held) {
    auto flushed = std::move(backlog_);
    backlog_.clear();
    send_reports(s, flushed);
    say("flushed " + sc_.id + " " + std::to_string(flushed.size()));
  }
}

void SimReader::stop_reading(const std::shared_ptr<Session>& s, const std::string& why) {
  if (!s->reading) return;
  s->reading = false;
  ++s->inventory;
  say("inventory-stop " + sc_.id + " " + why);
}

// Ends the inventory when its duration, its timeout or its quiet time (no
// new tags for T ms) has passed.
asio::awaitable<void> SimReader::watch_inventory(std::shared_ptr<Session> s, std::uint64_t gen) {
  asio::steady_timer t(io_);
  const auto& st = s->stop;
  auto ms = [](std::uint64_t v) { return std::chrono::milliseconds(v); };
  while (s->open && s->reading && s->inventory == gen) {
    t.expires_after(std::chrono::milliseconds(10));
    boost::system::error_code ec;
    co_await t.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    if (!s->open || !s->reading || s->inventory != gen) break;
    const auto now = Clock::now();
    const auto ran = now - s->inventory_start;
    if ((st.ro_type == 1 && ran >= ms(st.ro_duration_ms)) || (st.ai_type == 1 && ran >= ms(st.ai_duration_ms))) {
      stop_reading(s, "duration");
    } else if ((st.ro_type == 2 || st.ai_type == 2) && st.gpi_timeout_ms && ran >= ms(st.gpi_timeout_ms)) {
      stop_reading(s, "timeout");
    } else if (st.ai_type == 3 && st.observation == 1 && now - s->last_new_tag >= ms(st.quiet_ms)) {
      stop_reading(s, "no-new-tags");
    } else if (st.ai_type == 3 && st.observation_timeout_ms && ran >= ms(st.observation_timeout_ms)) {
      stop_reading(s, "timeout");
    }
  }
}

void SimReader::add_rospec(const std::shared_ptr<Session>& s, const llrp::Frame& f) {
  using namespace llrp;
  auto m = decode_message(f);
  const Param* spec = m ? m->param(par::ROSpec) : nullptr;
  const Param* bound = spec ? spec->child(par::ROBoundarySpec) : nullptr;
  const Param* start = bound ? bound->child(par::ROSpecStartTrigger) : nullptr;
  if (!start) {
    send(s, status_message(msg::ADD_ROSPEC_RESPONSE, f.id, LlrpStatus{103, "ROSpec incomplete", par::ROSpec, 203, {}, {}}, s->version));
    return;
  }
  s->gpi_start = start->field("ROSpecStartTriggerType")->number == 3;
  if (const Param* g = start->child(par::GPITriggerValue)) s->gpi_port = static_cast<std::uint16_t>(g->field("GPIPortNum")->number);
  Session::Stop st;
  auto gpi_of = [&](const Param* trigger) {
    if (const Param* g = trigger->child(par::GPITriggerValue)) {
      st.gpi_port = static_cast<std::uint16_t>(g->field("GPIPortNum")->number);
      st.gpi_high = g->field("GPIEvent")->number != 0;
      st.gpi_timeout_ms = g->field("Timeout")->number;
    }
  };
  if (const Param* ro = bound->child(par::ROSpecStopTrigger)) {
    st.ro_type = ro->field("ROSpecStopTriggerType")->number;
    st.ro_duration_ms = ro->field("DurationTriggerValue")->number;
    gpi_of(ro);
  }
  if (const Param* ai = spec->child(par::AISpec))
    if (const Param* t = ai->child(par::AISpecStopTrigger)) {
      st.ai_type = t->field("AISpecStopTriggerType")->number;
      st.ai_duration_ms = t->field("DurationTrigger")->number;
      gpi_of(t);
      if (const Param* o = t->child(par::TagObservationTrigger)) {
        st.observation = o->field("TriggerType")->number;
        st.quiet_ms = o->field("T")->number;
        st.observation_timeout_ms = o->field("Timeout")->number;
      }
    }
  s->stop = st;
  send(s, status_message(msg::ADD_ROSPEC_RESPONSE, f.id, LlrpStatus{}, s->version));
}

void SimReader::event(const std::shared_ptr<Session>& s, llrp::Bytes frame) {
  if (s->held) s->held_events.push_back(std::move(frame));
  else send(s, std::move(frame));
}

void SimReader::gpi(const std::shared_ptr<Session>& s, std::uint16_t port, bool high) {
  say("gpi " + sc_.id + " " + std::to_string(port) + " " + (high ? "1" : "0"));
  if (!s || !s->open || stalled(*s)) return;
  if (!gpi_enabled_.count(port)) {  // a disabled input is not watched: no event, no trigger
    say("gpi-disabled " + sc_.id + " " + std::to_string(port));
    return;
  }
  llrp::ReaderEvent ev;
  ev.at = now_stamp();
  ev.gpi = llrp::GpiChange{port, high};
  event(s, llrp::reader_event(next_id_++, ev, s->version));
  const auto& st = s->stop;
  if (s->reading && (st.ro_type == 2 || st.ai_type == 2) && port == st.gpi_port && high == st.gpi_high) {
    stop_reading(s, "gpi");
  } else if (s->enabled && s->gpi_start && high && port == s->gpi_port) {
    start_reading(s);
  }
}

}  // namespace jxc::hwsim::rfid
