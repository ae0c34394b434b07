#include "edge/scan/results.h"

namespace jxc::scan {

void ScanResultLog::add(ScanResult r) {
  std::lock_guard lock(mu_);
  auto& q = by_scanner_[r.scanner];
  q.push_back(std::move(r));
  while (q.size() > keep_) q.pop_front();
}

std::vector<ScanResult> ScanResultLog::recent(const std::string& scanner, std::size_t max) const {
  std::lock_guard lock(mu_);
  std::vector<ScanResult> out;
  auto it = by_scanner_.find(scanner);
  if (it == by_scanner_.end()) return out;
  for (auto r = it->second.rbegin(); r != it->second.rend() && out.size() < max; ++r)
    out.push_back(*r);
  return out;
}

std::vector<std::string> ScanResultLog::scanners() const {
  std::lock_guard lock(mu_);
  std::vector<std::string> out;
  for (const auto& [id, q] : by_scanner_) out.push_back(id);
  return out;
}

}  // namespace jxc::scan
