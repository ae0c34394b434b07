#pragma once
// RFC 4180 CSV as spreadsheets write it: quoted fields with embedded commas,
// doubled quotes and line breaks, CRLF or LF line ends, an optional UTF-8 byte
// order mark, and a header row that names the columns. Pure code over a
// string: the caller reads the file.
//
// Every problem is reported with the physical line (1-based) on which its
// record starts, so that a person can open the file in an editor and find it.
// Parsing never stops at the first bad record: it resynchronises at the next
// line end so that one pass lists every bad row.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jxc::app::csv {

/// One record of the file: its fields and the line it starts on.
struct Record {
  std::size_t line = 0;
  std::vector<std::string> fields;
};

/// A record (or the file as a whole, line 0) that could not be used.
struct Error {
  std::size_t line = 0;
  std::string reason;
};

/// Splits `text` into records. Bad records (unterminated quote, text after a
/// closing quote, a quote inside an unquoted field, bytes that are not UTF-8)
/// are left out of the result and listed in `errors`. Empty lines are skipped.
std::vector<Record> split(std::string_view text, std::vector<Error>* errors);

/// Longest values, in characters (code points) after trimming: codes (SKU,
/// location, lot, unit) fit a label and the store's 64-byte key; a name fits
/// a line of a terminal, a label or an alert; nothing else is unbounded
/// either (a file of huge cells would only fill the store and every screen).
inline constexpr std::size_t kMaxCodeChars = 64;
inline constexpr std::size_t kMaxNameChars = 200;
inline constexpr std::size_t kMaxFieldChars = 1024;

/// The columns a table expects: `required` must be in the header, `optional`
/// may be; any other header name is an error (a misspelt column would
/// otherwise be silently ignored). Names are matched without regard to case
/// or surrounding spaces. `codes` and `names` list the columns held to
/// kMaxCodeChars and kMaxNameChars; every other column to kMaxFieldChars.
struct Columns {
  std::vector<std::string> required;
  std::vector<std::string> optional;
  std::vector<std::string> codes = {};
  std::vector<std::string> names = {};
  /// Other headings a column may have ({"数量", "quantity"}, {"item", "sku"}):
  /// a heading matched (as above) to an alias names its column.
  std::vector<std::pair<std::string, std::string>> aliases = {};
};

/// A parsed file: the header resolved against the expected columns, and the
/// well-formed data rows (same field count as the header).
class Table {
 public:
  /// Parses `text`. Errors (header problems, bad records, wrong field counts,
  /// a data field holding a control character other than tab, a value
  /// longer than its column allows) are collected in errors(); rows() holds
  /// only the rows that can be read.
  static Table parse(std::string_view text, const Columns& columns);

  const std::vector<Error>& errors() const { return errors_; }
  const std::vector<Record>& rows() const { return rows_; }
  /// Whether the header has this column.
  bool has(std::string_view column) const;
  /// The field of `row` in `column`, trimmed of spaces and tabs; nothing when
  /// the header has no such column.
  std::optional<std::string_view> get(const Record& row, std::string_view column) const;

 private:
  std::vector<std::string> header_;  // normalised names, in file order
  std::vector<Record> rows_;
  std::vector<Error> errors_;
};

/// "line 7: unterminated quoted field", or the reason alone for line 0.
std::string to_string(const Error& e);

}  // namespace jxc::app::csv
