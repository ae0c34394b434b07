#include "edge/identifiers/check_digit.h"

#include <gtest/gtest.h>

namespace jxc::identifiers {

TEST(Gs1CheckDigit, KnownKeys) {
  EXPECT_TRUE(gs1_check_digit_ok("09501101530003"));      // GTIN-14 from the GS1 Digital Link spec
  EXPECT_TRUE(gs1_check_digit_ok("4006381333931"));       // EAN-13
  EXPECT_TRUE(gs1_check_digit_ok("106141412345678908"));  // SSCC-18
  EXPECT_TRUE(gs1_check_digit_ok("0614141000005"));       // GLN-13
  EXPECT_FALSE(gs1_check_digit_ok("4006381333932"));
  EXPECT_FALSE(gs1_check_digit_ok("40063813339a1"));
  EXPECT_EQ(gs1_check_digit("400638133393"), 1);
}

TEST(Gs1CheckDigit, NormalizesGtinLengths) {
  EXPECT_EQ(normalize_gtin("96385074"), "00000096385074");        // EAN-8
  EXPECT_EQ(normalize_gtin("036000291452"), "00036000291452");    // UPC-A
  EXPECT_EQ(normalize_gtin("4006381333931"), "04006381333931");   // EAN-13
  EXPECT_EQ(normalize_gtin("09501101530003"), "09501101530003");  // GTIN-14
  EXPECT_FALSE(normalize_gtin("123"));
  EXPECT_FALSE(normalize_gtin("4006381333930"));
}

TEST(Gs1CheckDigit, SsccProblemsNameTheDigitOrTheLength) {
  EXPECT_EQ(sscc_problem("106141412345678908"), std::nullopt);
  EXPECT_EQ(sscc_problem("106141412345678907"), "check digit 7 should be 8");
  EXPECT_EQ(sscc_problem("10614141234567890"), "must be 18 digits");
  EXPECT_EQ(sscc_problem("10614141234567890X"), "must be 18 digits");
}

}  // namespace jxc::identifiers

