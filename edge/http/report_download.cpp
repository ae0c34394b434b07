#include "edge/http/report_download.h"

#include "edge/export/csv_export.h"
#include "edge/export/xlsx_export.h"
#include "edge/http/alert_page.h"

namespace jxc::http {

std::variant<ReportFormat, Response> report_format(const Request& req) {
  const std::string f = req.query("format").value_or("json");
  if (f == "json") return ReportFormat::json;
  if (f == "csv") return ReportFormat::csv;
  if (f == "xlsx") return ReportFormat::xlsx;
  return problem(400, "invalid_parameter", "'format' must be json, csv or xlsx");
}

reports::Language report_language(const Request& req) {
  return alert_page::language(req.query("lang").value_or(""), req.header(beast_http::field::accept_language));
}

Response report_download(const exporting::Table& table, ReportFormat format, std::string_view stem) {
  Response r;
  std::string name(stem);
  if (format == ReportFormat::xlsx) {
    auto bytes = exporting::to_xlsx(table);
    if (!bytes) return problem_for(bytes.status());
    r.body = std::move(*bytes);
    r.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    name += ".xlsx";
  } else {
    r.body = exporting::to_csv(table);
    r.content_type = "text/csv; charset=utf-8";
    name += ".csv";
  }
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + name + "\"");
  return r;
}

}  // namespace jxc::http
