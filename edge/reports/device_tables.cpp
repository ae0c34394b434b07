#include "edge/reports/device_tables.h"

#include <cmath>

namespace jxc::reports {
namespace {

using exporting::Cell;
using exporting::Decimal;

std::string device_words(Language l, const char* zh, const char* en) { return l == Language::zh_CN ? zh : en; }

/// A share as a percentage to 2 decimals; empty when there is none.
Cell device_percent(const std::optional<double>& v) {
  if (!v) return Cell{};
  return Decimal{static_cast<std::int64_t>(std::llround(*v * 10000.0)), 2};
}

}  // namespace

std::string_view scan_reject_words(inventory::ScanReject r, Language l) {
  const bool zh = l == Language::zh_CN;
  using R = inventory::ScanReject;
  switch (r) {
    case R::unknown_barcode: return zh ? "未知条码" : "Unknown barcode";
    case R::bad_gs1: return zh ? "GS1 条码无效" : "Bad GS1 label";
    case R::unknown_bin: return zh ? "库位不符" : "Wrong bin";
    case R::unknown_order: return zh ? "单据不符" : "Unknown order";
    case R::not_on_order: return zh ? "不在单据上" : "Not on the order";
    case R::over_quantity: return zh ? "超出数量" : "Over quantity";
    case R::lot_or_serial: return zh ? "缺批号或序列号" : "Lot or serial missing";
    case R::out_of_sequence: return zh ? "步骤不符" : "Out of sequence";
    case R::refused: return zh ? "过账被拒" : "Posting refused";
    case R::store_unavailable: return zh ? "存储不可用" : "Store unavailable";
  }
  return "";
}

exporting::Table door_table(const inventory::DevicePerformance& report, const std::string& period, Language l) {
  exporting::Table t;
  t.title = device_words(l, "门禁通过表现 ", "RFID doors ") + period;
  t.columns = {{device_words(l, "门", "Door"), 12},
               {device_words(l, "通过次数", "Passes"), 10},
               {device_words(l, "每小时通过", "Passes per hour"), 10},
               {device_words(l, "已过账", "Posted"), 10},
               {device_words(l, "待审核", "Held for review"), 10},
               {device_words(l, "待审核占比（%）", "Held (%)"), 10},
               {device_words(l, "缺少", "Missing"), 10},
               {device_words(l, "意外", "Unexpected"), 10},
               {device_words(l, "不确定", "Ambiguous"), 10},
               {device_words(l, "其他", "Other"), 10},
               {device_words(l, "未生成单据", "No document"), 10}};
  for (const auto& d : report.doors)
    t.rows.push_back({d.door, d.passes, Decimal{static_cast<std::int64_t>(std::llround(d.per_hour * 100)), 2},
                      d.posted, d.held, device_percent(d.held_share), d.missing, d.unexpected, d.ambiguous, d.other,
                      d.no_document});
  return t;
}

exporting::Table scanner_table(const inventory::DevicePerformance& report, const std::string& period, Language l) {
  exporting::Table t;
  t.title = device_words(l, "扫描枪表现 ", "Scanners ") + period;
  t.columns = {{device_words(l, "扫描枪", "Scanner"), 12},
               {device_words(l, "扫描次数", "Scans"), 10},
               {device_words(l, "接受", "Accepted"), 10},
               {device_words(l, "拒绝", "Rejected"), 10},
               {device_words(l, "拒绝占比（%）", "Rejected (%)"), 10}};
  for (auto r : inventory::kScanRejects) t.columns.push_back({std::string(scan_reject_words(r, l)), 10});
  for (const auto& s : report.scanners) {
    // Cell by cell: from a braced list of these variants GCC 12 at -O2
    // warns of an uninitialised string that is not there.
    std::vector<Cell> row;
    row.reserve(5 + s.by_reason.size());
    row.emplace_back(s.scanner);
    for (std::int64_t n : {s.scans, s.accepted, s.rejected}) row.emplace_back(n);
    row.push_back(device_percent(s.rejected_share));
    for (auto n : s.by_reason) row.emplace_back(static_cast<std::int64_t>(n));
    t.rows.push_back(std::move(row));
  }
  return t;
}

exporting::Table shelf_table(const inventory::DevicePerformance& report, const std::string& period, Language l) {
  exporting::Table t;
  t.title = device_words(l, "货架称重差异 ", "Shelf discrepancies ") + period;
  t.columns = {{device_words(l, "称位", "Slot"), 12},
               {device_words(l, "商品编码", "SKU"), 14},
               {device_words(l, "商品名称", "Name"), 24},
               {device_words(l, "库位", "Bin"), 12},
               {device_words(l, "差异次数", "Discrepancies"), 10},
               {device_words(l, "未处理", "Open"), 10},
               {device_words(l, "已接受", "Accepted"), 10},
               {device_words(l, "已驳回", "Dismissed"), 10}};
  for (const auto& s : report.shelves)
    t.rows.push_back({s.slot, s.sku, s.name, s.bin, s.discrepancies, s.open, s.accepted, s.dismissed});
  return t;
}

}  // namespace jxc::reports
