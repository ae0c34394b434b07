#include "edge/inventory/quality.h"

namespace jxc::inventory {

Result<LocationInfo> quarantine_bin_for(Tx& tx, const LocationInfo& near) {
  if (near.quarantine) return near;
  // The ancestors of `near` with their distance, and for every active
  // quarantine bin the ancestors it lies under: the bin under the nearest
  // shared ancestor wins.
  JXC_ASSIGN(auto* st, tx.db().cached(
                           "WITH RECURSIVE up(id, depth) AS ("
                           "  SELECT parent_id, 1 FROM locations WHERE id=?1 AND parent_id IS NOT NULL"
                           "  UNION ALL SELECT l.parent_id, up.depth+1 FROM locations l JOIN up ON l.id=up.id"
                           "  WHERE l.parent_id IS NOT NULL AND up.depth < 16),"
                           " q(bin, anc, depth) AS ("
                           "  SELECT id, parent_id, 1 FROM locations WHERE quarantine=1 AND active=1"
                           "  AND parent_id IS NOT NULL"
                           "  UNION ALL SELECT q.bin, l.parent_id, q.depth+1 FROM q JOIN locations l ON l.id=q.anc"
                           "  WHERE l.parent_id IS NOT NULL AND q.depth < 16) "
                           "SELECT b.code FROM q JOIN up ON up.id=q.anc JOIN locations b ON b.id=q.bin "
                           "ORDER BY up.depth, b.code LIMIT 1"));
  st->bind_all(near.id);
  JXC_ASSIGN(bool row, st->step());
  if (!row)
    return error(Errc::invalid_argument, "no quarantine bin holds goods from " + near.code +
                                             ": mark a bin of its warehouse as quarantine in master data")
        .with("location", near.code);
  std::string code = st->text(0);
  st->reset();
  return tx.location(code);
}

namespace {

Status route_to_quarantine(Tx& tx, ResolvedLine& r) {
  JXC_ASSIGN(r.to, quarantine_bin_for(tx, r.to));
  return Status::ok();
}

}  // namespace

Status apply_quality(Tx& tx, DocType type, const DocLine& given, ResolvedLine& r) {
  r.inspection = given.inspection;
  r.disposition = given.disposition;
  if (r.inspection != Inspection::none && type != DocType::receipt)
    return error(Errc::invalid_argument, "an inspection result is recorded on receipt lines only");
  if (r.disposition != Disposition::none && type != DocType::customer_return)
    return error(Errc::invalid_argument,
                 type == DocType::supplier_return
                     ? "a supplier return has no disposition: the goods leave the warehouse"
                     : "a disposition is given on customer return lines only");
  switch (type) {
    case DocType::receipt:
      if (r.inspection == Inspection::quarantine || r.inspection == Inspection::rejected)
        return route_to_quarantine(tx, r);
      if (r.inspection == Inspection::accepted && r.to.quarantine)
        return error(Errc::invalid_argument, "accepted goods go to an available bin, and " + r.to.code +
                                                 " is a quarantine bin");
      return Status::ok();
    case DocType::customer_return:
      if (r.disposition == Disposition::quarantine) return route_to_quarantine(tx, r);
      if (r.disposition == Disposition::restock && r.to.quarantine)
        return error(Errc::invalid_argument, "restocked goods go to an available bin, and " + r.to.code +
                                                 " is a quarantine bin (disposition quarantine holds them)");
      if (r.disposition == Disposition::scrap) {
        // Written off as they arrive: no stock moves, the books record the
        // return and the write-off in one movement.
        JXC_ASSIGN(r.to, tx.location(std::string(kScrap)));
      }
      return Status::ok();
    case DocType::issue:
      if (r.from.quarantine)
        return error(Errc::invalid_state, r.from.code +
                                                 " is a quarantine bin: its goods are held, not available to "
                                                 "issue; release them with a transfer to an available bin first")
            .with("location", r.from.code);
      return Status::ok();
    default:
      return Status::ok();
  }
}

}  // namespace jxc::inventory
