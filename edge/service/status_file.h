#pragma once
// The daemon's state for `jxc-edge status`: what only the running process
// knows (its devices' health and its STATUS= line), written beside the store
// as `<store>.status.json` whenever the line changes, at start and at stop.
// The store itself says the rest (schema, epoch, backlog, alerts, held
// documents), so the file holds nothing the store already has.
//
// Written atomically (a reader sees the previous file or the new one); a
// file whose pid no longer holds the store's lock is stale, and the reader
// says so rather than trusting it.

#include <sys/types.h>

#include <string>
#include <vector>

#include "edge/common/clock.h"
#include "edge/common/status.h"
#include "edge/devices/health.h"

namespace jxc::service {

struct StatusFile {
  pid_t pid = 0;
  TimeMs written_at = 0;
  TimeMs started_at = 0;
  std::string line;  // the STATUS= line
  std::vector<devices::DeviceHealth> devices;
};

/// "<store_path>.status.json"
std::string status_file_path(const std::string& store_path);

std::string render_status_file(const StatusFile& s);
/// Errc::invalid_argument with the reason for a file this code did not write.
Result<StatusFile> parse_status_file(const std::string& text);

/// Writes the file for the store atomically; Errc::io with the reason.
Status write_status_file(const std::string& store_path, const StatusFile& s);
/// Reads it; Errc::io when there is none (the daemon never ran on this store).
Result<StatusFile> read_status_file(const std::string& store_path);

}  // namespace jxc::service
