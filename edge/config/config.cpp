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

#include "edge/config/document.h"
#include "edge/config/section.h"

namespace jxc::config {
namespace {

// ---- the schema: every key the file may hold ----

struct Field {
  std::string_view table;
  std::string_view key;
  std::function<Problem(const Node&, Config&)> read;
};

const std::vector<std::string_view>& level_choices() {
  static const std::vector<std::string_view> v = {"trace", "debug",    "info", "warn",
                                                  "error", "critical", "off"};
  return v;
}

const std::vector<Field>& schema() {
  static const std::vector<Field> fields = {
      {"gateway", "id", [](const Node& n, Config& c) { return read_gateway_id(n, &c.gateway.id); }},
      {"gateway", "site", [](const Node& n, Config& c) { return read_site(n, &c.gateway.site); }},
      {"log", "level",
       [](const Node& n, Config& c) { return read_choice(n, level_choices(), &c.log.level); }},
      {"store", "path",
       [](const Node& n, Config& c) {
         return read_string(n, "a string (a file path, or \"\" for the default)", &c.store.path);
       }},
      {"store", "idempotency_retention_hours",
       [](const Node& n, Config& c) {
         return read_integer(n, 1, std::nullopt, &c.store.idempotency_retention_hours);
       }},
      {"store", "device_record_days",
       [](const Node& n, Config& c) { return read_integer(n, 1, std::nullopt, &c.store.device_record_days); }},
      {"store", "wal_limit_mib",
       [](const Node& n, Config& c) { return read_integer(n, 4, 4096, &c.store.wal_limit_mib); }},
      {"inventory", "negative_stock",
       [](const Node& n, Config& c) {
         std::string v;
         if (auto p = read_choice(n, {"block", "allow"}, &v)) return p;
         c.inventory.negative_stock = v == "allow" ? NegativeStock::allow : NegativeStock::block;
         return Problem{};
       }},
      {"inventory", "over_receipt_tolerance_pct",
       [](const Node& n, Config& c) {
         return read_number(n, 0, 1000, "percent", &c.inventory.over_receipt_tolerance_pct);
       }},
      {"inventory", "max_batch",
       [](const Node& n, Config& c) {
         return read_integer(n, 1, 100000, &c.inventory.max_batch);
       }},
      {"outbox", "retention_hours",
       [](const Node& n, Config& c) {
         return read_integer(n, 0, std::nullopt, &c.outbox.retention_hours);
       }},
      {"outbox", "downlink_retention_hours",
       [](const Node& n, Config& c) {
         return read_integer(n, 1, std::nullopt, &c.outbox.downlink_retention_hours);
       }},
      {"metrics", "enabled",
       [](const Node& n, Config& c) { return read_bool(n, &c.metrics.enabled); }},
      {"metrics", "path",
       [](const Node& n, Config& c) {
         return read_string(n, "a string (a file path, or \"\" for the default)", &c.metrics.path);
       }},
      {"metrics", "interval_s",
       [](const Node& n, Config& c) { return read_integer(n, 1, 3600, &c.metrics.interval_s); }},
      {"site", "timezone",
       [](const Node& n, Config& c) -> Problem {
         std::string name;
         if (auto p = read_string(n, "an IANA time zone name such as \"Asia/Shanghai\", or \"\"", &name))
           return p;
         if (auto z = TimeZone::configured(name); !z) return z.status().reason();
         c.site.timezone = std::move(name);
         return std::nullopt;
       }},
      {"site", "four_eyes",
       [](const Node& n, Config& c) { return read_bool(n, &c.site.four_eyes); }},
      {"site", "currency",
       [](const Node& n, Config& c) -> Problem {
         std::string code;
         if (auto p = read_string(n, "an ISO 4217 currency code such as \"CNY\"", &code)) return p;
         if (code.size() != 3 || !std::all_of(code.begin(), code.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; }))
           return "expected an ISO 4217 currency code of three capital letters such as \"CNY\", got \"" + code + "\"";
         c.site.currency = std::move(code);
         return std::nullopt;
       }},
      {"backup", "dir",
       [](const Node& n, Config& c) {
         return read_string(n, "a string (a directory, or \"\" for no scheduled backups)", &c.backup.dir);
       }},
      {"backup", "interval_hours",
       [](const Node& n, Config& c) { return read_integer(n, 1, 24 * 366, &c.backup.interval_hours); }},
      {"backup", "keep",
       [](const Node& n, Config& c) { return read_integer(n, 1, 100000, &c.backup.keep); }},
  };
  return fields;
}

std::vector<std::string_view> tables(const Sections& sections) {
  std::vector<std::string_view> out;
  for (const auto& f : schema())
    if (std::find(out.begin(), out.end(), f.table) == out.end()) out.push_back(f.table);
  for (const auto& s : sections) out.push_back(s.name);
  return out;
}

const Section* find_section(const Sections& sections, std::string_view name) {
  for (const auto& s : sections)
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
  Checker(const Sections& sections, std::vector<ConfigError>* errors)
      : sections_(sections), errors_(errors) {}

  void check(const Node& root, Config& config) {
    for (const Entry& e : root.entries()) {
      const std::string& name = e.key;
      if (const Section* section = find_section(sections_, name)) {
        SectionErrors sink(errors_);
        section->parse(e.value, config, sink);
        count_ += sink.count();
        continue;
      }
      auto known = tables(sections_);
      if (std::find(known.begin(), known.end(), name) == known.end()) {
        add(e.at(), name,
            (e.value.is_table() ? "unknown table [" + name + "]" : "unknown key \"" + name + "\"") +
                "; expected one of the tables " + bracketed(known));
        continue;
      }
      if (!e.value.is_table()) {
        add(e.value.at(), name, "expected a table [" + name + "], got " + kind_and_value(e.value));
        continue;
      }
      check_table(name, e.value, config);
    }
  }

  bool failed() const { return count_ > 0; }
  int count() const { return count_; }

 private:
  void check_table(std::string_view table, const Node& t, Config& config) {
    for (const Entry& e : t.entries()) {
      std::string dotted = std::string(table) + "." + e.key;
      const Field* field = find_field(table, e.key);
      if (!field) {
        add(e.at(), dotted,
            "unknown key in [" + std::string(table) + "]; expected one of " +
                join(keys_of(table), ", "));
        continue;
      }
      if (auto problem = field->read(e.value, config)) add(e.value.at(), dotted, *problem);
    }
  }

  static std::string bracketed(const std::vector<std::string_view>& names) {
    std::string out;
    for (size_t i = 0; i < names.size(); ++i) out += (i ? ", [" : "[") + std::string(names[i]) + "]";
    return out;
  }

  void add(Position at, std::string key, std::string message) {
    ++count_;
    if (!errors_) return;
    errors_->push_back(ConfigError{at.line, at.column, std::move(key), std::move(message)});
  }

  const Sections& sections_;
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

TimeZone Config::time_zone() const {
  auto z = TimeZone::configured(site.timezone);
  return z ? *z : TimeZone::utc();
}

Config defaults() { return Config{}; }

Result<Config> parse(const std::string& toml_text, const std::string& source_name,
                     const Sections& sections, std::vector<ConfigError>* errors) {
  ConfigError syntax_error;
  auto document = Document::parse(toml_text, source_name, &syntax_error);
  if (!document) {
    // A syntax error stops the parser, so it is the only error reported.
    if (errors) errors->push_back(std::move(syntax_error));
    return failure(source_name, 1);
  }
  Config config = defaults();
  config.source = source_name;
  const size_t first_new = errors ? errors->size() : 0;
  Checker checker(sections, errors);
  checker.check(document->root(), config);
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

Result<Config> load_file(const std::string& path, const Sections& sections,
                         std::vector<ConfigError>* errors) {
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
  return parse(text.str(), path, sections, errors);
}

std::vector<std::string> known_keys(const Sections& sections) {
  std::vector<std::string> out;
  for (const auto& f : schema()) out.push_back(std::string(f.table) + "." + std::string(f.key));
  for (const auto& s : sections) out.insert(out.end(), s.keys.begin(), s.keys.end());
  return out;
}

const std::vector<std::string>& log_levels() {
  static const std::vector<std::string> levels(level_choices().begin(), level_choices().end());
  return levels;
}

std::string_view to_string(NegativeStock p) { return p == NegativeStock::allow ? "allow" : "block"; }

}  // namespace jxc::config
