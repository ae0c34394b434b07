#include "edge/config/config.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>
#include <system_error>

#include <toml++/toml.h>

#include "edge/config/readers.h"
#include "edge/config/sections.h"

namespace jxc::config {
namespace {

using namespace detail;

// ---- the schema: every key the file may hold ----

struct Field {
  std::string_view table;
  std::string_view key;
  std::function<Problem(const toml::node&, Config&)> read;
};

const std::vector<std::string_view>& level_choices() {
  static const std::vector<std::string_view> v = {"trace", "debug",    "info", "warn",
                                                  "error", "critical", "off"};
  return v;
}

const std::vector<Field>& schema() {
  static const std::vector<Field> fields = {
      {"gateway", "id", [](const toml::node& n, Config& c) { return read_gateway_id(n, &c.gateway.id); }},
      {"gateway", "site", [](const toml::node& n, Config& c) { return read_site(n, &c.gateway.site); }},
      {"log", "level",
       [](const toml::node& n, Config& c) { return read_choice(n, level_choices(), &c.log.level); }},
      {"store", "path",
       [](const toml::node& n, Config& c) {
         return read_string(n, "a string (a file path, or \"\" for the default)", &c.store.path);
       }},
      {"store", "idempotency_retention_hours",
       [](const toml::node& n, Config& c) {
         return read_integer(n, 1, std::nullopt, &c.store.idempotency_retention_hours);
       }},
      {"store", "wal_limit_mib",
       [](const toml::node& n, Config& c) { return read_integer(n, 4, 4096, &c.store.wal_limit_mib); }},
      {"inventory", "negative_stock",
       [](const toml::node& n, Config& c) {
         std::string v;
         if (auto p = read_choice(n, {"block", "allow"}, &v)) return p;
         c.inventory.negative_stock =
             v == "allow" ? inventory::NegativePolicy::allow : inventory::NegativePolicy::block;
         return Problem{};
       }},
      {"inventory", "over_receipt_tolerance_pct",
       [](const toml::node& n, Config& c) {
         return read_number(n, 0, 1000, "percent", &c.inventory.over_receipt_tolerance_pct);
       }},
      {"inventory", "max_batch",
       [](const toml::node& n, Config& c) {
         return read_integer(n, 1, 100000, &c.inventory.max_batch);
       }},
      {"outbox", "retention_hours",
       [](const toml::node& n, Config& c) {
         return read_integer(n, 0, std::nullopt, &c.outbox.retention_hours);
       }},
      {"outbox", "downlink_retention_hours",
       [](const toml::node& n, Config& c) {
         return read_integer(n, 1, std::nullopt, &c.outbox.downlink_retention_hours);
       }},
      {"metrics", "enabled",
       [](const toml::node& n, Config& c) -> Problem {
         auto b = n.as_boolean();
         if (!b) return "expected true or false, got " + kind_and_value(n);
         c.metrics.enabled = b->get();
         return std::nullopt;
       }},
      {"metrics", "path",
       [](const toml::node& n, Config& c) {
         return read_string(n, "a string (a file path, or \"\" for the default)", &c.metrics.path);
       }},
      {"metrics", "interval_s",
       [](const toml::node& n, Config& c) { return read_integer(n, 1, 3600, &c.metrics.interval_s); }},
  };
  return fields;
}

std::vector<std::string_view> tables() {
  std::vector<std::string_view> out;
  for (const auto& f : schema())
    if (std::find(out.begin(), out.end(), f.table) == out.end()) out.push_back(f.table);
  for (const auto& s : sections()) out.push_back(s.name);
  return out;
}

const Section* find_section(std::string_view name) {
  for (const auto& s : sections())
    if (s.name == name) return &s;
  return nullptr;
}

std::vector<std::string_view> keys_of(std::string_view table) {
  std::vector<std::string_view> out;
  for (const auto& f : schema())
    if (f.table == table) out.push_back(f.key);
  return out;
}

const Field* find_field(std::string_view table, std::string_view key) {
  for (const auto& f : schema())
    if (f.table == table && f.key == key) return &f;
  return nullptr;
}

// ---- walking the document ----

class Checker {
 public:
  explicit Checker(std::vector<ConfigError>* errors) : errors_(errors) {}

  void check(const toml::table& root, Config& config) {
    for (auto&& [key, node] : root) {
      std::string_view name = key.str();
      if (const Section* section = find_section(name)) {
        SectionErrors sink(errors_);
        section->parse(node, config, sink);
        count_ += sink.count();
        continue;
      }
      auto known = tables();
      if (std::find(known.begin(), known.end(), name) == known.end()) {
        add(where(key, node), std::string(name),
            (node.is_table() ? "unknown table [" + std::string(name) + "]"
                             : "unknown key \"" + std::string(name) + "\"") +
                "; expected one of the tables " + bracketed(known));
        continue;
      }
      auto table = node.as_table();
      if (!table) {
        add(node.source(), std::string(name),
            "expected a table [" + std::string(name) + "], got " + kind_and_value(node));
        continue;
      }
      check_table(name, *table, config);
    }
  }

  bool failed() const { return count_ > 0; }
  int count() const { return count_; }

 private:
  void check_table(std::string_view table, const toml::table& t, Config& config) {
    for (auto&& [key, node] : t) {
      std::string dotted = std::string(table) + "." + std::string(key.str());
      const Field* field = find_field(table, key.str());
      if (!field) {
        add(where(key, node), dotted,
            "unknown key in [" + std::string(table) + "]; expected one of " +
                join(keys_of(table), ", "));
        continue;
      }
      if (auto problem = field->read(node, config)) add(node.source(), dotted, *problem);
    }
  }

  static std::string bracketed(const std::vector<std::string_view>& names) {
    std::string out;
    for (size_t i = 0; i < names.size(); ++i) out += (i ? ", [" : "[") + std::string(names[i]) + "]";
    return out;
  }

  // Unknown keys are reported where the key is written; toml++ leaves the key's
  // region empty for some implicit tables, so fall back to the value's.
  static toml::source_region where(const toml::key& key, const toml::node& node) {
    return key.source().begin.line != 0 ? key.source() : node.source();
  }

  void add(const toml::source_region& at, std::string key, std::string message) {
    ++count_;
    if (!errors_) return;
    errors_->push_back(ConfigError{static_cast<int>(at.begin.line), static_cast<int>(at.begin.column),
                                   std::move(key), std::move(message)});
  }

  std::vector<ConfigError>* errors_;
  int count_ = 0;
};

Status failure(const std::string& source, int count) {
  return error(Errc::config, source + ": " + std::to_string(count) +
                                 (count == 1 ? " error" : " errors") + " in the configuration");
}

}  // namespace

std::string ConfigError::to_string(const std::string& file) const {
  std::string out = file;
  // Appends, not `":" + std::to_string(...)`: GCC 12 at -O2 warns
  // (-Wrestrict, a false positive) on the inlined insert at the front.
  if (line > 0) {
    out += ':';
    out += std::to_string(line);
    if (column > 0) {
      out += ':';
      out += std::to_string(column);
    }
  }
  out += ": ";
  if (!key.empty()) {
    out += key;
    out += ": ";
  }
  out += message;
  return out;
}

std::string Config::store_path() const {
  if (!store.path.empty()) return store.path;
  // systemd sets STATE_DIRECTORY to one path per StateDirectory= entry,
  // separated by colons; ours is the first.
  if (const char* state = std::getenv("STATE_DIRECTORY")) {
    std::string_view dirs(state);
    std::string_view first = dirs.substr(0, dirs.find(':'));
    if (!first.empty()) return (std::filesystem::path(first) / "jxc-edge.db").string();
  }
  return "./var/jxc-edge.db";
}

std::string Config::metrics_path() const {
  if (!metrics.path.empty()) return metrics.path;
  std::filesystem::path dir = std::filesystem::path(store_path()).parent_path();
  return (dir / "jxc-edge.prom").string();
}

inventory::EngineOptions Config::engine_options() const {
  inventory::EngineOptions o;
  o.store_path = store_path();
  o.gateway_id = gateway.id;
  o.site_id = gateway.site;
  o.negative_stock = inventory.negative_stock;
  o.over_receipt_tolerance_pct = inventory.over_receipt_tolerance_pct;
  o.max_batch = static_cast<size_t>(inventory.max_batch);
  o.wal_limit_pages = static_cast<int>(store.wal_limit_mib * 1024 * 1024 / 4096);  // SQLite's page size
  return o;
}

Config defaults() { return Config{}; }

Result<Config> parse(const std::string& toml_text, const std::string& source_name,
                     std::vector<ConfigError>* errors) {
  toml::table root;
  try {
    root = toml::parse(toml_text, source_name);
  } catch (const toml::parse_error& e) {
    // A syntax error stops the parser, so it is the only error reported.
    const auto& at = e.source().begin;
    if (errors)
      errors->push_back(ConfigError{static_cast<int>(at.line), static_cast<int>(at.column), "",
                                    "syntax error: " + std::string(e.description())});
    return failure(source_name, 1);
  }
  Config config = defaults();
  config.source = source_name;
  const size_t first_new = errors ? errors->size() : 0;
  Checker checker(errors);
  checker.check(root, config);
  if (checker.failed()) {
    // toml++ keeps a table's keys sorted by name; a person reads top to bottom.
    if (errors)
      std::stable_sort(errors->begin() + static_cast<std::ptrdiff_t>(first_new), errors->end(),
                       [](const ConfigError& a, const ConfigError& b) {
                         return std::pair(a.line, a.column) < std::pair(b.line, b.column);
                       });
    return failure(source_name, checker.count());
  }
  return config;
}

Result<Config> load_file(const std::string& path, std::vector<ConfigError>* errors) {
  auto cannot_read = [&](const std::string& why) -> Status {
    if (errors) errors->push_back(ConfigError{0, 0, "", "cannot read the file: " + why});
    return failure(path, 1);
  };
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return cannot_read("it is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) return cannot_read(std::error_code(errno, std::generic_category()).message());
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return cannot_read(std::error_code(errno, std::generic_category()).message());
  return parse(text.str(), path, errors);
}

const std::vector<std::string>& known_keys() {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> out;
    for (const auto& f : schema()) out.push_back(std::string(f.table) + "." + std::string(f.key));
    for (const auto& s : sections()) out.insert(out.end(), s.keys.begin(), s.keys.end());
    return out;
  }();
  return keys;
}

const std::vector<std::string>& log_levels() {
  static const std::vector<std::string> levels(level_choices().begin(), level_choices().end());
  return levels;
}

std::string_view to_string(inventory::NegativePolicy p) {
  return p == inventory::NegativePolicy::allow ? "allow" : "block";
}

}  // namespace jxc::config
