#pragma once
// Decoding of binary EPCs read from RFID tags (GS1 EPC Tag Data Standard) into
// the identifiers the rest of the gateway works with: URIs and GS1 keys.
// Only the 96-bit GS1 schemes are decoded; any other EPC is kept as raw hex so
// that a reader full of foreign tags never fails a whole inventory round.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "edge/common/status.h"

namespace jxc::identifiers {

enum class EpcScheme { sgtin96, sscc96, sgln96, grai96, giai96, raw };

/// "sgtin-96", ..., "raw": the spelling used in tag URIs and JSON output.
std::string_view epc_scheme_name(EpcScheme s);

struct Epc {
  EpcScheme scheme = EpcScheme::raw;
  int bit_length = 0;
  std::string hex;  // uppercase, no separators
  // The fields below are empty / zero for raw EPCs.
  int filter = 0;
  int partition = 0;
  std::string company_prefix;  // zero-padded to the partition's digit count
  // SGTIN: item reference with the indicator digit first; SSCC: serial
  // reference with the extension digit first; SGLN: location reference;
  // GRAI: asset type; GIAI: empty. May be "" when the partition gives it no
  // digits (SGLN and GRAI partition 0).
  std::string reference;
  // SGTIN and GRAI: serial; SGLN: extension ("0" means none); GIAI: individual
  // asset reference; SSCC: empty. Decimal without leading zeros.
  std::string serial;
  std::string id_uri;   // urn:epc:id:sgtin:0614141.812345.6789
  std::string tag_uri;  // urn:epc:tag:sgtin-96:3.0614141.812345.6789; raw: urn:epc:raw:96.x...
  // GTIN-14, SSCC-18, GLN-13, GRAI (14 digits with check digit, then the
  // serial) or GIAI (company prefix then asset reference).
  std::string gs1_key;
  std::string gs1_key_type;  // "gtin", "sscc", "gln", "grai", "giai"
  // The same identity as a GS1 element string in human-readable form, e.g.
  // "(01)80614141123458(21)6789"; the GLN extension appears as AI 254 only
  // when it is not 0.
  std::string gs1_element_string;
};

/// Decodes an EPC. Errors (Errc::invalid_argument) for empty input and for a
/// GS1 96-bit header whose content the standard does not allow; any other
/// header or length decodes as EpcScheme::raw.
Result<Epc> decode_epc(std::span<const std::uint8_t> bytes);

/// decode_epc over hex text: case-insensitive, spaces and tabs ignored.
Result<Epc> decode_epc_hex(std::string_view hex);

/// EPC bytes as Epc::hex writes them: uppercase, no separators.
std::string epc_hex(std::span<const std::uint8_t> bytes);

}  // namespace jxc::identifiers
