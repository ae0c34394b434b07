#include "edge/metrics/prometheus.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>

namespace jxc::metrics {
namespace {

void append_escaped(std::string& out, std::string_view s, bool quote) {
  for (char c : s) {
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else if (quote && c == '"') out += "\\\"";
    else out += c;
  }
}

void append_value(std::string& out, double v) {
  if (std::isnan(v)) {
    out += "NaN";
  } else if (std::isinf(v)) {
    out += v > 0 ? "+Inf" : "-Inf";
  } else if (v == std::trunc(v) && std::fabs(v) < 1e15) {
    out += std::to_string(static_cast<long long>(v));
  } else {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    out += buf;
  }
}

const char* type_name(Type t) { return t == Type::counter ? "counter" : "gauge"; }

}  // namespace

std::string render_prometheus(const std::vector<Family>& families) {
  std::string out;
  for (const auto& f : families) {
    out += "# HELP " + f.name + " ";
    append_escaped(out, f.help, false);
    out += "\n# TYPE " + f.name + " " + type_name(f.type) + "\n";
    for (const auto& s : f.samples) {
      out += f.name;
      if (!s.labels.empty()) {
        out += '{';
        for (std::size_t i = 0; i < s.labels.size(); ++i) {
          if (i) out += ',';
          out += s.labels[i].first + "=\"";
          append_escaped(out, s.labels[i].second, true);
          out += '"';
        }
        out += '}';
      }
      out += ' ';
      append_value(out, s.value);
      out += '\n';
    }
  }
  return out;
}

// ---- reading it back ----

namespace {

struct Cursor {
  std::string_view s;
  std::size_t i = 0;
  bool done() const { return i >= s.size(); }
  char peek() const { return done() ? '\0' : s[i]; }
};

std::string take_name(Cursor& c, bool colon) {
  std::size_t start = c.i;
  while (!c.done()) {
    char ch = c.peek();
    bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_' || (colon && ch == ':') ||
              (c.i > start && ch >= '0' && ch <= '9');
    if (!ok) break;
    ++c.i;
  }
  return std::string(c.s.substr(start, c.i - start));
}

bool parse_value(std::string_view t, double* out) {
  if (t == "NaN") *out = NAN;
  else if (t == "+Inf" || t == "Inf") *out = INFINITY;
  else if (t == "-Inf") *out = -INFINITY;
  else {
    if (t.empty()) return false;
    std::string copy(t);
    char* end = nullptr;
    *out = std::strtod(copy.c_str(), &end);
    if (end != copy.c_str() + copy.size()) return false;
  }
  return true;
}

Status bad(std::size_t line, const std::string& why) {
  return error(Errc::invalid_argument, "line " + std::to_string(line) + ": " + why);
}

}  // namespace

Result<std::vector<Family>> parse_prometheus(std::string_view text) {
  std::vector<Family> out;
  std::map<std::string, std::size_t, std::less<>> index;
  std::map<std::string, std::string> helps;
  std::size_t line_no = 0;
  while (!text.empty()) {
    ++line_no;
    std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    if (line.empty()) continue;
    if (line.starts_with("#")) {
      bool help = line.starts_with("# HELP "), type = line.starts_with("# TYPE ");
      if (!help && !type) continue;  // a comment
      Cursor c{line, 7};
      std::string name = take_name(c, true);
      if (name.empty() || c.peek() != ' ') return bad(line_no, "expected a metric name and a space");
      std::string rest(line.substr(c.i + 1));
      if (help) {
        std::string unescaped;
        for (std::size_t i = 0; i < rest.size(); ++i) {
          if (rest[i] != '\\') {
            unescaped += rest[i];
            continue;
          }
          if (++i == rest.size()) return bad(line_no, "a HELP text ends with a lone backslash");
          if (rest[i] == 'n') unescaped += '\n';
          else if (rest[i] == '\\') unescaped += '\\';
          else return bad(line_no, std::string("unknown escape \\") + rest[i] + " in HELP");
        }
        helps[name] = unescaped;
        if (auto it = index.find(name); it != index.end()) out[it->second].help = unescaped;
        continue;
      }
      if (index.count(name)) return bad(line_no, "TYPE of " + name + " given twice");
      Family f;
      f.name = name;
      if (rest == "counter") f.type = Type::counter;
      else if (rest == "gauge") f.type = Type::gauge;
      else return bad(line_no, "TYPE " + rest + " is not counter or gauge");
      if (auto h = helps.find(name); h != helps.end()) f.help = h->second;
      index[name] = out.size();
      out.push_back(std::move(f));
      continue;
    }
    Cursor c{line, 0};
    std::string name = take_name(c, true);
    if (name.empty()) return bad(line_no, "expected a metric name");
    auto fam = index.find(name);
    if (fam == index.end()) return bad(line_no, "sample of " + name + " before its TYPE line");
    Sample s;
    if (c.peek() == '{') {
      ++c.i;
      while (c.peek() != '}') {
        std::string label = take_name(c, false);
        if (label.empty()) return bad(line_no, "expected a label name");
        if (c.peek() != '=') return bad(line_no, "expected '=' after label " + label);
        ++c.i;
        if (c.peek() != '"') return bad(line_no, "expected '\"' to open the value of " + label);
        ++c.i;
        std::string value;
        for (;;) {
          if (c.done()) return bad(line_no, "the value of " + label + " is not closed");
          char ch = c.s[c.i++];
          if (ch == '"') break;
          if (ch != '\\') {
            value += ch;
            continue;
          }
          if (c.done()) return bad(line_no, "the value of " + label + " ends with a lone backslash");
          char e = c.s[c.i++];
          if (e == 'n') value += '\n';
          else if (e == '\\' || e == '"') value += e;
          else return bad(line_no, std::string("unknown escape \\") + e + " in the value of " + label);
        }
        s.labels.emplace_back(std::move(label), std::move(value));
        if (c.peek() == ',') ++c.i;
        else if (c.peek() != '}') return bad(line_no, "expected ',' or '}' after a label");
      }
      ++c.i;
    }
    if (c.peek() != ' ') return bad(line_no, "expected a space before the value");
    ++c.i;
    std::string_view rest = c.s.substr(c.i);
    std::string_view value = rest.substr(0, rest.find(' '));
    if (!parse_value(value, &s.value)) return bad(line_no, "'" + std::string(value) + "' is not a number");
    std::sort(s.labels.begin(), s.labels.end());
    out[fam->second].samples.push_back(std::move(s));
  }
  return out;
}

const Sample* find_sample(const std::vector<Family>& families, std::string_view name, const Labels& labels) {
  Labels sorted = labels;
  std::sort(sorted.begin(), sorted.end());
  for (const auto& f : families) {
    if (f.name != name) continue;
    for (const auto& s : f.samples)
      if (s.labels == sorted) return &s;
  }
  return nullptr;
}

}  // namespace jxc::metrics
