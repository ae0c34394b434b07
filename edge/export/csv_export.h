#pragma once
// A report table as a CSV file that Excel opens as it is, Chinese included:
// UTF-8 with a byte order mark, CRLF line ends, RFC 4180 quoting, the
// heading row first. Pure code: the caller sends or saves the bytes.
//
// A CSV cell has no type, so a spreadsheet guesses one, and text beginning
// with = + - @ tab or CR is taken for a formula: an item name such as
// "=HYPERLINK(...)" from a supplier's file would run in the reader's Excel
// (CSV injection). Such text is written with a ' before it, as OWASP
// advises; numbers are never text and never changed.

#include <string>

#include "edge/export/table.h"

namespace jxc::exporting {

/// The bytes of the CSV file. Text is made well-formed UTF-8 (each ill-formed
/// part becomes U+FFFD); Decimals are written exactly (decimal.h); a row
/// shorter than the columns gets empty fields, so that every line has as
/// many fields as the heading. The title is not written.
std::string to_csv(const Table& table);

}  // namespace jxc::exporting
