#include "edge/store/schema.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "edge/store/store_dir_test.h"

namespace jxc::store {
namespace {

class SchemaTest : public StoreDirTest {
 protected:
  SchemaTest() : StoreDirTest("schema") {}
  std::unique_ptr<Db> open() {
    auto db = Db::open(path_, {});
    EXPECT_TRUE(db.is_ok()) << db.status().to_string();
    return std::move(db).value();
  }
};

TEST_F(SchemaTest, NewStoreIsPrivateWalAndFullySynchronous) {
  auto db = open();
  struct stat st {};
  ASSERT_EQ(::stat(path_.c_str(), &st), 0);
  // The owner's and the group's (the operators'), never others', and the
  // umask may take the group's write away.
  const mode_t umask_now = ::umask(0);
  ::umask(umask_now);
  EXPECT_EQ(st.st_mode & 0777, 0660 & ~umask_now);
  auto mode = db->prepare("PRAGMA journal_mode");
  ASSERT_TRUE(mode.is_ok());
  ASSERT_TRUE(*(*mode)->step());
  EXPECT_EQ((*mode)->text(0), "wal");
  EXPECT_EQ(*db->query_int("PRAGMA synchronous"), 2);  // FULL
  EXPECT_EQ(*db->query_int("PRAGMA foreign_keys"), 1);
}

TEST_F(SchemaTest, MigratesStepByStepAndKeepsData) {
  {
    auto db = open();
    ASSERT_TRUE(migrate_to(*db, 1).is_ok());
    EXPECT_EQ(*db->query_int("PRAGMA user_version"), 1);
    ASSERT_TRUE(db->exec("INSERT INTO items(sku) VALUES('A')").is_ok());
  }
  auto db = open();
  ASSERT_TRUE(migrate(*db).is_ok());
  EXPECT_EQ(*db->query_int("PRAGMA user_version"), latest_schema_version());
  EXPECT_EQ(*db->query_int("SELECT count(*) FROM items WHERE sku='A'"), 1);
  EXPECT_EQ(*db->query_int("SELECT count(*) FROM outbox_state"), 0);
  // Running it again is a no-op.
  ASSERT_TRUE(migrate(*db).is_ok());
}

// Every change to items, locations or thresholds moves one counter, in the
// same transaction, whichever connection makes it; other tables leave it be.
TEST_F(SchemaTest, MasterDataChangesAreCounted) {
  auto db = open();
  ASSERT_TRUE(migrate(*db).is_ok());
  auto changes = [&] {
    return *db->query_int("SELECT CAST(value AS INTEGER) FROM meta WHERE key='master_data_changes'");
  };
  EXPECT_EQ(changes(), 0);
  ASSERT_TRUE(db->exec("INSERT INTO items(sku) VALUES('A'),('B')").is_ok());
  EXPECT_EQ(changes(), 2);
  ASSERT_TRUE(db->exec("UPDATE items SET name='x' WHERE sku='A'").is_ok());
  EXPECT_EQ(changes(), 3);
  ASSERT_TRUE(db->exec("INSERT INTO locations(code, kind) VALUES('W1','warehouse')").is_ok());
  EXPECT_EQ(changes(), 4);
  ASSERT_TRUE(db->exec("INSERT INTO thresholds(item_id, location_id, min_qty, max_qty, reorder_qty) "
                       "SELECT i.id, l.id, 5, 10, 5 FROM items i, locations l WHERE i.sku='A' AND l.code='W1'")
                  .is_ok());
  EXPECT_EQ(changes(), 5);
  ASSERT_TRUE(db->exec("DELETE FROM thresholds").is_ok());
  EXPECT_EQ(changes(), 6);
  ASSERT_TRUE(db->exec("BEGIN; DELETE FROM items WHERE sku='B'; ROLLBACK").is_ok());
  EXPECT_EQ(changes(), 6);  // rolled back with the change itself
  ASSERT_TRUE(db->exec("INSERT INTO lots(item_id, lot) SELECT id, 'L1' FROM items WHERE sku='A'").is_ok());
  EXPECT_EQ(changes(), 6);
}

// Schema 10 moves idempotency records into a rowid table: every record keeps
// its result, and a key still cannot be recorded twice.
TEST_F(SchemaTest, IdempotencyRecordsKeepTheirResultsAcrossSchema10) {
  {
    auto db = open();
    ASSERT_TRUE(migrate_to(*db, 9).is_ok());
    ASSERT_TRUE(db->exec("INSERT INTO requests(key, doc_id, result, created_at) VALUES"
                         "('scan-2', NULL, '{\"number\":\"R-000002\"}', 20),"
                         "('scan-1', NULL, '{\"number\":\"R-000001\"}', 10)")
                    .is_ok());
  }
  auto db = open();
  ASSERT_TRUE(migrate(*db).is_ok());
  auto st = db->prepare("SELECT key, result, created_at FROM requests ORDER BY id");
  ASSERT_TRUE(st.is_ok());
  ASSERT_TRUE(*(*st)->step());
  EXPECT_EQ((*st)->text(0), "scan-1");
  EXPECT_EQ((*st)->text(1), R"({"number":"R-000001"})");
  EXPECT_EQ((*st)->int64(2), 10);
  ASSERT_TRUE(*(*st)->step());
  EXPECT_EQ((*st)->text(0), "scan-2");
  EXPECT_FALSE(*(*st)->step());
  Status dup = db->exec("INSERT INTO requests(key, result, created_at) VALUES('scan-1', '{}', 30)");
  EXPECT_EQ(dup.code(), Errc::conflict) << dup.to_string();
}

TEST_F(SchemaTest, OrdersFromBeforeSchema17NameTheirMakerWhereTheStoreKnowsIt) {
  {
    auto db = open();
    ASSERT_TRUE(migrate_to(*db, 15).is_ok());
    ASSERT_TRUE(db->exec("INSERT INTO orders(kind, number, state, created_at) VALUES"
                         "('expected_receipt', 'ASN-API', 'open', 100),"
                         "('expected_receipt', 'ASN-MQTT', 'open', 200),"
                         "('pick_list', 'PL-CLI', 'open', 300),"
                         "('pick_list', 'PL-LATER', 'open', 400);"
                         "INSERT INTO audit(at, actor, action, target, detail, address) VALUES"
                         "(100, 'user:boss', 'order.upsert', 'order:ASN-API', '', '127.0.0.1'),"
                         "(450, 'user:amy', 'order.upsert', 'order:PL-LATER', '', '127.0.0.1');"
                         "INSERT INTO downlink_messages(message_id, kind, applied_at) VALUES('m-1', 'asn', 200)")
                    .is_ok());
  }
  auto db = open();
  ASSERT_TRUE(migrate(*db).is_ok());
  auto st = db->prepare("SELECT number, source FROM orders ORDER BY id");
  ASSERT_TRUE(st.is_ok());
  std::vector<std::pair<std::string, std::string>> got;
  while (*(*st)->step()) got.emplace_back((*st)->text(0), (*st)->text(1));
  // PL-LATER was changed through the API after it was made: its maker is unknown.
  EXPECT_EQ(got, (std::vector<std::pair<std::string, std::string>>{
                     {"ASN-API", "user:boss"}, {"ASN-MQTT", "central"}, {"PL-CLI", "unknown"}, {"PL-LATER", "unknown"}}));
}

// Schema 11 states the allowed values of CHECK constraints without IN, which
// SQLite evaluated through a temporary index built on every insert. The rules
// themselves are unchanged.
TEST_F(SchemaTest, AllowedValuesAreCheckedWithoutATemporaryIndex) {
  auto db = open();
  ASSERT_TRUE(migrate_to(*db, 10).is_ok());
  ASSERT_TRUE(db->exec("INSERT INTO documents(type, number, state, occurred_at, created_at) "
                       "VALUES('receipt', 'R-1', 'draft', 1, 1)")
                  .is_ok());
  auto uses_temporary_index = [&](const char* sql) {
    auto st = db->prepare(std::string("EXPLAIN ") + sql);
    EXPECT_TRUE(st.is_ok());
    while (*(*st)->step())
      if ((*st)->text(1) == "OpenEphemeral") return true;
    return false;
  };
  const char* insert = "INSERT INTO documents(type, number, state, occurred_at, created_at) "
                       "VALUES('receipt', ?1, ?2, 1, 1)";
  EXPECT_TRUE(uses_temporary_index(insert));  // what schema 11 removes
  ASSERT_TRUE(migrate(*db).is_ok());
  EXPECT_FALSE(uses_temporary_index(insert));
  EXPECT_EQ(*db->query_int("SELECT count(*) FROM sqlite_schema WHERE sql LIKE '%CHECK (% IN (%'"), 0);

  // The same values are allowed and refused, in this connection and in a new one.
  for (auto& conn : {std::move(db), open()}) {
    Status bad = conn->exec("INSERT INTO documents(type, number, state, occurred_at, created_at) "
                            "VALUES('receipt', 'R-2', 'bogus', 1, 1)");
    EXPECT_EQ(bad.code(), Errc::conflict) << bad.to_string();
    EXPECT_NE(bad.reason().find("CHECK"), std::string::npos) << bad.reason();
    EXPECT_TRUE(conn->exec("UPDATE documents SET state='posted' WHERE number='R-1'").is_ok());
    EXPECT_FALSE(conn->exec("UPDATE documents SET state='gone' WHERE number='R-1'").is_ok());
    EXPECT_FALSE(conn->exec("INSERT INTO locations(code, kind) VALUES('X', 'shelf')").is_ok());
    EXPECT_TRUE(conn->exec("INSERT OR REPLACE INTO locations(code, kind, negative_stock) "
                           "VALUES('S9', 'site', NULL)").is_ok());
    EXPECT_FALSE(conn->exec("UPDATE locations SET negative_stock='maybe' WHERE code='S9'").is_ok());
    EXPECT_EQ(*conn->query_int("SELECT count(*) FROM pragma_integrity_check WHERE integrity_check<>'ok'"), 0);
  }
}

// Schema 12: the look for an earlier reversal of a document is an index
// search, not a read of every document.
TEST_F(SchemaTest, EarlierReversalsAreFoundByIndex) {
  auto db = open();
  ASSERT_TRUE(migrate(*db).is_ok());
  auto plan = db->prepare("EXPLAIN QUERY PLAN SELECT number FROM documents WHERE reverses=?1 AND state='posted'");
  ASSERT_TRUE(plan.is_ok());
  std::string detail;
  while (*(*plan)->step()) detail += (*plan)->text(3) + "\n";
  EXPECT_NE(detail.find("USING INDEX documents_reverses"), std::string::npos) << detail;
}

// Schema 21: an item's GTINs, read with the item on every stock lookup and
// replaced on every master-data upsert, are found by index, not by reading
// every GTIN of every item.
TEST_F(SchemaTest, AnItemsGtinsAreFoundByIndex) {
  auto db = open();
  ASSERT_TRUE(migrate(*db).is_ok());
  for (const char* sql : {"SELECT gtin FROM item_gtins WHERE item_id=?1 AND unit=?2 ORDER BY gtin",
                          "SELECT min(gtin) FROM item_gtins WHERE item_id=?1 AND unit=?2",
                          "DELETE FROM item_gtins WHERE item_id=?1"}) {
    auto plan = db->prepare(std::string("EXPLAIN QUERY PLAN ") + sql);
    ASSERT_TRUE(plan.is_ok());
    std::string detail;
    while (*(*plan)->step()) detail += (*plan)->text(3) + "\n";
    EXPECT_NE(detail.find("USING COVERING INDEX item_gtins_item"), std::string::npos) << sql << "\n" << detail;
    EXPECT_EQ(detail.find("TEMP B-TREE"), std::string::npos) << sql << "\n" << detail;
  }
}

// Schema 16 gives items a base unit with decimals and pack levels. A store of
// schema 15 holds whole units: its items get 0 decimals, their unit of
// measure as the one pack level (factor 1) with every GTIN on it, and no
// quantity changes.
TEST_F(SchemaTest, ItemsFromBeforeUnitsAndPacksKeepTheirQuantities) {
  {
    auto db = open();
    ASSERT_TRUE(migrate_to(*db, 15).is_ok());
    ASSERT_TRUE(db->exec("INSERT INTO items(id, sku, uom) VALUES(1, 'TEA', 'EA'), (2, 'WATER', '瓶'), (3, 'CUP', 'EA');"
                         "INSERT INTO item_gtins(gtin, item_id) VALUES('06901234567892', 1), "
                         "('04006381333931', 2), ('14006381333938', 2);"
                         "INSERT INTO locations(id, code, kind) VALUES(10, 'A-01', 'bin');"
                         "INSERT INTO documents(id, type, number, state, occurred_at, created_at) "
                         "VALUES(1, 'receipt', 'R-1', 'posted', 1, 1);"
                         "INSERT INTO document_lines(doc_id, line_no, item_id, qty, from_location, to_location) "
                         "VALUES(1, 1, 2, 7, 1, 10);"
                         "INSERT INTO movements(doc_id, item_id, from_location, to_location, qty, reason, source, "
                         "occurred_at, recorded_at, idempotency_key) VALUES(1, 2, 1, 10, 7, 'r', 's', 1, 1, 'k1');"
                         "INSERT INTO balances(item_id, location_id, qty) VALUES(2, 10, 7), (2, 1, -7);")
                    .is_ok());
  }
  auto db = open();
  ASSERT_TRUE(migrate(*db).is_ok());
  EXPECT_EQ(*db->query_int("SELECT count(*) FROM items WHERE decimals <> 0"), 0);
  auto packs = db->prepare("SELECT i.sku, p.unit, p.factor FROM item_packs p JOIN items i ON i.id=p.item_id "
                           "ORDER BY i.id");
  ASSERT_TRUE(packs.is_ok());
  std::vector<std::string> seen;
  while (*(*packs)->step())
    seen.push_back((*packs)->text(0) + " " + (*packs)->text(1) + " " + std::to_string((*packs)->int64(2)));
  EXPECT_EQ(seen, (std::vector<std::string>{"TEA EA 1", "WATER 瓶 1", "CUP EA 1"}));
  EXPECT_EQ(*db->query_int("SELECT count(*) FROM item_gtins"), 3);
  EXPECT_EQ(*db->query_int("SELECT count(*) FROM item_gtins g JOIN items i ON i.id=g.item_id WHERE g.unit=i.uom"), 3);
  EXPECT_EQ(*db->query_int("SELECT qty FROM document_lines WHERE doc_id=1"), 7);
  EXPECT_EQ(*db->query_int("SELECT count(*) FROM document_lines WHERE unit='' AND entered=''"), 1);
  EXPECT_EQ(*db->query_int("SELECT sum(qty) FROM movements WHERE item_id=2"), 7);
  EXPECT_EQ(*db->query_int("SELECT qty FROM balances WHERE item_id=2 AND location_id=10"), 7);
  // Decimals beyond 3 and pack factors below 1 are refused by the schema itself.
  EXPECT_FALSE(db->exec("UPDATE items SET decimals=4 WHERE sku='TEA'").is_ok());
  EXPECT_FALSE(db->exec("INSERT INTO item_packs(item_id, unit, factor) VALUES(1, 'case', 0)").is_ok());
}

// Schema 22: quarantine bins, inspection results, dispositions and return
// references. A store of schema 21 keeps its bins available, its lines
// uninspected and its returns unreferenced, and the lookups of what was
// returned against a document go by index.
TEST_F(SchemaTest, DocumentsFromBeforeInspectionAndReturnReferencesKeepTheirMeaning) {
  {
    auto db = open();
    ASSERT_TRUE(migrate_to(*db, 21).is_ok());
    ASSERT_TRUE(db->exec("INSERT INTO items(id, sku) VALUES(1, 'TEA');"
                         "INSERT INTO locations(id, code, kind) VALUES(10, 'A-01', 'bin');"
                         "INSERT INTO documents(id, type, number, state, occurred_at, created_at) "
                         "VALUES(1, 'customer_return', 'CRT-1', 'posted', 1, 1);"
                         "INSERT INTO document_lines(doc_id, line_no, item_id, qty, from_location, to_location) "
                         "VALUES(1, 1, 1, 3, 1, 10);")
                    .is_ok());
  }
  auto db = open();
  ASSERT_TRUE(migrate(*db).is_ok());
  EXPECT_EQ(*db->query_int("SELECT quarantine FROM locations WHERE code='A-01'"), 0);
  EXPECT_EQ(*db->query_int("SELECT count(*) FROM document_lines WHERE inspection='' AND disposition='' "
                           "AND ref_line IS NULL AND qty=3"),
            1);
  EXPECT_EQ(*db->query_int("SELECT count(*) FROM documents WHERE ref_document IS NULL"), 1);
  auto plan = db->prepare("EXPLAIN QUERY PLAN SELECT number FROM documents WHERE ref_document=?1");
  ASSERT_TRUE(plan.is_ok());
  std::string detail;
  while (*(*plan)->step()) detail += (*plan)->text(3) + "\n";
  EXPECT_NE(detail.find("documents_ref"), std::string::npos) << detail;
}

// Schema 24: serial numbers. A store of schema 23 keeps its items, ledger,
// balances and document lines as they were; no item is serial-tracked and no
// serial exists, so every balance equals its in-stock serials (none). The
// serials each movement moved are as append-only as the movements.
TEST_F(SchemaTest, StoresFromBeforeSerialsKeepTheirLedgerAndTrackNoSerials) {
  {
    auto db = open();
    ASSERT_TRUE(migrate_to(*db, 23).is_ok());
    ASSERT_TRUE(db->exec("INSERT INTO items(id, sku, lot_tracked) VALUES(1, 'TEA', 1), (2, 'PHONE', 0);"
                         "INSERT INTO locations(id, code, kind) VALUES(10, 'A-01', 'bin');"
                         "INSERT INTO documents(id, type, number, state, occurred_at, created_at) "
                         "VALUES(1, 'receipt', 'RCV-1', 'posted', 1, 1);"
                         "INSERT INTO document_lines(doc_id, line_no, item_id, lot, qty, from_location, to_location) "
                         "VALUES(1, 1, 1, 'L1', 4, 1, 10), (1, 2, 2, '', 2, 1, 10);"
                         "INSERT INTO movements(doc_id, item_id, lot, from_location, to_location, qty, reason, source, "
                         "occurred_at, recorded_at, idempotency_key) VALUES(1, 1, 'L1', 1, 10, 4, 'r', 's', 1, 1, 'k1'),"
                         "(1, 2, '', 1, 10, 2, 'r', 's', 1, 1, 'k2');"
                         "INSERT INTO balances(item_id, location_id, lot, qty) VALUES(1, 10, 'L1', 4), (1, 1, 'L1', -4),"
                         "(2, 10, '', 2), (2, 1, '', -2);")
                    .is_ok());
  }
  auto db = open();
  ASSERT_TRUE(migrate(*db).is_ok());
  EXPECT_EQ(*db->query_int("PRAGMA user_version"), latest_schema_version());
  EXPECT_EQ(*db->query_int("SELECT count(*) FROM items WHERE serial_tracked <> 0"), 0);
  EXPECT_EQ(*db->query_int("SELECT lot_tracked FROM items WHERE sku='TEA'"), 1);
  EXPECT_EQ(*db->query_int("SELECT count(*) FROM document_lines WHERE serials IS NULL"), 2);
  EXPECT_EQ(*db->query_int("SELECT sum(qty) FROM movements"), 6);
  EXPECT_EQ(*db->query_int("SELECT qty FROM balances WHERE item_id=1 AND location_id=10 AND lot='L1'"), 4);
  EXPECT_EQ(*db->query_int("SELECT qty FROM balances WHERE item_id=2 AND location_id=10"), 2);
  EXPECT_EQ(*db->query_int("SELECT count(*) FROM serials"), 0);
  // A serial is one row per item, and its moves cannot be rewritten.
  ASSERT_TRUE(db->exec("UPDATE items SET serial_tracked=1 WHERE sku='PHONE';"
                       "INSERT INTO serials(item_id, serial, location_id, status, doc_id, movement_id, updated_at) "
                       "VALUES(2, 'SN1', 10, 'in_stock', 1, 2, 1);"
                       "INSERT INTO serial_moves(movement_id, serial_id) VALUES(2, 1);")
                  .is_ok());
  EXPECT_FALSE(db->exec("INSERT INTO serials(item_id, serial, location_id, status, doc_id, movement_id, "
                        "updated_at) VALUES(2, 'SN1', 10, 'in_stock', 1, 2, 1)")
                   .is_ok());
  EXPECT_FALSE(db->exec("UPDATE serials SET status='lost'").is_ok());
  EXPECT_FALSE(db->exec("DELETE FROM serial_moves").is_ok());
  EXPECT_EQ(*db->query_int("SELECT count(*) FROM serial_moves"), 1);
}

// Stores from before pools were written behind the ledger had every pool
// written at every commit: the mark starts at their newest movement, so no
// movement is counted twice, and the view of pools now equals the rows.
TEST_F(SchemaTest, CostPoolsOfEarlierStoresAreWrittenThroughTheirNewestMovement) {
  {
    auto db = open();
    ASSERT_TRUE(migrate_to(*db, 26).is_ok());
    ASSERT_TRUE(db->exec("INSERT INTO items(id, sku) VALUES(1, 'TEA');"
                         "INSERT INTO locations(id, code, kind) VALUES(10, 'A-01', 'bin');"
                         "INSERT INTO documents(id, type, number, state, occurred_at, created_at) "
                         "VALUES(1, 'receipt', 'RCV-1', 'posted', 1, 1);"
                         "INSERT INTO movements(doc_id, item_id, lot, from_location, to_location, qty, reason, source, "
                         "occurred_at, recorded_at, idempotency_key, value) VALUES"
                         "(1, 1, '', 1, 10, 4, 'r', 's', 1, 1, 'k1', 40000), (1, 1, '', 1, 10, 2, 'r', 's', 1, 1, 'k2', 30000);"
                         "INSERT INTO balances(item_id, location_id, lot, qty) VALUES(1, 10, '', 6), (1, 1, '', -6);"
                         "INSERT INTO stock_costs(item_id, lot, qty, value, unit_cost) VALUES(1, '', 6, 70000, 11667);")
                    .is_ok());
  }
  auto db = open();
  ASSERT_TRUE(migrate(*db).is_ok());
  EXPECT_EQ(*db->query_int("SELECT costs_through FROM stock_stamp"), 2);
  EXPECT_EQ(*db->query_int("SELECT qty FROM stock_costs_now WHERE item_id=1"), 6);
  EXPECT_EQ(*db->query_int("SELECT value FROM stock_costs_now WHERE item_id=1"), 70000);
  // A movement after the mark is added to its pool's row.
  ASSERT_TRUE(db->exec("INSERT INTO movements(doc_id, item_id, lot, from_location, to_location, qty, reason, source, "
                       "occurred_at, recorded_at, idempotency_key, value) VALUES"
                       "(1, 1, '', 10, 1, 1, 'r', 's', 1, 1, 'k3', 11667)")
                  .is_ok());
  EXPECT_EQ(*db->query_int("SELECT qty FROM stock_costs_now WHERE item_id=1"), 5);
  EXPECT_EQ(*db->query_int("SELECT value FROM stock_costs_now WHERE item_id=1"), 70000 - 11667);
}

// Earlier stores start with no daily totals and no month closed: their
// whole ledger is the tail until a writer folds it in
// (edge/inventory/stock_reports_test.cpp).
TEST_F(SchemaTest, DailyTotalsOfEarlierStoresStartEmptyWithTheWholeLedgerBehind) {
  {
    auto db = open();
    ASSERT_TRUE(migrate_to(*db, 27).is_ok());
    ASSERT_TRUE(db->exec("INSERT INTO items(id, sku) VALUES(1, 'TEA');"
                         "INSERT INTO locations(id, code, kind) VALUES(10, 'A-01', 'bin');"
                         "INSERT INTO documents(id, type, number, state, occurred_at, created_at) "
                         "VALUES(1, 'receipt', 'RCV-1', 'posted', 1, 1);"
                         "INSERT INTO movements(doc_id, item_id, lot, from_location, to_location, qty, reason, source, "
                         "occurred_at, recorded_at, idempotency_key, value) VALUES"
                         "(1, 1, '', 1, 10, 4, 'r', 's', 1, 1, 'k1', 40000);")
                    .is_ok());
  }
  auto db = open();
  ASSERT_TRUE(migrate(*db).is_ok());
  EXPECT_EQ(*db->query_int("SELECT days_through FROM stock_stamp"), 0);
  EXPECT_EQ(*db->query_int("SELECT count(*) FROM stock_stamp WHERE days_zone=''"), 1);
  EXPECT_EQ(*db->query_int("SELECT count(*) FROM stock_days"), 0);
  EXPECT_EQ(*db->query_int("SELECT months_through FROM stock_stamp"), 0);  // no month closed
  EXPECT_EQ(*db->query_int("SELECT count(*) FROM stock_months"), 0);
  // A day's row per item, location, lot and document type.
  ASSERT_TRUE(db->exec("INSERT INTO stock_days(day, item_id, location_id, lot, kind, qty_in) "
                       "VALUES(20791, 1, 10, '', 'receipt', 4)")
                  .is_ok());
  EXPECT_FALSE(db->exec("INSERT INTO stock_days(day, item_id, location_id, lot, kind, qty_in) "
                        "VALUES(20791, 1, 10, '', 'receipt', 1)")
                   .is_ok());
}

// The daily flows of a store with daily totals are made from them as the
// store is migrated: per item, day, lot and document type over the
// locations, transfers left out.
TEST_F(SchemaTest, DailyFlowsAreMadeFromTheDailyTotalsAlreadyKept) {
  {
    auto db = open();
    ASSERT_TRUE(migrate_to(*db, 31).is_ok());
    ASSERT_TRUE(db->exec("INSERT INTO items(id, sku) VALUES(1, 'TEA'), (2, 'RICE');"
                         "INSERT INTO locations(id, code, kind) VALUES(10, 'A-01', 'bin'), (11, 'A-02', 'bin');"
                         "INSERT INTO stock_days(day, item_id, location_id, lot, kind, qty_in, qty_out) VALUES"
                         "(100, 1, 10, '', 'receipt', 10, 0), (100, 1, 10, '', 'transfer', 0, 3),"
                         "(100, 1, 11, '', 'transfer', 3, 0), (100, 1, 10, '', 'adjustment', 5, 0),"
                         "(100, 1, 11, '', 'adjustment', 0, 2), (100, 1, 11, '', 'issue', 0, 1),"
                         "(100, 1, 10, 'L1', 'supplier_return', 0, 4), (101, 1, 10, '', 'transfer', 2, 2),"
                         "(101, 2, 10, '', 'other_issue', 0, 6), (101, 2, 11, '', 'other_issue', 0, 1);")
                    .is_ok());
  }
  auto db = open();
  ASSERT_TRUE(migrate(*db).is_ok());
  auto st = db->prepare("SELECT item_id, day, lot, kind, qty_in, qty_out FROM stock_flows ORDER BY 1, 2, 3, 4");
  ASSERT_TRUE(st.is_ok());
  std::vector<std::string> rows;
  while (*(*st)->step())
    rows.push_back(std::to_string((*st)->int64(0)) + " " + std::to_string((*st)->int64(1)) + " '" + (*st)->text(2) +
                   "' " + (*st)->text(3) + " " + std::to_string((*st)->int64(4)) + " " +
                   std::to_string((*st)->int64(5)));
  EXPECT_EQ(rows, (std::vector<std::string>{"1 100 '' adjustment 5 2", "1 100 '' issue 0 1", "1 100 '' receipt 10 0",
                                            "1 100 'L1' supplier_return 0 4", "2 101 '' other_issue 0 7"}));
}

// Count rounds recorded before counting by serial keep their quantities and
// name no serials (the approval then asks for a recount of a serial-tracked
// item's bin); rounds recorded after may name them.
TEST_F(SchemaTest, CountRoundsFromBeforeCountingBySerialNameNoSerials) {
  {
    auto db = open();
    ASSERT_TRUE(migrate_to(*db, 24).is_ok());
    ASSERT_TRUE(db->exec("INSERT INTO items(id, sku, serial_tracked) VALUES(1, 'PHONE', 1);"
                         "INSERT INTO locations(id, code, kind) VALUES(10, 'A-01', 'bin');"
                         "INSERT INTO documents(id, type, number, state, occurred_at, created_at) "
                         "VALUES(1, 'count', 'CNT-1', 'confirmed', 1, 1);"
                         "INSERT INTO count_rounds(doc_id, location_id, round, counter, ledger_mark, entered_at) "
                         "VALUES(1, 10, 1, 'bob', 0, 1);"
                         "INSERT INTO count_entries(doc_id, location_id, round, item_id, lot, qty) "
                         "VALUES(1, 10, 1, 1, '', 2);")
                    .is_ok());
  }
  auto db = open();
  ASSERT_TRUE(migrate(*db).is_ok());
  EXPECT_EQ(*db->query_int("PRAGMA user_version"), latest_schema_version());
  EXPECT_EQ(*db->query_int("SELECT qty FROM count_entries WHERE doc_id=1"), 2);
  EXPECT_EQ(*db->query_int("SELECT count(*) FROM count_entries WHERE serials IS NULL"), 1);
  ASSERT_TRUE(db->exec("UPDATE count_entries SET serials='[\"SN1\",\"SN2\"]'").is_ok());
  EXPECT_EQ(*db->query_int("SELECT json_array_length(serials) FROM count_entries"), 2);
}

TEST_F(SchemaTest, RefusesAStoreWrittenByANewerBinary) {
  {
    auto db = open();
    ASSERT_TRUE(migrate(*db).is_ok());
    ASSERT_TRUE(db->exec("PRAGMA user_version=" + std::to_string(latest_schema_version() + 1)).is_ok());
  }
  auto db = open();
  Status s = migrate(*db);
  EXPECT_EQ(s.code(), Errc::schema_too_new);
  EXPECT_NE(s.reason().find("upgrade jxc-edge"), std::string::npos) << s.reason();
  EXPECT_EQ(*db->query_int("PRAGMA user_version"), latest_schema_version() + 1);
}

TEST_F(SchemaTest, LedgerRowsCannotBeEditedOrDeleted) {
  auto db = open();
  ASSERT_TRUE(migrate(*db).is_ok());
  ASSERT_TRUE(db->exec("INSERT INTO items(sku) VALUES('A');"
                       "INSERT INTO documents(type,number,state,occurred_at,created_at) "
                       "VALUES('adjustment','ADJ-1','posted',0,0);"
                       "INSERT INTO movements(doc_id,item_id,from_location,to_location,qty,reason,"
                       "source,occurred_at,recorded_at,idempotency_key) VALUES(1,1,1,3,5,'r','s',0,0,'k')")
                  .is_ok());
  Status upd = db->exec("UPDATE movements SET qty=6");
  EXPECT_FALSE(upd.is_ok());
  EXPECT_NE(upd.reason().find("append-only"), std::string::npos) << upd.reason();
  EXPECT_FALSE(db->exec("DELETE FROM movements").is_ok());
  EXPECT_EQ(*db->query_int("SELECT qty FROM movements"), 5);
}

}  // namespace
}  // namespace jxc::store
