#include "drivers/scale/read_plan.h"

#include <algorithm>

namespace jxc::scale {

std::vector<ReadRequest> plan_reads(const std::vector<PolledSlot>& slots,
                                    const std::vector<std::size_t>& of_slave) {
  std::vector<std::size_t> order = of_slave;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (slots[a].map.kind != slots[b].map.kind) return slots[a].map.kind < slots[b].map.kind;
    return slots[a].first_address() < slots[b].first_address();
  });
  std::vector<ReadRequest> out;
  for (std::size_t i : order) {
    const PolledSlot& s = slots[i];
    int first = s.first_address(), end = first + s.map.span();
    if (!out.empty()) {
      ReadRequest& r = out.back();
      int new_end = std::max(r.address + r.count, end);
      if (r.kind == s.map.kind && new_end - r.address <= kMaxRegistersPerRequest) {
        r.count = new_end - r.address;
        r.parts.push_back({i, first - r.address});
        continue;
      }
    }
    out.push_back(ReadRequest{s.map.kind, first, end - first, {{i, 0}}});
  }
  return out;
}

}  // namespace jxc::scale
