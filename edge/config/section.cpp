#include "edge/config/section.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace jxc::config {

// ---- describing what was found ----

std::string in_quotes(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// Shortest text that reads back as the same double.
std::string format_double(double v) {
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

// The value as a person wrote it, for "got ..." after a value error.
std::string value_text(const Node& n) {
  if (auto s = n.as_string()) return in_quotes(*s);
  if (auto i = n.as_integer()) return std::to_string(*i);
  if (auto f = n.as_floating_point()) return format_double(*f);
  if (auto b = n.as_boolean()) return *b ? "true" : "false";
  return "a value";
}

// Kind and value, for "got ..." after a type error: a person who wrote
// `max_batch = "10"` needs to see that the quotes made it a string.
std::string kind_and_value(const Node& n) {
  switch (n.kind()) {
    case Node::Kind::string: return "string " + value_text(n);
    case Node::Kind::integer: return "integer " + value_text(n);
    case Node::Kind::floating_point: return "float " + value_text(n);
    case Node::Kind::boolean: return "boolean " + value_text(n);
    case Node::Kind::table: return "a table";
    case Node::Kind::array: return "an array";
    case Node::Kind::date: return "a date";
    case Node::Kind::time: return "a time";
    case Node::Kind::date_time: return "a date-time";
    case Node::Kind::none: break;
  }
  return "nothing";
}

std::string join(const std::vector<std::string_view>& words, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i) out += sep;
    out += words[i];
  }
  return out;
}

std::string choices_text(const std::vector<std::string_view>& choices) {
  std::vector<std::string> q;
  for (auto c : choices) q.push_back(in_quotes(c));
  if (q.size() == 2) return q[0] + " or " + q[1];
  std::string out = "one of ";
  for (size_t i = 0; i < q.size(); ++i) out += (i ? ", " : "") + q[i];
  return out;
}

// ---- readers: each returns the message for a bad value, or nothing ----

Problem read_string(const Node& n, std::string_view expected, std::string* out) {
  auto s = n.as_string();
  if (!s) return "expected " + std::string(expected) + ", got " + kind_and_value(n);
  *out = *s;
  return std::nullopt;
}

Problem read_choice(const Node& n, const std::vector<std::string_view>& choices,
                    std::string* out) {
  std::string expected = "expected " + choices_text(choices);
  auto s = n.as_string();
  if (!s) return expected + ", got " + kind_and_value(n);
  if (std::find(choices.begin(), choices.end(), *s) == choices.end())
    return expected + ", got " + in_quotes(*s);
  *out = *s;
  return std::nullopt;
}

Problem read_integer(const Node& n, std::int64_t min, std::optional<std::int64_t> max,
                     std::int64_t* out) {
  std::string expected = max ? "expected an integer from " + std::to_string(min) + " to " +
                                   std::to_string(*max)
                             : "expected an integer >= " + std::to_string(min);
  auto i = n.as_integer();
  if (!i) return expected + ", got " + kind_and_value(n);
  std::int64_t v = *i;
  if (v < min || (max && v > *max)) return expected + ", got " + std::to_string(v);
  *out = v;
  return std::nullopt;
}

// Accepts integers too: `over_receipt_tolerance_pct = 5` is what people write.
Problem read_number(const Node& n, double min, double max, std::string_view unit,
                    double* out) {
  std::string expected = "expected a number from " + format_double(min) + " to " +
                         format_double(max) + " (" + std::string(unit) + ")";
  double v = 0;
  if (auto i = n.as_integer()) {
    v = static_cast<double>(*i);
  } else if (auto f = n.as_floating_point()) {
    v = *f;
  } else {
    return expected + ", got " + kind_and_value(n);
  }
  if (!std::isfinite(v) || v < min || v > max) return expected + ", got " + value_text(n);
  *out = v;
  return std::nullopt;
}

// The gateway id becomes part of MQTT topics and event envelopes, so it is
// kept to characters that need no escaping anywhere.
Problem read_gateway_id(const Node& n, std::string* out) {
  constexpr std::string_view expected =
      "expected a non-empty string of at most 64 letters, digits, '.', '_' or '-'";
  auto s = n.as_string();
  if (!s) return std::string(expected) + ", got " + kind_and_value(n);
  const std::string& v = *s;
  bool good = !v.empty() && v.size() <= 64 && std::all_of(v.begin(), v.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '.' || c == '_' || c == '-';
  });
  if (!good) return std::string(expected) + ", got " + in_quotes(v);
  *out = v;
  return std::nullopt;
}

Problem read_site(const Node& n, std::string* out) {
  constexpr std::string_view expected = "expected a non-empty site code";
  auto s = n.as_string();
  if (!s) return std::string(expected) + ", got " + kind_and_value(n);
  if (s->empty()) return std::string(expected) + ", got \"\"";
  *out = *s;
  return std::nullopt;
}

Problem read_bool(const Node& n, bool* out) {
  auto b = n.as_boolean();
  if (!b) return "expected true or false, got " + kind_and_value(n);
  *out = *b;
  return std::nullopt;
}

void SectionErrors::add(Position at, std::string key, std::string message) {
  ++count_;
  if (!errors_) return;
  errors_->push_back(ConfigError{at.line, at.column, std::move(key), std::move(message)});
}

}  // namespace jxc::config
