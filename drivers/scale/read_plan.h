#pragma once
// Which requests read a slave's slots: registers of the same kind that lie
// within one request's reach (125 registers) are read together, gaps
// included, so that a shelf of several channels costs one round trip. Pure.

#include <cstdint>
#include <string>
#include <vector>

#include "drivers/scale/register_map.h"

namespace jxc::scale {

/// One slot as the poller sees it.
struct PolledSlot {
  std::string id;
  int slave = 1;
  int channel_base = 0;  // address of the channel's offset 0
  RegisterMap map;
  int first_address() const { return channel_base + map.first_offset(); }
};

struct ReadRequest {
  RegisterKind kind = RegisterKind::holding;
  int address = 0;
  int count = 0;
  struct Part {
    std::size_t slot;  // index into the slots given to plan_reads
    int offset;        // of the slot's first register within this request
  };
  std::vector<Part> parts;
};

inline constexpr int kMaxRegistersPerRequest = 125;

/// Requests for `slots` (all of one slave), in address order.
std::vector<ReadRequest> plan_reads(const std::vector<PolledSlot>& slots,
                                    const std::vector<std::size_t>& of_slave);

}  // namespace jxc::scale
