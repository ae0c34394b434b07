#pragma once
// GS1 Application Identifier data as it arrives from a barcode scanner: element
// strings with FNC1 as GS (optionally behind an AIM symbology identifier), the
// bracketed human-readable form, GS1 Digital Link URIs, and bare EAN/UPC digit
// strings. Pure code over strings: callers decide what a scan means for stock.
//
// Every AI the parser accepts is validated (length, character set, check digit,
// calendar date); an AI it does not know is rejected rather than guessed, since
// a wrong split of an element string silently corrupts every field after it.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "edge/common/status.h"

namespace jxc::identifiers {

/// The symbology named by the AIM identifier the scanner prefixed, if any.
enum class Gs1Symbology {
  unknown,         // no AIM identifier
  gs1_128,         // ]C1
  gs1_datamatrix,  // ]d2
  gs1_qr,          // ]Q3
  gs1_databar,     // ]e0
  ean_upc,         // ]E0: EAN-13, UPC-A or UPC-E
  ean8,            // ]E4
  itf14,           // ]I1: ITF with its check digit, 14 digits (ITF-14)
  datamatrix,      // ]d1: plain Data Matrix, accepted only for a Digital Link URI
  qr,              // ]Q1: plain QR Code, accepted only for a Digital Link URI
};
std::string_view gs1_symbology_name(Gs1Symbology s);

/// How the data was written.
enum class Gs1Form {
  element_string,  // AI + value pairs, FNC1 (GS) after variable-length values
  bracketed,       // human-readable "(01)09501101530003(10)ABC"
  digital_link,    // https://host/01/09501101530003/10/ABC?17=251231
  ean13,           // 13 bare digits
  upca,            // 12 bare digits
  ean8,            // 8 bare digits
  upce,            // 8 bare digits, zero-suppressed UPC-A
  itf14,           // 14 bare digits: a GTIN-14 as ITF-14 prints it on cases
};
std::string_view gs1_form_name(Gs1Form f);

struct Gs1Date {
  int year = 0;
  int month = 0;
  int day = 0;
  /// "2025-12-31"
  std::string iso() const;
};

/// A measure AI (310n-369n): six digits with n implied decimal places.
struct Gs1Measure {
  std::int64_t digits = 0;  // the six digits as an integer
  int decimals = 0;         // n, the last digit of the AI
  std::string_view quantity;  // "net weight", "length", ...
  std::string_view unit;      // "kg", "m", "lb", ...
  double value() const;
  /// Exact decimal text, e.g. "1.250" for digits 1250 and 3 decimals.
  std::string text() const;
};

/// An amount (390n-393n, 395n): digits with n implied decimal places, and
/// for 391n/393n the ISO 4217 numeric currency code.
struct Gs1Amount {
  std::int64_t digits = 0;  // at most 15 digits
  int decimals = 0;         // n, the last digit of the AI
  std::string currency;     // "156" (CNY); empty when the AI carries none
  double value() const;
  /// Exact decimal text, e.g. "12.50" for digits 1250 and 2 decimals.
  std::string text() const;
};

struct Gs1Element {
  std::string ai;     // "01", "3103", "8003"
  std::string_view title;  // GS1 data title: "GTIN", "BATCH/LOT" (static text of the AI table)
  std::string raw;    // the value as encoded (GTIN-8/12/13 in a URI path padded to 14)
  // Typed views, set only for the AIs they apply to.
  std::optional<Gs1Date> date;        // 11-17; the (first) date of 7003, 7006, 7007, 7011, 8008
  std::optional<Gs1Measure> measure;  // 310n-369n
  std::optional<Gs1Amount> amount;    // 390n-393n, 395n
  std::optional<std::int64_t> count;  // 30, 37
};

struct Gs1Scan {
  Gs1Symbology symbology = Gs1Symbology::unknown;
  Gs1Form form = Gs1Form::element_string;
  std::vector<Gs1Element> elements;  // in the order they appeared

  const Gs1Element* find(std::string_view ai) const;
  std::optional<std::string> value(std::string_view ai) const;

  std::optional<std::string> gtin() const { return value("01"); }
  std::optional<std::string> content_gtin() const { return value("02"); }
  std::optional<std::string> sscc() const { return value("00"); }
  std::optional<std::string> lot() const { return value("10"); }
  std::optional<std::string> serial() const { return value("21"); }
  std::optional<std::string> gln_ship_to() const { return value("410"); }
  std::optional<std::string> gln_location() const { return value("414"); }
  std::optional<std::string> grai() const { return value("8003"); }
  std::optional<std::string> giai() const { return value("8004"); }
  /// ISO date of AI 17 (use by / expiry).
  std::optional<std::string> expiry() const;
  /// ISO date of AI 15 (best before).
  std::optional<std::string> best_before() const;
  /// Units: AI 37 (count of trade items in a logistic unit) or else AI 30 (variable count).
  std::optional<std::int64_t> count() const;
  /// The first measure whose AI starts with `prefix3` (e.g. "310" net weight in kg).
  std::optional<Gs1Measure> measure(std::string_view prefix3) const;
  /// The first amount whose AI starts with `prefix3` (e.g. "392" amount payable).
  std::optional<Gs1Amount> amount(std::string_view prefix3) const;
};

/// Which of the GS1 association rules (General Specifications 4.14) a parse
/// enforces. The rules hold over all the data marked on one item, which some
/// labels spread over several symbols.
enum class Gs1Associations {
  /// Requisite pairs (AI 254 needs AI 414) and exclusive pairs (AI 01 never
  /// with AI 37): the scan holds all of the item's data.
  enforce,
  /// Exclusive pairs only: the scan is one of several symbols on the item;
  /// check the combined elements with gs1_check_associations().
  exclusive_only,
  /// Neither: for inspecting a fragment's values.
  skip,
};

struct Gs1ParseOptions {
  /// The year that two-digit years are resolved against (GS1 sliding window:
  /// up to 49 years ahead, 50 years back). 0 means the current UTC year.
  int reference_year = 0;
  Gs1Associations associations = Gs1Associations::enforce;
};

/// Parses one scan. Errors are Errc::invalid_argument with what and where
/// (offsets count bytes of `scan`, including any AIM prefix), or the broken
/// association rule naming both AIs (see Gs1ParseOptions::associations).
///
/// Bare digit strings of EAN/UPC length (8, 12, 13) are ambiguous with short
/// element strings sent without an AIM identifier: they are read as EAN/UPC when
/// the check digit holds (8 digits starting 0/1 as UPC-E first, then EAN-8), and
/// otherwise as an element string only if every AI in it has a predefined
/// length. Scanners should be set to send AIM identifiers to avoid the guess.
Result<Gs1Scan> parse_gs1(std::string_view scan, const Gs1ParseOptions& options = {});

/// True when an AI whose first two digits are these has a predefined length, so
/// no FNC1 follows it in an element string (GS1 General Specifications table).
bool gs1_predefined_length(std::string_view ai);

/// GS1 data title of an AI this parser knows, or empty.
std::string gs1_ai_title(std::string_view ai);

/// The requisite and exclusive AI pairs over elements gathered from all the
/// symbols on one item (e.g. each parsed with Gs1Associations::exclusive_only).
/// Errc::invalid_argument naming both AIs when a rule is broken.
Status gs1_check_associations(const std::vector<Gs1Element>& elements);

}  // namespace jxc::identifiers
