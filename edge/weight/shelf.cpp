#include "edge/weight/shelf.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "edge/weight/weight_store.h"

namespace jxc::weight {

using inventory::Tx;

Shelf::Shelf(inventory::Engine& engine, const Clock& clock, std::vector<SlotSpec> slots, ShelfOptions opts)
    : engine_(engine), clock_(clock), opts_(opts) {
  for (auto& spec : slots) {
    by_id_[spec.id] = slots_.size();
    CountRules rules = spec.rules;
    Slot slot{std::move(spec), SlotCounter(rules), -1e300, std::nullopt};
    slots_.push_back(std::move(slot));
  }
  regroup();
}

// Groups the slots by item and bin. A group whose item, bin and slots are
// unchanged keeps its state (a change waiting for the ledger, a check in
// flight, the epoch it was formed in); the others start afresh.
void Shelf::regroup() {
  std::vector<Group> old = std::move(groups_);
  groups_.clear();
  group_of_.assign(slots_.size(), 0);
  std::map<std::pair<std::string, std::string>, std::size_t> group_by;
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    const SlotSpec& spec = slots_[i].spec;
    auto [it, added] = group_by.emplace(std::make_pair(spec.item, spec.bin), groups_.size());
    if (added) {
      Group g;
      g.sku = spec.item;
      g.bin = spec.bin;
      g.since_epoch = epoch_;
      groups_.push_back(std::move(g));
    }
    groups_[it->second].slots.push_back(i);
    group_of_[i] = it->second;
  }
  for (Group& g : groups_) {
    for (Group& o : old) {
      if (o.sku != g.sku || o.bin != g.bin || o.slots != g.slots) continue;
      g = std::move(o);
      break;
    }
  }
}

Status Shelf::reconfigure(const std::vector<SlotSpec>& specs) {
  std::vector<Job> jobs;
  {
    std::lock_guard lock(mu_);
    bool same_slots = specs.size() == slots_.size();
    for (std::size_t i = 0; same_slots && i < specs.size(); ++i) same_slots = specs[i].id == slots_[i].spec.id;
    if (!same_slots) return error(Errc::invalid_argument, "slots added, removed or reordered need a restart");
    bool moved_any = false;
    std::vector<std::size_t> changed;
    for (std::size_t i = 0; i < specs.size(); ++i) {
      Slot& s = slots_[i];
      const SlotSpec& n = specs[i];
      const bool moved = n.item != s.spec.item || n.bin != s.spec.bin;
      if (!moved && n.rules == s.spec.rules) continue;
      changed.push_back(i);
      if (moved) {
        // Another item or bin: the count so far does not apply; a calibration
        // does while the item stays (the store drops it with the item).
        const bool new_item = n.item != s.spec.item;
        s.spec = n;
        if (new_item) s.calibrated_unit_g.reset();
        CountRules r = n.rules;
        if (s.calibrated_unit_g && !r.weighed) r.unit_g = *s.calibrated_unit_g;
        s.counter = SlotCounter(r);
        s.saved_grams = -1e300;
        moved_any = true;
      } else {
        s.spec = n;
        CountRules r = n.rules;
        if (s.calibrated_unit_g && !r.weighed) r.unit_g = *s.calibrated_unit_g;
        s.counter.set_rules(r);
      }
    }
    if (moved_any) {
      ++epoch_;
      regroup();
    }
    // Written after every save submitted before, so the row ends up as now.
    for (std::size_t i : changed) save(i, jobs);
  }
  for (auto& j : jobs) j();
  return Status::ok();
}

std::int64_t Shelf::steady_ms() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(clock_.steady_now().time_since_epoch())
      .count();
}

Status Shelf::load() {
  std::vector<SlotRecord> records;
  {
    std::lock_guard lock(mu_);
    for (const auto& s : slots_) {
      SlotRecord r;
      r.slot = s.spec.id;
      r.sku = s.spec.item;
      r.bin = s.spec.bin;
      r.tare_g = s.spec.rules.tare_g;
      r.forget_grams = true;
      records.push_back(r);
    }
  }
  // Every slot starts waiting for a stable reading: a count from before the
  // restart is not live. Slots no longer configured stop counting.
  auto cal = engine_.run<std::vector<std::pair<std::string, double>>>(
      [records](Tx& tx) -> Result<std::vector<std::pair<std::string, double>>> {
        std::vector<std::string> ids;
        for (const auto& r : records) {
          JXC_TRY(save_slot(tx, r));
          ids.push_back(r.slot);
        }
        JXC_TRY(retire_slots(tx, ids));
        return calibrations(tx);
      });
  if (!cal) return cal.status();
  std::lock_guard lock(mu_);
  for (const auto& [id, unit] : *cal) {
    auto it = by_id_.find(id);
    if (it == by_id_.end()) continue;
    Slot& s = slots_[it->second];
    s.calibrated_unit_g = unit;
    CountRules r = s.counter.rules();
    if (r.weighed) continue;  // weighed goods are counted in grams, not calibrated units
    r.unit_g = unit;
    s.counter.set_rules(r);
  }
  next_reload_ms_ = steady_ms() + opts_.reload_ms;
  return Status::ok();
}

void Shelf::on_reading(const std::string& slot, const Sample& s) {
  std::vector<Job> jobs;
  {
    std::lock_guard lock(mu_);
    auto it = by_id_.find(slot);
    if (it == by_id_.end()) return;
    Slot& sl = slots_[it->second];
    if (sl.counter.add(s)) {
      slot_changed(it->second, jobs);
    } else if (sl.counter.has_stable_grams() &&
               std::fabs(sl.counter.stable_grams() - sl.saved_grams) > std::max(sl.spec.rules.band_g, 1.0)) {
      save(it->second, jobs);  // keeps the stored weight fresh for calibration
    }
  }
  for (auto& j : jobs) j();
}

void Shelf::on_offline(const std::string& slot) {
  std::vector<Job> jobs;
  {
    std::lock_guard lock(mu_);
    auto it = by_id_.find(slot);
    if (it == by_id_.end()) return;
    if (slots_[it->second].counter.set_offline()) save(it->second, jobs);
  }
  for (auto& j : jobs) j();
}

void Shelf::save(std::size_t i, std::vector<Job>& jobs) {
  Slot& s = slots_[i];
  SlotRecord r;
  r.slot = s.spec.id;
  r.sku = s.spec.item;
  r.bin = s.spec.bin;
  r.tare_g = s.counter.rules().tare_g;
  if (s.counter.has_stable_grams()) {
    r.grams = s.counter.stable_grams();
    s.saved_grams = *r.grams;
  }
  if (s.counter.status() == SlotStatus::counted || s.counter.status() == SlotStatus::unstable)
    r.count = s.counter.count();
  r.status = std::string(to_string(s.counter.status()));
  auto self = shared_from_this();
  jobs.push_back([self, r] {
    self->engine_.submit_async<bool>([r](Tx& tx) -> Result<bool> {
      JXC_TRY(save_slot(tx, r));
      return true;
    }, [self](Result<bool> res) {
      if (res) return;
      std::lock_guard lock(self->mu_);
      ++self->totals_.store_errors;
    });
  });
}

void Shelf::slot_changed(std::size_t i, std::vector<Job>& jobs) {
  save(i, jobs);
  Group& g = groups_[group_of_[i]];
  std::int64_t sum = 0;
  for (std::size_t k : g.slots) {
    const SlotCounter& c = slots_[k].counter;
    if (c.status() != SlotStatus::counted) return;  // wait until every slot of the bin is counted
    sum += *c.count();
  }
  if (sum == g.weighed) return;
  if (!g.pending) {  // a change on top of a pending one keeps the first "before"
    g.before = g.weighed;
    g.previous_change_at = g.changed_at;
  }
  g.weighed = sum;
  g.pending = true;
  ++g.generation;
  g.changed_at = clock_.now_ms();
  std::int64_t now = steady_ms();
  g.deadline_ms = now + opts_.match_window_ms;
  g.next_check_ms = now;
  if (!g.in_flight) check(group_of_[i], false, jobs);
}

void Shelf::check(std::size_t gi, bool final, std::vector<Job>& jobs) {
  Group& g = groups_[gi];
  g.in_flight = true;
  g.next_check_ms = steady_ms() + opts_.recheck_ms;
  ReconcileRequest req;
  req.slot = slots_[g.slots.front()].spec.id;
  req.device = slots_[g.slots.front()].spec.device;
  req.sku = g.sku;
  req.bin = g.bin;
  req.before = g.before;
  req.weighed = g.weighed;
  req.changed_at = g.changed_at;
  req.previous_change_at = g.previous_change_at;
  for (std::size_t k : g.slots) {
    const CountRules& rules = slots_[k].counter.rules();
    if (rules.weighed && rules.unit_g > 0) req.tolerance += static_cast<std::int64_t>(std::ceil(rules.band_g / rules.unit_g));
  }
  req.window_ms = opts_.match_window_ms;
  req.final = final;
  req.key = "weight-confirm/" + req.slot + "/" + std::to_string(g.changed_at) + "/" + std::to_string(g.before) +
            "/" + std::to_string(g.weighed);
  std::uint64_t generation = g.generation, epoch = epoch_;
  auto self = shared_from_this();
  jobs.push_back([self, req, gi, generation, epoch] {
    self->engine_.submit_async<Reconciliation>(
        [req](Tx& tx) { return reconcile(tx, req); },
        [self, gi, generation, epoch, sku = req.sku, bin = req.bin](Result<Reconciliation> res) {
          std::lock_guard lock(self->mu_);
          if (!res) {
            ++self->totals_.store_errors;
          } else if (res->outcome == Reconciliation::confirmed) {
            ++self->totals_.confirmed;
          } else if (res->outcome == Reconciliation::discrepancy) {
            ++self->totals_.discrepancies;
          }
          // Regrouped meanwhile: gi may be another group now. The answer is
          // still the group's if it was carried over unchanged.
          Group* found = nullptr;
          if (epoch == self->epoch_) {
            found = &self->groups_[gi];
          } else {
            for (Group& c : self->groups_)
              if (c.sku == sku && c.bin == bin && c.since_epoch <= epoch) found = &c;
          }
          if (!found) return;
          Group& g = *found;
          g.in_flight = false;
          if (!res) {
            // Tried again after a back-off; the key keeps a lost answer from confirming twice.
            g.store_failures = std::min(g.store_failures + 1, 5);
            g.retry_at_ms = self->steady_ms() + std::min<std::int64_t>(
                                                    self->opts_.recheck_ms << g.store_failures, 30000);
            return;
          }
          g.store_failures = 0;
          g.retry_at_ms = 0;
          if (res->outcome == Reconciliation::pending) return;
          // A newer change arrived meanwhile: it is checked on its own.
          if (generation == g.generation) g.pending = false;
        });
  });
}

void Shelf::reload(std::vector<Job>& jobs) {
  reload_in_flight_ = true;
  auto self = shared_from_this();
  std::uint64_t epoch = epoch_;
  jobs.push_back([self, epoch] {
    self->engine_.submit_async<std::vector<std::pair<std::string, double>>>(
        [](Tx& tx) { return calibrations(tx); },
        [self, epoch](Result<std::vector<std::pair<std::string, double>>> res) {
          std::lock_guard lock(self->mu_);
          self->reload_in_flight_ = false;
          // Read before a reconfiguration: may name a calibration it dropped.
          if (!res || epoch != self->epoch_) return;
          for (const auto& [id, unit] : *res) {
            auto it = self->by_id_.find(id);
            if (it == self->by_id_.end()) continue;
            self->slots_[it->second].calibrated_unit_g = unit;
            SlotCounter& c = self->slots_[it->second].counter;
            if (c.rules().weighed || c.rules().unit_g == unit) continue;
            CountRules r = c.rules();
            r.unit_g = unit;
            c.set_rules(r);
          }
        });
  });
}

void Shelf::tick() {
  std::vector<Job> jobs;
  {
    std::lock_guard lock(mu_);
    std::int64_t now = steady_ms();
    for (std::size_t gi = 0; gi < groups_.size(); ++gi) {
      Group& g = groups_[gi];
      if (!g.pending || g.in_flight || now < g.retry_at_ms) continue;
      if (now >= g.deadline_ms) check(gi, true, jobs);
      else if (now >= g.next_check_ms) check(gi, false, jobs);
    }
    if (!reload_in_flight_ && now >= next_reload_ms_) {
      next_reload_ms_ = now + opts_.reload_ms;
      reload(jobs);
    }
  }
  for (auto& j : jobs) j();
}

SlotView Shelf::view(const Slot& s) const {
  SlotView v;
  v.id = s.spec.id;
  v.item = s.spec.item;
  v.bin = s.spec.bin;
  v.status = s.counter.status();
  if (v.status == SlotStatus::counted || v.status == SlotStatus::unstable) v.count = s.counter.count();
  v.grams = s.counter.stable_grams();
  v.unit_g = s.counter.rules().unit_g;
  return v;
}

std::vector<SlotView> Shelf::slots() const {
  std::lock_guard lock(mu_);
  std::vector<SlotView> out;
  for (const auto& s : slots_) out.push_back(view(s));
  return out;
}

std::optional<SlotView> Shelf::slot(const std::string& id) const {
  std::lock_guard lock(mu_);
  auto it = by_id_.find(id);
  if (it == by_id_.end()) return std::nullopt;
  return view(slots_[it->second]);
}

std::size_t Shelf::pending() const {
  std::lock_guard lock(mu_);
  std::size_t n = 0;
  for (const auto& g : groups_) n += g.pending ? 1 : 0;
  return n;
}

Shelf::Totals Shelf::totals() const {
  std::lock_guard lock(mu_);
  return totals_;
}

}  // namespace jxc::weight
