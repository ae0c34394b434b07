#pragma once
// One client's Server-Sent Event stream (text/event-stream): what it missed
// since its Last-Event-ID, then every event as it happens, a heartbeat
// comment after each quiet `heartbeat`, and the end when the hub closes.
//
// Event ids are "<outbox seq>-<live id>": the outbox seq of the last
// outbox event the stream has passed and the id of the last live change
// (device health, count progress) it has passed. Each event raises one of
// the two, so ids increase, and a client that reconnects with the last id it
// saw gets exactly what came after it. An id older than what is kept (outbox
// events pruned, live changes fallen out of the ring or from an earlier run
// of the gateway), newer than anything sent (another store) or malformed
// gets a `reset` event first: the client reloads what it shows, then follows
// the stream.
//
// Events: every outbox event but device.status, named by its type
// (alert.raised, receipt.posted, document.needs_review, count.approved, ...)
// with {seq, event_id, type, occurred_at, payload}; `device.health` with a
// device's health and its state before; count progress (count.line,
// count.recount, count.submitted, count.reopened) with the count, who and
// what, where a blind count's quantities are null for a reader below
// manager, as its report hides them; `reset`.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "edge/http/event_hub.h"
#include "edge/http/queries_pool.h"
#include "edge/inventory/user_records.h"

namespace jxc::http {

class StreamBody;

struct EventCursor {
  std::int64_t outbox_seq = 0;
  std::int64_t live_id = 0;
  std::string id() const;
};

/// "12-1764000000003" → cursor; nullopt when malformed.
std::optional<EventCursor> parse_event_id(std::string_view id);

/// One event in the text/event-stream format; `data` must be one line.
std::string sse_event(std::string_view name, const std::string& id, std::string_view data);

struct EventStreamStart {
  EventCursor cursor;               // where the stream starts
  std::optional<std::string> reset; // why the client must reload, when it must
};

/// Where a stream starts for a client that sent `last_event_id` ("" for
/// none): after it when it is still covered, else now with a reset.
Result<EventStreamStart> event_stream_start(QueriesPool& queries, const EventHub& hub,
                                            const std::string& last_event_id);

/// The body of a subscribed stream for a reader of `role`; nullptr when the
/// hub refuses one more subscriber (the cap) or is closed.
std::shared_ptr<StreamBody> open_event_stream(std::shared_ptr<EventHub> hub, QueriesPool& queries,
                                              EventStreamStart start, std::chrono::seconds heartbeat,
                                              inventory::Role role);

/// The data of a count progress event as a reader of `role` may see it.
nlohmann::json count_progress_json(const inventory::CountProgress& c, inventory::Role role);

}  // namespace jxc::http
