#include "edge/scan/item_scan.h"

#include "edge/identifiers/gs1.h"
#include "edge/inventory/quantity.h"
#include "edge/scan/labels.h"

namespace jxc::scan {
namespace {

// Scans that can only be GS1 data: an AIM identifier, a GS, brackets, a
// Digital Link or nothing but digits. Their parse error is the reason given;
// for anything else "no such SKU" is the more useful answer.
bool looks_like_gs1(std::string_view raw) {
  if (raw.empty()) return false;
  if (raw[0] == ']' || raw[0] == '(' || raw.find('\x1D') != std::string_view::npos) return true;
  if (raw.starts_with("http://") || raw.starts_with("https://")) return true;
  for (char c : raw)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace

Result<ItemScan> resolve_item(inventory::Queries& q, std::string_view raw) {
  // Case labels here carry the unit's GTIN with AI 37 for the units in the
  // case, a pairing the GS1 association rules forbid (AI 37 belongs with AI 02
  // under an SSCC). Receiving reads those labels as they are, so the rules
  // are not applied to the item lookup; `tools gs1-parse` reports them.
  identifiers::Gs1ParseOptions options;
  options.associations = identifiers::Gs1Associations::skip;
  auto gs1 = identifiers::parse_gs1(raw, options);
  if (gs1.is_ok()) {
    ItemScan out;
    auto gtin = gs1->gtin();
    if (!gtin) gtin = gs1->content_gtin();
    if (!gtin) {
      if (gs1->sscc())
        return error(Errc::unknown_item,
                     "SSCC " + *gs1->sscc() + " labels a pallet; scan the items' own labels")
            .with("reject", "bad_gs1");
      return error(Errc::unknown_item, "GS1 label without a GTIN (AI 01 or 02)").with("reject", "bad_gs1");
    }
    auto pack = q.pack_by_gtin(*gtin);
    if (!pack) return error(Errc::unknown_item, "no item has GTIN " + *gtin);
    out.item = std::move(pack->item);
    out.unit = std::move(pack->unit);
    out.factor = pack->factor;
    if (auto c = gs1->count()) out.qty = *c;
    if (auto lot = gs1->lot()) out.lot = *lot;
    out.expiry = gs1->expiry();
    if (auto serial = gs1->serial()) out.serial = *serial;
    return out;
  }
  const std::string_view text = strip_aim(raw);
  auto item = q.item(std::string(text));
  if (item) {
    ItemScan out;
    out.item = std::move(item).value();
    out.unit = out.item.uom;
    out.factor = inventory::scale_of(out.item.decimals);
    return out;
  }
  if (looks_like_gs1(raw)) return error(Errc::unknown_item, gs1.status().reason()).with("reject", "bad_gs1");
  return error(Errc::unknown_item, "not a known label, GTIN or SKU");
}

}  // namespace jxc::scan
