#include "hw-sim/central/ledger.h"

namespace jxc::hwsim {

CentralLedger::Outcome CentralLedger::add(const std::string& site, const std::string& gateway,
                                          const std::string& epoch, std::int64_t seq,
                                          const std::string& type, const std::string& event_id) {
  Stream& s = streams_[site + "/" + gateway + "/" + epoch];
  if (s.gateway.empty()) {
    s.site = site;
    s.gateway = gateway;
    s.epoch = epoch;
  }
  if (seq <= s.contiguous || s.ahead.count(seq)) {
    ++s.duplicates;
    ++duplicates_;
    return Outcome::duplicate;
  }
  if (!event_ids_.insert(event_id).second) ++reused_ids_;
  ++s.unique;
  ++unique_;
  ++by_type_[type];
  s.ahead.insert(seq);
  while (!s.ahead.empty() && *s.ahead.begin() == s.contiguous + 1) {
    s.ahead.erase(s.ahead.begin());
    ++s.contiguous;
  }
  if (s.ahead.empty() && s.gap_open) {
    s.gap_open = false;
    ++gaps_repaired_;
  }
  return Outcome::stored;
}

bool CentralLedger::gapless() const {
  for (const auto& [k, s] : streams_)
    if (!s.ahead.empty()) return false;
  return true;
}

}  // namespace jxc::hwsim
