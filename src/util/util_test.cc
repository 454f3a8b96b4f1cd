// Unit tests of the util layer: amounts, hex, UTF-8, Status.
#include <gtest/gtest.h>

#include "util/amount.h"
#include "util/bytes.h"
#include "util/status.h"
#include "util/utf8.h"

namespace ddn::util {
namespace {

TEST(Amount, CanonicalDecimalStrings) {
  EXPECT_EQ(ParseCanonicalAmount("0"), 0u);
  EXPECT_EQ(ParseCanonicalAmount("150000000"), 150000000u);
  EXPECT_EQ(ParseCanonicalAmount("18446744073709551615"), UINT64_MAX);
  for (const char* bad : {"", "00", "01", "-1", "+1", "1e+21", "30000000.000000004", " 1", "1 ",
                          "18446744073709551616", "0x10", "１"}) {
    EXPECT_FALSE(ParseCanonicalAmount(bad).has_value()) << bad;
  }
}

TEST(Amount, DdnDecimals) {
  EXPECT_EQ(ParseDdnAmount("1.5"), 150000000u);
  EXPECT_EQ(ParseDdnAmount("0.00000001"), 1u);
  EXPECT_EQ(ParseDdnAmount("20"), 2000000000u);
  EXPECT_EQ(ParseDdnAmount("184467440737.09551615"), UINT64_MAX);
  for (const char* bad : {"", ".5", "1.", "1.000000001", "-1", "1e3", "184467440737.09551616",
                          "1,5", "abc"}) {
    EXPECT_FALSE(ParseDdnAmount(bad).has_value()) << bad;
  }
}

TEST(Hex, LowercaseOnly) {
  EXPECT_EQ(ToHex(Bytes{0x00, 0xab, 0xff}), "00abff");
  EXPECT_EQ(FromHex("00abff"), (Bytes{0x00, 0xab, 0xff}));
  EXPECT_FALSE(FromHex("00ABFF").has_value());
  EXPECT_FALSE(FromHex("abc").has_value());
  EXPECT_FALSE(FromHex("zz").has_value());
  EXPECT_FALSE((FromHexFixed<2>("aabbcc").has_value()));
  EXPECT_EQ((FromHexFixed<3>("09af10")), (std::array<uint8_t, 3>{0x09, 0xaf, 0x10}));
  EXPECT_FALSE((FromHexFixed<1>("g0").has_value()));
  EXPECT_FALSE((FromHexFixed<1>(std::string("\xff" "0", 2)).has_value()));  // bytes above 0x7f
  EXPECT_FALSE(FromHex(std::string("0\0", 2)).has_value());
}

TEST(Utf8, StrictValidationAndUtf16Length) {
  EXPECT_EQ(Utf16Length("abc"), 3u);
  EXPECT_EQ(Utf16Length("数据"), 2u);
  EXPECT_EQ(Utf16Length("🚀"), 2u);  // astral: a surrogate pair in JavaScript
  EXPECT_EQ(Utf16Length(""), 0u);
  EXPECT_FALSE(Utf16Length("\xC0\xAF").has_value());          // overlong '/'
  EXPECT_FALSE(Utf16Length("\xED\xA0\x80").has_value());      // surrogate
  EXPECT_FALSE(Utf16Length("\xF4\x90\x80\x80").has_value());  // above U+10FFFF
  EXPECT_FALSE(Utf16Length("\x80").has_value());
  EXPECT_FALSE(Utf16Length("\xE4\xB8").has_value());  // truncated
}

TEST(Utf8, CodePoints) {
  EXPECT_EQ(CodePointCount("abc"), 3u);
  EXPECT_EQ(CodePointCount("数据🚀"), 3u);
  EXPECT_FALSE(CodePointCount("\xC0\xAF").has_value());
}

TEST(Status, CodesHaveStableNames) {
  EXPECT_EQ(ErrorCodeName(ErrorCode::kBadSignature), "BAD_SIGNATURE");
  EXPECT_EQ(ErrorCodeName(ErrorCode::kLegacyTypeUnsupported), "LEGACY_TYPE_UNSUPPORTED");
  Status s = Error(ErrorCode::kWrongFee, "fee must be 1");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.ToString(), "WRONG_FEE: fee must be 1");
  Result<int> r = s;
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kWrongFee);
  Result<int> v = 7;
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, 7);
}

}  // namespace
}  // namespace ddn::util
