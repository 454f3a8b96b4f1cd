// Record codecs of the state store: round trips and refusal of what a correct node never wrote.
#include <gtest/gtest.h>

#include "state/records.h"

namespace ddn::state {
namespace {

TEST(Records, AccountRoundTripsWithItsTransactionCounts) {
  Account a;
  a.address[0] = 7;
  a.balance = 123;
  a.sent_count = 300;
  a.received_count = (1ull << 40) + 5;
  auto back = DecodeAccount(EncodeAccount(a));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, a);
  // A record of store format 1 (version byte 1, no counts) is not read as this one.
  std::string old = EncodeAccount(a);
  old[0] = 1;
  EXPECT_FALSE(DecodeAccount(old).ok());
  // Truncated counts are refused.
  const std::string full = EncodeAccount(a);
  EXPECT_FALSE(DecodeAccount(full.substr(0, full.size() - 1)).ok());
}

TEST(Records, PositionsRoundTripAscendingOnly) {
  const std::vector<uint32_t> positions{0, 1, 127, 128, 59'999, UINT32_MAX};
  auto back = DecodePositions(EncodePositions(positions));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, positions);
  EXPECT_TRUE(DecodePositions("")->empty());
  EXPECT_FALSE(DecodePositions(EncodePositions({5, 5})).ok());   // repeated
  EXPECT_FALSE(DecodePositions(EncodePositions({5, 4})).ok());   // out of order
  EXPECT_FALSE(DecodePositions(std::string("\x80", 1)).ok());    // truncated varint
}

}  // namespace
}  // namespace ddn::state
