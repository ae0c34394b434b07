// libFuzzer target for what the central system sends down over MQTT: the
// first byte picks the topic's kind (each downlink kind, or the ack), the
// rest is the payload. A downlink message is accepted with no problems or
// refused with at least one; everything a refusal says and every id it
// names is well-formed UTF-8, since it goes back up in a JSON rejection.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "cloud-sync/ack.h"
#include "edge/common/text.h"
#include "edge/sync/downlink_messages.h"

using namespace jxc;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto& kinds = sync::downlink_kinds();
  const std::size_t pick = data[0] % (kinds.size() + 1);
  const std::string payload(reinterpret_cast<const char*>(data + 1), size - 1);
  if (pick == kinds.size()) {
    auto ack = cloud_sync::parse_ack(payload);
    if (ack && !text::is_valid_utf8(ack->epoch)) std::abort();
    if (!ack && ack.status().reason().empty()) std::abort();
    return 0;
  }
  auto out = sync::parse_downlink(kinds[pick], payload, 64 * 1024);
  if (!text::is_valid_utf8(out.message_id)) std::abort();
  for (const auto& p : out.problems)
    if (p.empty() || !text::is_valid_utf8(p)) std::abort();
  if (out.ok() && out.message.message_id != out.message_id) std::abort();
  return 0;
}
