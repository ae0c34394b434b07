#include "edge/identifiers/epc.h"

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "edge/identifiers/check_digit.h"

namespace jxc::identifiers {
namespace {

constexpr int kBits96 = 96;
// Header (8), filter (3) and partition (3) precede the company prefix in every
// 96-bit GS1 scheme decoded here.
constexpr int kFilterPos = 8;
constexpr int kPartitionPos = 11;
constexpr int kCompanyPrefixPos = 14;

struct PartitionRow {
  int cp_bits;
  int cp_digits;
  int ref_bits;
  int ref_digits;
};
using PartitionTable = std::array<PartitionRow, 7>;

// EPC Tag Data Standard partition tables, indexed by partition value. The
// company prefix column is the same for all schemes; the reference column
// takes the bits the prefix leaves over.
constexpr PartitionTable kSgtinTable{{{40, 12, 4, 1},
                                      {37, 11, 7, 2},
                                      {34, 10, 10, 3},
                                      {30, 9, 14, 4},
                                      {27, 8, 17, 5},
                                      {24, 7, 20, 6},
                                      {20, 6, 24, 7}}};
constexpr PartitionTable kSsccTable{{{40, 12, 18, 5},
                                     {37, 11, 21, 6},
                                     {34, 10, 24, 7},
                                     {30, 9, 28, 8},
                                     {27, 8, 31, 9},
                                     {24, 7, 34, 10},
                                     {20, 6, 38, 11}}};
constexpr PartitionTable kSglnTable{{{40, 12, 1, 0},
                                     {37, 11, 4, 1},
                                     {34, 10, 7, 2},
                                     {30, 9, 11, 3},
                                     {27, 8, 14, 4},
                                     {24, 7, 17, 5},
                                     {20, 6, 21, 6}}};
// Same shape as SGLN's, but over 44 bits: the asset type never has the
// indicator digit that SGTIN's item reference carries.
constexpr PartitionTable kGraiTable{{{40, 12, 4, 0},
                                     {37, 11, 7, 1},
                                     {34, 10, 10, 2},
                                     {30, 9, 14, 3},
                                     {27, 8, 17, 4},
                                     {24, 7, 20, 5},
                                     {20, 6, 24, 6}}};
// GIAI's asset reference digit count is a maximum: it is decoded without
// zero padding.
constexpr PartitionTable kGiaiTable{{{40, 12, 42, 13},
                                     {37, 11, 45, 14},
                                     {34, 10, 48, 15},
                                     {30, 9, 52, 16},
                                     {27, 8, 55, 17},
                                     {24, 7, 58, 18},
                                     {20, 6, 62, 19}}};

enum class Tail { serial, reserved, none };

struct SchemeInfo {
  std::uint8_t header;
  EpcScheme scheme;
  const PartitionTable* table;
  std::string_view ref_name;
  Tail tail;  // what the bits after the reference hold
};

constexpr std::array<SchemeInfo, 5> kSchemes{{
    {0x30, EpcScheme::sgtin96, &kSgtinTable, "item reference", Tail::serial},
    {0x31, EpcScheme::sscc96, &kSsccTable, "serial reference", Tail::reserved},
    {0x32, EpcScheme::sgln96, &kSglnTable, "location reference", Tail::serial},
    {0x33, EpcScheme::grai96, &kGraiTable, "asset type", Tail::serial},
    {0x34, EpcScheme::giai96, &kGiaiTable, "individual asset reference", Tail::none},
}};

const SchemeInfo* find_scheme(std::uint8_t header) {
  for (const auto& s : kSchemes)
    if (s.header == header) return &s;
  return nullptr;
}

constexpr char kHexDigits[] = "0123456789ABCDEF";

std::string byte_hex(std::uint8_t b) { return std::string("0x") + kHexDigits[b >> 4] + kHexDigits[b & 0x0F]; }

// Big-endian bit field [pos, pos + n), n <= 64. Callers have checked the
// length against the scheme layout; the guard keeps a layout mistake from
// becoming an out-of-bounds read.
std::uint64_t bits(std::span<const std::uint8_t> bytes, int pos, int n) {
  std::uint64_t v = 0;
  for (int i = pos; i < pos + n; ++i) {
    const auto byte = static_cast<std::size_t>(i / 8);
    const int bit = byte < bytes.size() ? (bytes[byte] >> (7 - i % 8)) & 1 : 0;
    v = (v << 1) | static_cast<std::uint64_t>(bit);
  }
  return v;
}

std::uint64_t pow10(int digits) {
  std::uint64_t v = 1;
  for (int i = 0; i < digits; ++i) v *= 10;
  return v;
}

std::string padded(std::uint64_t value, int digits) {
  if (digits == 0) return {};
  std::string s = std::to_string(value);
  if (s.size() < static_cast<std::size_t>(digits)) s.insert(0, static_cast<std::size_t>(digits) - s.size(), '0');
  return s;
}

std::string with_check_digit(const std::string& body) {
  return body + static_cast<char>('0' + gs1_check_digit(body));
}

Status field_too_large(const Epc& e, std::string_view field, std::uint64_t value, int digits) {
  return error(Errc::invalid_argument,
               std::string(epc_scheme_name(e.scheme)) + " " + std::string(field) + " value " + std::to_string(value) +
                   " does not fit the " + std::to_string(digits) + " digit(s) of partition " +
                   std::to_string(e.partition) + " (must be below " + std::to_string(pow10(digits)) + ")");
}

void fill_keys(Epc& e) {
  const std::string& cp = e.company_prefix;
  const std::string& ref = e.reference;
  const std::string base = "urn:epc:id:";
  const std::string tag = std::string("urn:epc:tag:") + std::string(epc_scheme_name(e.scheme)) + ":" +
                          std::to_string(e.filter) + ".";
  switch (e.scheme) {
    case EpcScheme::sgtin96: {
      e.id_uri = base + "sgtin:" + cp + "." + ref + "." + e.serial;
      e.tag_uri = tag + cp + "." + ref + "." + e.serial;
      // The indicator digit leads the item reference on the tag but the GTIN.
      e.gs1_key = with_check_digit(ref.substr(0, 1) + cp + ref.substr(1));
      e.gs1_key_type = "gtin";
      e.gs1_element_string = "(01)" + e.gs1_key + "(21)" + e.serial;
      break;
    }
    case EpcScheme::sscc96: {
      e.id_uri = base + "sscc:" + cp + "." + ref;
      e.tag_uri = tag + cp + "." + ref;
      e.gs1_key = with_check_digit(ref.substr(0, 1) + cp + ref.substr(1));
      e.gs1_key_type = "sscc";
      e.gs1_element_string = "(00)" + e.gs1_key;
      break;
    }
    case EpcScheme::sgln96: {
      e.id_uri = base + "sgln:" + cp + "." + ref + "." + e.serial;
      e.tag_uri = tag + cp + "." + ref + "." + e.serial;
      e.gs1_key = with_check_digit(cp + ref);
      e.gs1_key_type = "gln";
      e.gs1_element_string = "(414)" + e.gs1_key;
      if (e.serial != "0") e.gs1_element_string += "(254)" + e.serial;
      break;
    }
    case EpcScheme::grai96: {
      e.id_uri = base + "grai:" + cp + "." + ref + "." + e.serial;
      e.tag_uri = tag + cp + "." + ref + "." + e.serial;
      // AI 8003 is a GTIN-14-shaped key with a leading 0, then the serial.
      e.gs1_key = with_check_digit("0" + cp + ref) + e.serial;
      e.gs1_key_type = "grai";
      e.gs1_element_string = "(8003)" + e.gs1_key;
      break;
    }
    case EpcScheme::giai96: {
      e.id_uri = base + "giai:" + cp + "." + e.serial;
      e.tag_uri = tag + cp + "." + e.serial;
      e.gs1_key = cp + e.serial;
      e.gs1_key_type = "giai";
      e.gs1_element_string = "(8004)" + e.gs1_key;
      break;
    }
    case EpcScheme::raw:
      break;
  }
}

std::optional<int> hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return std::nullopt;
}

std::string describe_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u >= 0x21 && u < 0x7F) return std::string("'") + c + "'";
  return byte_hex(u);
}

}  // namespace

std::string_view epc_scheme_name(EpcScheme s) {
  switch (s) {
    case EpcScheme::sgtin96: return "sgtin-96";
    case EpcScheme::sscc96: return "sscc-96";
    case EpcScheme::sgln96: return "sgln-96";
    case EpcScheme::grai96: return "grai-96";
    case EpcScheme::giai96: return "giai-96";
    case EpcScheme::raw: return "raw";
  }
  return "raw";
}

Result<Epc> decode_epc(std::span<const std::uint8_t> bytes) {
  if (bytes.empty()) return error(Errc::invalid_argument, "empty EPC");
  Epc e;
  e.bit_length = static_cast<int>(bytes.size() * 8);
  e.hex = epc_hex(bytes);

  const SchemeInfo* info = find_scheme(bytes[0]);
  if (info == nullptr) {
    e.tag_uri = "urn:epc:raw:" + std::to_string(e.bit_length) + ".x" + e.hex;
    return e;
  }
  e.scheme = info->scheme;
  const std::string name(epc_scheme_name(e.scheme));
  if (e.bit_length != kBits96)
    return error(Errc::invalid_argument, "header " + byte_hex(bytes[0]) + " (" + name + ") requires 96 bits, got " +
                                             std::to_string(e.bit_length));

  e.filter = static_cast<int>(bits(bytes, kFilterPos, 3));
  e.partition = static_cast<int>(bits(bytes, kPartitionPos, 3));
  if (e.partition >= static_cast<int>(info->table->size()))
    return error(Errc::invalid_argument,
                 name + " partition " + std::to_string(e.partition) + " is not defined (valid: 0..6)");
  const PartitionRow& row = (*info->table)[static_cast<std::size_t>(e.partition)];

  const std::uint64_t cp = bits(bytes, kCompanyPrefixPos, row.cp_bits);
  if (cp >= pow10(row.cp_digits)) return field_too_large(e, "company prefix", cp, row.cp_digits);
  e.company_prefix = padded(cp, row.cp_digits);

  const int ref_pos = kCompanyPrefixPos + row.cp_bits;
  const std::uint64_t ref = bits(bytes, ref_pos, row.ref_bits);
  if (ref >= pow10(row.ref_digits)) return field_too_large(e, info->ref_name, ref, row.ref_digits);
  if (e.scheme == EpcScheme::giai96)
    e.serial = std::to_string(ref);
  else
    e.reference = padded(ref, row.ref_digits);

  const int tail_pos = ref_pos + row.ref_bits;
  const int tail_bits = kBits96 - tail_pos;
  const std::uint64_t tail = bits(bytes, tail_pos, tail_bits);
  switch (info->tail) {
    case Tail::serial:
      e.serial = std::to_string(tail);
      break;
    case Tail::reserved:
      if (tail != 0)
        return error(Errc::invalid_argument, name + " reserved bits " + std::to_string(tail_pos) + ".." +
                                                 std::to_string(kBits96 - 1) + " must be zero, found " +
                                                 std::to_string(tail));
      break;
    case Tail::none:
      break;
  }
  fill_keys(e);
  return e;
}

Result<Epc> decode_epc_hex(std::string_view hex) {
  std::vector<std::uint8_t> bytes;
  bytes.reserve(hex.size() / 2);
  std::size_t nibbles = 0;
  int pending = 0;
  for (std::size_t i = 0; i < hex.size(); ++i) {
    const char c = hex[i];
    if (c == ' ' || c == '\t') continue;
    const auto v = hex_value(c);
    if (!v)
      return error(Errc::invalid_argument,
                   "non-hex character " + describe_char(c) + " at offset " + std::to_string(i));
    if (nibbles % 2 == 0) {
      pending = *v;
    } else {
      bytes.push_back(static_cast<std::uint8_t>((pending << 4) | *v));
    }
    ++nibbles;
  }
  if (nibbles == 0) return error(Errc::invalid_argument, "empty EPC");
  if (nibbles % 2 != 0)
    return error(Errc::invalid_argument,
                 "odd number of hex digits (" + std::to_string(nibbles) + "): not a whole number of bytes");
  return decode_epc(bytes);
}

std::string epc_hex(std::span<const std::uint8_t> bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (std::uint8_t b : bytes) {
    out.push_back(kHexDigits[b >> 4]);
    out.push_back(kHexDigits[b & 0x0F]);
  }
  return out;
}

}  // namespace jxc::identifiers
