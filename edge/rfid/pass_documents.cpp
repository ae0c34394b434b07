#include "edge/rfid/pass_documents.h"

#include <algorithm>
#include <map>
#include <set>

#include "edge/inventory/quantity.h"

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
  auto order = q_.open_order_for_door(kind, door_id);
  if (!order) return std::nullopt;
  return std::move(order).value();
}

std::optional<inventory::GtinPack> PassDocuments::pack_by_gtin(const std::string& gtin) {
  auto pack = q_.pack_by_gtin(gtin);
  if (!pack) return std::nullopt;
  return std::move(pack).value();
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
  // The latest ASN that lists the pallet describes it.
  auto lines = q_.pallet_lines(sscc);
  if (lines) out = std::move(lines).value();
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

std::optional<PassDocuments::TaggedUnit> PassDocuments::item_of_raw(const Epc& epc) {
  if (epc.scheme != EpcScheme::raw) return std::nullopt;
  auto tag = q_.item_tag(epc.hex);
  if (!tag) return std::nullopt;
  auto item = q_.item(tag->sku);
  if (!item) return std::nullopt;
  return TaggedUnit{std::move(item).value(), tag->lot};
}

TagRole PassDocuments::classify_raw(const Epc& epc) {
  if (location_of(epc)) return TagRole::location;
  return item_of_raw(epc) ? TagRole::load : TagRole::other;
}

PassDocuments::Counted PassDocuments::count_tags(const Pass& pass, const inventory::Order* order) {
  Counted out;
  std::set<std::string> skus_by_own_tag;
  // One unit per serial: the same serial under another filter value (a
  // re-encoded tag) is still one case.
  std::set<std::pair<std::string, std::string>> serials;  // GTIN, serial
  std::vector<const PassTag*> pallets;
  for (const auto& t : pass.tags) {
    const Epc& e = t.epc;
    switch (e.scheme) {
      case EpcScheme::sgtin96: {
        auto pack = pack_by_gtin(e.gs1_key);
        if (!pack) {
          out.reasons.unexpected = true;
          out.exceptions.push_back("unexpected tag " + e.id_uri + ": no item has GTIN " + e.gs1_key);
        } else if (pack->item.lot_tracked) {
          out.reasons.other = true;
          out.exceptions.push_back("tag " + e.id_uri + ": item " + pack->item.sku +
                                   " is lot-tracked and an RFID read carries no lot; record it by scan");
        } else if (pack->item.serial_tracked && pack->factor != 1) {
          out.reasons.other = true;
          out.exceptions.push_back("tag " + e.id_uri + ": item " + pack->item.sku + " is serial-tracked and GTIN " +
                                   e.gs1_key + " is its " + pack->unit +
                                   ", whose units' serials the tag does not give; record them by scan");
        } else if (serials.emplace(e.gs1_key, e.serial).second) {
          // One tag is one of the pack level its GTIN names (a case tag a case).
          out.qty[{pack->item.sku, ""}] += pack->factor;
          if (pack->item.serial_tracked) out.serials[{pack->item.sku, ""}].push_back(e.serial);
          skus_by_own_tag.insert(pack->item.sku);
        }
        break;
      }
      case EpcScheme::sscc96: pallets.push_back(&t); break;
      case EpcScheme::raw:
        // A raw tag mapped to an item is a unit of it, like an SGTIN serial;
        // the pass holds each tag once, so each counts once.
        if (auto unit = item_of_raw(e)) {
          if (unit->item.lot_tracked && unit->lot.empty()) {
            out.reasons.other = true;
            out.exceptions.push_back("tag " + e.hex + ": item " + unit->item.sku +
                                     " is lot-tracked and the tag's master data gives no lot; record it by scan");
          } else {
            out.qty[{unit->item.sku, unit->lot}] += inventory::scale_of(unit->item.decimals);
            // A raw tag is its unit's serial: the chip's EPC stands for it.
            if (unit->item.serial_tracked) out.serials[{unit->item.sku, unit->lot}].push_back(e.hex);
            skus_by_own_tag.insert(unit->item.sku);
          }
        } else if (!location_of(e)) {
          out.reasons.unexpected = true;
          out.exceptions.push_back("unexpected tag " + e.hex + ": no item or location carries this RFID tag");
        }
        break;
      default: break;  // locations and returnable assets are not goods
    }
  }
  for (const PassTag* p : pallets) {
    auto contents = pallet_contents(p->epc.gs1_key, order);
    if (contents.empty()) {
      out.reasons.unexpected = true;
      out.exceptions.push_back("unexpected pallet SSCC " + p->epc.gs1_key + ": not listed on " +
                               (order ? order->number : std::string("any open order")));
      continue;
    }
    bool items_read = false;
    for (const auto& l : contents) items_read = items_read || skus_by_own_tag.count(l.sku) > 0;
    if (items_read) continue;  // the cases were counted one by one
    for (const auto& l : contents) {
      if (auto item = q_.item(l.sku); item && item->serial_tracked) {
        out.reasons.other = true;
        out.exceptions.push_back("pallet SSCC " + p->epc.gs1_key + " holds " + l.sku +
                                 ", which is serial-tracked: the pallet tag does not give its units' serials; "
                                 "record them by scan or by their own tags");
        continue;
      }
      out.qty[{l.sku, l.lot}] += l.qty;
    }
  }
  for (const auto& a : pass.ambiguous) {
    out.reasons.ambiguous = true;
    std::string others;
    for (const auto& o : a.also_read_at) others += (others.empty() ? "" : ", ") + o;
    out.exceptions.push_back("ambiguous tag " + a.epc.id_uri + ": also read at door " + others +
                             "; counted at neither");
  }
  return out;
}

namespace {

// What the order still expects against what the pass counted, per item:
// less read is missing, more (or an item not on it) unexpected. The engine
// holds the document for the same differences when it closes the order.
void compare_with_order(const inventory::Order& order,
                        const std::map<std::pair<std::string, std::string>, inventory::Qty>& counted,
                        inventory::PassReasons* reasons) {
  std::map<std::string, inventory::Qty> expected, read;
  for (const auto& l : order.lines) expected[l.sku] += std::max<inventory::Qty>(l.qty - l.done, 0);
  for (const auto& [key, n] : counted) read[key.first] += n;
  for (const auto& [sku, n] : expected) {
    const auto r = read.find(sku);
    if (n > 0 && (r == read.end() || r->second < n)) reasons->missing = true;
  }
  for (const auto& [sku, n] : read) {
    const auto e = expected.find(sku);
    if (e == expected.end() || n > e->second) reasons->unexpected = true;
  }
}

}  // namespace

Result<PlannedDocument> PassDocuments::for_pass(const Pass& pass) {
  const auto* d = door(pass.door);
  if (!d) return error(Errc::invalid_argument, "pass at unknown door '" + pass.door + "'");

  PlannedDocument out;
  auto& req = out.request;
  out.auto_post = d->auto_post;
  req.hold_exceptions = true;
  req.source = d->id;
  req.reason = "rfid pass";
  req.occurred_at = pass.closed_at;
  req.idempotency_key = "rfid-pass/" + d->id + "/" + std::to_string(pass.opened_at);
  req.note = "RFID pass " + format_iso8601(pass.opened_at) + " to " + format_iso8601(pass.closed_at) + ": " +
             std::to_string(pass.tags.size()) + " tags";

  if (pass.direction == Direction::unknown) {
    // Neither a receipt nor an issue can be made without a direction, yet
    // goods went through the door: the pass is kept as a transfer at the door
    // with no lines, held for review, listing what was read. It can never be
    // posted, only cancelled once a person has booked the goods.
    Counted c = count_tags(pass, nullptr);
    if (c.qty.empty() && c.exceptions.empty())
      return error(Errc::invalid_argument, "pass at door " + d->id + " names no goods (" +
                                               std::to_string(pass.tags.size()) + " location or asset tags)");
    std::string read;
    for (const auto& [key, n] : c.qty)
      read += (read.empty() ? "" : ", ") + key.first + (key.second.empty() ? "" : " lot " + key.second) + " x" +
              std::to_string(n);
    req.type = DocType::transfer;
    req.from = req.to = d->location;
    out.reasons = c.reasons;
    out.reasons.other = true;
    req.exceptions.push_back("direction unknown: the " + std::to_string(pass.tags.size()) +
                             " tags were seen by one antenna group only" + (read.empty() ? "" : "; read " + read));
    for (auto& e : c.exceptions) req.exceptions.push_back(std::move(e));
    return out;
  }

  bool inbound = pass.direction == Direction::inbound;
  OrderKind kind = inbound ? OrderKind::expected_receipt : OrderKind::pick_list;
  auto order = open_order_for(kind, d->id);
  req.type = inbound ? DocType::receipt : DocType::issue;
  (inbound ? req.to : req.from) = d->location;
  if (order) {
    req.order = order->number;
    req.close_order = true;  // a pass is the whole delivery: what is missing is short
  } else {
    out.reasons.unexpected = true;
    req.exceptions.push_back(std::string("no ") + (inbound ? "expected receipt" : "pick list") +
                             " is open for door " + d->id);
  }
  Counted c = count_tags(pass, order ? &*order : nullptr);
  for (auto& e : c.exceptions) req.exceptions.push_back(std::move(e));
  out.reasons.missing = c.reasons.missing;
  out.reasons.unexpected = out.reasons.unexpected || c.reasons.unexpected;
  out.reasons.ambiguous = c.reasons.ambiguous;
  out.reasons.other = c.reasons.other;
  if (order) compare_with_order(*order, c.qty, &out.reasons);
  for (const auto& [key, n] : c.qty) {
    inventory::DocLine l;
    l.sku = key.first;
    l.lot = key.second;
    l.qty = n;
    if (auto s = c.serials.find(key); s != c.serials.end()) l.serials = s->second;
    // The door's inspection setting (checked when the configuration was read).
    if (inbound && d->receipt_inspection != "none") (void)inventory::parse_inspection(d->receipt_inspection, &l.inspection);
    req.lines.push_back(std::move(l));
  }
  // A pass with no bookable line is still held for review as a document
  // without lines when something was read that a person must see (unknown
  // tags, pallets on no order, ambiguous cross-reads): documents needing
  // review are where people and the central system already look, and the
  // exceptions say what went through. Only a pass of nothing but location and
  // returnable-asset tags (a crate, a bin label carried past) is no document.
  if (req.lines.empty() && c.exceptions.empty())
    return error(Errc::invalid_argument, "pass at door " + d->id + " names no goods (" +
                                             std::to_string(pass.tags.size()) + " location or asset tags)");
  return out;
}

// Where a forklift took the load from: the books say where the goods are.
// The one bin (and lot) holding the item, other than where it is going, is
// the source. When several hold it, the forklift's from_location wins if it
// is one of them (the usual path: receiving dock to rack); otherwise the
// gateway refuses to guess and holds the move for review naming the bins.
// Oldest stock first was not chosen: FIFO is a picking rule, not evidence of
// where this forklift was, and a wrong guess moves book stock away from goods
// that never left their bin. Quarantine bins are sources like any bin: a
// move out of one is a transfer, which releases held goods (quality.h), and
// the tags say the goods did move.
void PassDocuments::choose_source(const config::PortalConfig::Forklift& f, const std::string& to,
                                  inventory::DocLine& line, std::vector<std::string>& exceptions) {
  line.from = f.from_location;
  // A serial says where its unit is; no guess is needed.
  if (line.serials.size() == 1) {
    auto s = q_.serial(line.sku, line.serials[0]);
    if (s && s->status == "in_stock") {
      line.from = s->location;
      line.lot = s->lot;
      return;
    }
    exceptions.push_back("serial " + line.serials[0] + " of " + line.sku + " is not in stock anywhere by the books");
    return;
  }
  inventory::StockFilter filter;
  filter.sku = line.sku;
  auto balances = q_.stock(filter);
  if (!balances) {
    exceptions.push_back("source of " + line.sku + " unknown: " + balances.status().reason());
    return;
  }
  std::vector<inventory::Balance> held;
  for (auto& b : *balances) {
    if (b.qty <= 0 || b.location == to || (!line.lot.empty() && b.lot != line.lot)) continue;
    auto l = q_.location(b.location);
    if (!l || l->kind != inventory::LocationKind::bin) continue;
    held.push_back(std::move(b));
  }
  auto take = [&](const inventory::Balance& b) {
    line.from = b.location;
    line.lot = b.lot;
  };
  if (held.size() == 1) return take(held[0]);
  std::string what = line.sku + (line.lot.empty() ? "" : " lot " + line.lot);
  if (held.empty()) {
    exceptions.push_back("no bin holds " + what + " by the books; it cannot have been taken from anywhere");
    return;
  }
  const inventory::Balance* at_from = nullptr;
  int n_at_from = 0;
  for (const auto& b : held)
    if (b.location == f.from_location) at_from = &b, ++n_at_from;
  if (n_at_from == 1) return take(*at_from);
  std::string bins;
  for (const auto& b : held) bins += (bins.empty() ? "" : ", ") + b.location + (b.lot.empty() ? "" : " lot " + b.lot);
  exceptions.push_back(what + " is held in " + bins + ": which the load came from is not known");
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
  req.hold_exceptions = true;
  req.idempotency_key = "rfid-move/" + f->id + "/" + m.load.hex + "/" + std::to_string(m.load_at);
  if (m.load.scheme == EpcScheme::sgtin96) {
    auto pack = pack_by_gtin(m.load.gs1_key);
    if (!pack) return error(Errc::unknown_item, "forklift " + f->id + ": no item has GTIN " + m.load.gs1_key);
    req.lines.push_back(inventory::DocLine{pack->item.sku, "", std::nullopt, pack->factor, "", "", ""});
    if (pack->item.serial_tracked) {
      if (pack->factor != 1)
        return error(Errc::invalid_argument, "forklift " + f->id + ": item " + pack->item.sku +
                                                 " is serial-tracked and tag " + m.load.id_uri +
                                                 " names a pack, not a unit's serial");
      req.lines.back().serials = {m.load.serial};
    }
  } else if (m.load.scheme == EpcScheme::sscc96) {
    std::map<std::pair<std::string, std::string>, inventory::Qty> qty;
    for (const auto& l : pallet_contents(m.load.gs1_key, nullptr)) {
      if (auto item = q_.item(l.sku); item && item->serial_tracked) {
        req.exceptions.push_back("pallet SSCC " + m.load.gs1_key + " holds " + l.sku +
                                 ", which is serial-tracked: the pallet tag does not give its units' serials");
        continue;
      }
      qty[{l.sku, l.lot}] += l.qty;
    }
    if (qty.empty())
      return error(Errc::unknown_item, "forklift " + f->id + ": pallet SSCC " + m.load.gs1_key +
                                           " is on no ASN, its contents are unknown");
    for (const auto& [key, n] : qty)
      req.lines.push_back(inventory::DocLine{key.first, key.second, std::nullopt, n, "", "", ""});
  } else if (auto unit = item_of_raw(m.load)) {
    req.lines.push_back(inventory::DocLine{unit->item.sku, unit->lot, std::nullopt,
                                           inventory::scale_of(unit->item.decimals), "", "", ""});
    if (unit->item.serial_tracked) req.lines.back().serials = {m.load.hex};
  } else {
    return error(Errc::invalid_argument, "forklift " + f->id + ": tag " + m.load.id_uri + " is not a load");
  }
  for (auto& l : req.lines) choose_source(*f, to->code, l, req.exceptions);
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
