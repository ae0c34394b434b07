// Stock, items and the ledger through the real server: filters, search as a
// clerk types or scans, names beside SKUs, paging, and refusals.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <thread>

#include "edge/http/read_pacer.h"
#include "edge/http/test_api.h"
#include "edge/inventory/stock_cache.h"
#include "edge/store/sqlite.h"

namespace jxc::http {
namespace {

using inventory::Role;
using testing::curl;
using testing::expect_problem;
using nlohmann::json;

class StockApiTest : public testing::ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    seed();
    std::vector<inventory::RowError> errs;
    ASSERT_TRUE(engine_->import_items({{"TEA-CN", "龙井茶 250g", "BOX", {}, std::nullopt, false, 60}}, &errs).is_ok());
    receive("TEA-500", 10, "A-01");
    receive("TEA-500", 5, "A-02");
    receive("MILK-1", 3, "A-01", "L1");
    receive("MILK-1", 4, "A-01", "L2");
    add_user("clerk", Role::operator_, "clerk password");
    start();
    clerk_ = as(login("clerk", "clerk password"));
  }
  json get(const std::string& path, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = clerk_;
    args.insert(args.end(), extra.begin(), extra.end());
    auto r = curl(url(path), args);
    EXPECT_EQ(r.status, 200) << path << ": " << r.body;
    return r.json();
  }
  // ?q= as curl encodes it (UTF-8, percent-escaped).
  json search(const std::string& text) { return get("/api/v1/stock", {"-G", "--data-urlencode", "q=" + text}); }
  std::vector<std::string> clerk_;
};

TEST_F(StockApiTest, BalancesByItemLocationAndLotCarryTheItemsName) {
  auto tea = get("/api/v1/stock?sku=TEA-500");
  ASSERT_EQ(tea["balances"].size(), 2u) << tea.dump();
  EXPECT_EQ(tea["balances"][0], json({{"sku", "TEA-500"}, {"name", "Green tea 500g"}, {"uom", "EA"}, {"decimals", 0},
                                      {"location", "A-01"}, {"lot", ""}, {"qty", 10}, {"value", 1250000},
                                      {"unit_cost", 125000}}));
  EXPECT_EQ(tea["items"][0]["name"], "Green tea 500g");
  auto zone = get("/api/v1/stock?location=A");
  EXPECT_EQ(zone["balances"].size(), 4u) << zone.dump();
  auto lot = get("/api/v1/stock?sku=MILK-1&lot=L2");
  ASSERT_EQ(lot["balances"].size(), 1u);
  EXPECT_EQ(lot["balances"][0]["qty"], 4);
  EXPECT_EQ(get("/api/v1/stock?location=A-02&sku=TEA-500")["balances"].size(), 1u);
}

TEST_F(StockApiTest, ASearchIsResolvedAsTheScannersResolveItElseByNameOrSku) {
  auto gtin = search("6901234567892");
  EXPECT_EQ(gtin["resolved_by"], "label");
  ASSERT_EQ(gtin["items"].size(), 1u);
  EXPECT_EQ(gtin["items"][0]["sku"], "TEA-500");
  EXPECT_EQ(gtin["balances"].size(), 2u);
  auto gs1 = search("(01)06901234567892");
  EXPECT_EQ(gs1["resolved_by"], "label");
  EXPECT_EQ(gs1["items"][0]["sku"], "TEA-500");
  auto aim = search("]C0MILK-1");
  EXPECT_EQ(aim["resolved_by"], "label");
  EXPECT_EQ(aim["items"][0]["sku"], "MILK-1");
  auto part = search("tea");
  EXPECT_EQ(part["resolved_by"], "search");
  ASSERT_EQ(part["items"].size(), 2u) << part.dump();
  auto chinese = search("龙井");
  ASSERT_EQ(chinese["items"].size(), 1u) << chinese.dump();
  EXPECT_EQ(chinese["items"][0]["sku"], "TEA-CN");
  EXPECT_EQ(chinese["items"][0]["name"], "龙井茶 250g");
  EXPECT_TRUE(chinese["balances"].empty());
  EXPECT_TRUE(search("100%")["items"].empty());  // '%' is a character, not a wildcard
}

// A case's GTIN is looked up as a scanner books it: the item and the pack
// level; an item answers with its decimals and pack levels.
TEST_F(StockApiTest, ItemsCarryTheirPacksAndALabelNamesItsPackLevel) {
  inventory::Item tea{"TEA-500", "Green tea 500g", "EA", {"6901234567892"}, 520.0, false, 12.5};
  tea.packs = {{"case", 24, "16901234567899"}};
  inventory::Item rice{"RICE-KG", "Loose rice", "kg", {}, std::nullopt, false, 6};
  rice.decimals = 3;
  rice.packs = {{"bag", 2'500}};
  rice.category = "粮油";
  ASSERT_TRUE(engine_->import_items({tea, rice}).is_ok());
  auto byCase = search("(01)16901234567899");
  EXPECT_EQ(byCase["resolved_by"], "label");
  EXPECT_EQ(byCase["label"], json({{"sku", "TEA-500"}, {"unit", "case"}, {"factor", 24}, {"count", 1}}));
  EXPECT_FALSE(search("tea").contains("label"));
  auto item = get("/api/v1/items/RICE-KG");
  EXPECT_EQ(item["decimals"], 3);
  EXPECT_EQ(item["category"], "粮油");
  EXPECT_EQ(get("/api/v1/items/TEA-500")["category"], "");
  EXPECT_EQ(item["packs"], json::parse(R"([{"unit":"bag","factor":2.5}])"));
  EXPECT_EQ(get("/api/v1/items/TEA-500")["packs"], json::parse(R"([{"unit":"case","factor":24,"gtin":"16901234567899"}])"));
}

// A lookup by SKU alone is answered from memory while the store's stamp says
// nothing it shows has changed: the same bytes as from the store, and never
// old after a posting of this gateway, a master-data change or a write of
// another process (the CLI).
TEST_F(StockApiTest, AKeptLookupIsTheStoresAnswerUntilAnythingItShowsChanges) {
  auto& cache = engine_->stock_cache();
  const std::string path = "/api/v1/stock?sku=TEA-500";
  auto first = curl(url(path), clerk_);
  auto again = curl(url(path), clerk_);
  ASSERT_EQ(again.status, 200);
  EXPECT_EQ(again.body, first.body);
  EXPECT_GE(cache.stats().hits, 1u);
  // Nothing committed since the stamp was read: no read transaction.
  const auto unchanged = cache.stats().unchanged_hits;
  EXPECT_EQ(curl(url(path), clerk_).body, first.body);
  EXPECT_EQ(cache.stats().unchanged_hits, unchanged + 1);
  EXPECT_EQ(curl(url(path + "&include_zero=0"), clerk_).body, first.body);  // computed, not kept: same bytes

  const std::string milk = "/api/v1/stock?sku=MILK-1";
  auto milk_body = curl(url(milk), clerk_).body;
  receive("TEA-500", 2, "A-01");  // this gateway's writer: its batch names the item
  const auto hits = cache.stats().hits, unchanged_hits = cache.stats().unchanged_hits;
  EXPECT_EQ(curl(url(milk), clerk_).body, milk_body);  // another item's answer stays kept
  EXPECT_EQ(cache.stats().hits, hits + 1);
  // The writer gave the stamp with the header its commit published: the
  // first lookup after this gateway's own commit needs no read transaction.
  EXPECT_EQ(cache.stats().unchanged_hits, unchanged_hits + 1);
  EXPECT_EQ(get(path)["balances"][0]["qty"], 12);
  EXPECT_EQ(get(path)["balances"][0]["qty"], 12);
  EXPECT_EQ(cache.stats().drops_all, 0u);

  std::vector<inventory::RowError> errs;  // a new name is master data
  ASSERT_TRUE(engine_->import_items({{"TEA-500", "绿茶 500g", "EA", {"6901234567892"}, 520.0, false, 12.5}}, &errs)
                  .is_ok());
  EXPECT_EQ(get(path)["items"][0]["name"], "绿茶 500g");

  // Another process on the same file, as the operator's CLI is.
  inventory::EngineOptions other;
  other.store_path = store_path_;
  auto cli = inventory::Engine::open(other, clock_);
  ASSERT_TRUE(cli.is_ok()) << cli.status().to_string();
  inventory::DocumentRequest r;
  r.type = inventory::DocType::receipt;
  r.to = "A-02";
  r.lines = {inventory::testing::line("TEA-500", 7)};
  const auto before_cli = cache.stats().unchanged_hits;
  ASSERT_TRUE((*cli)->post(r).is_ok());
  auto after = get(path);
  ASSERT_EQ(after["balances"].size(), 2u);
  EXPECT_EQ(after["balances"][1]["qty"], 12);  // A-02: 5 + 7, at once
  EXPECT_EQ(cache.stats().unchanged_hits, before_cli);  // its commit moved the header: the stamp was read
  EXPECT_GE(cache.stats().drops_all, 1u);
  EXPECT_EQ(get(path), after);

  // What the cache did, for a Prometheus server on the LAN.
  const auto s = cache.stats();
  auto m = curl(url("/metrics"));
  ASSERT_EQ(m.status, 200);
  for (const std::string& line :
       {"jxc_http_lookup_cache_hits_total " + std::to_string(s.hits) + "\n",
        "jxc_http_lookup_cache_misses_total " + std::to_string(s.misses) + "\n",
        "jxc_http_lookup_cache_drops_total " + std::to_string(s.drops_all) + "\n",
        "jxc_http_lookup_cache_entries " + std::to_string(s.entries) + "\n"})
    EXPECT_NE(m.body.find(line), std::string::npos) << line << m.body;
}

// While a request that writes is being answered, lookups wait their turn
// ([http] reads_while_writing) and are answered in full all the same; once
// the writes have ended, they wait no more.
TEST_F(StockApiTest, LookupsWaitTheirTurnWhileAWriteIsBeingAnswered) {
  service_->stop();
  service_.reset();
  config_.http.reads_while_writing = 1;  // one a second, no burst
  start();
  clerk_ = as(login("clerk", "clerk password"));
  const std::string token = token_for("clerk");
  std::this_thread::sleep_for(ReadPacer::kLinger + std::chrono::milliseconds(20));  // the login was a write
  const metrics::Counter& paced = metrics_.counter("jxc_http_paced_reads_total", "");
  const std::string path = "/api/v1/stock?sku=TEA-500";
  const json expected = get(path);
  EXPECT_EQ(get(path), expected);
  EXPECT_EQ(paced.value(), 0u);  // nothing writes

  // Another process holds the store's write lock: a receipt posted now waits
  // in the store's writer, and is being answered all that time.
  auto holder = store::Db::open(store_path_, {});
  ASSERT_TRUE(holder.is_ok()) << holder.status().to_string();
  ASSERT_TRUE((*holder)->exec("BEGIN IMMEDIATE").is_ok());
  std::vector<std::string> post = {"-X", "POST", "-H", "Content-Type: application/json", "--data-binary",
                                   R"({"type":"receipt","to":"A-01","post":true,"lines":[{"sku":"TEA-500","qty":1}]})",
                                   "-H", "Authorization: Bearer " + token};
  auto posted = std::async(std::launch::async, [&] { return curl(url("/api/v1/documents"), post); });
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(4);
  int lookups = 0;
  while (paced.value() < 2 && std::chrono::steady_clock::now() < deadline) {
    EXPECT_EQ(get(path), expected);
    ++lookups;
  }
  EXPECT_GE(paced.value(), 2u) << "after " << lookups << " lookups";
  ASSERT_TRUE((*holder)->exec("ROLLBACK").is_ok());
  auto receipt = posted.get();
  EXPECT_EQ(receipt.status, 201) << receipt.body;
  EXPECT_EQ(get(path)["balances"][0]["qty"], 11);

  std::this_thread::sleep_for(ReadPacer::kLinger + std::chrono::milliseconds(20));
  const auto after = paced.value();
  for (int i = 0; i < 3; ++i) EXPECT_EQ(get(path)["balances"][0]["qty"], 11);
  EXPECT_EQ(paced.value(), after);
}

TEST_F(StockApiTest, UnknownNamesAndBadParametersAreProblems) {
  expect_problem(curl(url("/api/v1/stock?sku=NOPE"), clerk_), 404, "unknown_item");
  expect_problem(curl(url("/api/v1/stock?location=NOWHERE"), clerk_), 404, "unknown_location");
  expect_problem(curl(url("/api/v1/stock?include_zero=2"), clerk_), 400, "invalid_parameter");
  expect_problem(curl(url("/api/v1/stock?sku=%FF"), clerk_), 400, "invalid_parameter");
  expect_problem(curl(url("/api/v1/items/NOPE"), clerk_), 404, "unknown_item");
  expect_problem(curl(url("/api/v1/ledger?location=NOWHERE"), clerk_), 404, "unknown_location");
  for (const char* path : {"/api/v1/stock", "/api/v1/items/TEA-500", "/api/v1/ledger"})
    expect_problem(curl(url(path)), 401, "unauthenticated");
}

TEST_F(StockApiTest, AnItemShowsItsMasterDataAndStock) {
  auto tea = get("/api/v1/items/TEA-500");
  EXPECT_EQ(tea["name"], "Green tea 500g");
  EXPECT_EQ(tea["gtins"], json({"06901234567892"}));  // stored as GTIN-14
  EXPECT_EQ(tea["on_hand"], 15);
  EXPECT_EQ(tea["balances"].size(), 2u);
  EXPECT_EQ(get("/api/v1/items/TEA-CN")["name"], "龙井茶 250g");
}

TEST_F(StockApiTest, TheLedgerPagesBackwardsFromTheNewest) {
  auto first = get("/api/v1/ledger?sku=MILK-1&limit=1");
  ASSERT_EQ(first["movements"].size(), 1u);
  EXPECT_EQ(first["movements"][0]["lot"], "L2");
  EXPECT_EQ(first["movements"][0]["name"], "Milk 1L");
  EXPECT_EQ(first["movements"][0]["to"], "A-01");
  auto before = first["next_before"].get<std::int64_t>();
  auto second = get("/api/v1/ledger?sku=MILK-1&limit=1&before=" + std::to_string(before));
  ASSERT_EQ(second["movements"].size(), 1u);
  EXPECT_EQ(second["movements"][0]["lot"], "L1");
  auto last = get("/api/v1/ledger?sku=MILK-1&limit=5&before=" + std::to_string(before));
  EXPECT_EQ(last["movements"].size(), 1u);
  EXPECT_TRUE(last["next_before"].is_null());
  EXPECT_EQ(get("/api/v1/ledger")["movements"].size(), 4u);
}

}  // namespace
}  // namespace jxc::http
