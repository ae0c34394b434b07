// Parses [portal] (see portal_section.h) and renders its keys for config::diff().
#include "edge/rfid/portal_section.h"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <set>

#include "edge/config/portal.h"

namespace jxc::rfid {
namespace {

using namespace config;  // the parsing helpers of edge/config/section.h

using Door = PortalConfig::Door;
using Forklift = PortalConfig::Forklift;

template <typename T>
using Reader = std::function<Problem(const Node&, T&)>;

template <typename T>
struct Key {
  std::string_view name;
  Reader<T> read;
};

Problem read_id(const Node& n, std::string* out) {
  // Ids end up in document sources and idempotency keys: no spaces or slashes.
  return read_gateway_id(n, out);
}

Problem read_code(const Node& n, std::string* out) {
  auto s = n.as_string();
  if (!s || s->empty()) return "expected a non-empty string, got " + kind_and_value(n);
  *out = *s;
  return std::nullopt;
}

Problem read_antennas(const Node& n, std::vector<std::int64_t>* out) {
  constexpr std::string_view expected = "expected an array of antenna numbers from 1 to 65535";
  if (!n.is_array()) return std::string(expected) + ", got " + kind_and_value(n);
  std::vector<std::int64_t> v;
  for (const Node& e : n.elements()) {
    auto i = e.as_integer();
    if (!i || *i < 1 || *i > 65535)
      return std::string(expected) + ", got " + kind_and_value(e) + " in the array";
    if (std::find(v.begin(), v.end(), *i) != v.end())
      return "antenna " + std::to_string(*i) + " is listed twice";
    v.push_back(*i);
  }
  *out = std::move(v);
  return std::nullopt;
}

const std::vector<Key<PortalConfig>>& top_keys() {
  static const std::vector<Key<PortalConfig>> keys = {
      {"rssi_floor_dbm", [](const Node& n, PortalConfig& c) { return read_integer(n, -128, 127, &c.rssi_floor_dbm); }},
      {"min_reads", [](const Node& n, PortalConfig& c) { return read_integer(n, 1, 64, &c.min_reads); }},
      {"window_ms", [](const Node& n, PortalConfig& c) { return read_integer(n, 1, 600000, &c.window_ms); }},
      {"dedup_ms", [](const Node& n, PortalConfig& c) { return read_integer(n, 0, 60000, &c.dedup_ms); }},
      {"departure_ms", [](const Node& n, PortalConfig& c) { return read_integer(n, 1, 3600000, &c.departure_ms); }},
      {"cross_read_margin_db", [](const Node& n, PortalConfig& c) { return read_integer(n, 0, 100, &c.cross_read_margin_db); }},
      {"cross_read_ratio", [](const Node& n, PortalConfig& c) { return read_number(n, 1, 1000, "times as many reads", &c.cross_read_ratio); }},
  };
  return keys;
}

const std::vector<Key<Door>>& door_keys() {
  static const std::vector<Key<Door>> keys = {
      {"id", [](const Node& n, Door& d) { return read_id(n, &d.id); }},
      {"location", [](const Node& n, Door& d) { return read_code(n, &d.location); }},
      {"reader", [](const Node& n, Door& d) { return read_id(n, &d.reader); }},
      {"outside_antennas", [](const Node& n, Door& d) { return read_antennas(n, &d.outside_antennas); }},
      {"inside_antennas", [](const Node& n, Door& d) { return read_antennas(n, &d.inside_antennas); }},
      {"mode", [](const Node& n, Door& d) { return read_choice(n, {"inbound", "outbound", "both"}, &d.mode); }},
      {"gpi_reader", [](const Node& n, Door& d) { return read_id(n, &d.gpi_reader); }},
      {"gpi_port", [](const Node& n, Door& d) { return read_integer(n, 0, 65535, &d.gpi_port); }},
      {"pass_idle_close_ms", [](const Node& n, Door& d) { return read_integer(n, 1, 3600000, &d.pass_idle_close_ms); }},
      {"max_pass_ms", [](const Node& n, Door& d) { return read_integer(n, 1, 86400000, &d.max_pass_ms); }},
      {"auto_post", [](const Node& n, Door& d) { return read_bool(n, &d.auto_post); }},
      {"receipt_inspection",
       [](const Node& n, Door& d) { return read_choice(n, {"none", "accepted", "quarantine"}, &d.receipt_inspection); }},
  };
  return keys;
}

const std::vector<Key<Forklift>>& forklift_keys() {
  static const std::vector<Key<Forklift>> keys = {
      {"id", [](const Node& n, Forklift& f) { return read_id(n, &f.id); }},
      {"reader", [](const Node& n, Forklift& f) { return read_id(n, &f.reader); }},
      {"antennas", [](const Node& n, Forklift& f) { return read_antennas(n, &f.antennas); }},
      {"pallet_window_ms", [](const Node& n, Forklift& f) { return read_integer(n, 1, 600000, &f.pallet_window_ms); }},
      {"from_location", [](const Node& n, Forklift& f) { return read_code(n, &f.from_location); }},
  };
  return keys;
}

template <typename T>
std::string names_of(const std::vector<Key<T>>& keys) {
  std::vector<std::string_view> v;
  for (const auto& k : keys) v.push_back(k.name);
  return join(v, ", ");
}

/// Reads one table's keys into `out`; returns the keys that were present.
template <typename T>
std::set<std::string> read_keys(const Node& t, const std::vector<Key<T>>& keys,
                                const std::string& prefix, T& out, SectionErrors& errors) {
  std::set<std::string> seen;
  for (const Entry& e : t.entries()) {
    const std::string& name = e.key;
    auto k = std::find_if(keys.begin(), keys.end(), [&](const Key<T>& x) { return x.name == name; });
    if (k == keys.end()) {
      errors.add(e.at(), prefix + name, "unknown key; expected one of " + names_of(keys));
      continue;
    }
    seen.insert(name);
    if (auto p = k->read(e.value, out)) errors.add(e.value, prefix + name, *p);
  }
  return seen;
}

void require(const std::set<std::string>& seen, const char* key, const Node& at,
             const std::string& prefix, SectionErrors& errors) {
  if (!seen.count(key)) errors.add(at, prefix + key, "is required");
}

// A reader antenna belongs to one read point at most, or reads would be
// counted at two places.
class AntennaOwners {
 public:
  void claim(const std::string& reader, const std::vector<std::int64_t>& antennas,
             const std::string& owner, const Node& at, const std::string& key,
             SectionErrors& errors) {
    for (auto a : antennas) {
      auto [it, fresh] = owners_.emplace(std::make_pair(reader, a), owner);
      if (!fresh && it->second != owner)
        errors.add(at, key, "antenna " + std::to_string(a) + " of reader " + in_quotes(reader) +
                                " already belongs to " + it->second);
    }
    if (antennas.empty()) {
      auto [it, fresh] = owners_.emplace(std::make_pair(reader, 0), owner);
      if (!fresh) errors.add(at, key, "reader " + in_quotes(reader) + " is already used by " + it->second);
    }
  }

 private:
  std::map<std::pair<std::string, std::int64_t>, std::string> owners_;
};

void parse_doors(const Node& node, PortalConfig& c, SectionErrors& errors,
                 AntennaOwners& owners, std::set<std::string>& ids) {
  if (!node.is_array()) {
    errors.add(node, "portal.doors", "expected an array of tables [[portal.doors]], got " + kind_and_value(node));
    return;
  }
  const std::vector<Node> elements = node.elements();
  for (size_t i = 0; i < elements.size(); ++i) {
    const Node& e = elements[i];
    std::string prefix = "portal.doors[" + std::to_string(i) + "].";
    if (!e.is_table()) {
      errors.add(e, "portal.doors", "expected a table [[portal.doors]], got " + kind_and_value(e));
      continue;
    }
    Door d;
    int before = errors.count();
    auto seen = read_keys(e, door_keys(), prefix, d, errors);
    for (const char* k : {"id", "location", "reader"}) require(seen, k, e, prefix, errors);
    if (errors.count() != before) continue;
    if (!ids.insert(d.id).second) errors.add(e, prefix + "id", "read point id " + in_quotes(d.id) + " is used twice");
    if (d.mode == "both") {
      if (d.outside_antennas.empty() || d.inside_antennas.empty())
        errors.add(e, prefix + "mode",
                   "a door with mode \"both\" takes its direction from antenna order and needs "
                   "outside_antennas and inside_antennas");
    } else if (d.outside_antennas.empty() && d.inside_antennas.empty()) {
      errors.add(e, prefix + "outside_antennas", "a door needs at least one antenna");
    }
    for (auto a : d.outside_antennas)
      if (std::find(d.inside_antennas.begin(), d.inside_antennas.end(), a) != d.inside_antennas.end())
        errors.add(e, prefix + "inside_antennas",
                   "antenna " + std::to_string(a) + " cannot be both outside and inside");
    if (!d.gpi_reader.empty() && d.gpi_port == 0)
      errors.add(e, prefix + "gpi_port", "gpi_reader is set but gpi_port is not");
    if (d.max_pass_ms < d.pass_idle_close_ms)
      errors.add(e, prefix + "max_pass_ms", "must not be shorter than pass_idle_close_ms");
    std::vector<std::int64_t> all = d.outside_antennas;
    all.insert(all.end(), d.inside_antennas.begin(), d.inside_antennas.end());
    owners.claim(d.reader, all, "door " + in_quotes(d.id), e, prefix + "reader", errors);
    c.doors.push_back(std::move(d));
  }
}

void parse_forklifts(const Node& node, PortalConfig& c, SectionErrors& errors,
                     AntennaOwners& owners, std::set<std::string>& ids) {
  if (!node.is_array()) {
    errors.add(node, "portal.forklifts",
               "expected an array of tables [[portal.forklifts]], got " + kind_and_value(node));
    return;
  }
  const std::vector<Node> elements = node.elements();
  for (size_t i = 0; i < elements.size(); ++i) {
    const Node& e = elements[i];
    std::string prefix = "portal.forklifts[" + std::to_string(i) + "].";
    if (!e.is_table()) {
      errors.add(e, "portal.forklifts", "expected a table [[portal.forklifts]], got " + kind_and_value(e));
      continue;
    }
    Forklift f;
    int before = errors.count();
    auto seen = read_keys(e, forklift_keys(), prefix, f, errors);
    for (const char* k : {"id", "reader", "from_location"}) require(seen, k, e, prefix, errors);
    if (errors.count() != before) continue;
    if (!ids.insert(f.id).second) errors.add(e, prefix + "id", "read point id " + in_quotes(f.id) + " is used twice");
    owners.claim(f.reader, f.antennas, "forklift " + in_quotes(f.id), e, prefix + "reader", errors);
    c.forklifts.push_back(std::move(f));
  }
}

void parse_portal(const Node& node, Config& config, SectionErrors& errors) {
  if (!node.is_table()) {
    errors.add(node, "portal", "expected a table [portal], got " + kind_and_value(node));
    return;
  }
  PortalConfig& c = config.portal;
  AntennaOwners owners;
  std::set<std::string> ids;
  // Doors are read before forklifts whatever the file order, so that errors
  // about shared antennas name the same owner every time.
  std::optional<Node> doors, forklifts;
  for (const Entry& e : node.entries()) {
    const std::string& name = e.key;
    if (name == "doors") { doors = e.value; continue; }
    if (name == "forklifts") { forklifts = e.value; continue; }
    auto k = std::find_if(top_keys().begin(), top_keys().end(), [&](const auto& x) { return x.name == name; });
    if (k == top_keys().end()) {
      errors.add(e.at(), "portal." + name, "unknown key in [portal]; expected one of " +
                                               names_of(top_keys()) + ", doors, forklifts");
      continue;
    }
    if (auto p = k->read(e.value, c)) errors.add(e.value, "portal." + name, *p);
  }
  if (doors) parse_doors(*doors, c, errors, owners, ids);
  if (forklifts) parse_forklifts(*forklifts, c, errors, owners, ids);
}

std::string render_list(const std::vector<std::int64_t>& v) {
  std::string out = "[";
  for (size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + std::to_string(v[i]);
  return out + "]";
}

template <typename T>
std::string render_each(const std::vector<T>& rows, const std::function<std::string(const T&)>& one) {
  std::string out = "[";
  for (size_t i = 0; i < rows.size(); ++i) out += (i ? ", " : "") + one(rows[i]);
  return out + "]";
}

std::string render_portal(const Config& config, std::string_view key) {
  const PortalConfig& c = config.portal;
  if (key == "portal.rssi_floor_dbm") return std::to_string(c.rssi_floor_dbm);
  if (key == "portal.min_reads") return std::to_string(c.min_reads);
  if (key == "portal.window_ms") return std::to_string(c.window_ms);
  if (key == "portal.dedup_ms") return std::to_string(c.dedup_ms);
  if (key == "portal.departure_ms") return std::to_string(c.departure_ms);
  if (key == "portal.cross_read_margin_db") return std::to_string(c.cross_read_margin_db);
  if (key == "portal.cross_read_ratio") return format_double(c.cross_read_ratio);
  static const std::map<std::string_view, std::function<std::string(const Door&)>> door = {
      {"portal.doors[].id", [](const Door& d) { return in_quotes(d.id); }},
      {"portal.doors[].location", [](const Door& d) { return in_quotes(d.location); }},
      {"portal.doors[].reader", [](const Door& d) { return in_quotes(d.reader); }},
      {"portal.doors[].outside_antennas", [](const Door& d) { return render_list(d.outside_antennas); }},
      {"portal.doors[].inside_antennas", [](const Door& d) { return render_list(d.inside_antennas); }},
      {"portal.doors[].mode", [](const Door& d) { return in_quotes(d.mode); }},
      {"portal.doors[].gpi_reader", [](const Door& d) { return in_quotes(d.gpi_reader); }},
      {"portal.doors[].gpi_port", [](const Door& d) { return std::to_string(d.gpi_port); }},
      {"portal.doors[].pass_idle_close_ms", [](const Door& d) { return std::to_string(d.pass_idle_close_ms); }},
      {"portal.doors[].max_pass_ms", [](const Door& d) { return std::to_string(d.max_pass_ms); }},
      {"portal.doors[].auto_post", [](const Door& d) { return std::string(d.auto_post ? "true" : "false"); }},
      {"portal.doors[].receipt_inspection", [](const Door& d) { return in_quotes(d.receipt_inspection); }},
  };
  if (auto it = door.find(key); it != door.end()) return render_each<Door>(c.doors, it->second);
  static const std::map<std::string_view, std::function<std::string(const Forklift&)>> fork = {
      {"portal.forklifts[].id", [](const Forklift& f) { return in_quotes(f.id); }},
      {"portal.forklifts[].reader", [](const Forklift& f) { return in_quotes(f.reader); }},
      {"portal.forklifts[].antennas", [](const Forklift& f) { return render_list(f.antennas); }},
      {"portal.forklifts[].pallet_window_ms", [](const Forklift& f) { return std::to_string(f.pallet_window_ms); }},
      {"portal.forklifts[].from_location", [](const Forklift& f) { return in_quotes(f.from_location); }},
  };
  if (auto it = fork.find(key); it != fork.end()) return render_each<Forklift>(c.forklifts, it->second);
  return {};
}

}  // namespace

config::Section portal_section() {
  std::vector<std::string> keys;
  for (const auto& k : top_keys()) keys.push_back("portal." + std::string(k.name));
  for (const auto& k : door_keys()) keys.push_back("portal.doors[]." + std::string(k.name));
  for (const auto& k : forklift_keys()) keys.push_back("portal.forklifts[]." + std::string(k.name));
  return config::Section{"portal", parse_portal, std::move(keys), render_portal};
}

}  // namespace jxc::rfid
