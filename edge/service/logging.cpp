#include "edge/service/logging.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <optional>

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include "edge/config/config.h"

namespace jxc::service {
namespace {

// sd-daemon.h's SD_ERR, SD_WARNING ... as journald reads them from a line
// prefix; written out here to keep libsystemd in one file.
int syslog_priority(spdlog::level::level_enum level) {
  switch (level) {
    case spdlog::level::critical: return 2;
    case spdlog::level::err: return 3;
    case spdlog::level::warn: return 4;
    case spdlog::level::info: return 6;
    default: return 7;
  }
}

class PriorityFlag final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override {
    char text[4] = {'<', static_cast<char>('0' + syslog_priority(msg.level)), '>', '\0'};
    dest.append(text, text + 3);
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<PriorityFlag>();
  }
};

std::optional<spdlog::level::level_enum> level_of(std::string_view name) {
  const auto& known = config::log_levels();
  if (std::find(known.begin(), known.end(), name) == known.end()) return std::nullopt;
  // spdlog's names agree with ours except that it spells error "err" too;
  // from_str answers "off" for anything it does not know, hence the check above.
  return spdlog::level::from_str(std::string(name));
}

}  // namespace

bool is_journal_stream(const char* journal_stream, int fd) {
  if (!journal_stream) return false;
  std::uintmax_t dev = 0, ino = 0;
  char tail = 0;
  if (std::sscanf(journal_stream, "%ju:%ju%c", &dev, &ino, &tail) != 2) return false;
  struct stat st {};
  if (::fstat(fd, &st) != 0) return false;
  return static_cast<std::uintmax_t>(st.st_dev) == dev && static_cast<std::uintmax_t>(st.st_ino) == ino;
}

LogFormat detect_log_format() {
  // systemd sets JOURNAL_STREAM for the stream it connected; a child whose
  // stderr was redirected elsewhere inherits the variable but not the
  // stream, so the device and inode are compared, not just the presence.
  return is_journal_stream(std::getenv("JOURNAL_STREAM"), STDERR_FILENO) ? LogFormat::journal
                                                                          : LogFormat::plain;
}

std::unique_ptr<spdlog::formatter> make_formatter(LogFormat format) {
  auto f = std::make_unique<spdlog::pattern_formatter>();
  if (format == LogFormat::journal) {
    f->add_flag<PriorityFlag>('*').set_pattern("%*%v");
  } else {
    f->set_pattern("%Y-%m-%d %H:%M:%S.%e %l %v");
  }
  return f;
}

void setup_logging(LogFormat format, std::string_view level) {
  auto sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  sink->set_formatter(make_formatter(format));
  auto logger = std::make_shared<spdlog::logger>("jxc-edge", std::move(sink));
  logger->set_level(level_of(level).value_or(spdlog::level::info));
  spdlog::set_default_logger(std::move(logger));
}

Status set_log_level(std::string_view level) {
  auto l = level_of(level);
  if (!l) return error(Errc::invalid_argument, "unknown log level \"" + std::string(level) + "\"");
  spdlog::set_level(*l);
  return Status::ok();
}

}  // namespace jxc::service
