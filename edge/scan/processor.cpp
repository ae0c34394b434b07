#include "edge/scan/processor.h"

#include <random>

#include <spdlog/spdlog.h>

#include "edge/inventory/device_records.h"
#include "edge/scan/scan_step.h"

namespace jxc::scan {

namespace {

/// Why a scan was rejected: the code the step that refused it gave
/// ("reject"), else what its error code says.
inventory::ScanReject scan_reject_of(const Status& st) {
  using inventory::ScanReject;
  if (const auto named = st.fact("reject"); !named.empty())
    for (ScanReject r : inventory::kScanRejects)
      if (inventory::to_string(r) == named) return r;
  switch (st.code()) {
    case Errc::unknown_item: return ScanReject::unknown_barcode;
    case Errc::unknown_location: return ScanReject::unknown_bin;
    case Errc::unknown_order:
    case Errc::unknown_document: return ScanReject::unknown_order;
    case Errc::tolerance_exceeded: return ScanReject::over_quantity;
    case Errc::invalid_state: return ScanReject::out_of_sequence;
    case Errc::storage:
    case Errc::unavailable: return ScanReject::store_unavailable;
    default: return ScanReject::refused;
  }
}

std::string random_run_id() {
  std::random_device rd;
  char buf[17];
  std::snprintf(buf, sizeof buf, "%08x%08x", rd(), rd());
  return buf;
}
}  // namespace

ScanProcessor::ScanProcessor(inventory::Engine& engine, std::string store_path, LabelPatterns labels,
                             const Clock& clock, std::size_t keep, devices::HealthSink* health,
                             devices::RetryOptions retry)
    : engine_(engine),
      store_path_(std::move(store_path)),
      labels_(std::move(labels)),
      clock_(clock),
      results_(keep),
      run_(random_run_id()),
      retries_(health, "scanners/store-retries", retry) {}

ScanProcessor::~ScanProcessor() = default;

Result<std::unique_ptr<ScanProcessor>> ScanProcessor::open(inventory::Engine& engine,
                                                           const std::string& store_path,
                                                           LabelPatterns labels, const Clock& clock,
                                                           std::size_t keep_results, devices::HealthSink* health,
                                                           devices::RetryOptions retry) {
  // Fails now, not at the first scan, when the store cannot be read.
  JXC_ASSIGN(auto probe, inventory::Queries::open(store_path));
  probe.reset();
  return std::unique_ptr<ScanProcessor>(
      new ScanProcessor(engine, store_path, std::move(labels), clock, keep_results, health, retry));
}

void ScanProcessor::add_scanner(const ScannerSetup& setup) {
  auto s = std::make_shared<Session>();
  s->setup = setup;
  s->mode = setup.mode;
  std::lock_guard lock(mu_);
  sessions_[setup.id] = std::move(s);  // a scan in flight keeps the old session alive
}

std::shared_ptr<ScanProcessor::Session> ScanProcessor::session(const std::string& scanner) {
  std::lock_guard lock(mu_);
  auto& slot = sessions_[scanner];
  if (!slot) {
    slot = std::make_shared<Session>();
    slot->setup.id = scanner;
  }
  return slot;
}

Mode ScanProcessor::mode(const std::string& scanner) const {
  std::shared_ptr<Session> s;
  {
    std::lock_guard lock(mu_);
    auto it = sessions_.find(scanner);
    if (it == sessions_.end()) return Mode::receive;
    s = it->second;
  }
  std::lock_guard lock(s->mu);
  return s->mode;
}

ScanResult ScanProcessor::handle(const std::string& scanner, const std::string& raw) {
  std::shared_ptr<Session> sp = session(scanner);
  Session& s = *sp;
  std::lock_guard lock(s.mu);
  ScanResult r;
  r.scanner = scanner;
  r.seq = ++s.seq;
  r.at = clock_.now_ms();
  r.raw = raw;
  r.kind = "unknown";
  Status st;
  if (!s.q) {
    auto q = inventory::Queries::open(store_path_);
    if (q) s.q = std::move(q).value();
    else st = q.status();
  }
  // Derived from the scan: the same for every try of its posting, and never
  // another scan's (the run tells apart processors that reuse a clock time).
  const std::string key = "scan/" + scanner + "/" + std::to_string(r.at) + "/" + std::to_string(r.seq) + "/" + run_;
  const WaitForStore wait_for_store = [this, sp, scanner](const std::string& what, ScanOp op, bool undoable) {
    return retries_.add("scanner " + scanner + ": " + what, [this, sp, scanner, what, op, undoable]() -> Status {
      auto d = op();
      if (!d && devices::RetryQueue::transient(d.status())) return d.status();
      std::lock_guard lock(sp->mu);
      --sp->waiting;
      if (d && undoable) sp->posted.push_back(d->number);
      ScanResult res;
      res.scanner = scanner;
      res.seq = ++sp->seq;
      res.at = clock_.now_ms();
      res.accepted = d.is_ok();
      res.mode = sp->mode;
      res.kind = "posting";
      res.message = d ? what + " (" + d->number + ")" : what + " not booked: " + d.status().reason();
      if (d) res.document = d->number;
      if (!d) spdlog::error("scanner {}: {}", scanner, res.message);
      record(std::move(res));
      return Status::ok();
    });
  };
  if (s.q) st = run_scan_step(engine_, *s.q, s, r, raw, key, wait_for_store, labels_);
  r.accepted = st.is_ok();
  if (!st.is_ok()) {
    r.message = st.reason();
    r.document.clear();
  }
  r.mode = s.mode;
  // Counted for the device report; the scan's answer does not wait for it.
  inventory::tally_scan_later(engine_, scanner, r.at, st.is_ok() ? "" : inventory::to_string(scan_reject_of(st)));
  record(r);
  return r;
}

void ScanProcessor::record(ScanResult r) {
  if (ScanResultLog* also = also_.load()) also->add(r);
  results_.add(std::move(r));
}

}  // namespace jxc::scan
