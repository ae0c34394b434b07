#include "edge/sync/json_fields.h"

#include <cmath>

#include "edge/common/text.h"

namespace jxc::sync {

std::string at_index(const std::string& path, std::size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

Fields::Fields(const json& obj, std::string path, std::vector<std::string>& problems)
    : path_(std::move(path)), problems_(problems) {
  if (obj.is_object())
    obj_ = &obj;
  else
    problems_.push_back((path_.empty() ? std::string("the message") : path_) + ": must be a JSON object");
}

std::string Fields::path(const std::string& key) const {
  return path_.empty() ? key : path_ + "." + key;
}

void Fields::problem(const std::string& key, const std::string& what) {
  problems_.push_back(path(key) + ": " + what);
}

const json* Fields::find(const char* key) {
  known_.insert(key);
  if (!obj_) return nullptr;
  auto it = obj_->find(key);
  if (it == obj_->end() || it->is_null()) return nullptr;
  return &*it;
}

namespace {

// The parser has checked the text is UTF-8; C0, DEL and C1 controls (tab
// included) have no place in a name or code.
bool clean(const std::string& s) { return !text::find_control(s, ""); }

}  // namespace

std::optional<std::string> Fields::optional_text(const char* key, std::size_t max_len) {
  const json* v = find(key);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    problem(key, "must be a string");
    return std::nullopt;
  }
  const auto& s = v->get_ref<const std::string&>();
  if (s.empty() || s.size() > max_len) {
    problem(key, "must be 1 to " + std::to_string(max_len) + " characters");
    return std::nullopt;
  }
  if (!clean(s)) {
    problem(key, "must not contain control characters");
    return std::nullopt;
  }
  return s;
}

std::string Fields::text(const char* key, bool required, std::size_t max_len) {
  if (required && obj_ && !find(key)) {
    problem(key, "is required");
    return {};
  }
  return optional_text(key, max_len).value_or(std::string());
}

std::optional<std::int64_t> Fields::integer(const char* key, bool required, std::int64_t min,
                                            std::int64_t max) {
  const json* v = find(key);
  if (!v) {
    if (required && obj_) problem(key, "is required");
    return std::nullopt;
  }
  if (!v->is_number_integer()) {
    problem(key, "must be a whole number");
    return std::nullopt;
  }
  // An unsigned value above INT64_MAX is out of every range below.
  if (v->is_number_unsigned() && v->get<std::uint64_t>() > static_cast<std::uint64_t>(max)) {
    problem(key, "must be at most " + std::to_string(max));
    return std::nullopt;
  }
  auto n = v->get<std::int64_t>();
  if (n < min || n > max) {
    problem(key, "must be between " + std::to_string(min) + " and " + std::to_string(max));
    return std::nullopt;
  }
  return n;
}

std::optional<double> Fields::number(const char* key, double min, double max) {
  const json* v = find(key);
  if (!v) return std::nullopt;
  if (!v->is_number()) {
    problem(key, "must be a number");
    return std::nullopt;
  }
  double d = v->get<double>();
  if (!std::isfinite(d) || d < min || d > max) {
    problem(key, "must be between " + json(min).dump() + " and " + json(max).dump());
    return std::nullopt;
  }
  return d;
}

std::optional<std::string> Fields::decimal_text(const char* key, bool required) {
  const json* v = find(key);
  if (!v) {
    if (required) problem(key, "is required");
    return std::nullopt;
  }
  if (v->is_string() && v->get_ref<const std::string&>().size() <= 32) return v->get<std::string>();
  if (v->is_number() && std::isfinite(v->get<double>())) return v->dump();
  problem(key, "must be a decimal number or a string such as \"2.5\"");
  return std::nullopt;
}

bool Fields::boolean(const char* key, bool fallback) {
  const json* v = find(key);
  if (!v) return fallback;
  if (!v->is_boolean()) {
    problem(key, "must be true or false");
    return fallback;
  }
  return v->get<bool>();
}

const json* Fields::array(const char* key, bool required, std::size_t min_items,
                          std::size_t max_items) {
  const json* v = find(key);
  if (!v) {
    if (required && obj_) problem(key, "is required");
    return nullptr;
  }
  if (!v->is_array()) {
    problem(key, "must be an array");
    return nullptr;
  }
  if (v->size() < min_items || v->size() > max_items) {
    problem(key, "must have " + std::to_string(min_items) + " to " + std::to_string(max_items) +
                     " entries, has " + std::to_string(v->size()));
    return nullptr;
  }
  return v;
}

const json* Fields::object(const char* key, bool required) {
  const json* v = find(key);
  if (!v) {
    if (required && obj_) problem(key, "is required");
    return nullptr;
  }
  if (!v->is_object()) {
    problem(key, "must be an object");
    return nullptr;
  }
  return v;
}

std::vector<std::string> Fields::texts(const char* key, bool required, std::size_t min_items,
                                       std::size_t max_items, std::size_t max_len) {
  std::vector<std::string> out;
  const json* a = array(key, required, min_items, max_items);
  if (!a) return out;
  for (std::size_t i = 0; i < a->size(); ++i) {
    const json& e = (*a)[i];
    std::string where = at_index(path(key), i);
    if (!e.is_string() || e.get_ref<const std::string&>().empty() ||
        e.get_ref<const std::string&>().size() > max_len || !clean(e.get_ref<const std::string&>())) {
      problems_.push_back(where + ": must be a string of 1 to " + std::to_string(max_len) +
                          " printable characters");
      continue;
    }
    out.push_back(e.get<std::string>());
  }
  return out;
}

std::string Fields::choice(const char* key, bool required, const std::vector<std::string>& allowed) {
  std::string s = text(key, required);
  if (s.empty()) return s;
  for (const auto& a : allowed)
    if (s == a) return s;
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
  problem(key, "'" + s + "' is not one of " + list);
  return {};
}

void Fields::no_other_fields() {
  if (!obj_) return;
  for (auto it = obj_->begin(); it != obj_->end(); ++it)
    if (!known_.count(it.key())) problems_.push_back(path(it.key()) + ": is not a known field");
}

}  // namespace jxc::sync
