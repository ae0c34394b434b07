#pragma once
// Sustained traffic for load tests: loads of fresh tags passing a reader's
// doors one after another, read at a fixed rate for as long as asked. Unlike
// scenario steps it is generated as it is sent, so an hour of it costs no
// memory.
//
// The sequence: pass k goes through door k % doors with `tags_per_pass` tags
// never read before (numbered upwards from `epc_base` in the last 4 bytes);
// each tag is read `reads_per_tag` times, the first half on the door's
// outside antenna, the rest on its inside one (an inbound pass). The passes
// follow each other back to back, so every door is quiet while the others'
// passes are read: with D doors a door's pass closes after (D-1) passes' worth
// of reads of silence at least.

#include <cstdint>
#include <utility>
#include <vector>

namespace jxc::hwsim::rfid {

struct SimRead;

struct Traffic {
  double rate = 0;  // reads per second; 0: no traffic
  std::vector<std::pair<std::uint16_t, std::uint16_t>> doors;  // (outside, inside) antennas
  std::vector<std::uint8_t> epc_base;
  std::uint32_t tags_per_pass = 50;
  std::uint32_t reads_per_tag = 10;
  std::int8_t rssi = -50;
  std::int64_t tick_ms = 5;       // how often reads due are sent
  std::int64_t duration_ms = 0;   // 0: until the simulator stops
};

/// The read sequence of a Traffic, one read after the other.
class TrafficGen {
 public:
  explicit TrafficGen(const Traffic& t) : t_(t) {}
  /// Appends the next `n` reads.
  void next(std::uint64_t n, std::vector<SimRead>& out);
  std::uint64_t passes_started() const { return pass_ + (pos_ > 0 ? 1 : 0); }

 private:
  const Traffic& t_;
  std::uint64_t pass_ = 0;  // passes completed
  std::uint64_t pos_ = 0;   // reads of the current pass sent
};

}  // namespace jxc::hwsim::rfid
