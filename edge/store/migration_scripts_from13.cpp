#include <array>

#include "edge/store/migration_scripts.h"

namespace jxc::store {
namespace {

// Scripts 13 to 23 (1 to 12 are in migration_scripts.cpp, 24 on in
// migration_scripts_from24.cpp). Never edit one that has shipped.
constexpr std::array<const char*, 11> kMigrationsFrom13 = {
    // 13: the people and machines of the local HTTP API, and the audit
    // trail of what they did. Passwords and API tokens are stored as hashes
    // only; the audit table is append-only like the ledger.
    R"sql(
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role = 'operator' OR role = 'manager' OR role = 'admin'),
  password_hash TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  label TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER,
  revoked_at INTEGER
);
CREATE TABLE audit (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT ''
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
)sql",
    // 14: the decisions of the exception inbox. A held document records who
    // last edited its lines (the four-eyes rule: someone else releases it); a
    // replenishment suggestion may be accepted or dismissed by a person, who
    // is recorded, besides being covered by stock (the table is rebuilt for
    // the wider state rule).
    R"sql(
ALTER TABLE documents ADD COLUMN edited_by TEXT NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN edited_at INTEGER;
CREATE TABLE replenishment_suggestions_v14 (
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
  state TEXT NOT NULL CHECK (state = 'open' OR state = 'covered' OR state = 'accepted' OR state = 'dismissed'),
  created_at INTEGER NOT NULL,
  covered_at INTEGER,
  decided_by TEXT NOT NULL DEFAULT '',
  decided_at INTEGER
);
INSERT INTO replenishment_suggestions_v14(id,item,location,on_hand,expected,reserved,reorder_point,qty,
  mean_daily,sigma_daily,lead_time_days,state,created_at,covered_at)
  SELECT id,item,location,on_hand,expected,reserved,reorder_point,qty,mean_daily,sigma_daily,lead_time_days,
         state,created_at,covered_at FROM replenishment_suggestions;
DROP TABLE replenishment_suggestions;
ALTER TABLE replenishment_suggestions_v14 RENAME TO replenishment_suggestions;
CREATE UNIQUE INDEX replenishment_open ON replenishment_suggestions(item, location) WHERE state = 'open';
)sql",
    // 15: counts worked through the HTTP API: a blind count hides the book
    // from its counters; counting is submitted as done and may be reopened;
    // a count may cover chosen items only; a manager may ask for a bin to be
    // counted again; everyone who recorded a line is kept for the four-eyes
    // rule.
    R"sql(
ALTER TABLE count_sessions ADD COLUMN blind INTEGER NOT NULL DEFAULT 0;
ALTER TABLE count_sessions ADD COLUMN submitted_by TEXT;
ALTER TABLE count_sessions ADD COLUMN submitted_at INTEGER;
CREATE TABLE count_items (
  doc_id INTEGER NOT NULL REFERENCES documents(id),
  item_id INTEGER NOT NULL REFERENCES items(id),
  PRIMARY KEY (doc_id, item_id)
) WITHOUT ROWID;
CREATE TABLE count_recounts (
  doc_id INTEGER NOT NULL REFERENCES documents(id),
  location_id INTEGER NOT NULL REFERENCES locations(id),
  after_round INTEGER NOT NULL,
  requested_by TEXT NOT NULL,
  requested_at INTEGER NOT NULL,
  PRIMARY KEY (doc_id, location_id, after_round)
) WITHOUT ROWID;
CREATE TABLE count_counters (
  doc_id INTEGER NOT NULL REFERENCES documents(id),
  counter TEXT NOT NULL,
  PRIMARY KEY (doc_id, counter)
) WITHOUT ROWID;
)sql",
    // 16: units and packs, decimal quantities. An item's uom is its base unit
    // and `decimals` (0-3) the decimals its quantities have; every quantity
    // stays an integer, in 10^-decimals of the base unit. item_packs lists an
    // item's pack levels with their factor in those smallest units, the base
    // unit among them; each GTIN names the pack level it is printed on. A
    // document line keeps the unit and the quantity as they were entered.
    // Stores from before hold whole base units: decimals 0, the base unit the
    // one pack level and every GTIN on it, quantities unchanged.
    R"sql(
ALTER TABLE items ADD COLUMN decimals INTEGER NOT NULL DEFAULT 0 CHECK (decimals >= 0 AND decimals <= 3);
CREATE TABLE item_packs (
  item_id INTEGER NOT NULL REFERENCES items(id),
  unit TEXT NOT NULL,
  factor INTEGER NOT NULL CHECK (factor > 0),
  PRIMARY KEY (item_id, unit)
) WITHOUT ROWID;
INSERT INTO item_packs(item_id, unit, factor) SELECT id, uom, 1 FROM items;
ALTER TABLE item_gtins ADD COLUMN unit TEXT NOT NULL DEFAULT '';
UPDATE item_gtins SET unit = (SELECT uom FROM items WHERE items.id = item_gtins.item_id);
ALTER TABLE document_lines ADD COLUMN unit TEXT NOT NULL DEFAULT '';
ALTER TABLE document_lines ADD COLUMN entered TEXT NOT NULL DEFAULT '';
)sql",
    // 17: who made an order, as documents record it ("user:alice",
    // "token:7:alice", "unix:root", "central"). An order made through the API
    // has its audit entry, and one from the central system its downlink
    // record, written in the transaction that inserted it (so at the same
    // time); any other existing order is "unknown".
    R"sql(
ALTER TABLE orders ADD COLUMN source TEXT NOT NULL DEFAULT 'unknown';
UPDATE orders SET source = coalesce(
  (SELECT a.actor FROM audit a
    WHERE a.action = 'order.upsert' AND a.target = 'order:' || orders.number AND a.at = orders.created_at
    ORDER BY a.id LIMIT 1),
  (SELECT 'central' FROM downlink_messages d
    WHERE d.kind IN ('asn', 'picklist') AND d.applied_at = orders.created_at LIMIT 1),
  'unknown');
)sql",
    // 18: what the central system says of an order beyond its quantities:
    // when an expected receipt is due (UTC ms; NULL when not said), and per
    // line its own line id (echoed in the events of documents against the
    // order) and the unit and quantity as it gave them (qty stays in the
    // item's smallest units). Existing orders have none of these.
    R"sql(
ALTER TABLE orders ADD COLUMN expected_at INTEGER;
ALTER TABLE order_lines ADD COLUMN line_id TEXT NOT NULL DEFAULT '';
ALTER TABLE order_lines ADD COLUMN unit TEXT NOT NULL DEFAULT '';
ALTER TABLE order_lines ADD COLUMN entered TEXT NOT NULL DEFAULT '';
CREATE INDEX orders_expected ON orders(expected_at) WHERE state = 'open' AND expected_at IS NOT NULL;
)sql",
    // 19: the local day (YYYY-MM-DD in the site's time zone) each alert
    // channel last sent its daily digest on, so that a restart neither sends
    // a day's digest twice nor forgets one.
    R"sql(
CREATE TABLE alert_digest_days (
  channel TEXT PRIMARY KEY,
  day TEXT NOT NULL,
  sent_at INTEGER NOT NULL
) WITHOUT ROWID;
)sql",
    // 20: costs and value. Each movement records its value (Money: 1/10000
    // of the currency unit); stock_costs holds, per item and lot ('' for an
    // item without lots), the quantity in physical locations, its value and
    // its last average per base unit (edge/inventory/cost.h). A document
    // line and an expected receipt's line may carry a unit cost per base
    // unit. Stock held before costs were kept enters at value 0 (an unknown
    // cost: the first receipts with a cost average with it), and every
    // earlier movement has value 0, so value = sum of movement values holds.
    R"sql(
ALTER TABLE movements ADD COLUMN value INTEGER NOT NULL DEFAULT 0;
ALTER TABLE document_lines ADD COLUMN unit_cost INTEGER CHECK (unit_cost IS NULL OR unit_cost >= 0);
ALTER TABLE order_lines ADD COLUMN unit_cost INTEGER CHECK (unit_cost IS NULL OR unit_cost >= 0);
CREATE TABLE stock_costs (
  item_id INTEGER NOT NULL REFERENCES items(id),
  lot TEXT NOT NULL DEFAULT '',
  qty INTEGER NOT NULL,
  value INTEGER NOT NULL,
  unit_cost INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (item_id, lot)
) WITHOUT ROWID;
INSERT INTO stock_costs(item_id, lot, qty, value)
  SELECT b.item_id, b.lot, sum(b.qty), 0 FROM balances b JOIN locations l ON l.id = b.location_id
  WHERE l.kind <> 'virtual' GROUP BY b.item_id, b.lot;
)sql",
    // 21: an item's GTINs by item and pack level. Reading an item (every stock
    // lookup) and replacing its GTINs (every master-data upsert) look them up
    // by item; without this each scanned the whole table.
    R"sql(
CREATE INDEX item_gtins_item ON item_gtins(item_id, unit, gtin);
)sql",
    // 22: quality inspection and returns. A bin may be a quarantine bin
    // (stock that is held, not available); a receipt line records its
    // inspection result, a customer return line its disposition, and a
    // return names the document (documents.ref_document) and line
    // (document_lines.ref_line) it returns, so that no more comes back than
    // went out on that line.
    R"sql(
ALTER TABLE locations ADD COLUMN quarantine INTEGER NOT NULL DEFAULT 0;
ALTER TABLE document_lines ADD COLUMN inspection TEXT NOT NULL DEFAULT '';
ALTER TABLE document_lines ADD COLUMN disposition TEXT NOT NULL DEFAULT '';
ALTER TABLE document_lines ADD COLUMN ref_line INTEGER;
ALTER TABLE documents ADD COLUMN ref_document INTEGER REFERENCES documents(id);
CREATE INDEX documents_ref ON documents(ref_document) WHERE ref_document IS NOT NULL;
)sql",
    // 23: opening balances, production and other issues and receipts. Their
    // outside ends are virtual locations of their own, so that what came in
    // as the opening balance, what production took and gave and what left for
    // a cost centre stay apart from suppliers, customers and adjustments;
    // production and other documents name the cost centre, work order or
    // destination they are charged to ('' for none). Built-in locations are
    // not a change of master data: the counter of changes (9) stays as it was.
    R"sql(
INSERT INTO locations(code, name, kind) VALUES
  ('@OPENING', 'Opening balances', 'virtual'),
  ('@PRODUCTION', 'Production', 'virtual'),
  ('@OTHER', 'Other issues and receipts', 'virtual');
UPDATE meta SET value = CAST(value AS INTEGER) - 3 WHERE key = 'master_data_changes';
ALTER TABLE documents ADD COLUMN cost_centre TEXT NOT NULL DEFAULT '';
)sql",
};

}  // namespace

std::span<const char* const> migration_scripts_from_13() { return kMigrationsFrom13; }

}  // namespace jxc::store
