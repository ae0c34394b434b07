#include "edge/reports/report_tables.h"

#include <cmath>
#include <set>

namespace jxc::reports {
namespace {

using exporting::Cell;
using exporting::Column;
using exporting::Decimal;
using inventory::ValueBy;

constexpr int kMoneyShown = 2;

std::string pick(Language l, const char* zh, const char* en) { return l == Language::zh_CN ? zh : en; }

Cell qty(inventory::Qty q, int decimals) { return Decimal{q, decimals}; }
Cell money(inventory::Money m) { return Decimal{m, inventory::kMoneyDecimals}; }

Column money_column(std::string heading) { return Column{std::move(heading), 14, kMoneyShown}; }
Column qty_column(std::string heading) { return Column{std::move(heading), 12, std::nullopt}; }

/// The leading columns every report has: where (unless by item), the item.
void item_columns(std::vector<Column>* cols, ValueBy by, Language l) {
  if (by == ValueBy::location) cols->push_back({pick(l, "库位", "Location"), 12});
  if (by == ValueBy::warehouse) cols->push_back({pick(l, "仓库", "Warehouse"), 12});
  if (by == ValueBy::category) cols->push_back({pick(l, "商品类别", "Category"), 12});
  cols->push_back({pick(l, "商品编码", "SKU"), 14});
  cols->push_back({pick(l, "商品名称", "Name"), 24});
  cols->push_back({pick(l, "单位", "Unit"), 6});
}

/// The document types of the rows' movements, in the ledger's order of types.
std::vector<inventory::DocType> kinds_of(const std::vector<inventory::MovementSummaryRow>& rows, bool in) {
  std::set<inventory::DocType> seen;
  for (const auto& r : rows)
    for (const auto& [kind, a] : in ? r.in : r.out) seen.insert(kind);
  return {seen.begin(), seen.end()};
}

/// A ratio or a count of days to `decimals`; empty when there is none.
Cell ratio(const std::optional<double>& v, int decimals) {
  if (!v) return Cell{};
  return Decimal{static_cast<std::int64_t>(std::llround(*v * std::pow(10.0, decimals))), decimals};
}

Cell day_cell(const std::optional<DayNumber>& d) { return d ? Cell{format_day(*d)} : Cell{}; }

}  // namespace

exporting::Table movement_summary_table(const std::vector<inventory::MovementSummaryRow>& rows, ValueBy by,
                                        const std::string& period, Language l) {
  exporting::Table t;
  t.title = pick(l, "收发存汇总 ", "Stock movement summary ") + period;
  item_columns(&t.columns, by, l);
  t.columns.push_back(qty_column(pick(l, "期初数量", "Opening qty")));
  t.columns.push_back(money_column(pick(l, "期初金额", "Opening value")));
  const auto kinds_in = kinds_of(rows, true), kinds_out = kinds_of(rows, false);
  for (const auto& k : kinds_in) {
    const std::string w(doc_type_words(k, l));
    t.columns.push_back(qty_column(l == Language::zh_CN ? w + "（入）数量" : w + " in, qty"));
    t.columns.push_back(money_column(l == Language::zh_CN ? w + "（入）金额" : w + " in, value"));
  }
  for (const auto& k : kinds_out) {
    const std::string w(doc_type_words(k, l));
    t.columns.push_back(qty_column(l == Language::zh_CN ? w + "（出）数量" : w + " out, qty"));
    t.columns.push_back(money_column(l == Language::zh_CN ? w + "（出）金额" : w + " out, value"));
  }
  t.columns.push_back(qty_column(pick(l, "本期收入数量", "In, qty")));
  t.columns.push_back(money_column(pick(l, "本期收入金额", "In, value")));
  t.columns.push_back(qty_column(pick(l, "本期发出数量", "Out, qty")));
  t.columns.push_back(money_column(pick(l, "本期发出金额", "Out, value")));
  t.columns.push_back(qty_column(pick(l, "期末数量", "Closing qty")));
  t.columns.push_back(money_column(pick(l, "期末金额", "Closing value")));
  for (const auto& r : rows) {
    std::vector<Cell> c;
    if (by != ValueBy::item) c.push_back(r.place);
    c.insert(c.end(), {r.sku, r.name, r.uom, qty(r.opening.qty, r.decimals), money(r.opening.value)});
    inventory::Amount in, out;
    auto side = [&](const std::vector<inventory::DocType>& kinds, const inventory::KindAmounts& m,
                    inventory::Amount* sum) {
      for (const auto k : kinds) {
        const inventory::Amount* a = m.find(k);
        if (a == nullptr) {
          c.insert(c.end(), {Cell{}, Cell{}});
          continue;
        }
        c.insert(c.end(), {qty(a->qty, r.decimals), money(a->value)});
        sum->qty += a->qty;
        sum->value += a->value;
      }
    };
    side(kinds_in, r.in, &in);
    side(kinds_out, r.out, &out);
    c.insert(c.end(), {qty(in.qty, r.decimals), money(in.value), qty(out.qty, r.decimals), money(out.value),
                       qty(r.closing.qty, r.decimals), money(r.closing.value)});
    t.rows.push_back(std::move(c));
  }
  return t;
}

exporting::Table stock_value_table(const std::vector<inventory::StockValueRow>& rows, ValueBy by,
                                   const std::string& as_of, Language l) {
  exporting::Table t;
  t.title = pick(l, "库存金额 ", "Stock value ") + as_of;
  item_columns(&t.columns, by, l);
  t.columns.push_back(qty_column(pick(l, "数量", "Qty")));
  t.columns.push_back(money_column(pick(l, "平均单价", "Unit cost")));
  t.columns.push_back(money_column(pick(l, "金额", "Value")));
  for (const auto& r : rows) {
    std::vector<Cell> c;
    if (by != ValueBy::item) c.push_back(r.place);
    c.insert(c.end(), {r.sku, r.name, r.uom, qty(r.qty, r.decimals),
                       r.qty > 0 ? money(r.unit_cost) : Cell{}, money(r.value)});
    t.rows.push_back(std::move(c));
  }
  return t;
}

exporting::Table turnover_table(const inventory::TurnoverReport& report, int demand_days, const std::string& period,
                                Language l) {
  exporting::Table t;
  t.title = pick(l, "库存周转 ", "Stock turnover ") + period;
  item_columns(&t.columns, ValueBy::item, l);
  t.columns.push_back(money_column(pick(l, "期初金额", "Opening value")));
  t.columns.push_back(qty_column(pick(l, "期末数量", "Closing qty")));
  t.columns.push_back(money_column(pick(l, "期末金额", "Closing value")));
  t.columns.push_back(money_column(pick(l, "平均库存金额", "Average stock value")));
  t.columns.push_back(qty_column(pick(l, "出库数量", "Issued qty")));
  t.columns.push_back(money_column(pick(l, "出库成本", "Cost of goods issued")));
  t.columns.push_back({pick(l, "周转率（次）", "Turnover"), 10});
  t.columns.push_back({pick(l, "周转天数", "Turnover days"), 10});
  const std::string window = std::to_string(demand_days);
  t.columns.push_back(qty_column(l == Language::zh_CN ? "日均需求（近" + window + "天）"
                                                      : "Daily demand (last " + window + " days)"));
  t.columns.push_back({pick(l, "可供天数", "Days of cover"), 10});
  for (const auto& r : report.rows) {
    const double per_day = static_cast<double>(r.demand_qty) / demand_days;
    t.rows.push_back({r.sku, r.name, r.uom, money(r.opening.value), qty(r.closing.qty, r.decimals),
                      money(r.closing.value), money(r.average_value), qty(r.issued.qty, r.decimals),
                      money(r.issued.value), ratio(r.turnover, 2), ratio(r.turnover_days, 1),
                      r.demand_qty > 0 ? ratio(per_day / std::pow(10.0, r.decimals), r.decimals + 2) : Cell{},
                      ratio(r.days_of_cover, 1)});
  }
  t.rows.push_back({pick(l, "合计", "Total"), Cell{}, Cell{}, money(report.opening_value), Cell{},
                    money(report.closing_value), money(report.average_value), Cell{}, money(report.issued_value),
                    ratio(report.turnover, 2), ratio(report.turnover_days, 1)});
  return t;
}

exporting::Table abc_table(const inventory::AbcReport& report, const std::string& period, Language l) {
  exporting::Table t;
  t.title = pick(l, "ABC/XYZ 分类 ", "ABC/XYZ classes ") + period;
  item_columns(&t.columns, ValueBy::item, l);
  t.columns.push_back(qty_column(pick(l, "出库数量", "Issued qty")));
  t.columns.push_back(money_column(pick(l, "出库金额", "Issued value")));
  t.columns.push_back({pick(l, "金额占比（%）", "Share (%)"), 10});
  t.columns.push_back({pick(l, "累计占比（%）", "Cumulative (%)"), 10});
  t.columns.push_back({"ABC", 5});
  t.columns.push_back({pick(l, "周需求变异系数", "Weekly demand CV"), 10});
  t.columns.push_back({"XYZ", 5});
  t.columns.push_back({pick(l, "分类", "Class"), 6});
  for (const auto& r : report.rows) {
    const bool shared = r.issued.value > 0 && report.issued_value > 0;
    t.rows.push_back({r.sku, r.name, r.uom, qty(r.issued.qty, r.decimals), money(r.issued.value),
                      shared ? ratio(r.share * 100, 2) : Cell{}, shared ? ratio(r.cumulative * 100, 2) : Cell{},
                      std::string(1, r.abc), ratio(r.cv, 2), std::string(1, r.xyz), std::string{r.abc, r.xyz}});
  }
  return t;
}

std::string bucket_name(const std::vector<int>& bounds, std::size_t i) {
  if (i >= bounds.size()) return ">" + std::to_string(bounds.empty() ? 0 : bounds.back());
  return std::to_string(i == 0 ? 0 : bounds[i - 1] + 1) + "–" + std::to_string(bounds[i]);
}

exporting::Table ageing_table(const std::vector<inventory::AgeingRow>& rows, const std::vector<int>& bounds,
                              const std::string& as_of, Language l) {
  exporting::Table t;
  t.title = pick(l, "库龄 ", "Stock ageing ") + as_of;
  item_columns(&t.columns, ValueBy::item, l);
  t.columns.push_back(qty_column(pick(l, "结存数量", "Qty on hand")));
  t.columns.push_back(money_column(pick(l, "结存金额", "Value")));
  for (std::size_t i = 0; i <= bounds.size(); ++i) {
    const std::string name = bucket_name(bounds, i) + pick(l, "天", " days");
    t.columns.push_back(qty_column(name + pick(l, " 数量", ", qty")));
    t.columns.push_back(money_column(name + pick(l, " 金额", ", value")));
  }
  t.columns.push_back({pick(l, "最早入库日", "Oldest arrival"), 12});
  t.columns.push_back({pick(l, "最近出库日", "Last issue"), 12});
  t.columns.push_back({pick(l, "呆滞", "Idle"), 6});
  for (const auto& r : rows) {
    std::vector<Cell> c{r.sku, r.name, r.uom, qty(r.on_hand.qty, r.decimals), money(r.on_hand.value)};
    for (const auto& b : r.buckets) {
      c.push_back(b.qty != 0 ? qty(b.qty, r.decimals) : Cell{});
      c.push_back(b.qty != 0 ? money(b.value) : Cell{});
    }
    c.push_back(day_cell(r.oldest_arrival));
    c.push_back(day_cell(r.last_issue));
    c.push_back(r.idle ? pick(l, "是", "yes") : pick(l, "否", "no"));
    t.rows.push_back(std::move(c));
  }
  return t;
}

exporting::Table count_accuracy_table(const inventory::AccuracyReport& report, inventory::AccuracyBy by,
                                      const TimeZone& zone, const std::string& period, Language l) {
  using inventory::AccuracyBy;
  exporting::Table t;
  t.title = pick(l, "盘点准确率 ", "Count accuracy ") + period;
  switch (by) {
    case AccuracyBy::count:
      t.columns = {{pick(l, "盘点单号", "Count"), 14}, {pick(l, "审核时间", "Approved"), 17},
                   {pick(l, "审核人", "Approved by"), 12}, {pick(l, "盘点人", "Counted by"), 18},
                   {pick(l, "容差", "Tolerance"), 8}};
      break;
    case AccuracyBy::month: t.columns = {{pick(l, "月份", "Month"), 9}}; break;
    case AccuracyBy::zone: t.columns = {{pick(l, "库区", "Zone"), 10}, {pick(l, "库区名称", "Zone name"), 16}}; break;
    case AccuracyBy::counter: t.columns = {{pick(l, "盘点人", "Counter"), 14}}; break;
  }
  const std::size_t lead = t.columns.size();
  t.columns.push_back({pick(l, "盘点单数", "Counts"), 9});
  t.columns.push_back({pick(l, "库位数", "Bins"), 9});
  t.columns.push_back({pick(l, "盘点行数", "Lines"), 9});
  t.columns.push_back({pick(l, "准确行数", "Exact lines"), 9});
  t.columns.push_back({pick(l, "准确率（%）", "Accuracy (%)"), 10});
  t.columns.push_back({pick(l, "容差内行数", "Within tolerance"), 10});
  t.columns.push_back({pick(l, "容差内准确率（%）", "Within tolerance (%)"), 12});
  t.columns.push_back(money_column(pick(l, "盘盈金额", "Gains")));
  t.columns.push_back(money_column(pick(l, "盘亏金额", "Losses")));
  t.columns.push_back(money_column(pick(l, "净差异金额", "Net")));
  auto figures = [](const inventory::AccuracyTally& a, std::vector<Cell>* c) {
    auto percent = [](const std::optional<double>& v) { return ratio(v ? std::optional(*v * 100) : v, 1); };
    c->insert(c->end(), {Cell{a.counts}, Cell{a.bins}, Cell{a.lines}, Cell{a.exact}, percent(a.accuracy()),
                         Cell{a.within_tolerance}, percent(a.tolerance_accuracy()), money(a.gain_value),
                         money(a.loss_value), money(a.gain_value - a.loss_value)});
  };
  for (const auto& r : report.rows) {
    std::vector<Cell> c{r.key};
    if (by == AccuracyBy::count) {
      std::string counters;
      for (const auto& who : r.counters) counters += (counters.empty() ? "" : ", ") + who;
      c.insert(c.end(), {format_local_minutes(r.approved_at, zone), r.approved_by, counters, Cell{r.tolerance}});
    }
    if (by == AccuracyBy::zone) c.push_back(r.name);
    figures(r.tally, &c);
    t.rows.push_back(std::move(c));
  }
  std::vector<Cell> total{pick(l, "合计", "Total")};
  total.resize(lead);
  figures(report.total, &total);
  t.rows.push_back(std::move(total));
  return t;
}

}  // namespace jxc::reports
