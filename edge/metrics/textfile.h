#pragma once
// Metrics as a file for node_exporter's textfile collector: the whole text is
// written to a temporary file beside the target and renamed over it, so a
// reader sees the previous file or the new one, never half of one.

#include <string>
#include <string_view>

#include "edge/common/status.h"

namespace jxc::metrics {

/// Writes `text` to `path` atomically (temp file in the same directory, then
/// rename). Creates the directory when missing. The temporary file is always
/// a new one (a stale file or symlink at its name is removed first, never
/// written through). Errc::io with the reason.
Status write_atomically(const std::string& path, std::string_view text);

}  // namespace jxc::metrics
