#pragma once
// Test and benchmark support: GS1 96-bit EPCs built from their fields
// (partition 5: a 7-digit company prefix), and reads of them.

#include <cstdint>
#include <string>
#include <vector>

#include "edge/rfid/reads.h"

namespace jxc::rfid::testing {

/// Writes fields big-endian into 96 bits.
class Bits96 {
 public:
  void put(std::uint64_t v, int bits) {
    for (int i = bits - 1; i >= 0; --i, ++pos_)
      if ((v >> i) & 1) bytes_[pos_ / 8] |= static_cast<std::uint8_t>(0x80 >> (pos_ % 8));
  }
  std::vector<std::uint8_t> bytes() const { return bytes_; }

 private:
  std::vector<std::uint8_t> bytes_ = std::vector<std::uint8_t>(12, 0);
  int pos_ = 0;
};

/// SGTIN-96: item_ref has the indicator digit first (6 digits).
inline std::vector<std::uint8_t> sgtin96(std::uint64_t company_prefix, std::uint64_t item_ref,
                                         std::uint64_t serial) {
  Bits96 b;
  b.put(0x30, 8), b.put(1, 3), b.put(5, 3), b.put(company_prefix, 24), b.put(item_ref, 20), b.put(serial, 38);
  return b.bytes();
}

/// SSCC-96: serial_ref has the extension digit first (10 digits).
inline std::vector<std::uint8_t> sscc96(std::uint64_t company_prefix, std::uint64_t serial_ref) {
  Bits96 b;
  b.put(0x31, 8), b.put(2, 3), b.put(5, 3), b.put(company_prefix, 24), b.put(serial_ref, 34), b.put(0, 24);
  return b.bytes();
}

/// SGLN-96: location_ref has 5 digits.
inline std::vector<std::uint8_t> sgln96(std::uint64_t company_prefix, std::uint64_t location_ref,
                                        std::uint64_t extension = 0) {
  Bits96 b;
  b.put(0x32, 8), b.put(0, 3), b.put(5, 3), b.put(company_prefix, 24), b.put(location_ref, 17),
      b.put(extension, 41);
  return b.bytes();
}

inline TagRead read_of(const std::vector<std::uint8_t>& epc, const std::string& reader, std::uint16_t antenna,
                       std::int8_t rssi, TimeMs at) {
  TagRead r;
  r.reader_id = reader;
  r.antenna = antenna;
  r.epc = epc;
  r.peak_rssi_dbm = rssi;
  r.received_at = at;
  r.first_seen = r.last_seen = at;
  return r;
}

}  // namespace jxc::rfid::testing
