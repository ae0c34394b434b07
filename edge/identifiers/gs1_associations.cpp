// The GS1 association rules (General Specifications 4.14) over the elements of
// one item: requisite pairs (AI 254 is meaningless without the AI 414 it
// extends) and exclusive pairs (AI 01 and AI 37 never together: a count of
// contained items belongs with the contained GTIN, AI 02). The rules
// themselves are the `req` and `ex` columns of the AI table.
#include <string>
#include <string_view>
#include <vector>

#include "edge/identifiers/gs1.h"
#include "edge/identifiers/gs1_internal.h"

namespace jxc::identifiers {
namespace gs1_detail {
namespace {

// "31nn" matches 3103; 'n' is any digit.
bool matches(std::string_view pattern, std::string_view ai) {
  if (pattern.size() != ai.size()) return false;
  for (std::size_t i = 0; i < ai.size(); ++i)
    if (pattern[i] != ai[i] && !(pattern[i] == 'n' && is_digit(ai[i]))) return false;
  return true;
}

// Calls f on each `sep`-separated part of `list`; stops when f returns true.
template <typename F>
bool any_part(std::string_view list, char sep, F f) {
  while (!list.empty()) {
    const auto cut = list.find(sep);
    if (f(list.substr(0, cut))) return true;
    if (cut == std::string_view::npos) break;
    list.remove_prefix(cut + 1);
  }
  return false;
}

// "01, 02 or 8006", for an error.
std::string alternatives(std::string_view group) {
  std::vector<std::string_view> parts;
  any_part(group, ',', [&](std::string_view p) {
    parts.push_back(p);
    return false;
  });
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += i + 1 == parts.size() ? " or " : ", ";
    out += parts[i];
  }
  return out;
}

struct Rules {
  std::string_view req;
  std::string_view ex;
  std::string family;  // a measure's own family ("310n"), which it excludes
};

Rules rules_of(std::string_view ai) {
  const Lookup l = lookup_exact(ai);
  if (!l.def) return {};
  if (l.measure) return {l.measure->req, {}, std::string(l.measure->prefix) + "n"};
  return {l.def->req, l.def->ex, {}};
}

}  // namespace

Status check_rules_of(const Gs1Element& e, const std::vector<Gs1Element>& elements,
                      Gs1Associations mode) {
  if (mode == Gs1Associations::skip) return Status::ok();
  const Rules r = rules_of(e.ai);
  // An AI is never exclusive of itself, even when one of its patterns matches it.
  for (const auto& other : elements) {
    if (other.ai == e.ai) continue;
    const auto excluded = [&](std::string_view p) { return matches(p, other.ai); };
    if (any_part(r.ex, ',', excluded) || (!r.family.empty() && matches(r.family, other.ai)))
      return fail("AI " + e.ai + " must not appear together with AI " + other.ai +
                  " (GS1 exclusive AI pair)");
  }
  if (mode != Gs1Associations::enforce) return Status::ok();
  std::string_view missing;
  any_part(r.req, ' ', [&](std::string_view group) {
    const bool met = any_part(group, ',', [&](std::string_view p) {
      for (const auto& other : elements)
        if (other.ai != e.ai && matches(p, other.ai)) return true;
      return false;
    });
    if (!met) missing = group;
    return !met;
  });
  if (!missing.empty())
    return fail("AI " + e.ai + " requires AI " + alternatives(missing) +
                " in the same data (GS1 requisite AI pair)");
  return Status::ok();
}

Status check_associations(const std::vector<Gs1Element>& elements, Gs1Associations mode) {
  for (const auto& e : elements) JXC_TRY(check_rules_of(e, elements, mode));
  return Status::ok();
}

}  // namespace gs1_detail

Status gs1_check_associations(const std::vector<Gs1Element>& elements) {
  return gs1_detail::check_associations(elements, Gs1Associations::enforce);
}

}  // namespace jxc::identifiers
