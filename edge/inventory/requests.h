#pragma once
// Requests that carry an idempotency key (the `requests` table): the first
// result of each key is stored in the transaction that produced it, and a
// repeat of the key answers with that result instead of running again. A
// device's retry after a lost answer, a handheld's after a dropped Wi-Fi
// link, or the CLI's `--key` thus books once.

#include <functional>
#include <string>

#include "edge/inventory/tx.h"

namespace jxc::inventory {

/// Runs `op` unless `key` (non-empty) was seen: then answers with its stored
/// first result, `replayed` set, and writes nothing. Otherwise stores what
/// `op` returned under `key` and says which outbox entries it wrote
/// (first_seq..last_seq). An empty key just runs `op`. Runs on the writer.
Result<DocumentResult> once(Tx& tx, const std::string& key, const std::function<Result<DocumentResult>(Tx&)>& op);

}  // namespace jxc::inventory
