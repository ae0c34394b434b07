#include "edge/rfid/cross_reads.h"

#include <algorithm>
#include <unordered_map>

namespace jxc::rfid {

bool clearly_stronger(const PassTag& a, const PassTag& b, const CrossReadOptions& o) {
  bool louder = a.rssi - b.rssi >= o.margin_db && a.reads >= b.reads;
  bool busier = static_cast<double>(a.reads) >= o.ratio * static_cast<double>(b.reads) && a.rssi >= b.rssi;
  return louder || busier;
}

namespace {
bool overlap(const Pass& a, const Pass& b) {
  return a.opened_at <= b.closed_at && b.opened_at <= a.closed_at;
}
}  // namespace

int resolve_cross_reads(std::vector<Pass>& passes, const CrossReadOptions& o) {
  // tag key -> (pass index, tag index) of every pass counting it
  std::unordered_map<std::string, std::vector<std::pair<std::size_t, std::size_t>>> where;
  for (std::size_t p = 0; p < passes.size(); ++p)
    for (std::size_t t = 0; t < passes[p].tags.size(); ++t) where[passes[p].tags[t].key].emplace_back(p, t);

  // Marks rather than erases while deciding, so indexes stay valid.
  std::vector<std::vector<bool>> drop(passes.size());
  for (std::size_t p = 0; p < passes.size(); ++p) drop[p].assign(passes[p].tags.size(), false);
  int contested = 0;
  for (auto& [key, seen] : where) {
    if (seen.size() < 2) continue;
    // Only passes that overlap one another compete; the same tag going
    // through two doors at different times is two passes.
    std::vector<std::pair<std::size_t, std::size_t>> rivals;
    for (const auto& s : seen) {
      bool overlaps_any = std::any_of(seen.begin(), seen.end(), [&](const auto& other) {
        return other.first != s.first && overlap(passes[s.first], passes[other.first]);
      });
      if (overlaps_any) rivals.push_back(s);
    }
    if (rivals.size() < 2) continue;
    ++contested;
    const PassTag* best = nullptr;
    std::size_t best_pass = 0;
    for (const auto& [p, t] : rivals) {
      const PassTag& tag = passes[p].tags[t];
      if (!best || tag.rssi > best->rssi || (tag.rssi == best->rssi && tag.reads > best->reads)) {
        best = &tag;
        best_pass = p;
      }
    }
    bool clear = std::all_of(rivals.begin(), rivals.end(), [&](const auto& r) {
      return r.first == best_pass || clearly_stronger(*best, passes[r.first].tags[r.second], o);
    });
    for (const auto& [p, t] : rivals) {
      if (clear && p == best_pass) continue;
      drop[p][t] = true;
      if (clear) continue;  // the winner has it; the others simply lose it
      PassTag flagged = passes[p].tags[t];
      for (const auto& [q, u] : rivals)
        if (q != p) flagged.also_read_at.push_back(passes[q].door);
      passes[p].ambiguous.push_back(std::move(flagged));
    }
  }
  for (std::size_t p = 0; p < passes.size(); ++p) {
    std::vector<PassTag> kept;
    kept.reserve(passes[p].tags.size());
    for (std::size_t t = 0; t < passes[p].tags.size(); ++t)
      if (!drop[p][t]) kept.push_back(std::move(passes[p].tags[t]));
    passes[p].tags = std::move(kept);
  }
  return contested;
}

}  // namespace jxc::rfid
