// libFuzzer target for parse_gs1: every input must either parse into elements
// that hold what the spec allows, or fail with a reason, and never crash or
// read out of bounds (built with AddressSanitizer and UBSan).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "edge/identifiers/gs1.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view scan(reinterpret_cast<const char*>(data), size);
  jxc::identifiers::Gs1ParseOptions opt;
  opt.reference_year = 2026;  // fixed, so a finding reproduces
  auto r = jxc::identifiers::parse_gs1(scan, opt);
  if (!r.is_ok()) {
    if (r.status().reason().empty()) std::abort();  // every rejection says why
    return 0;
  }
  for (const auto& e : r->elements) {
    if (e.ai.size() < 2 || e.ai.size() > 4) std::abort();
    if (e.raw.empty() || e.raw.size() > 90) std::abort();
    if (e.date && (e.date->month < 1 || e.date->month > 12 || e.date->day < 1 || e.date->day > 31))
      std::abort();
    if (e.measure) (void)e.measure->text();
  }
  return 0;
}
