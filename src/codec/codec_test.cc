// Unit tests of the codec layer: canonical primitives and strict JSON.
#include <gtest/gtest.h>

#include "codec/byte_reader.h"
#include "codec/byte_writer.h"
#include "codec/strict_json.h"

namespace ddn::codec {
namespace {

using util::Bytes;
using util::ErrorCode;

TEST(Varint, RoundTripAndMinimality) {
  for (uint64_t v : std::vector<uint64_t>{0, 1, 127, 128, 300, 16383, 16384, UINT64_MAX}) {
    ByteWriter w;
    w.Varint(v);
    ByteReader r(w.bytes());
    EXPECT_EQ(r.Varint(UINT64_MAX, "v"), v);
    r.ExpectEnd();
    EXPECT_TRUE(r.ok()) << v;
  }
  const Bytes non_minimal = {0x80, 0x00};
  ByteReader r(non_minimal);
  r.Varint(100, "v");
  EXPECT_EQ(r.status().code(), ErrorCode::kNonCanonical);
  const Bytes too_big = {0x81, 0x01};  // 129
  ByteReader r2(too_big);
  r2.Varint(128, "v");
  EXPECT_EQ(r2.status().code(), ErrorCode::kInvalidField);
  const Bytes overflow = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02};
  ByteReader r3(overflow);
  r3.Varint(UINT64_MAX, "v");
  EXPECT_FALSE(r3.ok());
}

TEST(ByteReader, TruncationTrailingAndStickyErrors) {
  const Bytes short_input = {1, 2, 3};
  ByteReader r(short_input);
  r.U32();
  EXPECT_EQ(r.status().code(), ErrorCode::kMalformed);
  EXPECT_EQ(r.U8(), 0);  // sticky: later reads give zero
  const Bytes extra = {1, 2};
  ByteReader r2(extra);
  r2.U8();
  r2.ExpectEnd();
  EXPECT_EQ(r2.status().code(), ErrorCode::kNonCanonical);
  const Bytes presence = {2};
  ByteReader r3(presence);
  r3.Presence("x");
  EXPECT_EQ(r3.status().code(), ErrorCode::kNonCanonical);
}

TEST(ByteReader, StringsMustBeValidUtf8) {
  ByteWriter w;
  w.String("\xC0\xAF");
  ByteReader r(w.bytes());
  r.String(10, "s");
  EXPECT_EQ(r.status().code(), ErrorCode::kInvalidField);
  ByteWriter ok;
  ok.String("数据");
  ByteReader r2(ok.bytes());
  EXPECT_EQ(r2.String(10, "s"), "数据");
  EXPECT_TRUE(r2.ok());
}

TEST(StrictJson, RefusesDuplicatesDepthAndGarbage) {
  EXPECT_TRUE(ParseStrictJson(R"({"a":1,"b":{"a":2}})").ok());
  EXPECT_EQ(ParseStrictJson(R"({"a":1,"a":2})").status().code(), ErrorCode::kMalformed);
  EXPECT_EQ(ParseStrictJson(R"({"x":{"a":1,"a":1}})").status().code(), ErrorCode::kMalformed);
  EXPECT_FALSE(ParseStrictJson(std::string(100, '[') + std::string(100, ']')).ok());
  EXPECT_FALSE(ParseStrictJson("{").ok());
  EXPECT_FALSE(ParseStrictJson("{\"a\":\"\xff\"}").ok());
  EXPECT_FALSE(ParseStrictJson(R"({"a":"\ud800"})").ok());
  EXPECT_FALSE(ParseStrictJson("").ok());
  EXPECT_FALSE(ParseStrictJson(std::string("{\"a\":1}\0{\"b\":", 14)).ok());
  EXPECT_FALSE(ParseStrictJson(std::string("{\"a\":1}\0", 8)).ok());
  EXPECT_TRUE(ParseStrictJson(R"({"a":"\u0000"})").ok());
  EXPECT_FALSE(ParseStrictJson("\xEF\xBB\xBF{}").ok());
}

TEST(JsonObjectReader, FieldSetAndTypes) {
  auto j = *ParseStrictJson(R"({"s":"x","i":5,"big":18446744073709551615,"f":1.5})");
  JsonObjectReader r(j, "tx");
  EXPECT_EQ(r.String("s"), "x");
  EXPECT_EQ(r.Integer("i", 0, 10), 5);
  EXPECT_TRUE(r.ok());
  r.Integer("big", 0, INT64_MAX);
  EXPECT_EQ(r.status().code(), ErrorCode::kInvalidField);
  JsonObjectReader r2(j, "tx");
  r2.Integer("f", 0, 10);
  EXPECT_EQ(r2.status().code(), ErrorCode::kInvalidField);
  JsonObjectReader r3(j, "tx");
  r3.Only({"s", "i"});
  EXPECT_EQ(r3.status().code(), ErrorCode::kUnknownField);
  JsonObjectReader r4(j, "tx");
  r4.String("missing");
  EXPECT_EQ(r4.status().code(), ErrorCode::kMissingField);
}

}  // namespace
}  // namespace ddn::codec
