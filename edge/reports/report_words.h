#pragma once
// The words a report's reader sees for what the ledger codes: document
// types (采购入库 / Purchase receipt ...), in Chinese or English.

#include <string>
#include <string_view>

#include "edge/alerts/alert_text.h"
#include "edge/inventory/types.h"

namespace jxc::reports {

using alerts::Language;

/// 采购入库, 销售出库, ... or Purchase receipt, Sales issue, ...
std::string_view doc_type_words(inventory::DocType t, Language l);
/// The same for a type's code ("receipt"); the code itself when unknown.
std::string doc_type_words(std::string_view code, Language l);

}  // namespace jxc::reports
