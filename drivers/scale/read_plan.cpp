#include "drivers/scale/read_plan.h"

#include <algorithm>

namespace jxc::scale {

std::vector<PolledSlot::Range> PolledSlot::ranges() const {
  if (!map.separate) return {{SlotPart::whole, first_address(), map.span()}};
  std::vector<Range> out = {{SlotPart::weight, channel_base + map.weight_offset, map.weight_registers()}};
  if (map.status_offset >= 0) out.push_back({SlotPart::status, status_base + map.status_offset, 1});
  return out;
}

std::vector<ReadRequest> plan_reads(const std::vector<PolledSlot>& slots,
                                    const std::vector<std::size_t>& of_slave) {
  struct Piece {
    std::size_t slot;
    PolledSlot::Range range;
  };
  std::vector<Piece> pieces;
  for (std::size_t i : of_slave)
    for (const auto& r : slots[i].ranges()) pieces.push_back({i, r});
  // Status words after weights: a block is never bridged to another.
  auto block = [](SlotPart p) { return p == SlotPart::status ? 1 : 0; };
  std::stable_sort(pieces.begin(), pieces.end(), [&](const Piece& a, const Piece& b) {
    if (slots[a.slot].map.kind != slots[b.slot].map.kind) return slots[a.slot].map.kind < slots[b.slot].map.kind;
    if (block(a.range.part) != block(b.range.part)) return block(a.range.part) < block(b.range.part);
    return a.range.address < b.range.address;
  });
  std::vector<ReadRequest> out;
  SlotPart last = SlotPart::whole;
  for (const Piece& p : pieces) {
    const RegisterKind kind = slots[p.slot].map.kind;
    int first = p.range.address, end = first + p.range.count;
    if (!out.empty()) {
      ReadRequest& r = out.back();
      int new_end = std::max(r.address + r.count, end);
      // Pieces of different blocks meet only where they touch.
      const bool same_block = (p.range.part == SlotPart::status) == (last == SlotPart::status);
      if (r.kind == kind && new_end - r.address <= kMaxRegistersPerRequest &&
          (same_block ? true : first <= r.address + r.count)) {
        r.count = new_end - r.address;
        r.parts.push_back({p.slot, first - r.address, p.range.part});
        last = p.range.part;
        continue;
      }
    }
    out.push_back(ReadRequest{kind, first, end - first, {{p.slot, 0, p.range.part}}});
    last = p.range.part;
  }
  return out;
}

}  // namespace jxc::scale
