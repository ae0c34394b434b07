#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "edge/identifiers/gs1.h"
#include "edge/identifiers/gs1_internal.h"

namespace jxc::identifiers::gs1_detail {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Result<std::string> percent_decode(std::string_view s, const std::string& where) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    const int hi = i + 1 < s.size() ? hex_value(s[i + 1]) : -1;
    const int lo = i + 2 < s.size() ? hex_value(s[i + 2]) : -1;
    if (hi < 0 || lo < 0)
      return fail("bad percent-encoding " + where + " in \"" + show_text(s) + "\"");
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

struct PrimaryKey {
  std::string_view ai;
  std::array<std::string_view, 4> qualifiers;  // allowed path qualifiers, in required order
};

// Primary keys this parser accepts in a Digital Link path and the key
// qualifiers that may follow each (GS1 Digital Link URI syntax).
constexpr PrimaryKey kPrimaryKeys[] = {
    {"01", {"22", "10", "21", ""}},
    {"00", {"", "", "", ""}},
    {"414", {"254", "", "", ""}},
    {"8003", {"", "", "", ""}},
    {"8004", {"", "", "", ""}},
    {"401", {"", "", "", ""}},
    {"402", {"", "", "", ""}},
    {"253", {"", "", "", ""}},
    {"255", {"", "", "", ""}},
    {"417", {"", "", "", ""}},
    {"8006", {"22", "10", "21", ""}},
};

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

}  // namespace

bool is_uri(std::string_view s) {
  return starts_with_ci(s, "https://") || starts_with_ci(s, "http://");
}

namespace {

Status add_uri_element(std::string_view ai_text, std::string value, const std::string& where,
                       int reference_year, Gs1Scan& scan) {
  Lookup l = lookup_exact(ai_text);
  if (!l.def) return fail("unknown AI " + show_text(ai_text) + " " + where);
  // A Digital Link path may carry a GTIN-8/12/13 unpadded.
  if (l.ai == "01" && all_digits(value) &&
      (value.size() == 8 || value.size() == 12 || value.size() == 13))
    value.insert(0, 14 - value.size(), '0');
  JXC_ASSIGN(Gs1Element e, make_element(l, value, where, reference_year));
  return add_element(scan, std::move(e), where);
}

}  // namespace

Status parse_digital_link(std::string_view uri, int reference_year, Gs1Scan& scan) {
  std::string_view rest = uri.substr(uri.find("//") + 2);
  if (auto hash = rest.find('#'); hash != std::string_view::npos) rest = rest.substr(0, hash);
  std::string_view query;
  if (auto q = rest.find('?'); q != std::string_view::npos) {
    query = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  const auto slash = rest.find('/');
  if (slash == 0 || slash == std::string_view::npos)
    return fail("Digital Link URI has no host or no path");
  std::string_view path = rest.substr(slash + 1);

  std::vector<std::string_view> segs;
  while (!path.empty()) {
    const auto s = path.find('/');
    std::string_view seg = path.substr(0, s);
    if (!seg.empty()) segs.push_back(seg);
    if (s == std::string_view::npos) break;
    path = path.substr(s + 1);
  }
  // The path may begin with any prefix of the resolver's own (e.g. /shop/);
  // the first segment naming a primary key with a value after it starts the AIs.
  std::size_t start = segs.size();
  const PrimaryKey* pk = nullptr;
  for (std::size_t i = 0; i + 1 < segs.size() && !pk; ++i)
    for (const auto& k : kPrimaryKeys)
      if (segs[i] == k.ai) {
        pk = &k;
        start = i;
        break;
      }
  if (!pk) return fail("Digital Link URI path has no GS1 primary key (e.g. /01/<GTIN>)");
  if ((segs.size() - start) % 2 != 0)
    return fail("Digital Link URI path ends with AI " + show_text(segs.back()) + " and no value");

  std::size_t next_qualifier = 0;
  for (std::size_t i = start; i < segs.size(); i += 2) {
    const std::string where = "in URI path segment " + std::to_string(i + 1);
    if (i > start) {
      // Qualifiers must belong to the key and keep their defined order.
      std::size_t q = next_qualifier;
      while (q < pk->qualifiers.size() && pk->qualifiers[q] != segs[i]) ++q;
      if (q >= pk->qualifiers.size() || segs[i].empty())
        return fail("AI " + show_text(segs[i]) + " " + where + " is not a qualifier of AI " +
                    std::string(pk->ai) + " here");
      next_qualifier = q + 1;
    }
    JXC_ASSIGN(std::string value, percent_decode(segs[i + 1], where));
    JXC_TRY(add_uri_element(segs[i], std::move(value), where, reference_year, scan));
  }

  while (!query.empty()) {
    const auto amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    std::string_view key = pair.substr(0, eq);
    // Non-numeric keys (linkType, context, ...) are resolver parameters, not data.
    if (!all_digits(key)) continue;
    const std::string where = "in URI query";
    if (eq == std::string_view::npos)
      return fail("AI " + std::string(key) + " " + where + " has no value");
    JXC_ASSIGN(std::string value, percent_decode(pair.substr(eq + 1), where));
    JXC_TRY(add_uri_element(key, std::move(value), where, reference_year, scan));
  }
  return Status::ok();
}

}  // namespace jxc::identifiers::gs1_detail
