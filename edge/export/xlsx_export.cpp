#include "edge/export/xlsx_export.h"

#include <stdlib.h>  // mkdtemp (POSIX)
#include <xlsxwriter.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <type_traits>

#include "edge/common/text.h"
#include "edge/export/excel_limits.h"

namespace jxc::exporting {
namespace {

constexpr int kMaxShownDecimals = 30;  // the most Excel's Format Cells offers
constexpr double kMinWidth = 8.43;     // Excel's default column width
constexpr double kMaxEstimatedWidth = 60;
constexpr double kMaxWidth = 255;  // Excel's widest column

// libxlsxwriter calls gmtime (the workbook's creation time), srand and rand
// (its temporary file names), which share state across the process; one
// workbook is written at a time.
std::mutex lxw_mutex;

Status lxw_status(lxw_error e, const std::string& doing) {
  Errc code = Errc::internal;  // it refused what it was given: a fault of this file
  switch (e) {
    case LXW_ERROR_CREATING_XLSX_FILE:
    case LXW_ERROR_CREATING_TMPFILE:
    case LXW_ERROR_READING_TMPFILE:
    case LXW_ERROR_ZIP_FILE_OPERATION:
    case LXW_ERROR_ZIP_PARAMETER_ERROR:
    case LXW_ERROR_ZIP_BAD_ZIP_FILE:
    case LXW_ERROR_ZIP_INTERNAL_ERROR:
    case LXW_ERROR_ZIP_FILE_ADD:
    case LXW_ERROR_ZIP_CLOSE:
      code = Errc::io;
      break;
    default:
      break;
  }
  return error(code, doing + ": " + lxw_strerror(e));
}

// A folder of this call's own (mode 0700), removed with what is in it.
struct TempDir {
  std::string path;  // empty until made

  Status make() {
    const char* env = std::getenv("TMPDIR");
    const std::string base = env && *env ? env : "/tmp";
    std::string tmpl = base + "/jxc-export-XXXXXX";
    if (!::mkdtemp(tmpl.data()))
      return error(Errc::io, "cannot make a temporary folder under " + base + ": " + std::strerror(errno));
    path = tmpl;
    return Status::ok();
  }
  ~TempDir() {
    std::error_code ignored;
    if (!path.empty()) std::filesystem::remove_all(path, ignored);
  }
};

// Excel reads _xHHHH_ in text as the character U+HHHH (ECMA-376 Part 1,
// ST_Xstring), and libxlsxwriter 1.1.4 writes such text as it is, so a
// name holding "_x0041_" would show as "A". The underscore that starts one
// is written as _x005F_, the escaped underscore, as Excel itself does.
std::string escape_escapes(const std::string& s) {
  const auto hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '_' && i + 6 < s.size() && s[i + 1] == 'x' && hex(s[i + 2]) && hex(s[i + 3]) && hex(s[i + 4]) &&
        hex(s[i + 5]) && s[i + 6] == '_')
      out += "_x005F_";  // then x0041_ as it is
    else
      out += s[i];
  }
  return out;
}

// `bytes` as a sheet's XML can hold them, or why not: cell (`row`, `column`)
// as the error names it.
Result<std::string> cell_text(std::string_view bytes, std::size_t row, std::size_t column) {
  std::string s = text::to_valid_utf8(bytes);
  // XML 1.0 has no NUL, and libxlsxwriter takes a C string, which would end there.
  for (std::size_t at; (at = s.find('\0')) != std::string::npos;) s.replace(at, 1, text::kReplacement);
  const std::size_t chars = excel::length(s);
  if (chars > excel::kMaxCellText)
    return error(Errc::invalid_argument, "row " + std::to_string(row) + ", column " + std::to_string(column) +
                                             ": text of " + std::to_string(chars) +
                                             " characters is longer than the " +
                                             std::to_string(excel::kMaxCellText) + " an Excel cell holds")
        .with("row", std::to_string(row))
        .with("column", std::to_string(column))
        .with("chars", std::to_string(chars))
        .with("limit", std::to_string(excel::kMaxCellText));
  return escape_escapes(s);
}

std::size_t cell_width(const Cell& cell) {
  return std::visit(
      [](const auto& v) -> std::size_t {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::string>) return text::display_width(v);
        else if constexpr (std::is_same_v<T, std::int64_t>) return std::to_string(v).size();
        else if constexpr (std::is_same_v<T, Decimal>) return to_string(v).size() * 4 / 3;  // with separators
        else return 0;
      },
      cell);
}

// The caller's width, or one that shows the heading (bold, so a little
// wider) and the widest cell, within reason.
double column_width(const Table& table, std::size_t c) {
  if (c < table.columns.size() && table.columns[c].width_hint > 0)
    return std::min<double>(table.columns[c].width_hint, kMaxWidth);
  std::size_t widest = c < table.columns.size() ? text::display_width(table.columns[c].heading) + 1 : 0;
  for (const auto& row : table.rows)
    if (c < row.size()) widest = std::max(widest, cell_width(row[c]));
  return std::clamp(static_cast<double>(widest) + 2, kMinWidth, kMaxEstimatedWidth);
}

// The workbook's formats, each made once: the heading's bold and a number
// format per count of decimals ("#,##0.00").
class Formats {
 public:
  explicit Formats(lxw_workbook* wb) : wb_(wb) {}

  Result<lxw_format*> bold() {
    if (!bold_) {
      bold_ = workbook_add_format(wb_);
      if (!bold_) return error(Errc::internal, "not enough memory for a cell format");
      format_set_bold(bold_);
    }
    return bold_;
  }

  Result<lxw_format*> decimals(int d) {
    d = std::clamp(d, 0, kMaxShownDecimals);
    auto& f = numbers_[d];
    if (!f) {
      f = workbook_add_format(wb_);
      if (!f) return error(Errc::internal, "not enough memory for a cell format");
      const std::string code = d == 0 ? "#,##0" : "#,##0." + std::string(static_cast<std::size_t>(d), '0');
      format_set_num_format(f, code.c_str());  // copies the text
    }
    return f;
  }

 private:
  lxw_workbook* wb_;
  lxw_format* bold_ = nullptr;  // the workbook owns the formats
  std::map<int, lxw_format*> numbers_;
};

Status written(lxw_error e, std::size_t row, std::size_t column) {
  if (e == LXW_NO_ERROR) return Status::ok();
  return lxw_status(e, "row " + std::to_string(row) + ", column " + std::to_string(column));
}

Status write_cell(lxw_worksheet* ws, Formats& formats, const Table& table, std::size_t r, std::size_t c) {
  const Cell& cell = table.rows[r][c];
  const auto row = static_cast<lxw_row_t>(r + 1);  // under the heading
  const auto col = static_cast<lxw_col_t>(c);
  if (const auto* s = std::get_if<std::string>(&cell)) {
    JXC_ASSIGN(const std::string text, cell_text(*s, r + 1, c + 1));
    if (text.empty()) return Status::ok();  // an empty cell is no cell
    return written(worksheet_write_string(ws, row, col, text.c_str(), nullptr), r + 1, c + 1);
  }
  if (const auto* i = std::get_if<std::int64_t>(&cell))
    return written(worksheet_write_number(ws, row, col, static_cast<double>(*i), nullptr), r + 1, c + 1);
  if (const auto* d = std::get_if<Decimal>(&cell)) {
    const auto& shown = c < table.columns.size() ? table.columns[c].decimals : std::nullopt;
    JXC_ASSIGN(lxw_format * format, formats.decimals(shown.value_or(d->scale)));
    return written(worksheet_write_number(ws, row, col, to_double(*d), format), r + 1, c + 1);
  }
  return Status::ok();
}

Status write_sheet(lxw_workbook* wb, const Table& table, std::size_t columns) {
  const std::string name = excel::sheet_name(table.title);
  lxw_worksheet* ws = workbook_add_worksheet(wb, name.c_str());
  if (!ws) return error(Errc::internal, "libxlsxwriter refused the sheet name '" + name + "'");
  Formats formats(wb);

  for (std::size_t c = 0; c < columns; ++c) {
    const auto col = static_cast<lxw_col_t>(c);
    if (const lxw_error e = worksheet_set_column(ws, col, col, column_width(table, c), nullptr))
      return lxw_status(e, "the width of column " + std::to_string(c + 1));
  }
  worksheet_freeze_panes(ws, 1, 0);

  // Constant-memory mode: rows are written in order, each once.
  JXC_ASSIGN(lxw_format * bold, formats.bold());
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    JXC_ASSIGN(const std::string heading, cell_text(table.columns[c].heading, 0, c + 1));
    if (heading.empty()) continue;
    JXC_TRY(written(worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), heading.c_str(), bold), 0, c + 1));
  }
  for (std::size_t r = 0; r < table.rows.size(); ++r)
    for (std::size_t c = 0; c < table.rows[r].size(); ++c) JXC_TRY(write_cell(ws, formats, table, r, c));
  return Status::ok();
}

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return error(Errc::io, "cannot open the workbook written to " + path + ": " + std::strerror(errno));
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return error(Errc::io, "cannot read the workbook written to " + path);
  return bytes;
}

}  // namespace

Result<std::string> to_xlsx(const Table& table) {
  std::size_t columns = table.columns.size();
  for (const auto& row : table.rows) columns = std::max(columns, row.size());
  JXC_TRY(excel::check_size(table.rows.size(), columns));

  TempDir dir;
  JXC_TRY(dir.make());
  const std::string path = dir.path + "/report.xlsx";
  {
    std::lock_guard lock(lxw_mutex);
    // Constant memory: each row goes to a temporary file in `dir` once the
    // next begins, so a large report does not sit in the gateway's memory
    // as libxlsxwriter's cell tree; its strings are inline, not shared.
    lxw_workbook_options options{};
    options.constant_memory = LXW_TRUE;
    options.tmpdir = dir.path.data();
    lxw_workbook* wb = workbook_new_opt(path.c_str(), &options);
    if (!wb) return error(Errc::internal, "not enough memory to start a workbook");
    const Status filled = write_sheet(wb, table, columns);
    const lxw_error closed = workbook_close(wb);  // frees the workbook, after a failure too
    JXC_TRY(filled);
    if (closed != LXW_NO_ERROR) return lxw_status(closed, "writing the workbook");
  }
  return read_file(path);
}

}  // namespace jxc::exporting
