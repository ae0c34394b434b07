#include "edge/inventory/test_store.h"

#include <unistd.h>

#include <atomic>
#include <mutex>

#include "edge/inventory/tx.h"

namespace jxc::inventory::testing {

TempDir::TempDir(const std::string& tag) {
  static std::atomic<int> n{0};
  path_ = std::filesystem::temp_directory_path() /
          ("jxc-" + tag + "-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
  std::filesystem::remove_all(path_);
  std::filesystem::create_directories(path_);
}
TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

DocLine line(const std::string& sku, Qty qty, const std::string& lot) {
  DocLine l;
  l.sku = sku;
  l.qty = qty;
  l.lot = lot;
  return l;
}

DocLine serial_line(const std::string& sku, std::vector<std::string> serials, const std::string& lot) {
  DocLine l = line(sku, static_cast<Qty>(serials.size()), lot);
  l.serials = std::move(serials);
  return l;
}

DocumentRequest receipt_into(const std::string& bin, const std::string& sku, Qty qty,
                             const std::string& lot) {
  DocumentRequest req;
  req.type = DocType::receipt;
  req.to = bin;
  req.lines.push_back(line(sku, qty, lot));
  return req;
}

StockFilter stock_of(const std::string& sku, const std::string& location) {
  StockFilter f;
  f.sku = sku;
  f.location = location;
  return f;
}

LedgerFilter ledger_of(const std::string& sku) {
  LedgerFilter f;
  f.sku = sku;
  return f;
}

StoreTest::StoreTest() : dir_("store"), store_path_(dir_.file("jxc-edge.db")) {}

void StoreTest::SetUp() { open_engine(); }
void StoreTest::TearDown() { close_engine(); }

void StoreTest::open_engine(EngineOptions opts, const EngineTuning& tuning) {
  close_engine();
  opts.store_path = store_path_;
  if (opts.site_id.empty()) opts.site_id = "S1";
  auto e = Engine::open(opts, clock_, tuning);
  ASSERT_TRUE(e.is_ok()) << e.status().to_string();
  engine_ = std::move(e).value();
}

void StoreTest::close_engine() {
  queries_.reset();
  engine_.reset();
}

Queries& StoreTest::q() {
  if (!queries_) {
    auto r = Queries::open(store_path_);
    EXPECT_TRUE(r.is_ok()) << r.status().to_string();
    queries_ = std::move(r).value();
  }
  return *queries_;
}

void StoreTest::seed_serial_items() {
  Item phone{"PHONE-1", "Handset", "EA", {"06901234555554"}, 180.0, false, 900};
  phone.serial_tracked = true;
  Item meter{"METER-L", "Flow meter", "EA", {}, std::nullopt, true, 150};
  meter.serial_tracked = true;
  std::vector<RowError> errs;
  auto r = engine_->import_items({phone, meter}, &errs);
  ASSERT_TRUE(r.is_ok()) << r.status().to_string() << (errs.empty() ? "" : " " + errs[0].reason);
}

void StoreTest::seed_quarantine() {
  Location zone;
  zone.code = "QA";
  zone.name = "Quality hold";
  zone.kind = LocationKind::zone;
  zone.parent = "W1";
  Location bin;
  bin.code = "Q-01";
  bin.name = "Quarantine";
  bin.kind = LocationKind::bin;
  bin.parent = "QA";
  bin.quarantine = true;
  std::vector<RowError> errs;
  auto r = engine_->import_locations({zone, bin}, &errs);
  ASSERT_TRUE(r.is_ok()) << r.status().to_string() << (errs.empty() ? "" : " " + errs[0].reason);
}

void StoreTest::seed() {
  std::vector<Location> locs;
  auto add = [&](std::string code, LocationKind kind, std::string parent) {
    Location l;
    l.code = std::move(code);
    l.kind = kind;
    l.parent = std::move(parent);
    l.barcode = "LOC:" + l.code;
    locs.push_back(std::move(l));
  };
  add("S1", LocationKind::site, "");
  add("W1", LocationKind::warehouse, "S1");
  add("RECV", LocationKind::zone, "W1");
  add("A", LocationKind::zone, "W1");
  add("SHIP", LocationKind::zone, "W1");
  add("RECV-1", LocationKind::bin, "RECV");
  add("A-01", LocationKind::bin, "A");
  add("A-02", LocationKind::bin, "A");
  add("A-03", LocationKind::bin, "A");
  add("SHIP-1", LocationKind::bin, "SHIP");
  std::vector<RowError> errs;
  auto r = engine_->import_locations(locs, &errs);
  ASSERT_TRUE(r.is_ok()) << r.status().to_string() << (errs.empty() ? "" : " " + errs[0].reason);

  std::vector<Item> items;
  items.push_back({"TEA-500", "Green tea 500g", "EA", {"6901234567892"}, 520.0, false, 12.5});
  items.push_back({"RICE-5", "Rice 5kg", "EA", {"4006381333931"}, 5000.0, false, 30});
  items.push_back({"MILK-1", "Milk 1L", "EA", {}, 1030.0, true, 8});
  items.push_back({"CUP-S", "Paper cup", "EA", {}, std::nullopt, false, 0.2});
  auto i = engine_->import_items(items, &errs);
  ASSERT_TRUE(i.is_ok()) << i.status().to_string() << (errs.empty() ? "" : " " + errs[0].reason);
}

DocumentResult StoreTest::receive(const std::string& sku, Qty qty, const std::string& bin,
                                  const std::string& lot) {
  DocumentRequest req = receipt_into(bin, sku, qty, lot);
  if (!lot.empty()) req.lines.back().expiry = "2027-06-30";
  req.source = "test";
  auto r = engine_->post(req);
  EXPECT_TRUE(r.is_ok()) << r.status().to_string();
  return r.is_ok() ? *r : DocumentResult{};
}

Qty StoreTest::on_hand(const std::string& sku, const std::string& location) {
  auto r = q().on_hand(sku, location);
  EXPECT_TRUE(r.is_ok()) << r.status().to_string();
  return r.is_ok() ? *r : -999999;
}

std::vector<std::string> StoreTest::serials_in_stock(const std::string& sku, const std::string& location) {
  SerialFilter f;
  f.sku = sku;
  f.location = location;
  f.status = "in_stock";
  auto r = q().serials(f);
  EXPECT_TRUE(r.is_ok()) << r.status().to_string();
  std::vector<std::string> out;
  if (r)
    for (const auto& s : *r) out.push_back(s.serial);
  return out;
}

void StoreTest::expect_consistent() {
  Status s = q().verify();
  EXPECT_TRUE(s.is_ok()) << s.to_string();
}

WriterGate::WriterGate(Engine& engine) {
  auto entered = std::make_shared<std::promise<void>>();
  auto inside = entered->get_future();
  engine.submit_async<int>(
      [entered, open = open_, first = std::make_shared<std::once_flag>()](Tx&) -> Result<int> {
        std::call_once(*first, [&] { entered->set_value(); });
        open.wait();
        return 0;
      },
      [](Result<int>) {});
  inside.wait();
}

Answer submit(Engine& engine, std::function<Result<DocumentResult>(Tx&)> fn) {
  auto p = std::make_shared<std::promise<Result<DocumentResult>>>();
  Answer answer = p->get_future();
  engine.submit_async<DocumentResult>(std::move(fn),
                                      [p](Result<DocumentResult> r) { p->set_value(std::move(r)); });
  return answer;
}

Status exec_sql(Engine& engine, const std::string& sql) {
  auto r = engine.run<bool>([&](Tx& tx) -> Result<bool> {
    JXC_TRY(tx.db().exec(sql));
    return true;
  });
  return r.status();
}

Result<std::int64_t> query_int(Queries& q, const std::string& sql) { return q.db().query_int(sql); }

WriteLockHolder::WriteLockHolder(const std::string& store_path) {
  auto db = store::Db::open(store_path, store::Db::Options{});
  EXPECT_TRUE(db.is_ok()) << db.status().to_string();
  if (!db) return;
  db_ = std::move(db).value();
  Status s = db_->exec("BEGIN IMMEDIATE");
  EXPECT_TRUE(s.is_ok()) << s.to_string();
}

void WriteLockHolder::release() {
  if (!db_) return;
  Status s = db_->exec("ROLLBACK");
  EXPECT_TRUE(s.is_ok()) << s.to_string();
  db_.reset();
}

}  // namespace jxc::inventory::testing
