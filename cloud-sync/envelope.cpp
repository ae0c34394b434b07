#include "cloud-sync/envelope.h"

#include <ctime>

#include <nlohmann/json.hpp>

namespace jxc::cloud_sync {

std::string iso8601_utc(TimeMs t) {
  // Floor division so that times before 1970 still get a 0..999 millisecond part.
  std::int64_t secs = t / 1000, ms = t % 1000;
  if (ms < 0) {
    ms += 1000;
    secs -= 1;
  }
  std::time_t tt = static_cast<std::time_t>(secs);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

std::string build_envelope(const EnvelopeSource& source, const inventory::OutboxEvent& event) {
  // The stored payload is spliced in as text: re-serialising it would cost a
  // full parse and re-dump per event on the drain's hot path. accept() is the
  // cheap validation that keeps the envelope valid JSON whatever is stored.
  nlohmann::json head = {
      {"event_id", event.event_id},
      {"epoch", source.epoch},
      {"seq", event.seq},
      {"type", event.type},
      {"gateway_id", source.gateway_id},
      {"site_id", source.site_id},
      {"occurred_at", iso8601_utc(event.occurred_at)},
      {"recorded_at", iso8601_utc(event.recorded_at)},
      {"schema_version", kEnvelopeSchemaVersion},
  };
  std::string out = head.dump();
  out.pop_back();  // the closing brace; the payload goes last
  out += ",\"payload\":";
  if (nlohmann::json::accept(event.payload)) {
    out += event.payload;
  } else {
    out += nlohmann::json(event.payload).dump(-1, ' ', false,
                                              nlohmann::json::error_handler_t::replace);
  }
  out += '}';
  return out;
}

}  // namespace jxc::cloud_sync
