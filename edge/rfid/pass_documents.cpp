#include "edge/rfid/pass_documents.h"

#include <map>
#include <set>

namespace jxc::rfid {

using identifiers::Epc;
using identifiers::EpcScheme;
using inventory::DocType;
using inventory::OrderKind;

const config::PortalConfig::Door* PassDocuments::door(const std::string& id) const {
  for (const auto& d : config_.doors)
    if (d.id == id) return &d;
  return nullptr;
}

const config::PortalConfig::Forklift* PassDocuments::forklift(const std::string& id) const {
  for (const auto& f : config_.forklifts)
    if (f.id == id) return &f;
  return nullptr;
}

// The oldest open order expecting this door wins; an order for any door
// (door = "") serves when none names it.
std::optional<inventory::Order> PassDocuments::open_order_for(OrderKind kind, const std::string& door_id) {
  auto orders = q_.orders(kind, true);
  if (!orders) return std::nullopt;
  std::optional<inventory::Order> any;
  for (auto& o : *orders) {
    if (o.door == door_id) return std::move(o);
    if (o.door.empty() && !any) any = std::move(o);
  }
  return any;
}

std::optional<inventory::Item> PassDocuments::item_by_gtin(const std::string& gtin) {
  auto item = q_.item_by_gtin(gtin);
  if (!item) return std::nullopt;
  return std::move(item).value();
}

std::vector<inventory::OrderLine> PassDocuments::pallet_contents(const std::string& sscc,
                                                                  const inventory::Order* order) {
  std::vector<inventory::OrderLine> out;
  auto collect = [&](const inventory::Order& o) {
    for (const auto& l : o.lines)
      if (l.sscc == sscc) out.push_back(l);
  };
  if (order) {
    collect(*order);
    return out;
  }
  auto all = q_.orders(OrderKind::expected_receipt, false);
  if (!all) return out;
  // The latest ASN that lists the pallet describes it.
  for (auto it = all->rbegin(); it != all->rend() && out.empty(); ++it) collect(*it);
  return out;
}

std::optional<inventory::Location> PassDocuments::location_of(const Epc& epc) {
  std::string label;
  if (epc.scheme == EpcScheme::sgln96) label = epc.gs1_key;
  else if (epc.scheme == EpcScheme::raw) label = epc.hex;
  else return std::nullopt;
  auto l = q_.location_by_label(label);
  if (!l) return std::nullopt;
  return std::move(l).value();
}

TagRole PassDocuments::classify_raw(const Epc& epc) {
  return location_of(epc) ? TagRole::location : TagRole::other;
}

Result<PlannedDocument> PassDocuments::for_pass(const Pass& pass) {
  const auto* d = door(pass.door);
  if (!d) return error(Errc::invalid_argument, "pass at unknown door '" + pass.door + "'");
  if (pass.direction == Direction::unknown)
    return error(Errc::invalid_argument, "pass at door " + pass.door + " with " +
                                             std::to_string(pass.tags.size()) +
                                             " tags: direction unknown (tags seen by one antenna group only)");
  bool inbound = pass.direction == Direction::inbound;
  OrderKind kind = inbound ? OrderKind::expected_receipt : OrderKind::pick_list;
  auto order = open_order_for(kind, d->id);

  PlannedDocument out;
  auto& req = out.request;
  out.auto_post = d->auto_post;
  req.type = inbound ? DocType::receipt : DocType::issue;
  (inbound ? req.to : req.from) = d->location;
  req.hold_exceptions = true;
  req.source = d->id;
  req.reason = "rfid pass";
  req.occurred_at = pass.closed_at;
  req.idempotency_key = "rfid-pass/" + d->id + "/" + std::to_string(pass.opened_at);
  if (order) {
    req.order = order->number;
    req.close_order = true;  // a pass is the whole delivery: what is missing is short
  } else {
    req.exceptions.push_back(std::string("no ") + (inbound ? "expected receipt" : "pick list") +
                             " is open for door " + d->id);
  }

  std::map<std::string, inventory::Qty> qty;  // sku -> units
  std::set<std::string> skus_by_own_tag;
  // One unit per serial: the same serial under another filter value (a
  // re-encoded tag) is still one case.
  std::set<std::pair<std::string, std::string>> serials;  // GTIN, serial
  std::vector<const PassTag*> pallets;
  for (const auto& t : pass.tags) {
    const Epc& e = t.epc;
    switch (e.scheme) {
      case EpcScheme::sgtin96: {
        auto item = item_by_gtin(e.gs1_key);
        if (!item) {
          req.exceptions.push_back("unexpected tag " + e.id_uri + ": no item has GTIN " + e.gs1_key);
        } else if (item->lot_tracked) {
          req.exceptions.push_back("tag " + e.id_uri + ": item " + item->sku +
                                   " is lot-tracked and an RFID read carries no lot; record it by scan");
        } else if (serials.emplace(e.gs1_key, e.serial).second) {
          ++qty[item->sku];
          skus_by_own_tag.insert(item->sku);
        }
        break;
      }
      case EpcScheme::sscc96: pallets.push_back(&t); break;
      case EpcScheme::raw:
        if (!location_of(e))
          req.exceptions.push_back("unexpected tag " + e.hex + ": no item or location carries this RFID tag");
        break;
      default: break;  // locations and returnable assets are not goods
    }
  }
  for (const PassTag* p : pallets) {
    auto contents = pallet_contents(p->epc.gs1_key, order ? &*order : nullptr);
    if (contents.empty()) {
      req.exceptions.push_back("unexpected pallet SSCC " + p->epc.gs1_key + ": not listed on " +
                               (order ? order->number : std::string("any open order")));
      continue;
    }
    bool items_read = false;
    for (const auto& l : contents) items_read = items_read || skus_by_own_tag.count(l.sku) > 0;
    if (items_read) continue;  // the cases were counted one by one
    for (const auto& l : contents) qty[l.sku] += l.qty;
  }
  for (const auto& a : pass.ambiguous) {
    std::string others;
    for (const auto& o : a.also_read_at) others += (others.empty() ? "" : ", ") + o;
    req.exceptions.push_back("ambiguous tag " + a.epc.id_uri + ": also read at door " + others +
                             "; counted at neither");
  }
  for (const auto& [sku, n] : qty) {
    inventory::DocLine l;
    l.sku = sku;
    l.qty = n;
    req.lines.push_back(std::move(l));
  }
  req.note = "RFID pass " + format_iso8601(pass.opened_at) + " to " + format_iso8601(pass.closed_at) + ": " +
             std::to_string(pass.tags.size()) + " tags";
  if (req.lines.empty()) {
    std::string why;
    for (const auto& e : req.exceptions) why += "; " + e;
    return error(Errc::invalid_argument, "pass at door " + d->id + " names no item" + why);
  }
  return out;
}

Result<PlannedDocument> PassDocuments::for_move(const ForkliftMove& m) {
  const auto* f = forklift(m.forklift);
  if (!f) return error(Errc::invalid_argument, "move by unknown forklift '" + m.forklift + "'");
  auto to = location_of(m.location);
  if (!to) return error(Errc::unknown_location, "forklift " + f->id + ": no location has tag " + m.location.id_uri);
  PlannedDocument out;
  auto& req = out.request;
  req.type = DocType::transfer;
  req.from = f->from_location;
  req.to = to->code;
  req.source = f->id;
  req.reason = "putaway";
  req.occurred_at = m.load_at;
  req.idempotency_key = "rfid-move/" + f->id + "/" + m.load.hex + "/" + std::to_string(m.load_at);
  if (m.load.scheme == EpcScheme::sgtin96) {
    auto item = item_by_gtin(m.load.gs1_key);
    if (!item) return error(Errc::unknown_item, "forklift " + f->id + ": no item has GTIN " + m.load.gs1_key);
    req.lines.push_back(inventory::DocLine{item->sku, "", std::nullopt, 1, "", "", ""});
  } else if (m.load.scheme == EpcScheme::sscc96) {
    std::map<std::string, inventory::Qty> qty;
    for (const auto& l : pallet_contents(m.load.gs1_key, nullptr)) qty[l.sku] += l.qty;
    if (qty.empty())
      return error(Errc::unknown_item, "forklift " + f->id + ": pallet SSCC " + m.load.gs1_key +
                                           " is on no ASN, its contents are unknown");
    for (const auto& [sku, n] : qty) req.lines.push_back(inventory::DocLine{sku, "", std::nullopt, n, "", "", ""});
  } else {
    return error(Errc::invalid_argument, "forklift " + f->id + ": tag " + m.load.id_uri + " is not a load");
  }
  req.note = "RFID forklift " + f->id + ": " + m.load.id_uri + " to " + to->code;
  return out;
}

Result<inventory::DocumentResult> commit(inventory::Engine& engine, PlannedDocument doc) {
  if (!doc.auto_post) return engine.create(doc.request);
  auto posted = engine.post(doc.request);
  if (posted || posted.status().code() == Errc::storage || posted.status().code() == Errc::unavailable)
    return posted;
  // Refused as posted (stock, state): a person decides, with the reason in view.
  doc.request.exceptions.push_back("not posted: " + posted.status().to_string());
  return engine.create(doc.request);
}

}  // namespace jxc::rfid
