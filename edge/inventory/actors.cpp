#include "edge/inventory/actors.h"

#include <algorithm>
#include <cctype>

namespace jxc::inventory {

std::string person_of(std::string_view actor) {
  for (std::string_view prefix : {"user:", "unix:", "cli:", "central:"})
    if (actor.starts_with(prefix) && actor.size() > prefix.size()) return std::string(actor.substr(prefix.size()));
  if (actor.starts_with("token:")) {
    std::string_view rest = actor.substr(6);
    auto colon = rest.find(':');
    if (colon != std::string_view::npos && colon > 0 && colon + 1 < rest.size() &&
        std::all_of(rest.begin(), rest.begin() + static_cast<std::ptrdiff_t>(colon),
                    [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }))
      return std::string(rest.substr(colon + 1));
  }
  return std::string(actor);
}

}  // namespace jxc::inventory
