#pragma once
// Test support: writes one TCP connection's traffic to a pcap file (Ethernet,
// IPv4, TCP with correct lengths, sequence numbers and checksums) so that
// Wireshark's own dissectors can check what was on the wire.

#include <cstdint>
#include <string>
#include <vector>

namespace jxc::llrp::testing {

struct Chunk {
  bool from_client = true;
  std::vector<std::uint8_t> bytes;
};

/// Handshake, the chunks in order (split into segments), and FINs.
/// `server_port` goes into the TCP headers (5084 lets tshark pick LLRP).
bool write_pcap(const std::string& path, const std::vector<Chunk>& chunks, std::uint16_t server_port = 5084);

}  // namespace jxc::llrp::testing
