#pragma once
// Which requests read a slave's slots: registers of the same kind that lie
// within one request's reach (125 registers) are read together, gaps
// included, so that a shelf of several channels costs one round trip. A
// layout with a block of weights and a block of status words is read block
// by block: the registers between two blocks (often reserved, answered with
// exception 02) are never read. Pure.

#include <cstdint>
#include <string>
#include <vector>

#include "drivers/scale/register_map.h"

namespace jxc::scale {

/// What of a slot a request reads: the whole channel (weight and status in
/// one block), or, for separate blocks, its weight or its status register.
enum class SlotPart { whole, weight, status };

/// One slot as the poller sees it.
struct PolledSlot {
  std::string id;
  int slave = 1;
  int channel_base = 0;  // address of the channel's offset 0 (of its weight block, for separate blocks)
  int status_base = 0;   // separate blocks: address of the channel's offset 0 in the status block
  RegisterMap map;
  int first_address() const { return channel_base + map.first_offset(); }
  struct Range {
    SlotPart part;
    int address, count;
  };
  /// The registers to read: one range, or for separate blocks the weight's and the status's.
  std::vector<Range> ranges() const;
};

struct ReadRequest {
  RegisterKind kind = RegisterKind::holding;
  int address = 0;
  int count = 0;
  struct Part {
    std::size_t slot;  // index into the slots given to plan_reads
    int offset;        // of the part's first register within this request
    SlotPart part = SlotPart::whole;
  };
  std::vector<Part> parts;
};

inline constexpr int kMaxRegistersPerRequest = 125;

/// Requests for `slots` (all of one slave), in address order.
std::vector<ReadRequest> plan_reads(const std::vector<PolledSlot>& slots,
                                    const std::vector<std::size_t>& of_slave);

}  // namespace jxc::scale
