#include "edge/export/csv_export.h"

#include <algorithm>
#include <type_traits>

#include "edge/common/text.h"

namespace jxc::exporting {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr std::string_view kLineEnd = "\r\n";

// Text a spreadsheet would read as a formula (OWASP, "CSV Injection").
bool starts_formula(std::string_view s) {
  return !s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r');
}

void put_field(std::string& out, std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += field;
    return;
  }
  out += '"';
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

void put_text(std::string& out, std::string_view bytes) {
  std::string text = text::to_valid_utf8(bytes);
  if (starts_formula(text)) text.insert(0, 1, '\'');
  put_field(out, text);
}

void put_cell(std::string& out, const Cell& cell) {
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::string>) put_text(out, v);
        else if constexpr (std::is_same_v<T, std::int64_t>) out += std::to_string(v);
        else if constexpr (std::is_same_v<T, Decimal>) out += to_string(v);
      },
      cell);
}

// One record of `fields` fields. A record of one empty field is written as
// "" rather than as an empty line, which readers (ours in edge/app/csv.h
// among them) skip.
template <typename PutField>
void put_record(std::string& out, std::size_t fields, PutField put) {
  const std::size_t start = out.size();
  for (std::size_t i = 0; i < fields; ++i) {
    if (i > 0) out += ',';
    put(i);
  }
  if (fields == 1 && out.size() == start) out += "\"\"";
  out += kLineEnd;
}

}  // namespace

std::string to_csv(const Table& table) {
  std::string out(kBom);
  const std::size_t columns = table.columns.size();
  put_record(out, columns, [&](std::size_t i) { put_text(out, table.columns[i].heading); });
  for (const auto& row : table.rows) {
    put_record(out, std::max(columns, row.size()), [&](std::size_t i) {
      if (i < row.size()) put_cell(out, row[i]);
    });
  }
  return out;
}

}  // namespace jxc::exporting
