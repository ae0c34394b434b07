// Stock, items and the ledger.
#include "edge/inventory/device_records.h"
#include "edge/inventory/tx.h"
#include "edge/inventory/weight_records.h"
#include "tests/contract/http_samples.h"

namespace jxc::samples {

void stock(Run& run) {
  run.call("GET", "/api/v1/stock", "/api/v1/stock", run.clerk);
  run.call("GET", "/api/v1/stock", "/api/v1/stock?sku=TEA-500", run.clerk);
  run.call("GET", "/api/v1/stock", "/api/v1/stock?q=6901234567892", run.clerk);
  run.call("GET", "/api/v1/stock", "/api/v1/stock?q=(01)16901234567899", run.clerk);
  run.call("GET", "/api/v1/items/{sku}", "/api/v1/items/RICE-KG", run.clerk);
  run.call("GET", "/api/v1/stock", "/api/v1/stock?q=milk", run.clerk);
  run.call("GET", "/api/v1/stock", "/api/v1/stock?sku=NOPE", run.clerk);
  run.call("GET", "/api/v1/stock", "/api/v1/stock?include_zero=7", run.clerk);
  run.call("GET", "/api/v1/items/{sku}", "/api/v1/items/TEA-500", run.clerk);
  run.call("GET", "/api/v1/items/{sku}", "/api/v1/items/MILK-1", run.clerk);
  run.call("GET", "/api/v1/items/{sku}", "/api/v1/items/NOPE", run.clerk);
  run.call("GET", "/api/v1/stock/value", "/api/v1/stock/value", run.clerk);
  run.call("GET", "/api/v1/stock/value", "/api/v1/stock/value?by=location&sku=TEA-500", run.clerk);
  run.call("GET", "/api/v1/stock/value", "/api/v1/stock/value?by=warehouse", run.clerk);
  run.call("GET", "/api/v1/stock/value", "/api/v1/stock/value?by=bin", run.clerk);
  run.call("GET", "/api/v1/stock/value", "/api/v1/stock/value?location=NOWHERE", run.clerk);
  run.call("GET", "/api/v1/stock/value", "/api/v1/stock/value", {});
  run.call("GET", "/api/v1/ledger", "/api/v1/ledger?limit=1", run.clerk);
  run.call("GET", "/api/v1/ledger", "/api/v1/ledger?location=NOWHERE", run.clerk);
  run.call("GET", "/api/v1/ledger", "/api/v1/ledger?before=x", run.clerk);
  run.call("GET", "/api/v1/stock/value", "/api/v1/stock/value?as_of=2020-01-01", run.clerk);
  run.call("GET", "/api/v1/stock/value", "/api/v1/stock/value?as_of=2099-12-31&by=location", run.clerk);
  run.call("GET", "/api/v1/stock/value", "/api/v1/stock/value?as_of=31.12.2099", run.clerk);
  run.call("GET", "/api/v1/stock/value", "/api/v1/stock/value?format=csv&lang=en", run.clerk);
  run.call("GET", "/api/v1/stock/value", "/api/v1/stock/value?format=xlsx&by=warehouse", run.clerk);
  run.call("GET", "/api/v1/stock/value", "/api/v1/stock/value?by=category", run.manager);
  const std::string period = "/api/v1/reports/stock-movements?from=2020-01-01&to=2099-12-31";
  run.call("GET", "/api/v1/reports/stock-movements", period, run.manager);
  run.call("GET", "/api/v1/reports/stock-movements", period + "&by=location&sort=-closing_value&limit=2", run.manager);
  run.call("GET", "/api/v1/reports/stock-movements", period + "&by=warehouse&sku=TEA-500", run.manager);
  run.call("GET", "/api/v1/reports/stock-movements", period + "&by=category", run.manager);
  run.call("GET", "/api/v1/reports/stock-movements", period + "&format=csv", run.manager);
  run.call("GET", "/api/v1/reports/stock-movements", period + "&format=xlsx", run.manager);
  run.call("GET", "/api/v1/reports/stock-movements", period + "&sort=name", run.manager);
  run.call("GET", "/api/v1/reports/stock-movements", period + "&sku=NOPE", run.manager);
  run.call("GET", "/api/v1/reports/stock-movements", period, run.clerk);
  run.call("GET", "/api/v1/reports/stock-movements", period, {});
  const std::string turnover = "/api/v1/reports/turnover?from=2020-01-01&to=2099-12-31";
  run.call("GET", "/api/v1/reports/turnover", turnover, run.manager);
  run.call("GET", "/api/v1/reports/turnover", turnover + "&demand_days=7&sort=-days_of_cover&limit=1", run.manager);
  run.call("GET", "/api/v1/reports/turnover", turnover + "&location=W1&format=csv&lang=en", run.manager);
  run.call("GET", "/api/v1/reports/turnover", turnover + "&format=xlsx", run.manager);
  run.call("GET", "/api/v1/reports/turnover", turnover + "&sort=name", run.manager);
  run.call("GET", "/api/v1/reports/turnover", turnover, run.clerk);
  run.call("GET", "/api/v1/reports/ageing", "/api/v1/reports/ageing", run.manager);
  run.call("GET", "/api/v1/reports/ageing", "/api/v1/reports/ageing?as_of=2099-12-31&buckets=7,30&idle_days=1&sort=-value", run.manager);
  run.call("GET", "/api/v1/reports/ageing", "/api/v1/reports/ageing?idle=true&format=csv", run.manager);
  run.call("GET", "/api/v1/reports/ageing", "/api/v1/reports/ageing?format=xlsx&lang=en", run.manager);
  run.call("GET", "/api/v1/reports/ageing", "/api/v1/reports/ageing?buckets=60,30", run.manager);
  run.call("GET", "/api/v1/reports/ageing", "/api/v1/reports/ageing?sku=NOPE", run.manager);
  run.call("GET", "/api/v1/reports/ageing", "/api/v1/reports/ageing", {});
  const std::string abc = "/api/v1/reports/abc?from=2020-01-01&to=2099-12-31";
  run.call("GET", "/api/v1/reports/abc", abc, run.manager);
  run.call("GET", "/api/v1/reports/abc", abc + "&class=A&sort=-cv&limit=1", run.manager);
  run.call("GET", "/api/v1/reports/abc", abc + "&format=csv&lang=en", run.manager);
  run.call("GET", "/api/v1/reports/abc", abc + "&format=xlsx", run.manager);
  run.call("GET", "/api/v1/reports/abc", abc + "&class=Q", run.manager);
  run.call("GET", "/api/v1/reports/abc", "/api/v1/reports/abc?from=2099-12-20&to=2099-12-31", run.manager);
  run.call("GET", "/api/v1/reports/abc", abc, run.clerk);
  // A pass, scans and a discrepancy as the devices record them: rows of each kind for the schema.
  auto recorded = run.engine.run<bool>([](inventory::Tx& tx) -> Result<bool> {
    JXC_TRY(inventory::record_pass(tx, {"door-1", tx.now(), "inbound", inventory::PassOutcome::held,
                                        {true, false, false, false}, "GR-1"}));
    JXC_TRY(inventory::tally_scan(tx, "hand-1", tx.now(), ""));
    JXC_TRY(inventory::tally_scan(tx, "hand-1", tx.now(), "bad_gs1"));
    JXC_ASSIGN(auto item, tx.item("TEA-500"));
    JXC_ASSIGN(auto bin, tx.location("A-01"));
    JXC_TRY(inventory::insert_discrepancy(tx, "S1-9", item.id, bin.id, 10, 9).status());
    return true;
  });
  if (!recorded) die("device records: " + recorded.status().to_string());
  const std::string devices = "/api/v1/reports/devices?from=2020-01-01&to=2099-12-31";
  run.call("GET", "/api/v1/reports/devices", devices, run.manager);
  run.call("GET", "/api/v1/reports/devices", devices + "&kind=scanners&sort=-rejected_share&limit=1", run.manager);
  run.call("GET", "/api/v1/reports/devices", devices + "&kind=shelves", run.manager);
  run.call("GET", "/api/v1/reports/devices", devices + "&kind=doors&format=csv&lang=en", run.manager);
  run.call("GET", "/api/v1/reports/devices", devices + "&kind=scanners&format=xlsx", run.manager);
  run.call("GET", "/api/v1/reports/devices", devices + "&kind=readers", run.manager);
  run.call("GET", "/api/v1/reports/devices", devices, run.clerk);
  run.call("GET", "/api/v1/stats/daily", "/api/v1/stats/daily?days=3", run.manager);
  run.call("GET", "/api/v1/stats/daily", "/api/v1/stats/daily?days=0", run.manager);
  run.call("GET", "/api/v1/stats/daily", "/api/v1/stats/daily", run.clerk);
  run.call("GET", "/api/v1/stats/daily", "/api/v1/stats/daily", {});
}

}  // namespace jxc::samples
