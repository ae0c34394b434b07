#include "edge/export/excel_limits.h"

#include <algorithm>
#include <cctype>

#include "edge/common/text.h"

namespace jxc::exporting::excel {
namespace {

bool continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Bytes of the code point whose lead byte is `c`.
std::size_t sequence_length(char c) {
  const auto b = static_cast<unsigned char>(c);
  return b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
}

bool is_history(std::string_view name) {
  return name.size() == 7 && std::equal(name.begin(), name.end(), "history", [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == b;
         });
}

}  // namespace

Status check_size(std::size_t rows, std::size_t columns) {
  if (rows > kMaxRows - 1)
    return error(Errc::invalid_argument,
                 "the report has " + std::to_string(rows) + " rows and an Excel sheet holds " +
                     std::to_string(kMaxRows - 1) + " under its heading; choose fewer (a shorter period, fewer items) "
                     "or export it as CSV")
        .with("rows", std::to_string(rows))
        .with("limit", std::to_string(kMaxRows - 1));
  if (columns > kMaxColumns)
    return error(Errc::invalid_argument, "the report has " + std::to_string(columns) +
                                             " columns and an Excel sheet holds " + std::to_string(kMaxColumns))
        .with("columns", std::to_string(columns))
        .with("limit", std::to_string(kMaxColumns));
  return Status::ok();
}

std::size_t length(std::string_view utf8) {
  std::size_t n = 0;
  for (char c : utf8) {
    if (continuation(c)) continue;
    n += sequence_length(c) == 4 ? 2 : 1;  // outside the BMP: a surrogate pair
  }
  return n;
}

std::string sheet_name(std::string_view title) {
  std::string clean = text::to_clean_text(title);
  for (char& c : clean) {
    if (std::string_view("[]:*?/\\").find(c) != std::string_view::npos) c = '_';
    if (c == '\t') c = ' ';  // to_clean_text keeps tabs, which a sheet's name cannot show
  }

  std::string name;
  std::size_t units = 0;
  for (std::size_t i = 0; i < clean.size();) {
    const std::size_t len = sequence_length(clean[i]);
    const std::size_t u = len == 4 ? 2 : 1;
    if (units + u > kMaxSheetName) break;
    name.append(clean, i, len);
    units += u;
    i += len;
  }

  const auto edge = [](char c) { return c == ' ' || c == '\''; };
  const auto first = std::find_if_not(name.begin(), name.end(), edge);
  const auto last = std::find_if_not(name.rbegin(), name.rend(), edge).base();
  name = first < last ? std::string(first, last) : std::string();

  if (name.empty()) return "Sheet1";
  if (is_history(name)) return name + "_";
  return name;
}

}  // namespace jxc::exporting::excel
