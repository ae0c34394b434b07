#pragma once
// Versioned schema migrations. The version lives in PRAGMA user_version; each
// migration runs in its own transaction, so a crash mid-upgrade leaves the
// previous version intact.

#include "edge/common/status.h"
#include "edge/store/sqlite.h"

namespace jxc::store {

/// The newest schema this binary knows.
int latest_schema_version();

/// Brings the store up to latest_schema_version(). A store with a newer version
/// is refused with Errc::schema_too_new and left untouched.
Status migrate(Db& db);

/// Applies migrations only up to `version` (for tests of the upgrade path).
Status migrate_to(Db& db, int version);

}  // namespace jxc::store
