#pragma once
// A report answered as a file instead of JSON: `format=csv` (UTF-8 with a
// byte order mark, for Excel) or `format=xlsx`, with the columns headed in
// `lang` (zh-CN or en; left out: Accept-Language's first tag, Chinese unless
// English) and a Content-Disposition that saves it under a plain name.

#include <string_view>
#include <variant>

#include "edge/export/table.h"
#include "edge/http/problem.h"
#include "edge/http/request.h"
#include "edge/reports/report_words.h"

namespace jxc::http {

enum class ReportFormat { json, csv, xlsx };

/// `format`: json (left out), csv or xlsx; 400 otherwise.
std::variant<ReportFormat, Response> report_format(const Request& req);

/// The language the file's headings are in.
reports::Language report_language(const Request& req);

/// The table as the file `format` names, saved as `<stem>.csv` or
/// `<stem>.xlsx` (`stem`: ASCII letters, digits, '-' and '.').
Response report_download(const exporting::Table& table, ReportFormat format, std::string_view stem);

}  // namespace jxc::http
