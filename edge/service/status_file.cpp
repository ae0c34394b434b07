#include "edge/service/status_file.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

#include "edge/metrics/textfile.h"

namespace jxc::service {
namespace {

using Json = nlohmann::json;

Result<devices::DeviceState> state_named(const std::string& name) {
  using devices::DeviceState;
  for (DeviceState s : {DeviceState::starting, DeviceState::online, DeviceState::degraded, DeviceState::offline,
                        DeviceState::stopped})
    if (devices::to_string(s) == name) return s;
  return error(Errc::invalid_argument, "unknown device state '" + name + "'");
}

}  // namespace

std::string status_file_path(const std::string& store_path) { return store_path + ".status.json"; }

std::string render_status_file(const StatusFile& s) {
  Json devices = Json::array();
  for (const auto& d : s.devices)
    devices.push_back({{"id", d.id},
                       {"kind", d.kind},
                       {"state", std::string(devices::to_string(d.state))},
                       {"detail", d.detail},
                       {"since", format_iso8601(d.since)}});
  Json j = {{"pid", s.pid},
            {"written_at", format_iso8601(s.written_at)},
            {"started_at", format_iso8601(s.started_at)},
            {"status", s.line},
            {"devices", devices}};
  return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

Result<StatusFile> parse_status_file(const std::string& text) {
  Json j = Json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return error(Errc::invalid_argument, "not a JSON object");
  auto time_at = [&](const Json& o, const char* key, TimeMs* out) {
    return o.contains(key) && o[key].is_string() && parse_iso8601(o[key].get<std::string>(), out);
  };
  StatusFile s;
  if (!j.contains("pid") || !j["pid"].is_number_integer()) return error(Errc::invalid_argument, "no pid");
  s.pid = j["pid"].get<pid_t>();
  if (!time_at(j, "written_at", &s.written_at) || !time_at(j, "started_at", &s.started_at))
    return error(Errc::invalid_argument, "no written_at or started_at time");
  if (!j.contains("status") || !j["status"].is_string()) return error(Errc::invalid_argument, "no status line");
  s.line = j["status"].get<std::string>();
  if (!j.contains("devices") || !j["devices"].is_array()) return error(Errc::invalid_argument, "no devices list");
  for (const auto& d : j["devices"]) {
    if (!d.is_object() || !d.contains("id") || !d["id"].is_string() || !d.contains("kind") || !d["kind"].is_string() ||
        !d.contains("state") || !d["state"].is_string() || !d.contains("detail") || !d["detail"].is_string())
      return error(Errc::invalid_argument, "a device without id, kind, state or detail");
    devices::DeviceHealth h;
    h.id = d["id"].get<std::string>();
    h.kind = d["kind"].get<std::string>();
    JXC_ASSIGN(h.state, state_named(d["state"].get<std::string>()));
    h.detail = d["detail"].get<std::string>();
    if (!time_at(d, "since", &h.since)) return error(Errc::invalid_argument, "device " + h.id + " without since");
    s.devices.push_back(std::move(h));
  }
  return s;
}

Status write_status_file(const std::string& store_path, const StatusFile& s) {
  return metrics::write_atomically(status_file_path(store_path), render_status_file(s));
}

Result<StatusFile> read_status_file(const std::string& store_path) {
  const std::string path = status_file_path(store_path);
  std::ifstream in(path);
  if (!in) return error(Errc::io, "no " + path);
  std::ostringstream text;
  text << in.rdbuf();
  auto parsed = parse_status_file(text.str());
  if (!parsed) return error(Errc::invalid_argument, path + ": " + parsed.status().reason());
  return parsed;
}

}  // namespace jxc::service
