#include "edge/rfid/read_pipeline.h"

#include <future>

#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

#include "edge/config/config.h"
#include "edge/inventory/device_records.h"

namespace jxc::rfid {
namespace {
constexpr const char* kHealthKind = "rfid-portal";
}  // namespace

Result<std::unique_ptr<ReadPipeline>> ReadPipeline::create(devices::DeviceContext& ctx) {
  JXC_ASSIGN(auto queries, inventory::Queries::open(ctx.store_path));
  const auto& c = ctx.config.portal;
  // A location not in master data yet does not stop the gateway: the central
  // system's snapshot may bring it. It is reported until then.
  std::vector<std::pair<std::string, std::string>> missing;
  auto look = [&](const std::string& code, const std::string& who) {
    if (auto l = queries->location(code); !l) {
      spdlog::warn("rfid: [portal] {} {}: {}; its passes cannot be booked until master data has it", who, code,
                   l.status().reason());
      missing.emplace_back(who, code);
    }
  };
  for (const auto& d : c.doors) look(d.location, "door " + d.id + " location");
  for (const auto& f : c.forklifts) look(f.from_location, "forklift " + f.id + " from_location");
  JXC_ASSIGN(auto retry_queries, inventory::Queries::open(ctx.store_path));
  std::unique_ptr<ReadPipeline> p(new ReadPipeline(ctx, std::move(queries), std::move(retry_queries)));
  p->missing_ = std::move(missing);
  return p;
}

Result<std::vector<std::unique_ptr<devices::Device>>> ReadPipeline::factory(devices::DeviceContext& ctx) {
  std::vector<std::unique_ptr<devices::Device>> out;
  if (ctx.config.portal.doors.empty() && ctx.config.portal.forklifts.empty()) return out;
  JXC_ASSIGN(auto p, create(ctx));
  out.push_back(std::move(p));
  return out;
}

ReadPipeline::ReadPipeline(devices::DeviceContext& ctx, std::unique_ptr<inventory::Queries> queries,
                           std::unique_ptr<inventory::Queries> retry_queries)
    : ctx_(ctx),
      queries_(std::move(queries)),
      documents_(*queries_, ctx.config.portal),
      retry_queries_(std::move(retry_queries)),
      retry_documents_(*retry_queries_, ctx.config.portal),
      logic_(ctx.config.portal, [this](const identifiers::Epc& e) { return documents_.classify_raw(e); }) {
  for (const auto& d : ctx.config.portal.doors) places_.insert(d.location);
  for (const auto& f : ctx.config.portal.forklifts) places_.insert(f.from_location);
}

ReadPipeline::~ReadPipeline() { stop(); }

void ReadPipeline::start() {
  if (running_.exchange(true)) return;
  io_.restart();
  work_.emplace(io_.get_executor());
  ctx_.health.report(id_, kHealthKind, devices::DeviceState::online,
                     std::to_string(ctx_.config.portal.doors.size()) + " doors, " +
                         std::to_string(ctx_.config.portal.forklifts.size()) + " forklifts");
  if (!missing_.empty()) check_missing();
  restarter_.emplace(ctx_.health, id_, kHealthKind, restart_policy_);
  retries_.emplace(&ctx_.health, id_ + "/store-retries", retry_options_);
  schedule_tick();
  thread_ = std::thread([this] {
    // A handler that throws leaves run(); it may be called again and goes on
    // with the handlers still queued. The tick's timer is armed anew, as the
    // tick that threw did not re-arm it.
    restarter_->run([this] { io_.run(); },
                    [this] {
                      if (!running_) return;
                      schedule_tick();
                      ctx_.health.report(id_, kHealthKind, devices::DeviceState::online,
                                         "running again after an exception");
                    });
  });
}

void ReadPipeline::stop() {
  if (!running_.exchange(false)) return;
  // Reads already handed over are processed (the queue is in order), then the
  // passes still open are closed as if their idle time had elapsed and
  // booked: the gateway stops the engine only after its devices, so these
  // documents are in its last batch. A load still standing in the door's
  // field at the next start forms a new pass; its order is closed by then,
  // so that pass is held for review rather than booked twice.
  boost::asio::post(io_, [this] {
    timer_.cancel();
    logic_.close_all(ctx_.clock.now_ms());
    book_settled();
  });
  work_.reset();
  if (restarter_) restarter_->stop();  // a restart's delay ends; what is queued still runs
  if (thread_.joinable()) thread_.join();
  restarter_.reset();
  retries_.reset();  // one more try of what waits for the store
  ctx_.health.report(id_, kHealthKind, devices::DeviceState::stopped, "");
}

void ReadPipeline::on_tag_reads(const std::string& reader_id, std::span<const TagRead> reads) {
  if (!running_) {
    dropped_n_ += reads.size();
    return;
  }
  auto batch = std::make_shared<std::vector<TagRead>>(reads.begin(), reads.end());
  boost::asio::post(io_, [this, reader_id, batch] {
    logic_.on_reads(reader_id, *batch, ctx_.clock.now_ms());
    reads_n_.fetch_add(batch->size(), std::memory_order_relaxed);
  });
}

void ReadPipeline::on_gpi(const GpiEvent& event) {
  if (!running_) return;
  boost::asio::post(io_, [this, event] { logic_.on_gpi(event); });
}

void ReadPipeline::sync() {
  if (!running_) return;
  std::promise<void> done;
  auto f = done.get_future();
  boost::asio::post(io_, [this, &done] {
    // Told even when the tick throws, so that the caller is not left waiting.
    struct Done {
      std::promise<void>& p;
      ~Done() { p.set_value(); }
    } told{done};
    tick();
  });
  f.wait();
}

void ReadPipeline::schedule_tick() {
  timer_.expires_after(tick_every_);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec || !running_) return;
    tick();
    schedule_tick();
  });
}

void ReadPipeline::record(const std::string& what, const Plan& plan, TimeMs closed_at,
                          std::chrono::steady_clock::time_point settled, PassNote note) {
  if (retries_ && retries_->pending() > 0)
    return wait_for_store(what, plan, closed_at, settled, "behind the documents already waiting", note);
  auto planned = plan(documents_);
  if (!planned && waits(planned.status()))
    return wait_for_store(what, plan, closed_at, settled, planned.status().to_string(), note);
  if (!planned) {
    // Nothing to book (e.g. nothing names an item): a person must hear of it.
    note_pass(note, nullptr, {});
    ++failed_n_;
    spdlog::warn("rfid: {}: {}", what, planned.status().reason());
    ctx_.health.report(id_, kHealthKind, devices::DeviceState::degraded, what + ": " + planned.status().reason());
    return;
  }
  const inventory::PassReasons reasons = planned->reasons;
  auto r = commit(ctx_.engine, planned.value());
  if (!r && waits(r.status())) return wait_for_store(what, plan, closed_at, settled, r.status().to_string(), note);
  note_pass(note, &r, reasons);
  booked(what, r, closed_at, settled);
}

void ReadPipeline::note_pass(const PassNote& note, const Result<inventory::DocumentResult>* r,
                             inventory::PassReasons reasons) {
  if (!note) return;
  inventory::PassRecord rec = *note;
  if (r == nullptr || !*r) {
    rec.outcome = inventory::PassOutcome::none;
  } else if ((*r)->needs_review || (*r)->state != inventory::DocState::posted) {
    rec.outcome = inventory::PassOutcome::held;
    rec.reasons = reasons;
    // Held for what the plan did not see (a refused post, a draft door).
    if (!reasons.missing && !reasons.unexpected && !reasons.ambiguous) rec.reasons.other = true;
    rec.document = (*r)->number;
  } else {
    rec.outcome = inventory::PassOutcome::posted;
    rec.document = (*r)->number;
  }
  inventory::record_pass_later(ctx_.engine, std::move(rec));
}

bool ReadPipeline::waits(const Status& s) const {
  return devices::RetryQueue::transient(s) ||
         (s.code() == Errc::unknown_location && places_.contains(std::string(s.fact("key"))));
}

void ReadPipeline::wait_for_store(const std::string& what, Plan plan, TimeMs closed_at,
                                  std::chrono::steady_clock::time_point settled, const std::string& why,
                                  PassNote note) {
  auto attempt = [this, plan, what, closed_at, settled, note]() -> Status {
    auto planned = plan(retry_documents_);
    Result<inventory::DocumentResult> r = planned.status();
    if (planned) r = commit(ctx_.engine, planned.value());
    if (!r && waits(r.status())) return r.status();
    note_pass(note, &r, planned ? planned->reasons : inventory::PassReasons{});
    booked(what, r, closed_at, settled);
    return Status::ok();
  };
  if (retries_ && retries_->add(what, std::move(attempt))) {
    spdlog::warn("rfid: {} waits for the store ({}), {} waiting", what, why, retries_->pending());
    return;
  }
  const Result<inventory::DocumentResult> full =
      error(Errc::unavailable, "the store did not take it and the queue of documents waiting for it is full");
  note_pass(note, &full, {});
  booked(what, full, closed_at, settled);
}

void ReadPipeline::booked(const std::string& what, const Result<inventory::DocumentResult>& r, TimeMs closed_at,
                          std::chrono::steady_clock::time_point settled) {
  if (!r) {
    ++failed_n_;
    spdlog::error("rfid: {} could not be recorded: {}", what, r.status().to_string());
    ctx_.health.report(id_, kHealthKind, devices::DeviceState::degraded,
                       what + " could not be recorded: " + r.status().to_string());
    return;
  }
  ++documents_n_;
  if (r->needs_review || r->state != inventory::DocState::posted) ++held_n_;
  if (on_booked_) on_booked_(Booking{closed_at, settled, r.value()});
  ctx_.health.report(id_, kHealthKind, devices::DeviceState::online,
                     "last: " + what + " -> " + r->number + (r->needs_review ? " (needs review)" : ""));
  spdlog::info("rfid: {} -> {} {}{}", what, r->number, inventory::to_string(r->state),
               r->needs_review ? " (needs review)" : "");
}

void ReadPipeline::tick() {
  if (!missing_.empty()) check_missing();
  logic_.tick(ctx_.clock.now_ms());
  book_settled();
}

void ReadPipeline::check_missing() {
  std::erase_if(missing_, [this](const auto& m) { return queries_->location(m.second).is_ok(); });
  if (missing_.empty()) {
    spdlog::info("rfid: master data holds every door and forklift location");
    ctx_.health.report(id_, kHealthKind, devices::DeviceState::online, "every door and forklift location known");
    return;
  }
  std::string detail = "waiting for master data:";
  for (const auto& [who, code] : missing_) detail += " " + who + " " + code + " is not a known location;";
  detail.pop_back();
  ctx_.health.report(id_, kHealthKind, devices::DeviceState::degraded, detail);
}

void ReadPipeline::book_settled() {
  const auto settled = std::chrono::steady_clock::now();
  for (auto& pass : logic_.take_passes()) {
    const std::string what = "pass at door " + pass.door + " (" + std::string(to_string(pass.direction)) + ", " +
                             std::to_string(pass.tags.size()) + " tags)";
    const TimeMs closed_at = pass.closed_at;
    auto note = std::make_shared<inventory::PassRecord>();
    note->door = pass.door;
    note->closed_at = closed_at;
    note->direction = std::string(to_string(pass.direction));
    auto p = std::make_shared<const Pass>(std::move(pass));
    record(what, [p](PassDocuments& d) { return d.for_pass(*p); }, closed_at, settled, std::move(note));
  }
  for (auto& move : logic_.take_moves()) {
    const std::string what = "forklift " + move.forklift + " move of " + move.load.id_uri;
    const TimeMs load_at = move.load_at;
    auto m = std::make_shared<const ForkliftMove>(std::move(move));
    record(what, [m](PassDocuments& d) { return d.for_move(*m); }, load_at, settled);
  }
}

ReadPipeline::Stats ReadPipeline::stats() const {
  return Stats{reads_n_.load(), documents_n_.load(), held_n_.load(), failed_n_.load(), dropped_n_.load()};
}

}  // namespace jxc::rfid
