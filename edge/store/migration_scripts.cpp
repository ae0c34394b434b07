#include "edge/store/migration_scripts.h"

#include <array>
#include <vector>

namespace jxc::store {
namespace {

// Scripts 1 to 12; 13 to 23 are in migration_scripts_from13.cpp, later ones
// in migration_scripts_from24.cpp. Never edit one that has shipped.
constexpr std::array<const char*, 12> kMigrations = {
    // 1: master data, ledger, balances, documents, orders, counts, outbox.
    R"sql(
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE locations (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL CHECK (kind IN ('site','warehouse','zone','bin','virtual')),
  parent_id INTEGER REFERENCES locations(id),
  site_id INTEGER REFERENCES locations(id),
  barcode TEXT, gln TEXT, rfid_tag TEXT,
  negative_stock TEXT CHECK (negative_stock IN ('block','allow'))
);
CREATE UNIQUE INDEX locations_barcode ON locations(barcode) WHERE barcode IS NOT NULL;
CREATE UNIQUE INDEX locations_gln ON locations(gln) WHERE gln IS NOT NULL;
CREATE UNIQUE INDEX locations_rfid ON locations(rfid_tag) WHERE rfid_tag IS NOT NULL;

CREATE TABLE items (
  id INTEGER PRIMARY KEY,
  sku TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL DEFAULT '',
  uom TEXT NOT NULL DEFAULT 'EA',
  unit_weight_g REAL,
  lot_tracked INTEGER NOT NULL DEFAULT 0,
  unit_cost REAL NOT NULL DEFAULT 0
);
CREATE TABLE item_gtins (
  gtin TEXT PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES items(id)
);
CREATE TABLE thresholds (
  item_id INTEGER NOT NULL REFERENCES items(id),
  location_id INTEGER NOT NULL REFERENCES locations(id),
  min_qty INTEGER NOT NULL, max_qty INTEGER NOT NULL, reorder_qty INTEGER NOT NULL,
  PRIMARY KEY (item_id, location_id)
) WITHOUT ROWID;
CREATE TABLE lots (
  item_id INTEGER NOT NULL REFERENCES items(id),
  lot TEXT NOT NULL,
  expiry TEXT,
  PRIMARY KEY (item_id, lot)
) WITHOUT ROWID;

CREATE TABLE orders (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('expected_receipt','pick_list')),
  number TEXT NOT NULL UNIQUE,
  ref TEXT NOT NULL DEFAULT '',
  partner TEXT NOT NULL DEFAULT '',
  door TEXT NOT NULL DEFAULT '',
  tolerance_pct REAL,
  state TEXT NOT NULL CHECK (state IN ('open','closed','cancelled')),
  created_at INTEGER NOT NULL
);
CREATE TABLE order_lines (
  order_id INTEGER NOT NULL REFERENCES orders(id),
  line_no INTEGER NOT NULL,
  item_id INTEGER NOT NULL REFERENCES items(id),
  lot TEXT NOT NULL DEFAULT '',
  qty INTEGER NOT NULL CHECK (qty > 0),
  done INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (order_id, line_no)
) WITHOUT ROWID;

CREATE TABLE documents (
  id INTEGER PRIMARY KEY,
  type TEXT NOT NULL,
  number TEXT NOT NULL UNIQUE,
  state TEXT NOT NULL CHECK (state IN ('draft','confirmed','posted','cancelled')),
  order_id INTEGER REFERENCES orders(id),
  from_location INTEGER REFERENCES locations(id),
  to_location INTEGER REFERENCES locations(id),
  reason TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  close_order INTEGER NOT NULL DEFAULT 0,
  needs_review INTEGER NOT NULL DEFAULT 0,
  exceptions TEXT NOT NULL DEFAULT '[]',
  reverses INTEGER REFERENCES documents(id),
  occurred_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  confirmed_at INTEGER, posted_at INTEGER, cancelled_at INTEGER
);
CREATE INDEX documents_state ON documents(state, type);
CREATE TABLE document_lines (
  doc_id INTEGER NOT NULL REFERENCES documents(id),
  line_no INTEGER NOT NULL,
  item_id INTEGER NOT NULL REFERENCES items(id),
  lot TEXT NOT NULL DEFAULT '',
  expiry TEXT,
  qty INTEGER NOT NULL,
  from_location INTEGER REFERENCES locations(id),
  to_location INTEGER REFERENCES locations(id),
  flag TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (doc_id, line_no)
) WITHOUT ROWID;

-- The ledger. Rows are never updated or deleted (triggers below); a correction
-- is a reversing movement.
CREATE TABLE movements (
  id INTEGER PRIMARY KEY,
  doc_id INTEGER NOT NULL REFERENCES documents(id),
  item_id INTEGER NOT NULL REFERENCES items(id),
  lot TEXT NOT NULL DEFAULT '',
  from_location INTEGER NOT NULL REFERENCES locations(id),
  to_location INTEGER NOT NULL REFERENCES locations(id),
  qty INTEGER NOT NULL CHECK (qty > 0),
  reason TEXT NOT NULL,
  source TEXT NOT NULL,
  occurred_at INTEGER NOT NULL,
  recorded_at INTEGER NOT NULL,
  idempotency_key TEXT NOT NULL UNIQUE,
  reverses INTEGER REFERENCES movements(id),
  flags TEXT NOT NULL DEFAULT ''
);
CREATE INDEX movements_item ON movements(item_id, id);
CREATE INDEX movements_doc ON movements(doc_id);
CREATE TRIGGER movements_no_update BEFORE UPDATE ON movements
  BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER movements_no_delete BEFORE DELETE ON movements
  BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;

CREATE TABLE balances (
  item_id INTEGER NOT NULL REFERENCES items(id),
  location_id INTEGER NOT NULL REFERENCES locations(id),
  lot TEXT NOT NULL DEFAULT '',
  qty INTEGER NOT NULL,
  PRIMARY KEY (item_id, location_id, lot)
) WITHOUT ROWID;
CREATE INDEX balances_location ON balances(location_id, item_id);

-- Stock counts: the book per (location, item, lot) when the count opened, and
-- the ledger's high-water mark then, so that movements made during the count
-- are accounted for instead of overwritten. Each visit to a bin is a round; the
-- latest round of a bin is its count.
CREATE TABLE count_sessions (
  doc_id INTEGER PRIMARY KEY REFERENCES documents(id),
  ledger_mark INTEGER NOT NULL,
  tolerance_qty INTEGER NOT NULL,
  opened_by TEXT NOT NULL,
  approved_by TEXT
);
CREATE TABLE count_scope (
  doc_id INTEGER NOT NULL REFERENCES documents(id),
  location_id INTEGER NOT NULL REFERENCES locations(id),
  PRIMARY KEY (doc_id, location_id)
) WITHOUT ROWID;
CREATE TABLE count_snapshot (
  doc_id INTEGER NOT NULL REFERENCES documents(id),
  location_id INTEGER NOT NULL REFERENCES locations(id),
  item_id INTEGER NOT NULL REFERENCES items(id),
  lot TEXT NOT NULL DEFAULT '',
  book_qty INTEGER NOT NULL,
  PRIMARY KEY (doc_id, location_id, item_id, lot)
) WITHOUT ROWID;
CREATE TABLE count_rounds (
  doc_id INTEGER NOT NULL REFERENCES documents(id),
  location_id INTEGER NOT NULL REFERENCES locations(id),
  round INTEGER NOT NULL,
  counter TEXT NOT NULL,
  ledger_mark INTEGER NOT NULL,
  entered_at INTEGER NOT NULL,
  PRIMARY KEY (doc_id, location_id, round)
) WITHOUT ROWID;
CREATE TABLE count_entries (
  doc_id INTEGER NOT NULL,
  location_id INTEGER NOT NULL,
  round INTEGER NOT NULL,
  item_id INTEGER NOT NULL REFERENCES items(id),
  lot TEXT NOT NULL DEFAULT '',
  qty INTEGER NOT NULL CHECK (qty >= 0),
  PRIMARY KEY (doc_id, location_id, round, item_id, lot),
  FOREIGN KEY (doc_id, location_id, round) REFERENCES count_rounds(doc_id, location_id, round)
) WITHOUT ROWID;

-- First result of every request that carried an idempotency key.
CREATE TABLE requests (
  key TEXT PRIMARY KEY,
  doc_id INTEGER REFERENCES documents(id),
  result TEXT NOT NULL,
  created_at INTEGER NOT NULL
) WITHOUT ROWID;

-- Events for the central system. AUTOINCREMENT keeps seq gapless across
-- rollbacks and never reuses a number after pruning.
CREATE TABLE outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  occurred_at INTEGER NOT NULL,
  recorded_at INTEGER NOT NULL,
  payload TEXT NOT NULL
);

INSERT INTO locations(code, name, kind) VALUES
  ('@SUPPLIER', 'Suppliers', 'virtual'),
  ('@CUSTOMER', 'Customers', 'virtual'),
  ('@ADJUSTMENT', 'Inventory adjustments', 'virtual'),
  ('@SCRAP', 'Scrap', 'virtual');
)sql",
    // 2: acknowledgement state of the outbox, kept apart from the events so that
    // the event rows stay write-once.
    R"sql(
CREATE TABLE outbox_state (
  epoch TEXT PRIMARY KEY,
  acked_up_to INTEGER NOT NULL DEFAULT 0,
  acked_at INTEGER
) WITHOUT ROWID;
)sql",
    // 3: what the central system sent down. Items and locations that a master
    // data snapshot no longer lists are retired (active=0), never deleted: the
    // ledger and documents refer to them. Each applied downlink message id is
    // kept, written in the same transaction as its change, so that a second
    // delivery of the message changes nothing. The master data version is in
    // meta('master_data_version').
    R"sql(
ALTER TABLE items ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
ALTER TABLE locations ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
CREATE TABLE downlink_messages (
  message_id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  applied_at INTEGER NOT NULL
) WITHOUT ROWID;
)sql",
    // 4: shelf weight slots (calibration and last known count) and the
    // discrepancies they found against the ledger.
    R"sql(
CREATE TABLE weight_slots (
  slot TEXT PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES items(id),
  location_id INTEGER NOT NULL REFERENCES locations(id),
  tare_g REAL NOT NULL DEFAULT 0,
  unit_weight_g REAL,
  calibrated_at INTEGER,
  calibrated_by TEXT,
  grams REAL,
  count INTEGER,
  status TEXT NOT NULL DEFAULT 'waiting',
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE weight_discrepancies (
  id INTEGER PRIMARY KEY,
  slot TEXT NOT NULL,
  item_id INTEGER NOT NULL REFERENCES items(id),
  location_id INTEGER NOT NULL REFERENCES locations(id),
  book INTEGER NOT NULL,
  weighed INTEGER NOT NULL,
  detected_at INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('open','accepted','dismissed')),
  resolved_at INTEGER,
  resolved_by TEXT,
  doc_id INTEGER REFERENCES documents(id)
);
CREATE INDEX weight_discrepancies_state ON weight_discrepancies(state, item_id, location_id);
)sql",
    // 5: the pallet (SSCC-18) an expected receipt line arrives on, from the
    // ASN, so that an RFID portal reading only the pallet tag can stand it for
    // its contents.
    R"sql(
ALTER TABLE order_lines ADD COLUMN sscc TEXT NOT NULL DEFAULT '';
)sql",
    // 6: alerts to managers, their delivery log, replenishment suggestions and
    // the master data they need (lead time and pack multiple per item).
    R"sql(
ALTER TABLE items ADD COLUMN lead_time_days INTEGER CHECK (lead_time_days IS NULL OR lead_time_days > 0);
ALTER TABLE items ADD COLUMN pack_multiple INTEGER NOT NULL DEFAULT 1 CHECK (pack_multiple > 0);

CREATE TABLE alerts (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  severity TEXT NOT NULL,
  item TEXT NOT NULL DEFAULT '',
  location TEXT NOT NULL DEFAULT '',
  lot TEXT NOT NULL DEFAULT '',
  subject TEXT NOT NULL DEFAULT '',
  qty INTEGER NOT NULL DEFAULT 0,
  threshold INTEGER NOT NULL DEFAULT 0,
  suggested_qty INTEGER NOT NULL DEFAULT 0,
  detail TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL CHECK (state IN ('open','cleared')),
  raised_at INTEGER NOT NULL,
  cleared_at INTEGER,
  acked_at INTEGER,
  acked_by TEXT,
  escalated_at INTEGER
);
-- At most one open alert per condition: raised once per crossing.
CREATE UNIQUE INDEX alerts_open ON alerts(kind, item, location, lot, subject) WHERE state = 'open';

CREATE TABLE alert_deliveries (
  id INTEGER PRIMARY KEY,
  alert_id INTEGER NOT NULL,
  channel TEXT NOT NULL,
  event TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  ok INTEGER NOT NULL,
  detail TEXT NOT NULL DEFAULT '',
  at INTEGER NOT NULL
);

CREATE TABLE replenishment_suggestions (
  id INTEGER PRIMARY KEY,
  item TEXT NOT NULL,
  location TEXT NOT NULL,
  on_hand INTEGER NOT NULL,
  expected INTEGER NOT NULL,
  reserved INTEGER NOT NULL,
  reorder_point REAL NOT NULL,
  qty INTEGER NOT NULL,
  mean_daily REAL NOT NULL,
  sigma_daily REAL NOT NULL,
  lead_time_days INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('open','covered')),
  created_at INTEGER NOT NULL,
  covered_at INTEGER
);
CREATE UNIQUE INDEX replenishment_open ON replenishment_suggestions(item, location) WHERE state = 'open';
)sql",
    // 7: raw RFID tags (non-GS1 EPCs such as E2...) that stand for one unit of
    // an item, from master data: each physical tag is one row, so that a
    // portal counts one unit per distinct tag as it does per SGTIN serial.
    R"sql(
CREATE TABLE item_rfid_tags (
  epc_hex TEXT PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES items(id),
  lot TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX item_rfid_tags_item ON item_rfid_tags(item_id);
)sql",
    // 8: a door pass looks up the open order for its door, and a pallet tag
    // the ASN that lists it, on every pass: without these both read every
    // order the store has ever had.
    R"sql(
CREATE INDEX orders_open ON orders(kind, door, id) WHERE state = 'open';
CREATE INDEX order_lines_sscc ON order_lines(sscc, order_id) WHERE sscc <> '';
)sql",
    // 9: a counter of changes to items, locations and thresholds, so that a
    // reader can tell in one row whether the master data changed (the alert
    // rules reload then); before, that took sums over every item.
    R"sql(
INSERT OR IGNORE INTO meta(key, value) VALUES('master_data_changes', '0');
CREATE TRIGGER items_insert_counted AFTER INSERT ON items
  BEGIN UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'master_data_changes'; END;
CREATE TRIGGER items_update_counted AFTER UPDATE ON items
  BEGIN UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'master_data_changes'; END;
CREATE TRIGGER items_delete_counted AFTER DELETE ON items
  BEGIN UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'master_data_changes'; END;
CREATE TRIGGER locations_insert_counted AFTER INSERT ON locations
  BEGIN UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'master_data_changes'; END;
CREATE TRIGGER locations_update_counted AFTER UPDATE ON locations
  BEGIN UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'master_data_changes'; END;
CREATE TRIGGER locations_delete_counted AFTER DELETE ON locations
  BEGIN UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'master_data_changes'; END;
CREATE TRIGGER thresholds_insert_counted AFTER INSERT ON thresholds
  BEGIN UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'master_data_changes'; END;
CREATE TRIGGER thresholds_update_counted AFTER UPDATE ON thresholds
  BEGIN UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'master_data_changes'; END;
CREATE TRIGGER thresholds_delete_counted AFTER DELETE ON thresholds
  BEGIN UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'master_data_changes'; END;
)sql",
    // 10: idempotency records in a rowid table. Their results (a few hundred
    // bytes of JSON) made the keyed b-tree hold a dozen rows per page, so
    // each new key split and rewrote large pages; now the rows are appended
    // and only the small key index takes an entry in the middle.
    R"sql(
CREATE TABLE requests_by_rowid (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  doc_id INTEGER REFERENCES documents(id),
  result TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
INSERT INTO requests_by_rowid(key, doc_id, result, created_at)
  SELECT key, doc_id, result, created_at FROM requests ORDER BY created_at, key;
DROP TABLE requests;
ALTER TABLE requests_by_rowid RENAME TO requests;
)sql",
    // 11: CHECK constraints listed allowed values with IN, which SQLite
    // evaluates by building a temporary index of the list on every execution
    // of every INSERT into the table (~8 % of the writer's work on a
    // single-line document). The same rules as OR chains need none; the
    // rewrite is done by expand_in_checks() below.
    "",
    // 12: reversing a document first looks for an earlier reversal of it,
    // which read every document. Only reversals carry `reverses`, so the
    // index holds just them.
    R"sql(
CREATE INDEX documents_reverses ON documents(reverses) WHERE reverses IS NOT NULL;
)sql",
};

}  // namespace

std::span<const char* const> migration_scripts_to_12() { return kMigrations; }

std::span<const char* const> migration_scripts() {
  static const std::vector<const char*> all = [] {
    std::vector<const char*> v(kMigrations.begin(), kMigrations.end());
    for (const char* s : migration_scripts_from_13()) v.push_back(s);
    for (const char* s : migration_scripts_from_24()) v.push_back(s);
    return v;
  }();
  return all;
}

}  // namespace jxc::store
