// libFuzzer target for the scales' register decoding and read planning. The
// input picks a register model within what the [scales] section accepts
// (offsets, bits, scale and decimals in their ranges) and registers to
// decode. A decoded reading is a finite weight that survives encoding and
// decoding again unchanged; the read plan covers every slot exactly once
// with requests no larger than Modbus allows.
#include <fuzzer/FuzzedDataProvider.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "drivers/scale/read_plan.h"
#include "drivers/scale/register_map.h"

using namespace jxc::scale;

namespace {

jxc::config::ScaleModel model(FuzzedDataProvider& in) {
  jxc::config::ScaleModel m;
  m.id = "fuzz";
  m.registers = in.ConsumeBool() ? "holding" : "input";
  m.weight_offset = in.ConsumeIntegralInRange<std::int64_t>(0, 65535);
  static const char* const types[] = {"int16", "uint16", "int32", "uint32", "float32"};
  m.type = types[in.ConsumeIntegralInRange<int>(0, 4)];
  m.byte_order = in.ConsumeBool() ? "big" : "little";
  m.word_order = in.ConsumeBool() ? "big" : "little";
  m.scale = in.ConsumeFloatingPointInRange<double>(1e-9, 1e9);
  m.decimals = in.ConsumeIntegralInRange<std::int64_t>(0, 9);
  m.status_offset = in.ConsumeIntegralInRange<std::int64_t>(-1, 65535);
  auto bit = [&] { return in.ConsumeIntegralInRange<std::int64_t>(-1, 15); };
  m.stable_bit = bit();
  m.stable_when_set = in.ConsumeBool();
  m.overload_bit = bit();
  m.underload_bit = bit();
  m.tare_done_bit = bit();
  m.channel_stride = in.ConsumeIntegralInRange<std::int64_t>(0, 1000);
  return m;
}

bool same(const Reading& a, const Reading& b) {
  return a.grams == b.grams && a.has_stable == b.has_stable && a.stable == b.stable &&
         a.overload == b.overload && a.underload == b.underload && a.tare_done == b.tare_done;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  std::vector<PolledSlot> slots;
  std::vector<std::size_t> of_slave;
  const int n = in.ConsumeIntegralInRange<int>(1, 6);
  for (int i = 0; i < n; ++i) {
    auto map = map_from_config(model(in));
    if (!map) {
      if (map.status().reason().empty()) std::abort();
      continue;
    }
    // The [scales] section refuses a model wider than one request.
    if (map->span() < 1 || map->span() > kMaxRegistersPerRequest) continue;
    std::vector<std::uint16_t> regs(static_cast<std::size_t>(map->span()));
    for (auto& r : regs) r = in.ConsumeIntegral<std::uint16_t>();
    if (auto r = decode(*map, regs)) {
      if (!std::isfinite(r->grams)) std::abort();
      std::vector<std::uint16_t> again(regs.size());
      encode(*map, *r, again);
      auto back = decode(*map, again);
      if (!back || !same(*r, *back)) std::abort();
    } else if (r.status().reason().empty()) {
      std::abort();
    }
    // A slot's registers lie within Modbus's 16-bit address space.
    const int last_base = 65536 - map->first_offset() - map->span();
    if (last_base < 0) continue;
    PolledSlot s;
    s.id = "s" + std::to_string(i);
    s.channel_base = in.ConsumeIntegralInRange<int>(0, last_base);
    s.map = *map;
    of_slave.push_back(slots.size());
    slots.push_back(s);
  }

  std::vector<int> covered(slots.size(), 0);
  for (const ReadRequest& r : plan_reads(slots, of_slave)) {
    if (r.count < 1 || r.count > kMaxRegistersPerRequest || r.address < 0 || r.parts.empty()) std::abort();
    for (const auto& p : r.parts) {
      const PolledSlot& s = slots.at(p.slot);
      if (s.map.kind != r.kind || p.offset < 0 || p.offset + s.map.span() > r.count ||
          r.address + p.offset != s.first_address())
        std::abort();
      ++covered[p.slot];
    }
  }
  for (int c : covered)
    if (c != 1) std::abort();
  return 0;
}
