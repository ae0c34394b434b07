// Parses [rfid] (see rfid_section.h) and renders its keys for config::diff().
#include "edge/rfid/rfid_section.h"

#include <optional>
#include <set>
#include <type_traits>

#include "edge/config/rfid.h"

namespace jxc::rfid {
namespace {

using namespace config;  // the parsing helpers of edge/config/section.h

void parse_reader(const Node& t, const std::string& at, RfidReader* r, SectionErrors& e) {
  bool have_id = false, have_host = false;
  std::optional<Node> power_node;
  for (const Entry& entry : t.entries()) {
    const std::string& key = entry.key;
    const Node& node = entry.value;
    const std::string where = at + "." + key;
    Problem p;
    if (key == "id") {
      p = read_gateway_id(node, &r->id);
      have_id = true;
    } else if (key == "host") {
      p = read_string(node, "a host name or address", &r->host);
      if (!p && r->host.empty()) p = "expected a host name or address, got \"\"";
      have_host = true;
    } else if (key == "port") {
      p = read_integer(node, 1, 65535, &r->port);
    } else if (key == "antennas") {
      if (!node.is_array()) {
        p = "expected an array of antenna numbers (1-based), got " + kind_and_value(node);
      } else {
        r->antennas.clear();
        for (const Node& a : node.elements()) {
          std::int64_t v = 0;
          if (auto q = read_integer(a, 1, 65535, &v)) {
            e.add(a, where, *q);
            continue;
          }
          r->antennas.push_back(v);
        }
      }
    } else if (key == "tx_power_dbm") {
      power_node = node;
      r->tx_power_dbm.clear();
      if (node.is_array()) {
        for (const Node& a : node.elements()) {
          double v = 0;
          if (auto q = read_number(a, 0, 40, "dBm", &v)) {
            e.add(a, where, *q);
            continue;
          }
          r->tx_power_dbm.push_back(v);
        }
      } else {
        double v = 0;
        p = read_number(node, 0, 40, "dBm, or an array with one per antenna", &v);
        if (!p) r->tx_power_dbm = {v};
      }
    } else if (key == "keepalive_ms") {
      p = read_integer(node, 0, 600000, &r->keepalive_ms);
      if (!p && r->keepalive_ms != 0 && r->keepalive_ms < 100) p = "expected 0 (off) or 100 to 600000, got " + value_text(node);
    } else if (key == "start_trigger") {
      p = read_choice(node, {"immediate", "gpi"}, &r->start_trigger);
    } else if (key == "gpi_port") {
      p = read_integer(node, 1, 64, &r->gpi_port);
    } else if (key == "stop_trigger") {
      p = read_choice(node, {"gpi", "duration", "no_new_tags"}, &r->stop_trigger);
    } else if (key == "inventory_ms") {
      p = read_integer(node, 100, 3600000, &r->inventory_ms);
    } else if (key == "no_new_tags_ms") {
      p = read_integer(node, 10, 65535, &r->no_new_tags_ms);
    } else if (key == "reset_on_connect") {
      p = read_bool(node, &r->reset_on_connect);
    } else if (key == "reconnect_min_ms") {
      p = read_integer(node, 10, 600000, &r->reconnect_min_ms);
    } else if (key == "reconnect_max_ms") {
      p = read_integer(node, 10, 3600000, &r->reconnect_max_ms);
    } else if (key == "max_frame_bytes") {
      p = read_integer(node, 1024, 16 << 20, &r->max_frame_bytes);
    } else {
      p = "unknown key";
    }
    if (p) e.add(node, where, *p);
  }
  if (!have_id) e.add(t, at + ".id", "missing: every reader needs an id");
  if (!have_host) e.add(t, at + ".host", "missing: the reader's host name or address");
  if (r->reconnect_max_ms < r->reconnect_min_ms)
    e.add(t, at + ".reconnect_max_ms", "must not be below reconnect_min_ms (" + std::to_string(r->reconnect_min_ms) + ")");
  if (power_node && r->tx_power_dbm.size() > 1 && r->tx_power_dbm.size() != r->antennas.size())
    e.add(*power_node, at + ".tx_power_dbm",
          "expected one value for all antennas or one per antenna (" + std::to_string(r->antennas.size()) +
              "), got " + std::to_string(r->tx_power_dbm.size()));
}

void parse_rfid(const Node& n, Config& c, SectionErrors& e) {
  if (!n.is_table()) {
    e.add(n, "rfid", "expected a table, got " + kind_and_value(n));
    return;
  }
  c.rfid.readers.clear();
  std::set<std::string> ids;
  for (const Entry& entry : n.entries()) {
    const Node& node = entry.value;
    const std::string key = "rfid." + entry.key;
    if (entry.key != "readers") {
      e.add(node, key, "unknown key");
      continue;
    }
    if (!node.is_array()) {
      e.add(node, key, "expected an array of tables ([[rfid.readers]]), got " + kind_and_value(node));
      continue;
    }
    const std::vector<Node> items = node.elements();
    for (std::size_t i = 0; i < items.size(); ++i) {
      const Node& item = items[i];
      const std::string at = key + "[" + std::to_string(i) + "]";
      if (!item.is_table()) {
        e.add(item, at, "expected a table, got " + kind_and_value(item));
        continue;
      }
      RfidReader r;
      parse_reader(item, at, &r, e);
      if (!r.id.empty() && !ids.insert(r.id).second) e.add(item, at + ".id", "duplicate reader id " + in_quotes(r.id));
      c.rfid.readers.push_back(std::move(r));
    }
  }
}

// One value per reader, as an array: "[5084, 5085]".
template <typename F>
std::string per_reader(const Config& c, F value) {
  std::string out = "[";
  for (std::size_t i = 0; i < c.rfid.readers.size(); ++i) out += (i ? ", " : "") + value(c.rfid.readers[i]);
  return out + "]";
}

template <typename T>
std::string list(const std::vector<T>& v) {
  std::string out = "[";
  for (std::size_t i = 0; i < v.size(); ++i) {
    if constexpr (std::is_floating_point_v<T>) out += (i ? ", " : "") + format_double(v[i]);
    else out += (i ? ", " : "") + std::to_string(v[i]);
  }
  return out + "]";
}

// Strings in quotes as they are, unescaped, as config::diff() shows the core
// tables' strings.
std::string quoted(const std::string& s) { return "\"" + s + "\""; }

std::string render_rfid(const Config& c, std::string_view key) {
  using R = RfidReader;
  if (key == "rfid.readers[].id") return per_reader(c, [](const R& r) { return quoted(r.id); });
  if (key == "rfid.readers[].host") return per_reader(c, [](const R& r) { return quoted(r.host); });
  if (key == "rfid.readers[].port") return per_reader(c, [](const R& r) { return std::to_string(r.port); });
  if (key == "rfid.readers[].antennas") return per_reader(c, [](const R& r) { return list(r.antennas); });
  if (key == "rfid.readers[].tx_power_dbm") return per_reader(c, [](const R& r) { return list(r.tx_power_dbm); });
  if (key == "rfid.readers[].keepalive_ms") return per_reader(c, [](const R& r) { return std::to_string(r.keepalive_ms); });
  if (key == "rfid.readers[].start_trigger") return per_reader(c, [](const R& r) { return quoted(r.start_trigger); });
  if (key == "rfid.readers[].gpi_port") return per_reader(c, [](const R& r) { return std::to_string(r.gpi_port); });
  if (key == "rfid.readers[].stop_trigger") return per_reader(c, [](const R& r) { return quoted(r.stop_trigger); });
  if (key == "rfid.readers[].inventory_ms") return per_reader(c, [](const R& r) { return std::to_string(r.inventory_ms); });
  if (key == "rfid.readers[].no_new_tags_ms") return per_reader(c, [](const R& r) { return std::to_string(r.no_new_tags_ms); });
  if (key == "rfid.readers[].reset_on_connect")
    return per_reader(c, [](const R& r) { return std::string(r.reset_on_connect ? "true" : "false"); });
  if (key == "rfid.readers[].reconnect_min_ms") return per_reader(c, [](const R& r) { return std::to_string(r.reconnect_min_ms); });
  if (key == "rfid.readers[].reconnect_max_ms") return per_reader(c, [](const R& r) { return std::to_string(r.reconnect_max_ms); });
  if (key == "rfid.readers[].max_frame_bytes") return per_reader(c, [](const R& r) { return std::to_string(r.max_frame_bytes); });
  return {};
}

}  // namespace

config::Section rfid_section() {
  return config::Section{
      "rfid", parse_rfid,
      {"rfid.readers[].id", "rfid.readers[].host", "rfid.readers[].port", "rfid.readers[].antennas",
       "rfid.readers[].tx_power_dbm", "rfid.readers[].keepalive_ms", "rfid.readers[].start_trigger",
       "rfid.readers[].gpi_port", "rfid.readers[].stop_trigger", "rfid.readers[].inventory_ms",
       "rfid.readers[].no_new_tags_ms", "rfid.readers[].reset_on_connect", "rfid.readers[].reconnect_min_ms", "rfid.readers[].reconnect_max_ms",
       "rfid.readers[].max_frame_bytes"},
      render_rfid};
}

}  // namespace jxc::rfid
