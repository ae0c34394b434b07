#include "edge/inventory/types.h"

#include <array>
#include <utility>

namespace jxc::inventory {
namespace {

template <typename E, size_t N>
bool parse_enum(const std::array<std::pair<E, std::string_view>, N>& table, std::string_view s,
                E* out) {
  for (const auto& [e, name] : table)
    if (name == s) {
      *out = e;
      return true;
    }
  return false;
}

template <typename E, size_t N>
std::string_view enum_name(const std::array<std::pair<E, std::string_view>, N>& table, E e) {
  for (const auto& [v, name] : table)
    if (v == e) return name;
  return "?";
}

constexpr std::array<std::pair<LocationKind, std::string_view>, 5> kLocationKinds{{
    {LocationKind::site, "site"},
    {LocationKind::warehouse, "warehouse"},
    {LocationKind::zone, "zone"},
    {LocationKind::bin, "bin"},
    {LocationKind::virtual_, "virtual"},
}};

constexpr std::array<std::pair<DocType, std::string_view>, 14> kDocTypes{{
    {DocType::receipt, "receipt"},
    {DocType::issue, "issue"},
    {DocType::transfer, "transfer"},
    {DocType::count, "count"},
    {DocType::adjustment, "adjustment"},
    {DocType::scrap, "scrap"},
    {DocType::customer_return, "customer_return"},
    {DocType::supplier_return, "supplier_return"},
    {DocType::reversal, "reversal"},
    {DocType::opening, "opening"},
    {DocType::production_issue, "production_issue"},
    {DocType::production_receipt, "production_receipt"},
    {DocType::other_issue, "other_issue"},
    {DocType::other_receipt, "other_receipt"},
}};

constexpr std::array<std::pair<DocState, std::string_view>, 4> kDocStates{{
    {DocState::draft, "draft"},
    {DocState::confirmed, "confirmed"},
    {DocState::posted, "posted"},
    {DocState::cancelled, "cancelled"},
}};

constexpr std::array<std::pair<Inspection, std::string_view>, 4> kInspections{{
    {Inspection::none, ""},
    {Inspection::accepted, "accepted"},
    {Inspection::quarantine, "quarantine"},
    {Inspection::rejected, "rejected"},
}};

constexpr std::array<std::pair<Disposition, std::string_view>, 4> kDispositions{{
    {Disposition::none, ""},
    {Disposition::restock, "restock"},
    {Disposition::quarantine, "quarantine"},
    {Disposition::scrap, "scrap"},
}};

}  // namespace

std::string_view to_string(Inspection i) { return enum_name(kInspections, i); }
bool parse_inspection(std::string_view s, Inspection* out) { return parse_enum(kInspections, s, out); }
std::string_view to_string(Disposition d) { return enum_name(kDispositions, d); }
bool parse_disposition(std::string_view s, Disposition* out) { return parse_enum(kDispositions, s, out); }

std::string_view to_string(LocationKind k) { return enum_name(kLocationKinds, k); }
bool parse_location_kind(std::string_view s, LocationKind* out) {
  return parse_enum(kLocationKinds, s, out);
}
std::string_view to_string(DocType t) { return enum_name(kDocTypes, t); }
bool parse_doc_type(std::string_view s, DocType* out) { return parse_enum(kDocTypes, s, out); }
std::string_view to_string(DocState s) { return enum_name(kDocStates, s); }
bool parse_doc_state(std::string_view s, DocState* out) { return parse_enum(kDocStates, s, out); }
std::string_view to_string(OrderKind k) {
  return k == OrderKind::expected_receipt ? "expected_receipt" : "pick_list";
}

}  // namespace jxc::inventory
