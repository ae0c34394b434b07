#include <array>

#include "edge/store/migration_scripts.h"

namespace jxc::store {
namespace {

// Scripts from 24 on (1 to 23 are in migration_scripts.cpp and
// migration_scripts_from13.cpp). Append new migrations at the end; never
// edit one that has shipped.
constexpr std::array<const char*, 9> kMigrationsFrom24 = {
    // 24: serial numbers (序列号). An item may be serial-tracked; then each
    // unit has a row in `serials` saying where it is now (a physical location
    // while in stock, the virtual end it left to otherwise), its lot, its
    // status and the document and movement that last moved it. `serial_moves`
    // names the serials each ledger row moved; a serial's history is its
    // movements. A document line keeps the serials it names (a JSON array of
    // strings; NULL for none), so a draft posts what it was written with.
    // Stores from before hold no serials and no item is serial-tracked, so
    // every balance already equals its (zero) in-stock serials.
    R"sql(
ALTER TABLE items ADD COLUMN serial_tracked INTEGER NOT NULL DEFAULT 0;
ALTER TABLE document_lines ADD COLUMN serials TEXT;
CREATE TABLE serials (
  id INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES items(id),
  serial TEXT NOT NULL,
  lot TEXT NOT NULL DEFAULT '',
  location_id INTEGER NOT NULL REFERENCES locations(id),
  status TEXT NOT NULL CHECK (status = 'in_stock' OR status = 'shipped' OR status = 'returned' OR
                              status = 'scrapped' OR status = 'consumed' OR status = 'issued' OR
                              status = 'written_off' OR status = 'withdrawn'),
  doc_id INTEGER NOT NULL REFERENCES documents(id),
  movement_id INTEGER NOT NULL REFERENCES movements(id),
  updated_at INTEGER NOT NULL,
  UNIQUE (item_id, serial)
);
CREATE INDEX serials_at ON serials(item_id, location_id, lot) WHERE status = 'in_stock';
CREATE TABLE serial_moves (
  movement_id INTEGER NOT NULL REFERENCES movements(id),
  serial_id INTEGER NOT NULL REFERENCES serials(id),
  PRIMARY KEY (serial_id, movement_id)
) WITHOUT ROWID;
CREATE INDEX serial_moves_movement ON serial_moves(movement_id);
CREATE TRIGGER serial_moves_no_update BEFORE UPDATE ON serial_moves
  BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER serial_moves_no_delete BEFORE DELETE ON serial_moves
  BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
)sql",
    // 25: counting by serial. What a count round found of a serial-tracked
    // item names its serials (a JSON array of strings; NULL for any other
    // item), so the approval knows which units were lost and which found.
    // Rounds recorded before named none; a difference of a serial-tracked
    // item counted then is refused at approval and the bin recounted.
    R"sql(
ALTER TABLE count_entries ADD COLUMN serials TEXT;
)sql",
    // 26: a stamp of what stock lookups show. `seq` goes up with every
    // writer's batch that posted movements (balances and cost pools change
    // only with one; the engine's writer moves it, once a batch) and, by
    // triggers, with every change to items, their GTINs and packs, and
    // locations; `master` with the latter alone. A reader can tell in one row
    // whether an answer it keeps is still true (edge/inventory/stock_cache.h).
    R"sql(
CREATE TABLE stock_stamp (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq INTEGER NOT NULL,
  master INTEGER NOT NULL
);
INSERT INTO stock_stamp(id, seq, master) VALUES(1, 0, 0);
CREATE TRIGGER items_insert_stamped AFTER INSERT ON items
  BEGIN UPDATE stock_stamp SET seq = seq + 1, master = master + 1; END;
CREATE TRIGGER items_update_stamped AFTER UPDATE ON items
  BEGIN UPDATE stock_stamp SET seq = seq + 1, master = master + 1; END;
CREATE TRIGGER items_delete_stamped AFTER DELETE ON items
  BEGIN UPDATE stock_stamp SET seq = seq + 1, master = master + 1; END;
CREATE TRIGGER item_gtins_insert_stamped AFTER INSERT ON item_gtins
  BEGIN UPDATE stock_stamp SET seq = seq + 1, master = master + 1; END;
CREATE TRIGGER item_gtins_update_stamped AFTER UPDATE ON item_gtins
  BEGIN UPDATE stock_stamp SET seq = seq + 1, master = master + 1; END;
CREATE TRIGGER item_gtins_delete_stamped AFTER DELETE ON item_gtins
  BEGIN UPDATE stock_stamp SET seq = seq + 1, master = master + 1; END;
CREATE TRIGGER item_packs_insert_stamped AFTER INSERT ON item_packs
  BEGIN UPDATE stock_stamp SET seq = seq + 1, master = master + 1; END;
CREATE TRIGGER item_packs_update_stamped AFTER UPDATE ON item_packs
  BEGIN UPDATE stock_stamp SET seq = seq + 1, master = master + 1; END;
CREATE TRIGGER item_packs_delete_stamped AFTER DELETE ON item_packs
  BEGIN UPDATE stock_stamp SET seq = seq + 1, master = master + 1; END;
CREATE TRIGGER locations_insert_stamped AFTER INSERT ON locations
  BEGIN UPDATE stock_stamp SET seq = seq + 1, master = master + 1; END;
CREATE TRIGGER locations_update_stamped AFTER UPDATE ON locations
  BEGIN UPDATE stock_stamp SET seq = seq + 1, master = master + 1; END;
CREATE TRIGGER locations_delete_stamped AFTER DELETE ON locations
  BEGIN UPDATE stock_stamp SET seq = seq + 1, master = master + 1; END;
)sql",
    // 27: cost pools written behind the ledger. The writer keeps the pools
    // its movements move and writes them about once a second, not once a
    // commit: `stock_costs` holds every pool as of movement
    // `stock_stamp.costs_through`, and the movements after it (the tail)
    // are added by whoever reads a pool (edge/inventory/cost_tail.h).
    // `stock_costs_now` is that sum for quantity and value, for checks and
    // reports that read pools in SQL. Every pool was written at every commit
    // until now, so the tail starts empty.
    R"sql(
ALTER TABLE stock_stamp ADD COLUMN costs_through INTEGER NOT NULL DEFAULT 0;
UPDATE stock_stamp SET costs_through = (SELECT coalesce(max(id), 0) FROM movements);
CREATE VIEW stock_costs_now(item_id, lot, qty, value) AS
  SELECT item_id, lot, sum(qty), sum(value) FROM (
    SELECT item_id, lot, qty, value FROM stock_costs
    UNION ALL
    SELECT m.item_id, m.lot,
           CASE WHEN f.kind = 'virtual' THEN m.qty ELSE -m.qty END,
           CASE WHEN f.kind = 'virtual' THEN m.value ELSE -m.value END
    FROM movements m JOIN locations f ON f.id = m.from_location JOIN locations t ON t.id = m.to_location
    WHERE m.id > (SELECT costs_through FROM stock_stamp) AND (f.kind = 'virtual') <> (t.kind = 'virtual'))
  GROUP BY item_id, lot;
)sql",
    // 28: the ledger's totals per day, for reports over long periods
    // (edge/inventory/day_totals.h). One row per calendar day of the site's
    // time zone (`day`: days since 1970-01-01 there), item, lot, physical
    // location and document type: what came in and went out, in smallest
    // units and in value. Kept behind the ledger like the cost pools: the
    // rows hold movements up to `stock_stamp.days_through`, counted in the
    // days of zone `days_zone`; readers add the movements after it. The
    // writer folds the ledger in from the start, a slice at a time.
    R"sql(
CREATE TABLE stock_days (
  day INTEGER NOT NULL,
  item_id INTEGER NOT NULL REFERENCES items(id),
  location_id INTEGER NOT NULL REFERENCES locations(id),
  lot TEXT NOT NULL,
  kind TEXT NOT NULL,
  qty_in INTEGER NOT NULL DEFAULT 0, qty_out INTEGER NOT NULL DEFAULT 0,
  value_in INTEGER NOT NULL DEFAULT 0, value_out INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, item_id, location_id, lot, kind)
) WITHOUT ROWID;
ALTER TABLE stock_stamp ADD COLUMN days_through INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stock_stamp ADD COLUMN days_zone TEXT NOT NULL DEFAULT '';
)sql",
    // 29: month-end stock (day_totals.h). What each item, lot and physical
    // location held at the end of each month (the key is the month's last
    // local day), as the daily totals add up to it; written behind them by
    // the same fold, so that a report opens a period from the month before
    // it instead of adding up every day since the first. Positions holding
    // nothing have no row. `months_through` is the last month written (0:
    // none yet); earlier stores start with none and have them written while
    // the writer is idle.
    R"sql(
CREATE TABLE stock_months (
  month_end INTEGER NOT NULL,
  item_id INTEGER NOT NULL REFERENCES items(id),
  location_id INTEGER NOT NULL REFERENCES locations(id),
  lot TEXT NOT NULL,
  qty INTEGER NOT NULL,
  value INTEGER NOT NULL,
  PRIMARY KEY (month_end, item_id, location_id, lot)
) WITHOUT ROWID;
ALTER TABLE stock_stamp ADD COLUMN months_through INTEGER NOT NULL DEFAULT 0;
)sql",
    // 30: an item's category (商品类别), from master data, for the reports
    // by category; '' for none.
    R"sql(
ALTER TABLE items ADD COLUMN category TEXT NOT NULL DEFAULT '';
)sql",
    // 31: what the devices did, for the device performance report
    // (edge/inventory/device_records.h). `device_passes`: one row per portal
    // pass that settled, whether or not it made a document: the door, when it
    // closed, its direction, its outcome (posted; held for review; none: no
    // document) and why it was held, as flags. `scan_tallies`: per scanner and
    // quarter hour (UTC, so that any site's local days are whole quarters),
    // how many scans were accepted (reason '') and rejected by reason code.
    // Both are pruned after a fixed time (device_records.h).
    R"sql(
CREATE TABLE device_passes (
  id INTEGER PRIMARY KEY,
  door TEXT NOT NULL,
  closed_at INTEGER NOT NULL,
  direction TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome = 'posted' OR outcome = 'held' OR outcome = 'none'),
  missing INTEGER NOT NULL DEFAULT 0,
  unexpected INTEGER NOT NULL DEFAULT 0,
  ambiguous INTEGER NOT NULL DEFAULT 0,
  other INTEGER NOT NULL DEFAULT 0,
  document TEXT NOT NULL DEFAULT ''
);
CREATE INDEX device_passes_closed ON device_passes(closed_at);
CREATE TABLE scan_tallies (
  scanner TEXT NOT NULL,
  quarter INTEGER NOT NULL,
  reason TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (quarter, scanner, reason)
) WITHOUT ROWID;
)sql",
    // 32: the daily totals (stock_days) of each item, day, lot and document
    // type added up over the physical locations, transfers left out: what
    // the ageing report reads an item at a time, back from a day, for what
    // arrived and what was issued (edge/inventory/day_flows.h). Kept by the
    // same fold to the same mark; filled here from the daily totals as they
    // are.
    R"sql(
CREATE TABLE stock_flows (
  item_id INTEGER NOT NULL REFERENCES items(id),
  day INTEGER NOT NULL,
  lot TEXT NOT NULL,
  kind TEXT NOT NULL,
  qty_in INTEGER NOT NULL DEFAULT 0,
  qty_out INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (item_id, day, lot, kind)
) WITHOUT ROWID;
INSERT INTO stock_flows(item_id, day, lot, kind, qty_in, qty_out)
  SELECT item_id, day, lot, kind, sum(qty_in), sum(qty_out) FROM stock_days
  WHERE kind <> 'transfer' GROUP BY item_id, day, lot, kind;
)sql",
};

}  // namespace

std::span<const char* const> migration_scripts_from_24() { return kMigrationsFrom24; }

}  // namespace jxc::store
