#include "edge/reports/report_words.h"

namespace jxc::reports {

std::string_view doc_type_words(inventory::DocType t, Language l) {
  using inventory::DocType;
  const bool zh = l == Language::zh_CN;
  switch (t) {
    case DocType::receipt: return zh ? "采购入库" : "Purchase receipt";
    case DocType::issue: return zh ? "销售出库" : "Sales issue";
    case DocType::transfer: return zh ? "调拨" : "Transfer";
    case DocType::count: return zh ? "盘点" : "Stock count";
    case DocType::adjustment: return zh ? "库存调整" : "Adjustment";
    case DocType::scrap: return zh ? "报废" : "Scrap";
    case DocType::customer_return: return zh ? "销售退货" : "Customer return";
    case DocType::supplier_return: return zh ? "采购退货" : "Supplier return";
    case DocType::reversal: return zh ? "冲销" : "Reversal";
    case DocType::opening: return zh ? "期初库存" : "Opening stock";
    case DocType::production_issue: return zh ? "生产领料" : "Production issue";
    case DocType::production_receipt: return zh ? "生产入库" : "Production receipt";
    case DocType::other_issue: return zh ? "其他出库" : "Other issue";
    case DocType::other_receipt: return zh ? "其他入库" : "Other receipt";
  }
  return "";
}

std::string doc_type_words(std::string_view code, Language l) {
  inventory::DocType t;
  if (!inventory::parse_doc_type(code, &t)) return std::string(code);
  return std::string(doc_type_words(t, l));
}

}  // namespace jxc::reports
