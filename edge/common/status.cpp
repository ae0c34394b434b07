#include "edge/common/status.h"

namespace jxc {

std::string_view errc_name(Errc c) {
  switch (c) {
    case Errc::ok: return "ok";
    case Errc::invalid_argument: return "invalid_argument";
    case Errc::unknown_item: return "unknown_item";
    case Errc::unknown_location: return "unknown_location";
    case Errc::unknown_document: return "unknown_document";
    case Errc::unknown_order: return "unknown_order";
    case Errc::insufficient_stock: return "insufficient_stock";
    case Errc::tolerance_exceeded: return "tolerance_exceeded";
    case Errc::invalid_state: return "invalid_state";
    case Errc::conflict: return "conflict";
    case Errc::schema_too_new: return "schema_too_new";
    case Errc::storage: return "storage";
    case Errc::corrupt: return "corrupt";
    case Errc::config: return "config";
    case Errc::io: return "io";
    case Errc::unavailable: return "unavailable";
    case Errc::retired: return "retired";
    case Errc::internal: return "internal";
    case Errc::four_eyes: return "four_eyes";
  }
  return "unknown";
}

std::string Status::to_string() const {
  if (is_ok()) return "ok";
  std::string s(errc_name(code_));
  if (!reason_.empty()) s += ": " + reason_;
  return s;
}

}  // namespace jxc
