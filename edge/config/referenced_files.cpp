#include "edge/config/referenced_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>

#include <toml++/toml.h>

#include "edge/config/secret_file.h"

namespace jxc::config {
namespace {

std::string quoted_path(const std::string& s) { return "\"" + s + "\""; }

// What is wrong with one file, or nothing.
std::optional<std::string> problem(const ReferencedFile& f) {
  struct stat st {};
  if (::stat(f.path.c_str(), &st) != 0) return "cannot read " + quoted_path(f.path) + ": " + std::strerror(errno);
  if (!S_ISREG(st.st_mode)) return quoted_path(f.path) + " is not a regular file";
  // Opening is the only true answer to "readable by this process" (ACLs,
  // capabilities, read-only mounts); access(2) would ask about the real uid.
  int fd = ::open(f.path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return "cannot read " + quoted_path(f.path) + ": " + std::strerror(errno);
  ::close(fd);
  if (f.secret) {
    if (std::string why = secret_mode_problem(f.path, st.st_mode); !why.empty()) return why;
  }
  return std::nullopt;
}

// Where `key` ("alerts.channels[0].secret_file") is written in the file the
// configuration came from; {0, 0} when that cannot be found.
std::pair<int, int> position_of(const std::optional<toml::table>& doc, const std::string& key) {
  if (!doc) return {0, 0};
  toml::node_view<const toml::node> node = toml::at_path(*doc, key);
  if (!node) return {0, 0};
  const toml::source_position at = node.node()->source().begin;
  return {static_cast<int>(at.line), static_cast<int>(at.column)};
}

}  // namespace

std::vector<ReferencedFile> referenced_files(const Config& config) {
  std::vector<ReferencedFile> out;
  auto add = [&](std::string key, const std::string& path, bool secret) {
    if (path.empty()) return;
    out.push_back(ReferencedFile{std::move(key), secret ? credential_path(path) : path, secret});
  };
  if (config.mqtt.enabled()) {
    add("mqtt.password_file", config.mqtt.password_file, true);
    add("mqtt.tls.ca_file", config.mqtt.tls.ca_file, false);
    add("mqtt.tls.cert_file", config.mqtt.tls.cert_file, false);
    add("mqtt.tls.key_file", config.mqtt.tls.key_file, true);
  }
  if (config.alerts.enabled) {
    for (std::size_t i = 0; i < config.alerts.channels.size(); ++i) {
      const std::string at = "alerts.channels[" + std::to_string(i) + "].";
      add(at + "secret_file", config.alerts.channels[i].secret_file, true);
      add(at + "smtp_password_file", config.alerts.channels[i].smtp_password_file, true);
      add(at + "ca_file", config.alerts.channels[i].ca_file, false);
    }
  }
  if (config.http.enabled) {
    add("http.tls.cert_file", config.http.tls.cert_file, false);
    add("http.tls.key_file", config.http.tls.key_file, true);
  }
  return out;
}

std::vector<ConfigError> check_referenced_files(const Config& config) {
  std::vector<ConfigError> errors;
  std::optional<toml::table> doc;  // read only when there is something to position
  bool parsed = false;
  for (const auto& f : referenced_files(config)) {
    auto why = problem(f);
    if (!why) continue;
    if (!parsed && !config.source.empty()) {
      parsed = true;
      try {
        doc = toml::parse_file(config.source);
      } catch (const std::exception&) {
        // Changed or gone since it was loaded: the errors go without positions.
      }
    }
    auto [line, column] = position_of(doc, f.key);
    errors.push_back(ConfigError{line, column, f.key, *why});
  }
  return errors;
}

}  // namespace jxc::config
