#pragma once
// Modbus RTU framing for the simulator's serial side: CRC-16/MODBUS and the
// "read holding / input registers" request (function 3 / 4), the only ones
// the transmitters' readers use. Pure: bytes in, request or need-more out.

#include <cstdint>
#include <optional>
#include <vector>

namespace jxc::hwsim::scale {

std::uint16_t crc16_modbus(const std::uint8_t* data, std::size_t n);

struct RtuRequest {
  int slave = 0;
  int function = 0;
  int address = 0;
  int count = 0;
};

/// Looks for one request at the front of `buf`. Returns the request and how
/// many bytes it took; on a bad CRC or an unknown function drops bytes so the
/// next call can resynchronise (request empty, consumed > 0); consumed 0
/// means more bytes are needed.
struct Parsed {
  std::optional<RtuRequest> request;
  std::size_t consumed = 0;
};
Parsed parse_rtu_request(const std::vector<std::uint8_t>& buf);

/// The response frame: registers, or an exception code when `exception` != 0.
std::vector<std::uint8_t> rtu_response(const RtuRequest& r, const std::vector<std::uint16_t>& regs,
                                       int exception);

}  // namespace jxc::hwsim::scale
