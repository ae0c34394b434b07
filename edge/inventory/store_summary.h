#pragma once
// A store at a glance, for `jxc-edge status`: its schema version and how far
// its ledger and documents go. Cheap on any size of store (maxima of keys,
// no scans).

#include <cstdint>

#include "edge/common/status.h"
#include "edge/inventory/queries.h"

namespace jxc::inventory {

struct StoreSummary {
  std::int64_t schema_version = 0;
  std::int64_t last_movement_id = 0;  // movements are never deleted: also how many there are
  std::int64_t last_document_id = 0;
};

Result<StoreSummary> store_summary(Queries& q);

}  // namespace jxc::inventory
