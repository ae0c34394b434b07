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
    case Errc::four_eyes: return "four_eyes";
    case Errc::internal: return "internal";
  }
  return "unknown";
}

Status Status::with(std::string key, std::string value) && {
  auto facts = facts_ ? std::make_shared<Facts>(*facts_) : std::make_shared<Facts>();
  facts->emplace_back(std::move(key), std::move(value));
  facts_ = std::move(facts);
  return std::move(*this);
}

Status Status::on_line(std::size_t n) const {
  Status s = *this;
  s.reason_ = "line " + std::to_string(n) + ": " + reason_;
  return std::move(s).with("line", std::to_string(n));
}

std::string_view Status::fact(std::string_view key) const {
  if (facts_)
    for (const auto& [k, v] : *facts_)
      if (k == key) return v;
  return {};
}

const Facts& Status::facts() const {
  static const Facts kNone;
  return facts_ ? *facts_ : kNone;
}

std::string Status::to_string() const {
  if (is_ok()) return "ok";
  std::string s(errc_name(code_));
  if (!reason_.empty()) s += ": " + reason_;
  return s;
}

}  // namespace jxc
