#include "drivers/rfid/pcap_writer.h"

#include <fstream>

namespace jxc::llrp::testing {

namespace {

void le32(std::vector<std::uint8_t>& b, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) b.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
void le16(std::vector<std::uint8_t>& b, std::uint16_t v) {
  b.push_back(static_cast<std::uint8_t>(v));
  b.push_back(static_cast<std::uint8_t>(v >> 8));
}
void be16(std::vector<std::uint8_t>& b, std::uint16_t v) {
  b.push_back(static_cast<std::uint8_t>(v >> 8));
  b.push_back(static_cast<std::uint8_t>(v));
}
void be32(std::vector<std::uint8_t>& b, std::uint32_t v) {
  be16(b, static_cast<std::uint16_t>(v >> 16));
  be16(b, static_cast<std::uint16_t>(v));
}

std::uint16_t checksum(const std::uint8_t* p, std::size_t n, std::uint32_t sum = 0) {
  for (std::size_t i = 0; i + 1 < n; i += 2) sum += std::uint32_t{p[i]} << 8 | p[i + 1];
  if (n & 1) sum += std::uint32_t{p[n - 1]} << 8;
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum);
}

class Writer {
 public:
  explicit Writer(std::uint16_t server_port) : server_port_(server_port) {
    le32(file_, 0xa1b2c3d4);
    le16(file_, 2);
    le16(file_, 4);
    le32(file_, 0);
    le32(file_, 0);
    le32(file_, 262144);
    le32(file_, 1);  // Ethernet
  }

  void packet(bool from_client, std::uint8_t flags, const std::uint8_t* data, std::size_t n) {
    std::uint32_t& seq = from_client ? cseq_ : sseq_;
    const std::uint32_t ack = from_client ? sseq_ : cseq_;
    std::vector<std::uint8_t> tcp;
    be16(tcp, from_client ? kClientPort : server_port_);
    be16(tcp, from_client ? server_port_ : kClientPort);
    be32(tcp, seq);
    be32(tcp, (flags & 0x10) ? ack : 0);
    tcp.push_back(5 << 4);
    tcp.push_back(flags);
    be16(tcp, 65535);
    be16(tcp, 0);  // checksum
    be16(tcp, 0);
    tcp.insert(tcp.end(), data, data + n);
    // Pseudo-header: source, destination (127.0.0.1 both), protocol, TCP length.
    std::uint32_t sum = 0x7f00 + 0x0001 + 0x7f00 + 0x0001 + 6 + static_cast<std::uint32_t>(tcp.size());
    const std::uint16_t tsum = checksum(tcp.data(), tcp.size(), sum);
    tcp[16] = static_cast<std::uint8_t>(tsum >> 8);
    tcp[17] = static_cast<std::uint8_t>(tsum);
    seq += static_cast<std::uint32_t>(n) + ((flags & 0x03) ? 1 : 0);  // SYN and FIN take a number

    std::vector<std::uint8_t> ip;
    ip.push_back(0x45);
    ip.push_back(0);
    be16(ip, static_cast<std::uint16_t>(20 + tcp.size()));
    be16(ip, ip_id_++);
    be16(ip, 0x4000);  // don't fragment
    ip.push_back(64);
    ip.push_back(6);
    be16(ip, 0);
    be32(ip, 0x7f000001);
    be32(ip, 0x7f000001);
    const std::uint16_t isum = checksum(ip.data(), ip.size());
    ip[10] = static_cast<std::uint8_t>(isum >> 8);
    ip[11] = static_cast<std::uint8_t>(isum);

    std::vector<std::uint8_t> frame(12, 0);  // MAC addresses (loopback: zero)
    be16(frame, 0x0800);
    frame.insert(frame.end(), ip.begin(), ip.end());
    frame.insert(frame.end(), tcp.begin(), tcp.end());
    ++usec_;
    le32(file_, 1700000000);
    le32(file_, usec_);
    le32(file_, static_cast<std::uint32_t>(frame.size()));
    le32(file_, static_cast<std::uint32_t>(frame.size()));
    file_.insert(file_.end(), frame.begin(), frame.end());
  }

  std::vector<std::uint8_t> file_;

 private:
  static constexpr std::uint16_t kClientPort = 40000;
  std::uint16_t server_port_;
  std::uint32_t cseq_ = 1000, sseq_ = 5000, usec_ = 0;
  std::uint16_t ip_id_ = 1;
};

}  // namespace

bool write_pcap(const std::string& path, const std::vector<Chunk>& chunks, std::uint16_t server_port) {
  constexpr std::uint8_t SYN = 0x02, FIN = 0x01, ACK = 0x10, PSH = 0x08;
  constexpr std::size_t kSegment = 16000;
  Writer w(server_port);
  w.packet(true, SYN, nullptr, 0);
  w.packet(false, SYN | ACK, nullptr, 0);
  w.packet(true, ACK, nullptr, 0);
  for (const Chunk& c : chunks)
    for (std::size_t at = 0; at < c.bytes.size(); at += kSegment)
      w.packet(c.from_client, PSH | ACK, c.bytes.data() + at, std::min(kSegment, c.bytes.size() - at));
  w.packet(true, FIN | ACK, nullptr, 0);
  w.packet(false, FIN | ACK, nullptr, 0);
  w.packet(true, ACK, nullptr, 0);
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(w.file_.data()), static_cast<std::streamsize>(w.file_.size()));
  return static_cast<bool>(out);
}

}  // namespace jxc::llrp::testing
