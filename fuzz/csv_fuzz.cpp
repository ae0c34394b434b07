// libFuzzer target for CSV import with the items table's columns: every row
// handed on has the header's field count, is well-formed UTF-8 and holds no
// value longer than its column allows; every error names a line the text
// has and says why.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "edge/app/csv.h"
#include "edge/common/text.h"

using namespace jxc::app;

namespace {

std::size_t code_points(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// Physical lines as the parser counts them: CRLF, LF and a lone CR (old
// Mac exports) each end one.
std::size_t physical_lines(std::string_view s) {
  std::size_t n = 1;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ++i;
    if (s[i] == '\n' || s[i] == '\r') ++n;
  }
  return n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const csv::Columns columns{{"sku", "name"},
                             {"uom", "gtins", "unit_weight_g", "lot_tracked", "unit_cost"},
                             {"sku", "uom"},
                             {"name"}};
  const auto table = csv::Table::parse(text, columns);
  const std::size_t lines = physical_lines(text);
  for (const auto& e : table.errors())
    if (e.line > lines || e.reason.empty() || !jxc::text::is_valid_utf8(csv::to_string(e))) std::abort();
  std::size_t fields = 0;
  for (const auto& row : table.rows()) {
    if (row.line < 1 || row.line > lines) std::abort();
    if (fields != 0 && row.fields.size() != fields) std::abort();
    fields = row.fields.size();
    for (const auto& f : row.fields)
      if (!jxc::text::is_valid_utf8(f)) std::abort();
    for (const char* col : {"sku", "uom"})
      if (auto v = table.get(row, col); v && code_points(*v) > csv::kMaxCodeChars) std::abort();
    if (auto v = table.get(row, "name"); v && code_points(*v) > csv::kMaxNameChars) std::abort();
  }
  return 0;
}
