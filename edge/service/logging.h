#pragma once
// Logging set-up for the daemon: one spdlog logger on stderr, which systemd
// connects to the journal.
//
// setup_logging() is called once at start-up by `jxc-edge run`, before any
// other thread logs. set_log_level() is called on reload from the gateway's
// loop thread; spdlog's level is atomic, so every thread sees the change.

#include <memory>
#include <string>
#include <string_view>

#include <spdlog/formatter.h>

#include "edge/common/status.h"

namespace jxc::service {

enum class LogFormat {
  journal,  // "<6>ready: ..."; the journal adds time, priority and unit itself
  plain,    // "2026-11-23 08:15:00.123 info ready: ..." for a terminal or a file
};

/// True when `journal_stream` (the value of JOURNAL_STREAM, "device:inode")
/// names the file open on `fd`, i.e. the journal is reading what we write.
/// A null or malformed value is false.
bool is_journal_stream(const char* journal_stream, int fd);

/// journal when stderr is the journal, plain otherwise.
LogFormat detect_log_format();

/// The line format for `format`: journal lines start with the syslog
/// priority of the level ("<3>" error, "<4>" warn, "<6>" info, "<7>" debug).
std::unique_ptr<spdlog::formatter> make_formatter(LogFormat format);

/// Installs the default logger on stderr with `format` and `level` (a name
/// from config::log_levels(); an unknown name falls back to info).
void setup_logging(LogFormat format, std::string_view level);

/// Changes the level of every logger. Errc::invalid_argument for a name that
/// is not in config::log_levels().
Status set_log_level(std::string_view level);

}  // namespace jxc::service
