#include "hw-sim/rfid/traffic.h"

#include "hw-sim/rfid/scenario.h"

namespace jxc::hwsim::rfid {

void TrafficGen::next(std::uint64_t n, std::vector<SimRead>& out) {
  const std::uint64_t per_pass = std::uint64_t{t_.tags_per_pass} * t_.reads_per_tag;
  for (std::uint64_t i = 0; i < n; ++i) {
    // Round r reads every tag of the pass once, in tag order.
    const std::uint64_t round = pos_ / t_.tags_per_pass, tag = pos_ % t_.tags_per_pass;
    const auto& door = t_.doors[pass_ % t_.doors.size()];
    SimRead r;
    r.epc = t_.epc_base;
    const std::size_t len = r.epc.size();
    std::uint32_t serial = (std::uint32_t{r.epc[len - 4]} << 24 | std::uint32_t{r.epc[len - 3]} << 16 |
                            std::uint32_t{r.epc[len - 2]} << 8 | r.epc[len - 1]) +
                           static_cast<std::uint32_t>(pass_ * t_.tags_per_pass + tag);
    for (int k = 0; k < 4; ++k) r.epc[len - 1 - k] = static_cast<std::uint8_t>(serial >> (8 * k));
    r.antenna = round < t_.reads_per_tag / 2 ? door.first : door.second;
    r.rssi = t_.rssi;
    out.push_back(std::move(r));
    if (++pos_ == per_pass) {
      pos_ = 0;
      ++pass_;
    }
  }
}

}  // namespace jxc::hwsim::rfid
