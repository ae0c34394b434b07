// libFuzzer entry: every decoder over arbitrary bytes must return a value or
// a fault, never crash or read out of bounds (ASan/UBSan watch).
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "drivers/rfid/json.h"
#include "drivers/rfid/reports.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::span<const std::uint8_t> in(data, size);
  auto f = jxc::llrp::next_frame(in, 4096);
  if (!f) return 0;
  if (auto m = jxc::llrp::decode_message(*f)) (void)jxc::llrp::to_json(*m);
  std::vector<jxc::llrp::TagReport> reports;
  (void)jxc::llrp::decode_tag_reports(*f, &reports);
  (void)jxc::llrp::decode_reader_event(*f);
  (void)jxc::llrp::decode_status(*f);
  (void)jxc::llrp::decode_capabilities(*f);
  return 0;
}
