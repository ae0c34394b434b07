// Stock, items and the ledger.
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
  run.call("GET", "/api/v1/stats/daily", "/api/v1/stats/daily?days=3", run.manager);
  run.call("GET", "/api/v1/stats/daily", "/api/v1/stats/daily?days=0", run.manager);
  run.call("GET", "/api/v1/stats/daily", "/api/v1/stats/daily", run.clerk);
  run.call("GET", "/api/v1/stats/daily", "/api/v1/stats/daily", {});
}

}  // namespace jxc::samples
