#pragma once
// What one outbox event looks like on the wire. Pure: no clock, no I/O, so
// the central system's contract is pinned by unit tests.

#include <cstdint>
#include <string>

#include "edge/common/clock.h"
#include "edge/inventory/types.h"

namespace jxc::cloud_sync {

/// Bumped when a field of the envelope changes meaning or disappears.
inline constexpr int kEnvelopeSchemaVersion = 1;

struct EnvelopeSource {
  std::string epoch;       // identity of this store (Engine::epoch)
  std::string gateway_id;
  std::string site_id;
};

/// "2026-11-24T23:13:52.123Z" (always UTC, always milliseconds).
std::string iso8601_utc(TimeMs t);

/// The JSON object:
///   {"event_id","epoch","seq","type","gateway_id","site_id","occurred_at",
///    "recorded_at","schema_version","payload"}
/// `payload` is the event's JSON object as stored; a payload that is not
/// valid JSON (never written by the core) is carried as a JSON string rather
/// than producing an invalid envelope.
std::string build_envelope(const EnvelopeSource& source, const inventory::OutboxEvent& event);

}  // namespace jxc::cloud_sync
