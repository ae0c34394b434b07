#pragma once
// A section's keys as a table of fields, for sections with one level of
// sub-table (e.g. [mqtt] with [mqtt.tls], [http] with [http.tls]): each field
// reads its key from TOML into the section's struct and renders it back for
// config::diff(). The table refuses unknown keys with the keys it expects
// and a sub-table given as anything but a table.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "edge/config/section.h"

namespace jxc::config {

template <typename T>
struct KeyedField {
  std::string key;  // under the section, e.g. "tls.ca_file"
  std::function<Problem(const Node&, T&)> read;
  std::function<std::string(const T&)> render;
};

template <typename T>
class KeyTable {
 public:
  /// `section` ("mqtt") names errors; `sub` ("tls") is the one sub-table.
  KeyTable(std::string section, std::string sub, std::vector<KeyedField<T>> fields)
      : section_(std::move(section)), sub_(std::move(sub)), fields_(std::move(fields)) {}

  const std::vector<KeyedField<T>>& fields() const { return fields_; }

  const KeyedField<T>* find(std::string_view key) const {
    for (const auto& f : fields_)
      if (f.key == key) return &f;
    return nullptr;
  }

  /// Reads every key of `table` (the section, or its sub-table when `prefix`
  /// is "tls.") into `out`; each problem is an error at its key.
  void parse(const Node& table, T& out, SectionErrors& errors, const std::string& prefix = "") const {
    for (const Entry& e : table.entries()) {
      const Node& node = e.value;
      std::string key = prefix + e.key;
      if (prefix.empty() && key == sub_) {
        if (node.is_table()) {
          parse(node, out, errors, sub_ + ".");
        } else {
          errors.add(node, section_ + "." + sub_,
                     "expected a table [" + section_ + "." + sub_ + "], got " + kind_and_value(node));
        }
        continue;
      }
      const KeyedField<T>* f = find(key);
      if (!f) {
        errors.add(e.key_at, section_ + "." + key,
                   "unknown key " + in_quotes(e.key) + "; expected " + expected_keys(prefix));
        continue;
      }
      if (auto p = f->read(node, out)) errors.add(node, section_ + "." + key, *p);
    }
  }

  /// "section.key" of every field, for Section::keys.
  std::vector<std::string> keys() const {
    std::vector<std::string> out;
    for (const auto& f : fields_) out.push_back(section_ + "." + f.key);
    return out;
  }

  /// The value of `dotted` ("mqtt.tls.ca_file") as config::diff() shows it;
  /// empty when the key is not this section's.
  std::string render(const T& value, std::string_view dotted) const {
    const std::string head = section_ + ".";
    if (!dotted.starts_with(head)) return {};
    const KeyedField<T>* f = find(dotted.substr(head.size()));
    return f ? f->render(value) : std::string{};
  }

 private:
  std::string expected_keys(const std::string& prefix) const {
    std::vector<std::string_view> names;
    for (const auto& f : fields_) {
      std::string_view k = f.key;
      if (prefix.empty() ? k.find('.') == std::string_view::npos : k.starts_with(prefix))
        names.push_back(k.substr(prefix.size()));
    }
    if (prefix.empty()) names.push_back(sub_);
    return choices_text(names);
  }

  std::string section_, sub_;
  std::vector<KeyedField<T>> fields_;
};

}  // namespace jxc::config
