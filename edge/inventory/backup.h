#pragma once
// Backups of the store and their restoration.
//
// A backup is taken while the daemon runs and posts: SQLite's VACUUM INTO
// writes a consistent copy from one read transaction (WAL readers do not
// block the writer), which is then gzip-compressed beside a manifest that
// describes the copy itself (read from it, not from the live store): schema
// version, epoch, the outbox's last sequence and acknowledgement, the last
// movement, and the SHA-256 of the uncompressed database.
//
//   DIR/jxc-edge-20261204T232500123Z.db.gz
//   DIR/jxc-edge-20261204T232500123Z.json
//
// A restore verifies the checksum and the copy's integrity before anything is
// replaced, keeps the replaced store (and its log) aside, and drops the
// copy's epoch: the next open of the store starts a new one, so that outbox
// sequences the central system acknowledged under the old epoch are never
// reused (it sees a new epoch in the gateway's status and can resynchronise).
// The caller makes sure no daemon holds the store (service::StoreLock).

#include <cstdint>
#include <string>
#include <vector>

#include "edge/common/status.h"
#include "edge/common/clock.h"

namespace jxc::inventory {

struct BackupManifest {
  std::string format;           // "jxc-edge-backup/1"
  std::string file;             // the compressed copy's name, beside the manifest
  std::string source;           // the store it was taken from
  TimeMs created_at = 0;
  std::int64_t schema_version = 0;
  std::string epoch;
  std::int64_t last_seq = 0;         // outbox
  std::int64_t acked_up_to = 0;      // outbox, for this epoch
  std::int64_t last_movement_id = 0;
  std::int64_t movements = 0;
  std::int64_t bytes = 0;            // uncompressed
  std::string sha256;                // of the uncompressed database, hex
};

/// Takes a backup of the store at `store_path` into directory `dir` (created
/// when absent). Nothing is left half-written: files appear complete, by
/// rename, or not at all.
Result<BackupManifest> backup_store(const std::string& store_path, const std::string& dir, TimeMs now);

/// The manifest beside `backup_file` (the .db.gz or the .json itself).
Result<BackupManifest> read_backup_manifest(const std::string& backup_file);

struct RestoreResult {
  BackupManifest manifest;
  std::string kept_aside;  // where the replaced store went ("" when there was none)
};

/// Replaces the store at `store_path` with the backup. Errc::corrupt when the
/// checksum or the copy's integrity check fails (the store is untouched);
/// Errc::schema_too_new when the copy is newer than this binary.
Result<RestoreResult> restore_store(const std::string& backup_file, const std::string& store_path, TimeMs now);

/// Backups in `dir`, oldest first (by the time in their names).
Result<std::vector<BackupManifest>> list_backups(const std::string& dir);
/// Removes all but the newest `keep` backups in `dir`; returns how many went.
Result<std::size_t> prune_backups(const std::string& dir, std::size_t keep);

}  // namespace jxc::inventory
