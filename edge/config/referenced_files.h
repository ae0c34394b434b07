#pragma once
// The files a configuration names (passwords, keys, certificates, signing
// secrets), checked as the daemon will open them: each exists, is a regular
// file, is readable by this process, and a secret is not readable by its
// group or every user (edge/config/secret_file.h). `jxc-edge run` refuses to
// start on any problem (exit code kExitMissingFile, edge/service/exit_codes.h) and `jxc-edge check-config`
// reports the same problems, so the check fails where the daemon would.
//
// A separate pass over a loaded Config rather than part of the section
// parsers: parsing stays pure (text in, values out) and reload diffs never
// touch the file system; this pass runs at start-up and in check-config only.
//
// Only files read at start-up are named: a file under a key whose part does
// not run (no mqtt.uri, alerts.enabled off) is not read and not checked.
// Device paths (scanners.*.path, scale serial devices) are not files the
// configuration hands over but hardware that comes and goes; the devices
// report it offline and retry.

#include <string>
#include <vector>

#include "edge/config/config.h"

namespace jxc::config {

struct ReferencedFile {
  std::string key;      // dotted, as errors name it: "mqtt.tls.key_file", "alerts.channels[0].secret_file"
  std::string path;     // as the daemon opens it (a secret resolved against $CREDENTIALS_DIRECTORY)
  bool secret = false;  // a password or private key: must not be readable by every user
};

/// Every file `config` names that the daemon reads at start-up. A secret's
/// relative path is looked up in $CREDENTIALS_DIRECTORY (systemd's
/// LoadCredential=) when that is set, as the daemon does.
std::vector<ReferencedFile> referenced_files(const Config& config);

/// One error per file that is missing, not a regular file, unreadable, or a
/// secret readable by every user, positioned at its key in config.source when
/// that file gives one. Empty when all are usable.
std::vector<ConfigError> check_referenced_files(const Config& config);

}  // namespace jxc::config
