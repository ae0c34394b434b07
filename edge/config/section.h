#pragma once
// What a part's section parser is written with: a read-only view of the parsed
// file (Node), value readers that return the message for a bad value, an error
// sink that positions it, and Section, the entry a part hands to parse() for
// its top-level table ([rfid], [scales], ...).
//
// toml++ stays behind this header (node.cpp alone includes it), so a part's
// parser depends on jxc_config and nothing else to read its table.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "edge/config/config.h"

namespace jxc::config {

/// Where something is written in the file: 1-based; 0 when unknown.
struct Position {
  int line = 0;
  int column = 0;
};

struct Entry;

/// One value of the parsed file: a table, an array or a scalar. Valid while
/// the parse() call that handed it out runs.
class Node {
 public:
  enum class Kind { none, table, array, string, integer, floating_point, boolean, date, time, date_time };

  Kind kind() const;
  /// Where the value is written (a table: where it starts).
  Position at() const;
  bool is_table() const { return kind() == Kind::table; }
  bool is_array() const { return kind() == Kind::array; }

  std::optional<std::string> as_string() const;
  std::optional<std::int64_t> as_integer() const;
  std::optional<double> as_floating_point() const;
  std::optional<bool> as_boolean() const;

  /// A table's keys and values, ordered by key; empty for anything else.
  std::vector<Entry> entries() const;
  /// True when this is a table holding `key`.
  bool contains(std::string_view key) const;
  /// An array's elements in order; empty for anything else.
  std::vector<Node> elements() const;

 private:
  friend class Document;
  explicit Node(const void* node) : node_(node) {}
  const void* node_;  // a toml::node; opaque so that toml++ stays in node.cpp
};

/// One `key = value` of a table.
struct Entry {
  std::string key;
  /// Where the key is written; line 0 for some implicit tables, where toml++
  /// records no position for the key.
  Position key_at;
  Node value;
  /// Where to report a problem with the key itself: the key, or the value
  /// when the key has no position.
  Position at() const { return key_at.line != 0 ? key_at : value.at(); }
};

// ---- describing what was found ----

std::string in_quotes(std::string_view s);
/// Shortest text that reads back as the same double.
std::string format_double(double v);
/// The value as a person wrote it, for "got ..." after a value error.
std::string value_text(const Node& n);
/// Kind and value, for "got ..." after a type error.
std::string kind_and_value(const Node& n);
std::string join(const std::vector<std::string_view>& words, std::string_view sep);
/// "\"a\" or \"b\"", "one of \"a\", \"b\", \"c\""
std::string choices_text(const std::vector<std::string_view>& choices);

// ---- readers: each returns the message for a bad value, or nothing ----

using Problem = std::optional<std::string>;

Problem read_string(const Node& n, std::string_view expected, std::string* out);
Problem read_choice(const Node& n, const std::vector<std::string_view>& choices, std::string* out);
Problem read_integer(const Node& n, std::int64_t min, std::optional<std::int64_t> max, std::int64_t* out);
/// Accepts integers too: `tolerance = 5` is what people write.
Problem read_number(const Node& n, double min, double max, std::string_view unit, double* out);
Problem read_bool(const Node& n, bool* out);
/// 1 to 64 letters, digits, '.', '_' or '-' (ids that end up in topics).
Problem read_gateway_id(const Node& n, std::string* out);
Problem read_site(const Node& n, std::string* out);

/// Collects a section's errors, each positioned at what it is about.
class SectionErrors {
 public:
  explicit SectionErrors(std::vector<ConfigError>* errors) : errors_(errors) {}
  void add(Position at, std::string key, std::string message);
  void add(const Node& at, std::string key, std::string message) {
    add(at.at(), std::move(key), std::move(message));
  }
  int count() const { return count_; }

 private:
  std::vector<ConfigError>* errors_;
  int count_ = 0;
};

/// A top-level table whose parser lives with the part that uses it.
struct Section {
  std::string_view name;  // top-level key, e.g. "rfid"
  /// Reads the node into `config`, reporting every problem to `errors` (keys
  /// dotted from `name`). Unknown keys are reported, never ignored.
  std::function<void(const Node&, Config&, SectionErrors&)> parse;
  /// Dotted keys the section may hold, for known_keys() ("rfid.readers[].host").
  std::vector<std::string> keys;
  /// The effective value of one of `keys` as the file would write it, for
  /// diff() on reload (arrays of tables: one value per entry, in a list).
  std::function<std::string(const Config&, std::string_view key)> render = {};
};

}  // namespace jxc::config
