#pragma once
// The exit codes of `jxc-edge run`, in one place. cmd_run.cpp and run.cpp
// return them; `jxc-edge run --help` prints them; systemd/jxc-edge.service
// names kNoRestart in RestartPreventExitStatus= (tests/systemd_unit_test.cpp
// checks that the two agree).
//
// The unit restarts the daemon on failure (Restart=on-failure). That helps
// when the cause can pass by itself (a disk not mounted yet, a store busy
// beyond the busy timeout, a crash) and hurts when it cannot: a restart every
// RestartSec into the same error floods the journal and hides the reason
// behind "scheduled restart job". The codes below that a restart cannot cure
// are in kNoRestart; systemd then leaves the unit failed until a person acts.
// Values are those of <sysexits.h> where one fits; the store written by a
// newer program has no such value and takes the next free one.

#include <array>

namespace jxc::service {

/// Stopped in order after SIGTERM or SIGINT.
inline constexpr int kExitOk = 0;
/// Any other failure, start-up or later (the store cannot be created or
/// opened, a device cannot be set up, an exception). systemd restarts.
inline constexpr int kExitFailed = 1;
/// EX_DATAERR: the store is damaged (PRAGMA quick_check failed, or SQLite
/// does not recognise the file). Restore a backup; no restart.
inline constexpr int kExitStoreCorrupt = 65;
/// EX_NOINPUT: a file the configuration names (mqtt.password_file,
/// mqtt.tls.*, alerts.channels[].secret_file) is missing, unreadable, or a
/// secret readable by every user. No restart.
inline constexpr int kExitMissingFile = 66;
/// EX_TEMPFAIL: another `jxc-edge run` holds the store's lock (<store>.lock).
/// The lock goes when that daemon stops, but two daemons must never take
/// turns on one store and one broker identity, so a person decides which one
/// runs. No restart.
inline constexpr int kExitStoreInUse = 75;
/// EX_CONFIG: the configuration file is invalid. No restart.
inline constexpr int kExitConfig = 78;
/// The store's schema (PRAGMA user_version) is newer than this program knows:
/// it was written by a newer jxc-edge. Install that version or restore a
/// backup made by this one. No restart.
inline constexpr int kExitSchemaTooNew = 79;

/// The codes systemd must not restart on, ascending, as the unit lists them.
inline constexpr std::array<int, 5> kNoRestart = {kExitStoreCorrupt, kExitMissingFile, kExitStoreInUse,
                                                  kExitConfig, kExitSchemaTooNew};

}  // namespace jxc::service
