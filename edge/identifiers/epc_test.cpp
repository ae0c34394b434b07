#include "edge/identifiers/epc.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "edge/identifiers/check_digit.h"

namespace jxc::identifiers {
namespace {

// The tests encode their own EPCs from fields, with the partition tables
// transcribed separately from the decoder's, so a wrong entry in either shows.
struct Row {
  int cp_bits, cp_digits, ref_bits, ref_digits;
};
constexpr std::array<Row, 7> kSgtin{{{40, 12, 4, 1}, {37, 11, 7, 2}, {34, 10, 10, 3}, {30, 9, 14, 4},
                                     {27, 8, 17, 5}, {24, 7, 20, 6}, {20, 6, 24, 7}}};
constexpr std::array<Row, 7> kSscc{{{40, 12, 18, 5}, {37, 11, 21, 6}, {34, 10, 24, 7}, {30, 9, 28, 8},
                                    {27, 8, 31, 9}, {24, 7, 34, 10}, {20, 6, 38, 11}}};
constexpr std::array<Row, 7> kSgln{{{40, 12, 1, 0}, {37, 11, 4, 1}, {34, 10, 7, 2}, {30, 9, 11, 3},
                                    {27, 8, 14, 4}, {24, 7, 17, 5}, {20, 6, 21, 6}}};
constexpr std::array<Row, 7> kGrai{{{40, 12, 4, 0}, {37, 11, 7, 1}, {34, 10, 10, 2}, {30, 9, 14, 3},
                                    {27, 8, 17, 4}, {24, 7, 20, 5}, {20, 6, 24, 6}}};
constexpr std::array<Row, 7> kGiai{{{40, 12, 42, 13}, {37, 11, 45, 14}, {34, 10, 48, 15}, {30, 9, 52, 16},
                                    {27, 8, 55, 17}, {24, 7, 58, 18}, {20, 6, 62, 19}}};

class BitWriter {
 public:
  /// Appends the low `n` bits of `value`, most significant first; bits above
  /// the 64 a value holds are zero (a shift by 64 or more is undefined).
  BitWriter& put(std::uint64_t value, int n) {
    for (int i = n - 1; i >= 0; --i) bits_.push_back(i < 64 ? static_cast<int>((value >> i) & 1) : 0);
    return *this;
  }
  std::vector<std::uint8_t> bytes() const {
    std::vector<std::uint8_t> out((bits_.size() + 7) / 8, 0);
    for (std::size_t i = 0; i < bits_.size(); ++i)
      if (bits_[i]) out[i / 8] = static_cast<std::uint8_t>(out[i / 8] | (0x80 >> (i % 8)));
    return out;
  }

 private:
  std::vector<int> bits_;
};

// Header, filter, partition, company prefix, reference, then `tail_bits` of tail.
std::vector<std::uint8_t> encode(int header, int filter, int partition, const Row& row, std::uint64_t cp,
                                 std::uint64_t ref, std::uint64_t tail, int tail_bits) {
  BitWriter w;
  w.put(static_cast<std::uint64_t>(header), 8).put(static_cast<std::uint64_t>(filter), 3);
  w.put(static_cast<std::uint64_t>(partition), 3).put(cp, row.cp_bits).put(ref, row.ref_bits);
  w.put(tail, tail_bits);
  return w.bytes();
}

std::string pad(std::uint64_t v, int digits) {
  if (digits == 0) return "";
  std::string s = std::to_string(v);
  return std::string(static_cast<std::size_t>(digits) - s.size(), '0') + s;
}

std::uint64_t p10(int d) {
  std::uint64_t v = 1;
  while (d-- > 0) v *= 10;
  return v;
}

// A value with exactly `digits` digits when padded, with a leading zero where
// the field is wide enough, so zero padding is exercised too.
std::uint64_t sample(int digits, std::uint64_t salt) { return digits == 0 ? 0 : (p10(digits) / 7 + salt) % p10(digits); }

Epc decode_ok(const std::vector<std::uint8_t>& bytes) {
  auto r = decode_epc(bytes);
  EXPECT_TRUE(r.is_ok()) << r.status().to_string();
  return r.is_ok() ? *r : Epc{};
}

std::string decode_error(std::string_view hex) {
  auto r = decode_epc_hex(hex);
  EXPECT_FALSE(r.is_ok()) << hex;
  if (r.is_ok()) return "";
  EXPECT_EQ(r.status().code(), Errc::invalid_argument);
  return r.status().reason();
}

TEST(EpcKnownVector, TdsSgtinExampleDecodesToPublishedUrisAndGtin) {
  auto r = decode_epc_hex("3074257BF7194E4000001A85");
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  EXPECT_EQ(r->scheme, EpcScheme::sgtin96);
  EXPECT_EQ(r->bit_length, 96);
  EXPECT_EQ(r->hex, "3074257BF7194E4000001A85");
  EXPECT_EQ(r->filter, 3);
  EXPECT_EQ(r->partition, 5);
  EXPECT_EQ(r->company_prefix, "0614141");
  EXPECT_EQ(r->reference, "812345");
  EXPECT_EQ(r->serial, "6789");
  EXPECT_EQ(r->id_uri, "urn:epc:id:sgtin:0614141.812345.6789");
  EXPECT_EQ(r->tag_uri, "urn:epc:tag:sgtin-96:3.0614141.812345.6789");
  EXPECT_EQ(r->gs1_key, "80614141123458");
  EXPECT_EQ(r->gs1_key_type, "gtin");
  EXPECT_TRUE(gs1_check_digit_ok(r->gs1_key));
  EXPECT_EQ(r->gs1_element_string, "(01)80614141123458(21)6789");
}

TEST(EpcHex, AcceptsLowercaseAndSpaces) {
  auto r = decode_epc_hex("  3074 257b f719 4e40 0000 1a85\t");
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  EXPECT_EQ(r->hex, "3074257BF7194E4000001A85");
  EXPECT_EQ(r->id_uri, "urn:epc:id:sgtin:0614141.812345.6789");
}

TEST(EpcSgtin, EveryPartitionDecodesFieldsUrisAndGtin) {
  for (int p = 0; p <= 6; ++p) {
    const Row& row = kSgtin[static_cast<std::size_t>(p)];
    for (std::uint64_t cp : {sample(row.cp_digits, 1), p10(row.cp_digits) - 1}) {
      const std::uint64_t ref = sample(row.ref_digits, 3);
      const std::uint64_t serial = (std::uint64_t{1} << 38) - 1 - static_cast<std::uint64_t>(p);
      SCOPED_TRACE("partition " + std::to_string(p) + " cp " + std::to_string(cp));
      Epc e = decode_ok(encode(0x30, 1, p, row, cp, ref, serial, 38));
      const std::string cps = pad(cp, row.cp_digits), refs = pad(ref, row.ref_digits);
      EXPECT_EQ(e.scheme, EpcScheme::sgtin96);
      EXPECT_EQ(e.filter, 1);
      EXPECT_EQ(e.partition, p);
      EXPECT_EQ(e.company_prefix, cps);
      EXPECT_EQ(e.reference, refs);
      EXPECT_EQ(e.serial, std::to_string(serial));
      EXPECT_EQ(e.id_uri, "urn:epc:id:sgtin:" + cps + "." + refs + "." + std::to_string(serial));
      EXPECT_EQ(e.tag_uri, "urn:epc:tag:sgtin-96:1." + cps + "." + refs + "." + std::to_string(serial));
      ASSERT_EQ(e.gs1_key.size(), 14u);
      EXPECT_TRUE(gs1_check_digit_ok(e.gs1_key)) << e.gs1_key;
      EXPECT_EQ(e.gs1_key.substr(0, 13), refs.substr(0, 1) + cps + refs.substr(1));
    }
  }
}

TEST(EpcSscc, EveryPartitionDecodesFieldsUrisAndSscc18) {
  for (int p = 0; p <= 6; ++p) {
    const Row& row = kSscc[static_cast<std::size_t>(p)];
    for (std::uint64_t ref : {sample(row.ref_digits, 5), p10(row.ref_digits) - 1}) {
      const std::uint64_t cp = sample(row.cp_digits, 2);
      SCOPED_TRACE("partition " + std::to_string(p) + " ref " + std::to_string(ref));
      Epc e = decode_ok(encode(0x31, 2, p, row, cp, ref, 0, 24));
      const std::string cps = pad(cp, row.cp_digits), refs = pad(ref, row.ref_digits);
      EXPECT_EQ(e.scheme, EpcScheme::sscc96);
      EXPECT_EQ(e.partition, p);
      EXPECT_EQ(e.company_prefix, cps);
      EXPECT_EQ(e.reference, refs);
      EXPECT_EQ(e.serial, "");
      EXPECT_EQ(e.id_uri, "urn:epc:id:sscc:" + cps + "." + refs);
      EXPECT_EQ(e.tag_uri, "urn:epc:tag:sscc-96:2." + cps + "." + refs);
      ASSERT_EQ(e.gs1_key.size(), 18u);
      EXPECT_TRUE(gs1_check_digit_ok(e.gs1_key)) << e.gs1_key;
      EXPECT_EQ(e.gs1_key.substr(0, 17), refs.substr(0, 1) + cps + refs.substr(1));
      EXPECT_EQ(e.gs1_element_string, "(00)" + e.gs1_key);
    }
  }
}

TEST(EpcSscc, TdsExampleDecodesToPublishedSscc) {
  // urn:epc:tag:sscc-96:3.0614141.1234567890, SSCC 106141412345678908.
  auto bytes = encode(0x31, 3, 5, kSscc[5], 614141, 1234567890, 0, 24);
  Epc e = decode_ok(bytes);
  EXPECT_EQ(e.hex, "3174257BF4499602D2000000");
  EXPECT_EQ(e.id_uri, "urn:epc:id:sscc:0614141.1234567890");
  EXPECT_EQ(e.gs1_key, "106141412345678908");
}

TEST(EpcSgln, EveryPartitionDecodesFieldsUrisGlnAndExtension) {
  for (int p = 0; p <= 6; ++p) {
    const Row& row = kSgln[static_cast<std::size_t>(p)];
    for (std::uint64_t ext : {std::uint64_t{0}, (std::uint64_t{1} << 41) - 1}) {
      const std::uint64_t cp = sample(row.cp_digits, 4), ref = sample(row.ref_digits, 6);
      SCOPED_TRACE("partition " + std::to_string(p) + " ext " + std::to_string(ext));
      Epc e = decode_ok(encode(0x32, 0, p, row, cp, ref, ext, 41));
      const std::string cps = pad(cp, row.cp_digits), refs = pad(ref, row.ref_digits);
      EXPECT_EQ(e.scheme, EpcScheme::sgln96);
      EXPECT_EQ(e.partition, p);
      EXPECT_EQ(e.company_prefix, cps);
      EXPECT_EQ(e.reference, refs);
      EXPECT_EQ(e.serial, std::to_string(ext));
      EXPECT_EQ(e.id_uri, "urn:epc:id:sgln:" + cps + "." + refs + "." + std::to_string(ext));
      EXPECT_EQ(e.tag_uri, "urn:epc:tag:sgln-96:0." + cps + "." + refs + "." + std::to_string(ext));
      ASSERT_EQ(e.gs1_key.size(), 13u);
      EXPECT_TRUE(gs1_check_digit_ok(e.gs1_key)) << e.gs1_key;
      EXPECT_EQ(e.gs1_key.substr(0, 12), cps + refs);
      // Extension 0 means "no extension": no AI 254.
      EXPECT_EQ(e.gs1_element_string,
                "(414)" + e.gs1_key + (ext == 0 ? std::string() : "(254)" + std::to_string(ext)));
    }
  }
}

TEST(EpcGrai, EveryPartitionDecodesFieldsUrisAndGrai) {
  for (int p = 0; p <= 6; ++p) {
    const Row& row = kGrai[static_cast<std::size_t>(p)];
    const std::uint64_t cp = sample(row.cp_digits, 8), ref = sample(row.ref_digits, 9), serial = 400 + p;
    SCOPED_TRACE("partition " + std::to_string(p));
    Epc e = decode_ok(encode(0x33, 3, p, row, cp, ref, serial, 38));
    const std::string cps = pad(cp, row.cp_digits), refs = pad(ref, row.ref_digits);
    EXPECT_EQ(e.scheme, EpcScheme::grai96);
    EXPECT_EQ(e.partition, p);
    EXPECT_EQ(e.company_prefix, cps);
    EXPECT_EQ(e.reference, refs);
    EXPECT_EQ(e.serial, std::to_string(serial));
    EXPECT_EQ(e.id_uri, "urn:epc:id:grai:" + cps + "." + refs + "." + std::to_string(serial));
    EXPECT_EQ(e.tag_uri, "urn:epc:tag:grai-96:3." + cps + "." + refs + "." + std::to_string(serial));
    ASSERT_EQ(e.gs1_key.size(), 14u + std::to_string(serial).size());
    EXPECT_TRUE(gs1_check_digit_ok(e.gs1_key.substr(0, 14))) << e.gs1_key;
    EXPECT_EQ(e.gs1_key.substr(0, 13), "0" + cps + refs);
    EXPECT_EQ(e.gs1_key.substr(14), std::to_string(serial));
  }
}

TEST(EpcGiai, EveryPartitionDecodesFieldsUrisAndGiaiWithoutPadding) {
  for (int p = 0; p <= 6; ++p) {
    const Row& row = kGiai[static_cast<std::size_t>(p)];
    // The largest value the field's bits hold: all fit the digit count.
    for (std::uint64_t ref : {std::uint64_t{42}, (std::uint64_t{1} << row.ref_bits) - 1}) {
      const std::uint64_t cp = sample(row.cp_digits, 7);
      SCOPED_TRACE("partition " + std::to_string(p) + " ref " + std::to_string(ref));
      Epc e = decode_ok(encode(0x34, 0, p, row, cp, ref, 0, 0));
      const std::string cps = pad(cp, row.cp_digits);
      EXPECT_EQ(e.scheme, EpcScheme::giai96);
      EXPECT_EQ(e.partition, p);
      EXPECT_EQ(e.company_prefix, cps);
      EXPECT_EQ(e.serial, std::to_string(ref));
      EXPECT_EQ(e.id_uri, "urn:epc:id:giai:" + cps + "." + std::to_string(ref));
      EXPECT_EQ(e.tag_uri, "urn:epc:tag:giai-96:0." + cps + "." + std::to_string(ref));
      EXPECT_EQ(e.gs1_key, cps + std::to_string(ref));
      EXPECT_EQ(e.gs1_element_string, "(8004)" + e.gs1_key);
    }
  }
}

TEST(EpcRaw, NonGs1HeaderOf96BitsIsKeptAsRawHex) {
  auto r = decode_epc_hex("e2801160600002054a4b2f1d");
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  EXPECT_EQ(r->scheme, EpcScheme::raw);
  EXPECT_EQ(r->bit_length, 96);
  EXPECT_EQ(r->hex, "E2801160600002054A4B2F1D");
  EXPECT_EQ(r->tag_uri, "urn:epc:raw:96.xE2801160600002054A4B2F1D");
  EXPECT_EQ(r->id_uri, "");
  EXPECT_EQ(r->gs1_key, "");
}

TEST(EpcRaw, EpcOf128BitsIsKeptAsRawHex) {
  auto r = decode_epc_hex("E28068940000501234567890ABCDEF01");
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  EXPECT_EQ(r->scheme, EpcScheme::raw);
  EXPECT_EQ(r->bit_length, 128);
  EXPECT_EQ(r->hex, "E28068940000501234567890ABCDEF01");
}

TEST(EpcRaw, UnsupportedGs1SchemeSuchAsSgtin198IsRaw) {
  auto r = decode_epc_hex("3674257BF7194E4000001A85");
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  EXPECT_EQ(r->scheme, EpcScheme::raw);
}

TEST(EpcError, NonHexCharacterIsReportedWithItsOffset) {
  EXPECT_EQ(decode_error("3074257BF7194E4G00001A85"), "non-hex character 'G' at offset 15");
  EXPECT_EQ(decode_error("0x3074257BF7194E4000001A85"), "non-hex character 'x' at offset 1");
}

TEST(EpcError, OddNibbleCountIsNotWholeBytes) {
  EXPECT_EQ(decode_error("3074257BF7194E4000001A8"), "odd number of hex digits (23): not a whole number of bytes");
}

TEST(EpcError, EmptyInputIsAnError) {
  EXPECT_EQ(decode_error(""), "empty EPC");
  EXPECT_EQ(decode_error("   "), "empty EPC");
  EXPECT_FALSE(decode_epc(std::span<const std::uint8_t>{}).is_ok());
}

TEST(EpcError, Gs1HeaderWithWrongLengthIsAnError) {
  EXPECT_EQ(decode_error("3074257BF7194E4000001A8500000000"), "header 0x30 (sgtin-96) requires 96 bits, got 128");
  EXPECT_EQ(decode_error("31"), "header 0x31 (sscc-96) requires 96 bits, got 8");
}

TEST(EpcError, PartitionSevenIsRejectedForEveryScheme) {
  for (int header : {0x30, 0x31, 0x32, 0x33, 0x34}) {
    BitWriter w;
    w.put(static_cast<std::uint64_t>(header), 8).put(0, 3).put(7, 3).put(0, 82);
    auto r = decode_epc(w.bytes());
    ASSERT_FALSE(r.is_ok()) << header;
    EXPECT_NE(r.status().reason().find("partition 7 is not defined"), std::string::npos) << r.status().reason();
  }
}

TEST(EpcError, CompanyPrefixAboveItsDigitCountIsRejected) {
  // Partition 0: 40 bits hold values up to 2^40-1, but only 12 digits are allowed.
  auto r = decode_epc(encode(0x30, 0, 0, kSgtin[0], p10(12), 0, 0, 38));
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().reason(),
            "sgtin-96 company prefix value 1000000000000 does not fit the 12 digit(s) of partition 0 "
            "(must be below 1000000000000)");
  // One below the limit is fine.
  EXPECT_TRUE(decode_epc(encode(0x30, 0, 0, kSgtin[0], p10(12) - 1, 0, 0, 38)).is_ok());
}

TEST(EpcError, ReferenceAboveItsDigitCountIsRejected) {
  auto r = decode_epc(encode(0x30, 0, 6, kSgtin[6], 614141, p10(7), 0, 38));
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().reason(),
            "sgtin-96 item reference value 10000000 does not fit the 7 digit(s) of partition 6 "
            "(must be below 10000000)");
  r = decode_epc(encode(0x31, 0, 0, kSscc[0], 1, p10(5), 0, 24));
  ASSERT_FALSE(r.is_ok());
  EXPECT_NE(r.status().reason().find("sscc-96 serial reference value 100000"), std::string::npos);
}

TEST(EpcError, ZeroDigitReferenceMustBeZero) {
  // SGLN and GRAI partition 0 give the reference bits but no digits.
  auto r = decode_epc(encode(0x32, 0, 0, kSgln[0], 1, 1, 0, 41));
  ASSERT_FALSE(r.is_ok());
  EXPECT_NE(r.status().reason().find("sgln-96 location reference value 1 does not fit the 0 digit(s)"),
            std::string::npos)
      << r.status().reason();
  r = decode_epc(encode(0x33, 0, 0, kGrai[0], 1, 9, 0, 38));
  ASSERT_FALSE(r.is_ok());
  EXPECT_NE(r.status().reason().find("grai-96 asset type value 9"), std::string::npos) << r.status().reason();
}

TEST(EpcError, SsccReservedBitsSetAreRejected) {
  auto r = decode_epc(encode(0x31, 3, 5, kSscc[5], 614141, 1234567890, 1, 24));
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().reason(), "sscc-96 reserved bits 72..95 must be zero, found 1");
}

TEST(EpcSgtin, EveryFilterValueIsCarriedNotJudged) {
  // Filter values are carried, not judged: all 8 decode.
  for (int f = 0; f < 8; ++f) EXPECT_EQ(decode_ok(encode(0x30, f, 5, kSgtin[5], 614141, 812345, 6789, 38)).filter, f);
}

}  // namespace
}  // namespace jxc::identifiers
