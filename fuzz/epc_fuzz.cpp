// libFuzzer target for EPC decoding: any bytes decode (raw at worst) or fail
// with a reason; a decoded EPC's hex is the input's, its hex decodes to the
// same identity, and the GS1 keys it gives carry a valid check digit.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "edge/common/text.h"
#include "edge/identifiers/check_digit.h"
#include "edge/identifiers/epc.h"

using namespace jxc::identifiers;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::span<const std::uint8_t> in(data, size);
  auto r = decode_epc(in);
  if (!r) {
    if (r.status().reason().empty()) std::abort();
    return 0;
  }
  const Epc& e = *r;
  if (e.hex != epc_hex(in) || e.bit_length != static_cast<int>(size * 8)) std::abort();
  auto again = decode_epc_hex(e.hex);
  if (!again || again->tag_uri != e.tag_uri || again->id_uri != e.id_uri || again->gs1_key != e.gs1_key)
    std::abort();
  if (!jxc::text::is_valid_utf8(e.tag_uri) || !jxc::text::is_valid_utf8(e.gs1_element_string)) std::abort();
  if (e.gs1_key_type == "gtin" || e.gs1_key_type == "sscc" || e.gs1_key_type == "gln") {
    if (!gs1_check_digit_ok(e.gs1_key)) std::abort();
  }
  return 0;
}
