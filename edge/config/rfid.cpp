#include <set>

#include "edge/config/rfid.h"
#include "edge/config/rfid_section.h"

namespace jxc::config::detail {

namespace {

void parse_reader(const toml::table& t, const std::string& at, RfidReader* r, SectionErrors& e) {
  bool have_id = false, have_host = false;
  const toml::node* power_node = nullptr;
  for (auto&& [k, node] : t) {
    const std::string key = std::string(k.str());
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
      const auto* arr = node.as_array();
      if (!arr) {
        p = "expected an array of antenna numbers (1-based), got " + kind_and_value(node);
      } else {
        r->antennas.clear();
        for (const auto& a : *arr) {
          std::int64_t v = 0;
          if (auto q = read_integer(a, 1, 65535, &v)) {
            e.add(a, where, *q);
            continue;
          }
          r->antennas.push_back(v);
        }
      }
    } else if (key == "tx_power_dbm") {
      power_node = &node;
      r->tx_power_dbm.clear();
      if (const auto* arr = node.as_array()) {
        for (const auto& a : *arr) {
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

void parse(const toml::node& n, Config& c, SectionErrors& e) {
  const auto* t = n.as_table();
  if (!t) {
    e.add(n, "rfid", "expected a table, got " + kind_and_value(n));
    return;
  }
  c.rfid.readers.clear();
  std::set<std::string> ids;
  for (auto&& [k, node] : *t) {
    const std::string key = "rfid." + std::string(k.str());
    if (k.str() != "readers") {
      e.add(node, key, "unknown key");
      continue;
    }
    const auto* arr = node.as_array();
    if (!arr) {
      e.add(node, key, "expected an array of tables ([[rfid.readers]]), got " + kind_and_value(node));
      continue;
    }
    for (std::size_t i = 0; i < arr->size(); ++i) {
      const auto& item = (*arr)[i];
      const std::string at = key + "[" + std::to_string(i) + "]";
      const auto* rt = item.as_table();
      if (!rt) {
        e.add(item, at, "expected a table, got " + kind_and_value(item));
        continue;
      }
      RfidReader r;
      parse_reader(*rt, at, &r, e);
      if (!r.id.empty() && !ids.insert(r.id).second) e.add(*rt, at + ".id", "duplicate reader id " + in_quotes(r.id));
      c.rfid.readers.push_back(std::move(r));
    }
  }
}

}  // namespace

Section rfid_section() {
  return Section{"rfid", parse,
                 {"rfid.readers[].id", "rfid.readers[].host", "rfid.readers[].port", "rfid.readers[].antennas",
                  "rfid.readers[].tx_power_dbm", "rfid.readers[].keepalive_ms", "rfid.readers[].start_trigger",
                  "rfid.readers[].gpi_port", "rfid.readers[].reconnect_min_ms", "rfid.readers[].reconnect_max_ms",
                  "rfid.readers[].max_frame_bytes"}};
}

}  // namespace jxc::config::detail
