#include "edge/weight/shelf.h"

#include <chrono>
#include <cmath>

#include "edge/weight/weight_store.h"

namespace jxc::weight {

using inventory::Tx;

Shelf::Shelf(inventory::Engine& engine, const Clock& clock, std::vector<SlotSpec> slots, ShelfOptions opts)
    : engine_(engine), clock_(clock), opts_(opts) {
  std::map<std::pair<std::string, std::string>, std::size_t> group_by;
  for (auto& spec : slots) {
    std::size_t i = slots_.size();
    by_id_[spec.id] = i;
    auto key = std::make_pair(spec.item, spec.bin);
    auto [it, added] = group_by.emplace(key, groups_.size());
    if (added) {
      Group g;
      g.sku = spec.item;
      g.bin = spec.bin;
      groups_.push_back(std::move(g));
    }
    groups_[it->second].slots.push_back(i);
    group_of_.push_back(it->second);
    CountRules rules = spec.rules;
    Slot slot{std::move(spec), SlotCounter(rules)};
    slots_.push_back(std::move(slot));
  }
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
    CountRules r = slots_[it->second].counter.rules();
    r.unit_g = unit;
    slots_[it->second].counter.set_rules(r);
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
  if (s.counter.status() == SlotStatus::counted) r.count = s.counter.count();
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
  if (!g.pending) g.before = g.weighed;  // a change on top of a pending one keeps the first "before"
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
  req.sku = g.sku;
  req.bin = g.bin;
  req.before = g.before;
  req.weighed = g.weighed;
  req.changed_at = g.changed_at;
  req.window_ms = opts_.match_window_ms;
  req.final = final;
  std::uint64_t generation = g.generation;
  auto self = shared_from_this();
  jobs.push_back([self, req, gi, generation] {
    self->engine_.submit_async<Reconciliation>(
        [req](Tx& tx) { return reconcile(tx, req); },
        [self, gi, generation](Result<Reconciliation> res) {
          std::lock_guard lock(self->mu_);
          Group& g = self->groups_[gi];
          g.in_flight = false;
          if (!res) {
            ++self->totals_.store_errors;
            return;
          }
          if (res->outcome == Reconciliation::pending) return;
          if (res->outcome == Reconciliation::confirmed) ++self->totals_.confirmed;
          else ++self->totals_.discrepancies;
          // A newer change arrived meanwhile: it is checked on its own.
          if (generation == g.generation) g.pending = false;
        });
  });
}

void Shelf::reload(std::vector<Job>& jobs) {
  reload_in_flight_ = true;
  auto self = shared_from_this();
  jobs.push_back([self] {
    self->engine_.submit_async<std::vector<std::pair<std::string, double>>>(
        [](Tx& tx) { return calibrations(tx); },
        [self](Result<std::vector<std::pair<std::string, double>>> res) {
          std::lock_guard lock(self->mu_);
          self->reload_in_flight_ = false;
          if (!res) return;
          for (const auto& [id, unit] : *res) {
            auto it = self->by_id_.find(id);
            if (it == self->by_id_.end()) continue;
            SlotCounter& c = self->slots_[it->second].counter;
            if (c.rules().unit_g == unit) continue;
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
      if (!g.pending || g.in_flight) continue;
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
  if (v.status == SlotStatus::counted) v.count = s.counter.count();
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
