#pragma once
// Small pieces the document and order handlers share.

#include <utility>
#include <variant>

#include "edge/http/problem.h"

namespace jxc::http {

/// True (and the problem moved to `out`) when `v` holds a refusal.
template <typename T>
bool failed(std::variant<T, Response>& v, Response* out) {
  if (auto* p = std::get_if<Response>(&v)) {
    *out = std::move(*p);
    return true;
  }
  return false;
}

/// The problem for a refused write. What a body names and the store does
/// not know (an item, a location, an order) is 422: the resource written to
/// exists, the request cannot be carried out as asked.
inline Response write_problem(const Status& s) {
  switch (s.code()) {
    case Errc::unknown_item:
    case Errc::unknown_location:
    case Errc::unknown_order: return problem(422, errc_name(s.code()), s.reason(), s.facts());
    default: return problem_for(s);
  }
}

}  // namespace jxc::http
