#pragma once
// A report table as an .xlsx workbook: one sheet named after the title, a
// bold heading row that stays in view when scrolling, numbers as numbers
// (a Decimal shown with its decimals and thousands separators), text as
// text. Text is never written as a formula, so a cell holding "=..." is
// only text in the file.
//
// Written through libxlsxwriter, which writes only to a path: the workbook
// goes to a private folder made for the call (mkdtemp under $TMPDIR, else
// /tmp) and is read back and removed before this returns. Safe to call from
// several threads at once; libxlsxwriter's part of the work (it uses the C
// library's shared gmtime and rand) runs for one call at a time.

#include <string>

#include "edge/common/status.h"
#include "edge/export/table.h"

namespace jxc::exporting {

/// The bytes of the .xlsx file. Text is made well-formed UTF-8 (each
/// ill-formed part becomes U+FFFD, and so does a NUL, which the file's XML
/// cannot hold). A Decimal becomes the nearest double, shown with its
/// column's decimals or else its own scale (at most the 30 Excel shows);
/// a whole number beyond 15 digits loses its last ones in Excel, so codes
/// belong in text cells.
///
/// Errors: invalid_argument when the table does not fit a sheet
/// (excel_limits.h) or a text cell is longer than the 32,767 characters a
/// cell holds (facts "row" (1 = the first under the heading, 0 = the
/// heading), "column" (1-based), "chars", "limit"); nothing is cut short.
/// io when the temporary folder or file cannot be made, written or read;
/// internal when libxlsxwriter refuses what it was given.
Result<std::string> to_xlsx(const Table& table);

}  // namespace jxc::exporting
