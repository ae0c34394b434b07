#include "edge/http/header_values.h"

#include <algorithm>
#include <cctype>

namespace jxc::http {
namespace {

bool equal_ci(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

// The q-value among an entry's parameters ("q=0.8", "level=1;q=0"): 1 when
// none is given, -1 when it is not a number from 0 to 1 with up to three
// decimals.
double quality(std::string_view params) {
  double q = 1;
  while (!params.empty()) {
    auto semi = params.find(';');
    std::string_view p = trim_ows(params.substr(0, semi));
    params = semi == std::string_view::npos ? std::string_view() : params.substr(semi + 1);
    if (p.size() < 2 || std::tolower(static_cast<unsigned char>(p[0])) != 'q' || p[1] != '=') continue;
    std::string_view v = p.substr(2);
    if (v.empty() || v.size() > 5 || (v[0] != '0' && v[0] != '1')) return -1;
    q = v[0] - '0';
    if (v.size() > 1) {
      if (v[1] != '.') return -1;
      double scale = 0.1;
      for (char c : v.substr(2)) {
        if (c < '0' || c > '9') return -1;
        q += (c - '0') * scale;
        scale /= 10;
      }
    }
    if (q > 1) return -1;
  }
  return q;
}

}  // namespace

std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::vector<WeightedEntry> weighted_list(std::string_view header) {
  std::vector<WeightedEntry> out;
  while (!header.empty()) {
    auto comma = header.find(',');
    std::string_view entry = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    auto semi = entry.find(';');
    std::string_view value = trim_ows(entry.substr(0, semi));
    if (value.empty()) continue;
    out.push_back({value, semi == std::string_view::npos ? 1 : quality(entry.substr(semi + 1))});
  }
  return out;
}

bool accepts_gzip(std::string_view header) {
  double gzip = -1, any = -1;  // -1: not listed (or malformed)
  for (const auto& e : weighted_list(header)) {
    if (equal_ci(e.value, "gzip") || equal_ci(e.value, "x-gzip"))
      gzip = std::max(gzip, e.q);
    else if (e.value == "*")
      any = std::max(any, e.q);
  }
  return gzip >= 0 ? gzip > 0 : any > 0;
}

bool names_etag(std::string_view header, std::string_view etag) {
  std::size_t i = 0;
  while (i < header.size()) {
    const char c = header[i];
    if (c == ' ' || c == '\t' || c == ',') {
      ++i;
      continue;
    }
    if (c == '*') return true;
    if (header.compare(i, 2, "W/") == 0) i += 2;
    if (i < header.size() && header[i] == '"') {
      const std::size_t close = header.find('"', i + 1);
      if (close == std::string_view::npos) return false;
      if (header.substr(i, close + 1 - i) == etag) return true;
      i = close + 1;
      continue;
    }
    // Not an entity-tag: skip to the next entry.
    const std::size_t comma = header.find(',', i);
    if (comma == std::string_view::npos) return false;
    i = comma + 1;
  }
  return false;
}

}  // namespace jxc::http
