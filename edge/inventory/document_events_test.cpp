#include "edge/inventory/document_events.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace jxc::inventory {
namespace {

TEST(DocumentEvents, TheBuilderWritesEveryPartInItsPlace) {
  const std::vector<std::string> exceptions = {"over: TEA-500 6 of 5", "unexpected: MILK-1"};
  const std::vector<DocumentEventLine> lines = {
      {1, "TEA-500", 6, "SUPPLIER", "A-01", "", std::nullopt, "over", 0, {}, {}, {}, 125000},
      {2, "MILK-1", 3, "SUPPLIER", "A-01", "L1", "2027-01-31", ""},
  };
  const std::vector<DocumentEventMovement> moves = {
      {11, "TEA-500", "SUPPLIER", "A-01", 6, "truck 7", "dock-1", "2025-11-24T16:00:00.000Z",
       "2025-11-24T16:00:01.000Z", "RCV-000001/1", "", std::nullopt, "", 0, 750000},
      {12, "MILK-1", "SUPPLIER", "A-01", 3, "truck 7", "dock-1", "2025-11-24T16:00:00.000Z",
       "2025-11-24T16:00:01.000Z", "RCV-000001/2", "L1", 7, "negative", 0, 240000},
  };
  DocumentEvent e;
  e.gateway_id = "gw-1";
  e.site_id = "S1";
  e.currency = "CNY";
  e.number = "RCV-000001";
  e.type = "receipt";
  e.state = "posted";
  e.reason = "truck 7";
  e.source = "dock-1";
  e.note = "seal \"intact\"";
  e.occurred_at = "2025-11-24T16:00:00.000Z";
  e.exceptions = exceptions;
  e.has_order = true;
  e.order_number = "ASN-9";
  e.order_ref = "PO-ASN-9";
  e.to = "A-01";
  e.lines = lines;
  e.movements = moves;
  EXPECT_EQ(document_event_json(e),
            R"({"gateway_id":"gw-1","site_id":"S1","currency":"CNY","document":{"number":"RCV-000001","type":"receipt",)"
            R"("state":"posted","reason":"truck 7","source":"dock-1","note":"seal \"intact\"",)"
            R"("occurred_at":"2025-11-24T16:00:00.000Z","needs_review":false,)"
            R"("exceptions":["over: TEA-500 6 of 5","unexpected: MILK-1"],)"
            R"("order":{"number":"ASN-9","ref":"PO-ASN-9"},"to":"A-01",)"
            R"("lines":[{"line":1,"sku":"TEA-500","qty":6,"from":"SUPPLIER","to":"A-01","flag":"over","unit_cost":125000},)"
            R"({"line":2,"sku":"MILK-1","qty":3,"from":"SUPPLIER","to":"A-01","lot":"L1","expiry":"2027-01-31"}]},)"
            R"("movements":[{"id":11,"sku":"TEA-500","from":"SUPPLIER","to":"A-01","qty":6,"reason":"truck 7",)"
            R"("source":"dock-1","occurred_at":"2025-11-24T16:00:00.000Z","recorded_at":"2025-11-24T16:00:01.000Z",)"
            R"("idempotency_key":"RCV-000001/1","value":750000},)"
            R"({"id":12,"sku":"MILK-1","from":"SUPPLIER","to":"A-01","qty":3,"reason":"truck 7",)"
            R"("source":"dock-1","occurred_at":"2025-11-24T16:00:00.000Z","recorded_at":"2025-11-24T16:00:01.000Z",)"
            R"("idempotency_key":"RCV-000001/2","lot":"L1","reverses":7,"flags":"negative","value":240000}]})");
}

TEST(DocumentEvents, AnEventWithoutOrderEndsLinesOrMovementsLeavesThemOut) {
  DocumentEvent e;
  e.gateway_id = "gw-1";
  e.site_id = "S1";
  e.number = "REV-000002";
  e.type = "reversal";
  e.state = "cancelled";
  e.occurred_at = "2025-11-24T16:00:00.000Z";
  e.needs_review = true;
  e.reverses = "RCV-000001";
  EXPECT_EQ(document_event_json(e),
            R"({"gateway_id":"gw-1","site_id":"S1","document":{"number":"REV-000002","type":"reversal",)"
            R"("state":"cancelled","reason":"","source":"","note":"",)"
            R"("occurred_at":"2025-11-24T16:00:00.000Z","needs_review":true,"exceptions":[],)"
            R"("reverses":"RCV-000001","lines":[]},"movements":[]})");
}

TEST(DocumentEvents, PostedEventTypesNameTheDocumentType) {
  EXPECT_EQ(posted_event_type(DocType::receipt), "receipt.posted");
  EXPECT_EQ(posted_event_type(DocType::count), "count.approved");
  EXPECT_EQ(posted_event_type(DocType::customer_return), "return.posted");
  EXPECT_EQ(posted_event_type(DocType::supplier_return), "return.posted");
  EXPECT_EQ(posted_event_type(DocType::reversal), "reversal.posted");
}

}  // namespace
}  // namespace jxc::inventory
