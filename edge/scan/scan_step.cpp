#include "edge/scan/scan_step.h"

#include <algorithm>

#include "edge/inventory/quantity.h"
#include "edge/scan/item_scan.h"

namespace jxc::scan {

using inventory::DocLine;
using inventory::DocType;
using inventory::DocumentRequest;
using inventory::Qty;

namespace {

using Session = ScanProcessor::Session;
using inventory::DocumentResult;
using Op = ScanOp;

/// "3 x TEA-500", or "2 case x WATER-24" for a line entered in a pack unit.
std::string qty_text(const DocLine& l) {
  return (l.entered.empty() ? std::to_string(l.qty) : l.entered + " " + l.unit) + " x " + l.sku;
}

// One scan being processed: what it may touch and the result it fills in.
struct Step {
  inventory::Engine& engine;
  inventory::Queries& q;
  Session& s;
  ScanResult& r;
  const std::string& raw;
  const std::string& key;  // this scan's idempotency key
  const WaitForStore& wait_for_store;

  /// Books now, or leaves the posting waiting for the store: the result when
  /// booked now, nullopt when it waits.
  Result<std::optional<DocumentResult>> book(const std::string& what, Op op, bool undoable) {
    if (s.waiting == 0) {  // otherwise behind the scanner's postings that wait
      auto d = op();
      if (d) return std::optional<DocumentResult>(std::move(d).value());
      if (!devices::RetryQueue::transient(d.status())) return d.status();
    }
    if (!wait_for_store(what, std::move(op), undoable))
      return error(Errc::unavailable, "the store is not taking postings and too many already wait for it: " + what +
                                          " not booked, scan again later");
    ++s.waiting;
    r.waiting = true;
    return std::optional<DocumentResult>();
  }
  static std::string waits(const std::string& what) {
    return what + ": the store is busy, it is booked when the store is back";
  }

  Status accept(std::string message) {
    r.message = std::move(message);
    return Status::ok();
  }

  Result<std::string> resolve_bin(const std::string& captured) {
    auto loc = q.location_by_label(std::string(strip_aim(raw)));
    if (!loc) loc = q.location_by_label(captured);
    if (!loc) return error(Errc::unknown_location, "no location has the label " + captured);
    if (loc->kind != inventory::LocationKind::bin)
      return error(Errc::unknown_location, loc->code + " is not a bin");
    return loc->code;
  }

  Result<inventory::Order> open_order(const std::string& captured, inventory::OrderKind kind) {
    auto o = q.order(std::string(strip_aim(raw)));
    if (!o) o = q.order(captured);
    if (!o) return error(Errc::unknown_order, "no order " + captured);
    if (o->kind != kind)
      return error(Errc::unknown_order,
                   o->number + " is " + (kind == inventory::OrderKind::pick_list
                                             ? "an expected receipt, not a pick list"
                                             : "a pick list, not an expected receipt"));
    if (o->state != "open") return error(Errc::invalid_state, o->number + " is " + o->state);
    return o;
  }

  // ---- commands ----

  // Ends the current piece of work; fails (changing nothing) when it cannot.
  Status finish() {
    switch (s.mode) {
      case Mode::move:
        if (!s.held.empty())
          return error(Errc::invalid_state, std::to_string(s.held.size()) +
                                                " scanned item(s) still held: scan the to-bin or undo them");
        s.bin.clear();
        return accept("move finished");
      case Mode::count: {
        if (!s.bin.empty()) JXC_TRY(record_bin());
        std::string done = s.bin;
        s.bin.clear();
        return accept(done.empty() ? "count: no bin open"
                                  : "count: " + done + (r.waiting ? " waits for the store" : " recorded"));
      }
      case Mode::receive:
      case Mode::pick: {
        std::string done = s.order;
        s.order.clear();
        s.bin.clear();
        return accept(done.empty() ? "nothing open" : done + " finished");
      }
    }
    return Status::ok();
  }

  Status undo() {
    if (!s.held.empty()) {
      DocLine l = s.held.back();
      s.held.pop_back();
      return accept("took back " + qty_text(l));
    }
    if (s.mode == Mode::count)
      return error(Errc::invalid_state, "nothing to undo: recount the bin to correct it");
    if (s.waiting > 0)
      return error(Errc::invalid_state, "a posting of this scanner still waits for the store: undo once it is booked");
    if (s.posted.empty()) return error(Errc::invalid_state, "nothing to undo");
    const std::string number = s.posted.back();
    auto rev = engine.reverse(number, "undo by scanner " + s.setup.id, s.source(), key);
    if (!rev) return rev.status();
    s.posted.pop_back();
    r.document = rev->number;
    return accept("reversed " + number + " by " + rev->number);
  }

  Status switch_mode(Mode m) {
    if (s.mode != m) JXC_TRY(finish());
    s.mode = m;
    s.order.clear();
    s.bin.clear();
    s.count.clear();
    s.held.clear();
    s.next_qty = 0;
    s.posted.clear();
    return accept(std::string("mode ") + std::string(to_string(m)));
  }

  // ---- labels ----

  Status on_bin(const std::string& code) {
    switch (s.mode) {
      case Mode::receive:
        s.bin = code;
        return accept("receiving into " + code);
      case Mode::pick:
        s.bin = code;
        return accept("picking from " + code);
      case Mode::move: {
        if (s.bin.empty() || s.held.empty()) {
          s.bin = code;
          return accept("moving from " + code);
        }
        if (code == s.bin) return error(Errc::invalid_argument, "the to-bin is the from-bin " + code);
        DocumentRequest req;
        req.type = DocType::transfer;
        req.from = s.bin;
        req.to = code;
        req.lines = s.held;
        req.source = s.source();
        req.idempotency_key = key;
        const std::string what = "moved " + std::to_string(req.lines.size()) + " line(s) from " + s.bin + " to " + code;
        JXC_ASSIGN(auto d, book(what, [&eng = engine, req] { return eng.post(req); }, true));
        s.held.clear();
        s.bin.clear();
        if (!d) return accept(waits(what));
        s.posted.push_back(d->number);
        r.document = d->number;
        return accept(what + " (" + d->number + ")");
      }
      case Mode::count: {
        if (s.count.empty()) return error(Errc::invalid_state, "scan the count sheet first");
        JXC_ASSIGN(auto scope, q.count_scope(s.count));
        if (std::find(scope.begin(), scope.end(), code) == scope.end())
          return error(Errc::invalid_argument, code + " is not part of count " + s.count).with("reject", "unknown_bin");
        if (!s.bin.empty()) JXC_TRY(record_bin());
        s.bin = code;
        s.held.clear();
        return accept("counting " + code);
      }
    }
    return Status::ok();
  }

  Status record_bin() {
    inventory::CountEntry e;
    e.count = s.count;
    e.location = s.bin;
    e.counter = s.source();
    e.lines = s.held;
    e.idempotency_key = key;
    const std::string bin = s.bin;
    auto d = book("count round at " + bin, [&eng = engine, e] { return eng.record_count(e); }, false);
    s.held.clear();
    if (!d) {
      // Dropped rather than kept: a round that cannot be recorded would block
      // every later scan of this scanner.
      s.bin.clear();
      return error(d.status().code(), bin + " not recorded (" + d.status().reason() +
                                          "): scan the bin and count it again");
    }
    if (*d) r.document = (*d)->number;
    return Status::ok();
  }

  Status on_document(const Label& l) {
    if (l.kind == Label::Kind::count) {
      if (s.mode != Mode::count) return error(Errc::invalid_state, "count sheet scanned in " +
                                                                     std::string(to_string(s.mode)) + " mode");
      auto doc = q.document(std::string(strip_aim(raw)));
      if (!doc) doc = q.document(l.captured);
      if (!doc || doc->head.type != DocType::count)
        return error(Errc::unknown_document, "no count " + l.captured);
      if (doc->head.state != inventory::DocState::confirmed)
        return error(Errc::invalid_state, doc->head.number + " is " +
                                              std::string(inventory::to_string(doc->head.state)));
      if (!s.bin.empty()) JXC_TRY(record_bin());
      s.count = doc->head.number;
      s.bin.clear();
      return accept("counting for " + s.count + ": scan a bin");
    }
    const bool receipt = l.kind == Label::Kind::receipt;
    if (s.mode != (receipt ? Mode::receive : Mode::pick))
      return error(Errc::invalid_state, std::string(receipt ? "expected receipt" : "pick list") +
                                            " scanned in " + std::string(to_string(s.mode)) + " mode");
    JXC_ASSIGN(auto o, open_order(l.captured, receipt ? inventory::OrderKind::expected_receipt
                                                      : inventory::OrderKind::pick_list));
    s.order = o.number;
    s.posted.clear();
    return accept((receipt ? "receiving " : "picking ") + o.number + ": scan the bin");
  }

  // ---- items ----

  Status on_item(ItemScan it) {
    Qty qty = it.qty > 0 ? it.qty : 1;
    if (s.next_qty > 0) {
      if (it.qty > 0 && it.qty != s.next_qty)
        return error(Errc::invalid_argument, "the label says " + std::to_string(it.qty) +
                                                 " but " + std::to_string(s.next_qty) + " was keyed");
      qty = s.next_qty;
    }
    DocLine line;
    line.sku = it.item.sku;
    line.lot = it.lot;
    line.expiry = it.expiry;
    if (__builtin_mul_overflow(qty, it.factor, &line.qty))
      return error(Errc::invalid_argument, std::to_string(qty) + " " + it.unit + " is too many");
    // The count of the level scanned, kept on the line as entered; the
    // engine books it in the item's smallest units.
    if (it.unit != it.item.uom) line.unit = it.unit;
    line.entered = std::to_string(qty);
    if (it.item.lot_tracked && it.lot.empty())
      return error(Errc::invalid_argument, it.item.sku + " is lot-tracked: scan its GS1 label with the lot (AI 10)")
          .with("reject", "lot_or_serial");
    // A serial-tracked item is booked one unit per scan of the unit's own
    // label, its serial from AI 21.
    if (it.item.serial_tracked) {
      if (it.serial.empty())
        return error(Errc::invalid_argument,
                     it.item.sku + " is serial-tracked: scan its GS1 label with the serial (AI 21)")
            .with("reject", "lot_or_serial");
      if (line.qty != 1)
        return error(Errc::invalid_argument, it.item.sku + " is serial-tracked: serial " + it.serial +
                                                 " is one unit, so scan each unit's own label")
            .with("reject", "lot_or_serial");
      for (const auto& h : s.held)
        if (h.sku == line.sku && std::find(h.serials.begin(), h.serials.end(), it.serial) != h.serials.end())
          return error(Errc::invalid_argument, "serial " + it.serial + " of " + it.item.sku + " is scanned already")
              .with("reject", "lot_or_serial");
      line.serials = {it.serial};
    } else if (!it.serial.empty()) {
      line.serials.clear();  // a serial on the label of an item not tracked by serial is not booked
    }
    Status st;
    switch (s.mode) {
      case Mode::receive: st = post_against_order(line, DocType::receipt, it.item.decimals); break;
      // A pick from a quarantine bin is refused by the engine like every
      // issue (inventory/quality.h): the scanner shows its reason.
      case Mode::pick: st = post_against_order(line, DocType::issue, it.item.decimals); break;
      case Mode::move:
        if (s.bin.empty()) return error(Errc::invalid_state, "scan the from-bin first");
        s.held.push_back(line);
        st = accept("holding " + qty_text(line) + " from " + s.bin + ": scan the to-bin");
        break;
      case Mode::count: {
        if (s.count.empty()) return error(Errc::invalid_state, "scan the count sheet first");
        if (s.bin.empty()) return error(Errc::invalid_state, "scan the bin you count first");
        // A bin's count is one figure per item and lot, in smallest units.
        const std::string counted = qty_text(line);
        line.unit.clear();
        line.entered.clear();
        bool merged = false;
        for (auto& h : s.held)
          if (h.sku == line.sku && h.lot == line.lot) {
            h.qty += line.qty;
            // A serial-tracked item is counted by serial (one per unit).
            h.serials.insert(h.serials.end(), line.serials.begin(), line.serials.end());
            merged = true;
          }
        if (!merged) s.held.push_back(line);
        st = accept("counted " + counted + " in " + s.bin);  // blind: no book figure
        break;
      }
    }
    if (st.is_ok()) s.next_qty = 0;
    return st;
  }

  /// `decimals`: the item's, for the quantities the message shows.
  Status post_against_order(const DocLine& line, DocType type, int decimals) {
    auto n = [decimals](Qty v) { return inventory::format_decimal(v, decimals); };
    const bool receipt = type == DocType::receipt;
    if (s.order.empty())
      return error(Errc::invalid_state,
                   receipt ? "scan the expected receipt (PO/ASN) first" : "scan the pick list first");
    if (s.bin.empty())
      return error(Errc::invalid_state, receipt ? "scan the bin you receive into" : "scan the bin you pick from");
    auto o = q.order(s.order);
    if (!o) return o.status();
    Qty wanted = 0, done = 0;
    bool listed = false;
    for (const auto& l : o->lines)
      if (l.sku == line.sku && (l.lot.empty() || l.lot == line.lot)) {
        wanted += l.qty;
        done += l.done;
        listed = true;
      }
    if (!listed) return error(Errc::invalid_argument, line.sku + " is not on " + s.order).with("reject", "not_on_order");
    if (!receipt && done + line.qty > wanted)
      return error(Errc::tolerance_exceeded, line.sku + ": " + n(done) + " of " + n(wanted) + " picked, " +
                                                 n(line.qty) + " more is too many")
          .with("sku", line.sku)
          .with("order", s.order)
          .with("direction", "issue")
          .with("after", std::to_string(done + line.qty))
          .with("ordered", std::to_string(wanted))
          .with("limit", std::to_string(wanted));
    DocumentRequest req;
    req.type = type;
    req.order = s.order;
    (receipt ? req.to : req.from) = s.bin;
    req.lines.push_back(line);
    if (receipt) req.lines.back().inspection = s.setup.receipt_inspection;
    req.source = s.source();
    req.idempotency_key = key;
    const std::string what = (receipt ? "received " : "picked ") + qty_text(line) +
                             (line.lot.empty() ? "" : " lot " + line.lot);
    JXC_ASSIGN(auto d, book(what, [&eng = engine, req] { return eng.post(req); }, true));
    if (!d) return accept(waits(what));
    s.posted.push_back(d->number);
    r.document = d->number;
    return accept(what + " (" + n(done + line.qty) + " of " + n(wanted) + ", " +
                  d->number + ")");
  }

  Status run() {
    const std::string_view text = strip_aim(raw);
    const Label l = classify(s_labels(), text);
    switch (l.kind) {
      case Label::Kind::mode: r.kind = "command"; return switch_mode(l.mode);
      case Label::Kind::undo: r.kind = "command"; return undo();
      case Label::Kind::finish: r.kind = "command"; return finish();
      case Label::Kind::quantity:
        r.kind = "command";
        if (l.qty <= 0) return error(Errc::invalid_argument, "quantity must be 1 to 999999");
        s.next_qty = l.qty;
        return accept("next item x " + std::to_string(l.qty));
      case Label::Kind::bin: {
        r.kind = "bin";
        JXC_ASSIGN(auto code, resolve_bin(l.captured));
        return on_bin(code);
      }
      case Label::Kind::receipt:
      case Label::Kind::pick_list:
      case Label::Kind::count: r.kind = "document"; return on_document(l);
      case Label::Kind::none: break;
    }
    auto it = resolve_item(q, raw);
    if (!it) return it.status();
    r.kind = "item";
    return on_item(std::move(it).value());
  }

  const LabelPatterns& s_labels() const { return *labels; }
  const LabelPatterns* labels = nullptr;
};

}  // namespace

Status run_scan_step(inventory::Engine& engine, inventory::Queries& q, ScanProcessor::Session& s, ScanResult& r,
                     const std::string& raw, const std::string& key, const WaitForStore& wait_for_store,
                     const LabelPatterns& labels) {
  Step step{engine, q, s, r, raw, key, wait_for_store};
  step.labels = &labels;
  return step.run();
}

}  // namespace jxc::scan
