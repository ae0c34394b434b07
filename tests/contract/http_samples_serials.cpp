// Serial numbers: a serial-tracked item received and issued by serial
// through the API, then one serial and the item's serials read back.
#include "tests/contract/http_samples.h"

namespace jxc::samples {

void serials(Run& run) {
  inventory::Item phone{"PHONE-1", "手持终端", "EA", {}, std::nullopt, false, 1200};
  phone.serial_tracked = true;
  std::vector<inventory::RowError> errs;
  if (!run.engine.import_items({phone}, &errs)) die("serial-tracked item");
  const Args op = with(run.operator_token, kJson);
  run.call("POST", "/api/v1/documents", "/api/v1/documents",
           with(op, data(R"({"type":"receipt","to":"A-01","post":true,"lines":[)"
                         R"({"sku":"PHONE-1","qty":3,"serials":["SN-001","SN-002","SN-003"]}]})")));
  run.call("POST", "/api/v1/documents", "/api/v1/documents",
           with(op, data(R"({"type":"issue","from":"A-01","post":true,"lines":[)"
                         R"({"sku":"PHONE-1","qty":1,"serials":["SN-002"]}]})")));
  // Refused: a serial still in stock received again, one that is not there
  // issued, and a line without its serials.
  run.call("POST", "/api/v1/documents", "/api/v1/documents",
           with(op, data(R"({"type":"receipt","to":"A-01","post":true,"lines":[)"
                         R"({"sku":"PHONE-1","qty":1,"serials":["SN-001"]}]})")));
  run.call("POST", "/api/v1/documents", "/api/v1/documents",
           with(op, data(R"({"type":"issue","from":"A-01","post":true,"lines":[)"
                         R"({"sku":"PHONE-1","qty":1,"serials":["SN-002"]}]})")));
  run.call("POST", "/api/v1/documents", "/api/v1/documents",
           with(op, data(R"({"type":"receipt","to":"A-01","post":true,"lines":[{"sku":"PHONE-1","qty":1}]})")));
  run.call("GET", "/api/v1/items/{sku}", "/api/v1/items/PHONE-1", run.clerk);
  run.call("GET", "/api/v1/items/{sku}/serials/{serial}", "/api/v1/items/PHONE-1/serials/SN-002", run.clerk);
  run.call("GET", "/api/v1/items/{sku}/serials/{serial}", "/api/v1/items/PHONE-1/serials/SN-404", run.clerk);
  run.call("GET", "/api/v1/items/{sku}/serials/{serial}", "/api/v1/items/PHONE-1/serials/SN-001", {});
  run.call("GET", "/api/v1/items/{sku}/serials", "/api/v1/items/PHONE-1/serials", run.clerk);
  run.call("GET", "/api/v1/items/{sku}/serials", "/api/v1/items/PHONE-1/serials?status=any&limit=2", run.clerk);
  run.call("GET", "/api/v1/items/{sku}/serials", "/api/v1/items/PHONE-1/serials?location=A&after=SN-001", run.clerk);
  run.call("GET", "/api/v1/items/{sku}/serials", "/api/v1/items/PHONE-1/serials?status=lost", run.clerk);
  run.call("GET", "/api/v1/items/{sku}/serials", "/api/v1/items/NOPE/serials", run.clerk);
  run.call("GET", "/api/v1/items/{sku}/serials", "/api/v1/items/PHONE-1/serials", {});
}

}  // namespace jxc::samples
