#pragma once
// Secret files the configuration names (the MQTT password, the TLS client
// key, alert channels' signing secrets), opened the one way every part opens
// them: a relative path is looked up in $CREDENTIALS_DIRECTORY when it is set
// (systemd's LoadCredential=, see systemd/jxc-edge.service), and a secret
// that group or others may read is refused, at `check-config` and at start.

#include <string>
#include <sys/types.h>

#include "edge/common/status.h"

namespace jxc::config {

/// `path` as the daemon opens a secret: relative paths under
/// $CREDENTIALS_DIRECTORY when that is set, others unchanged.
std::string credential_path(const std::string& path);

/// Why a secret with `mode` (st_mode) must not be used, or "" when it may:
/// readable by group or others.
std::string secret_mode_problem(const std::string& path, mode_t mode);

/// Checks the secret at `path` (already resolved) without reading it: a
/// regular file, readable, private. Errc::config naming `key` otherwise.
Status check_secret_file(const std::string& key, const std::string& path);

/// Reads the secret `key` names at `path` (resolved with credential_path()),
/// checked as check_secret_file() does, without its trailing line end and
/// spaces; at most 64 KiB. Errc::config naming `key` and the file otherwise.
Result<std::string> read_secret_file(const std::string& key, const std::string& path);

}  // namespace jxc::config
