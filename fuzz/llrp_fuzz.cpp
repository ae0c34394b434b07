// libFuzzer target for the LLRP codec: any bytes give a frame, "need more"
// or a fault with its reason; every decoder over a frame returns a value or a
// fault; the JSON of a message is valid UTF-8 (reader text is cleaned at the
// boundary); and tag reports and an LLRPStatus decoded, encoded again and
// decoded once more come back the same.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include <nlohmann/json.hpp>

#include "drivers/rfid/encode.h"
#include "drivers/rfid/json.h"
#include "drivers/rfid/reports.h"

namespace {

using namespace jxc::llrp;

bool same(const TagReport& a, const TagReport& b) {
  auto same_ts = [](const std::optional<Timestamp>& x, const std::optional<Timestamp>& y) {
    return x.has_value() == y.has_value() && (!x || (x->micros == y->micros && x->utc == y->utc));
  };
  return a.epc == b.epc && a.epc_bits == b.epc_bits && a.antenna == b.antenna &&
         a.peak_rssi_dbm == b.peak_rssi_dbm && same_ts(a.first_seen, b.first_seen) &&
         same_ts(a.last_seen, b.last_seen) && a.seen_count == b.seen_count &&
         a.channel_index == b.channel_index && a.rospec_id == b.rospec_id;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  constexpr std::size_t kMax = 1u << 16;
  std::span<const std::uint8_t> in(data, size);
  auto f = next_frame(in, kMax);
  if (f.is_fault() && f.fault().reason.empty()) std::abort();
  if (!f) return 0;
  if (f->size() > size || f->size() > kMax) std::abort();

  if (auto m = decode_message(*f)) {
    // Strict serialisation throws on text that is not UTF-8.
    try {
      (void)to_json(*m).dump();
    } catch (const nlohmann::json::exception&) {
      std::abort();
    }
  }

  std::vector<TagReport> reports;
  if (decode_tag_reports(*f, &reports).is_ok()) {
    const Bytes again = ro_access_report(f->id, reports, f->version);
    auto g = next_frame(again, 1u << 24);
    std::vector<TagReport> back;
    if (!g || !decode_tag_reports(*g, &back).is_ok() || back.size() != reports.size()) std::abort();
    for (std::size_t i = 0; i < back.size(); ++i)
      if (!same(reports[i], back[i])) std::abort();
  }

  if (auto s = decode_status(*f)) {
    const Bytes again = status_message(f->type, f->id, *s, f->version);
    auto g = next_frame(again, 1u << 24);
    if (!g) std::abort();
    auto back = decode_status(*g);
    if (!back || back->code != s->code || back->description != s->description) std::abort();
  }

  (void)decode_reader_event(*f);
  (void)decode_capabilities(*f);
  (void)decode_supported_version(*f);
  return 0;
}
