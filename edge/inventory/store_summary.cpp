#include "edge/inventory/store_summary.h"

#include "edge/store/sqlite.h"

namespace jxc::inventory {

Result<StoreSummary> store_summary(Queries& q) {
  StoreSummary s;
  JXC_ASSIGN(s.schema_version, q.db().query_int("PRAGMA user_version"));
  JXC_ASSIGN(s.last_movement_id, q.db().query_int("SELECT coalesce(max(id), 0) FROM movements"));
  JXC_ASSIGN(s.last_document_id, q.db().query_int("SELECT coalesce(max(id), 0) FROM documents"));
  return s;
}

}  // namespace jxc::inventory
