#include "edge/alerts/rules/reconcile.h"

#include <algorithm>

namespace jxc::alerts {

Decisions reconcile(std::initializer_list<Kind> kinds, Conditions current, Conditions& open) {
  auto governed = [&](Kind k) { return std::find(kinds.begin(), kinds.end(), k) != kinds.end(); };
  Decisions out;
  for (auto it = open.begin(); it != open.end();) {
    if (governed(it->second.key.kind) && !current.count(it->first)) {
      out.clear.push_back(it->second.key);
      it = open.erase(it);
    } else {
      ++it;
    }
  }
  for (auto& [k, a] : current) {
    if (open.count(k)) continue;
    open.emplace(k, a);
    out.raise.push_back(std::move(a));
  }
  return out;
}

}  // namespace jxc::alerts
