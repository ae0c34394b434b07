#pragma once
// Shared by the files that parse parts of the configuration (config.cpp and
// one file per section in sections.h): value readers that return the message
// for a bad value, and an error sink that positions it. Internal to
// jxc_config; toml++ is visible here and nowhere outside edge/config.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "edge/config/config.h"

namespace jxc::config::detail {

/// The message for a bad value, or nothing.
using Problem = std::optional<std::string>;

std::string in_quotes(std::string_view s);
std::string format_double(double v);
/// The value as a person wrote it, for "got ..." after a value error.
std::string value_text(const toml::node& n);
/// Kind and value, for "got ..." after a type error.
std::string kind_and_value(const toml::node& n);
std::string join(const std::vector<std::string_view>& words, std::string_view sep);
/// "\"a\" or \"b\"", "one of \"a\", \"b\", \"c\""
std::string choices_text(const std::vector<std::string_view>& choices);

Problem read_string(const toml::node& n, std::string_view expected, std::string* out);
Problem read_choice(const toml::node& n, const std::vector<std::string_view>& choices,
                    std::string* out);
Problem read_integer(const toml::node& n, std::int64_t min, std::optional<std::int64_t> max,
                     std::int64_t* out);
/// Accepts integers too: `tolerance = 5` is what people write.
Problem read_number(const toml::node& n, double min, double max, std::string_view unit,
                    double* out);
/// 1 to 64 letters, digits, '.', '_' or '-' (ids that end up in topics).
Problem read_gateway_id(const toml::node& n, std::string* out);
Problem read_site(const toml::node& n, std::string* out);

/// Collects errors positioned at the node they are about.
class SectionErrors {
 public:
  explicit SectionErrors(std::vector<ConfigError>* errors) : errors_(errors) {}
  void add(const toml::source_region& at, std::string key, std::string message);
  void add(const toml::node& at, std::string key, std::string message) {
    add(at.source(), std::move(key), std::move(message));
  }
  int count() const { return count_; }

 private:
  std::vector<ConfigError>* errors_;
  int count_ = 0;
};

}  // namespace jxc::config::detail
