#include "cloud-sync/envelope.h"

#include <ctime>

#include <nlohmann/json.hpp>

#include "edge/common/json_writer.h"

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
  // Written with the streaming writer (no DOM: one string grows, nothing
  // else is allocated per field), and the stored payload is spliced in as
  // text: re-serialising it would cost a full parse and re-dump per event on
  // the drain's hot path. accept() is the cheap validation that keeps the
  // envelope valid JSON whatever is stored.
  JsonWriter w;
  w.begin_object()
      .member("event_id", event.event_id)
      .member("epoch", source.epoch)
      .member("seq", event.seq)
      .member("type", event.type)
      .member("gateway_id", source.gateway_id)
      .member("site_id", source.site_id)
      .member("occurred_at", iso8601_utc(event.occurred_at))
      .member("recorded_at", iso8601_utc(event.recorded_at))
      .member("schema_version", static_cast<std::int64_t>(kEnvelopeSchemaVersion))
      .key("payload");
  std::string out = w.take();
  if (nlohmann::json::accept(event.payload)) {
    out.reserve(out.size() + event.payload.size() + 1);
    out += event.payload;
  } else {
    out += nlohmann::json(event.payload).dump(-1, ' ', false,
                                              nlohmann::json::error_handler_t::replace);
  }
  out += '}';
  return out;
}

}  // namespace jxc::cloud_sync
