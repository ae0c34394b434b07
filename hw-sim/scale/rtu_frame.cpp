#include "hw-sim/scale/rtu_frame.h"

namespace jxc::hwsim::scale {

std::uint16_t crc16_modbus(const std::uint8_t* data, std::size_t n) {
  std::uint16_t crc = 0xFFFF;
  for (std::size_t i = 0; i < n; ++i) {
    crc ^= data[i];
    for (int b = 0; b < 8; ++b) crc = (crc & 1) ? static_cast<std::uint16_t>((crc >> 1) ^ 0xA001) : crc >> 1;
  }
  return crc;
}

Parsed parse_rtu_request(const std::vector<std::uint8_t>& buf) {
  if (buf.size() < 2) return {};
  int fc = buf[1];
  if (fc != 3 && fc != 4) return {std::nullopt, buf.size()};  // unknown length: drop what we have
  if (buf.size() < 8) return {};
  std::uint16_t crc = crc16_modbus(buf.data(), 6);
  if ((crc & 0xFF) != buf[6] || (crc >> 8) != buf[7]) return {std::nullopt, 1};
  RtuRequest r;
  r.slave = buf[0];
  r.function = fc;
  r.address = buf[2] << 8 | buf[3];
  r.count = buf[4] << 8 | buf[5];
  return {r, 8};
}

std::vector<std::uint8_t> rtu_response(const RtuRequest& r, const std::vector<std::uint16_t>& regs,
                                       int exception) {
  std::vector<std::uint8_t> out;
  out.push_back(static_cast<std::uint8_t>(r.slave));
  if (exception) {
    out.push_back(static_cast<std::uint8_t>(r.function | 0x80));
    out.push_back(static_cast<std::uint8_t>(exception));
  } else {
    out.push_back(static_cast<std::uint8_t>(r.function));
    out.push_back(static_cast<std::uint8_t>(regs.size() * 2));
    for (auto v : regs) {
      out.push_back(static_cast<std::uint8_t>(v >> 8));
      out.push_back(static_cast<std::uint8_t>(v & 0xFF));
    }
  }
  std::uint16_t crc = crc16_modbus(out.data(), out.size());
  out.push_back(static_cast<std::uint8_t>(crc & 0xFF));
  out.push_back(static_cast<std::uint8_t>(crc >> 8));
  return out;
}

}  // namespace jxc::hwsim::scale
