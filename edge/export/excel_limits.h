#pragma once
// What an Excel worksheet can hold, checked before a report is written, so
// that a report too large for a sheet is refused with a reason instead of
// being cut short, and a title becomes a sheet name Excel accepts. Pure code.
//
// Excel counts text in UTF-16 code units: a Chinese character is one, an
// emoji or a rare ideograph outside the Basic Multilingual Plane two.

#include <cstddef>
#include <string>
#include <string_view>

#include "edge/common/status.h"

namespace jxc::exporting::excel {

inline constexpr std::size_t kMaxRows = 1'048'576;   // the heading row included
inline constexpr std::size_t kMaxColumns = 16'384;   // A..XFD
inline constexpr std::size_t kMaxCellText = 32'767;  // UTF-16 code units
inline constexpr std::size_t kMaxSheetName = 31;     // UTF-16 code units

/// Whether a sheet holds a heading row and `rows` rows of at most `columns`
/// cells. invalid_argument says which limit is passed, with the facts
/// "rows" or "columns" and "limit"; nothing is written then.
Status check_size(std::size_t rows, std::size_t columns);

/// Length of well-formed UTF-8 `utf8` as Excel counts it (UTF-16 code units).
std::size_t length(std::string_view utf8);

/// A sheet name Excel accepts, from a report's title: made one line of
/// well-formed text (text::to_clean_text, a tab too made a space), each of
/// [ ] : * ? / \ replaced by _, cut to 31 characters between whole code
/// points, without spaces or apostrophes at either end (Excel refuses a
/// name starting or ending with one). "Sheet1" for a title left empty;
/// "History", which Excel keeps for itself, becomes "History_".
std::string sheet_name(std::string_view title);

}  // namespace jxc::exporting::excel
