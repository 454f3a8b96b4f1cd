// Peer protocol basics (addresses, base64, which failures are misbehaviour) and the PeerBook:
// learning, connecting up to max_peers, failures and back-off, forgetting dead peers, bans,
// stuck peers and the per-peer request rate.
#include "p2p/peer_book.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "p2p/protocol.h"

namespace ddn::p2p {
namespace {

using util::ErrorCode;

constexpr int64_t kT0 = 1'700'000'000'000;  // any non-zero wall-clock time in ms

PeerAddress Peer(uint16_t port) { return PeerAddress{"10.0.0.1", port}; }

PeerStatus StatusAt(uint64_t height) {
  PeerStatus s;
  s.height = height;
  s.head_id = std::string(64, 'a');
  s.genesis_id = std::string(64, 'b');
  return s;
}

bool Contains(const std::vector<PeerAddress>& list, const PeerAddress& address) {
  return std::find(list.begin(), list.end(), address) != list.end();
}

// ---- protocol ----

TEST(ParsePeerAddress, AcceptsIpv4Ipv6AndNames) {
  auto v4 = ParsePeerAddress("127.0.0.1:4096");
  ASSERT_TRUE(v4.ok()) << v4.status().ToString();
  EXPECT_EQ(v4->ip, "127.0.0.1");
  EXPECT_EQ(v4->port, 4096);
  EXPECT_EQ(v4->ToString(), "127.0.0.1:4096");

  auto v6 = ParsePeerAddress("[::1]:80");
  ASSERT_TRUE(v6.ok()) << v6.status().ToString();
  EXPECT_EQ(v6->ip, "::1") << "brackets are not part of the address";
  EXPECT_EQ(v6->port, 80);

  auto full_v6 = ParsePeerAddress("[2001:db8::7]:65535");
  ASSERT_TRUE(full_v6.ok());
  EXPECT_EQ(full_v6->ip, "2001:db8::7");
  EXPECT_EQ(full_v6->port, 65535);

  auto name = ParsePeerAddress("seed.example.org:1");
  ASSERT_TRUE(name.ok());
  EXPECT_EQ(name->ip, "seed.example.org");
  EXPECT_EQ(name->port, 1);
}

TEST(ParsePeerAddress, RefusesBadPortsAndMissingParts) {
  for (const char* text :
       {"127.0.0.1:0", "127.0.0.1:65536", "127.0.0.1:abc", "127.0.0.1:80x", "127.0.0.1:-1",
        "127.0.0.1:+80", "127.0.0.1: 80", "127.0.0.1:99999999999", "127.0.0.1", "127.0.0.1:", ":80",
        "", "[::1]"}) {
    auto parsed = ParsePeerAddress(text);
    EXPECT_FALSE(parsed.ok()) << "'" << text << "' was accepted as " << parsed->ToString();
    if (!parsed.ok()) {
      EXPECT_EQ(parsed.status().code(), ErrorCode::kInvalidField) << text;
    }
  }
}

TEST(ParsePeerAddress, RefusesAnEmptyHostInBrackets) {
  // ":80" is refused for its empty host; the bracketed form must be too.
  auto parsed = ParsePeerAddress("[]:80");
  EXPECT_FALSE(parsed.ok()) << "accepted with host '" << parsed->ip << "'";
}

TEST(Base64, RoundTripsEmptyTextAndBinary) {
  EXPECT_EQ(Base64Encode({}), "");
  auto empty = Base64Decode("");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());

  const std::string hello = "hello";
  EXPECT_EQ(Base64Encode(util::AsBytes(hello)), "aGVsbG8=");
  auto decoded = Base64Decode("aGVsbG8=");
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(std::string(decoded->begin(), decoded->end()), hello);

  // Every byte value, and every length modulo 3.
  util::Bytes all(256);
  for (size_t i = 0; i < all.size(); ++i) all[i] = static_cast<uint8_t>(255 - i);
  for (size_t length : {1u, 2u, 3u, 4u, 255u, 256u}) {
    const util::Bytes bytes(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(length));
    const std::string text = Base64Encode(bytes);
    EXPECT_EQ(text.size(), (length + 2) / 3 * 4);
    auto back = Base64Decode(text);
    ASSERT_TRUE(back.ok()) << text;
    EXPECT_EQ(*back, bytes) << "length " << length;
  }
}

TEST(Base64, RefusesInvalidText) {
  for (const char* text :
       {"abc", "aGVsbG8", "aGVs bG8=", "aGVsbG8=x", "!!!!", "aGVsbG8=\n", "aGV-bG8_", "===="}) {
    auto decoded = Base64Decode(text);
    EXPECT_FALSE(decoded.ok()) << "'" << text << "' decoded";
    if (!decoded.ok()) {
      EXPECT_EQ(decoded.status().code(), ErrorCode::kMalformed) << text;
    }
  }
}

TEST(IsMisbehaviour, BansOnlyForFaultsAnHonestPeerCannotCause) {
  for (ErrorCode code : {ErrorCode::kMalformed, ErrorCode::kNonCanonical, ErrorCode::kBadSignature,
                         ErrorCode::kWrongNetwork, ErrorCode::kWrongNethash,
                         ErrorCode::kBelowIrreversible, ErrorCode::kPayloadTooLarge}) {
    EXPECT_TRUE(IsMisbehaviour(code)) << util::ErrorCodeName(code);
  }
  for (ErrorCode code :
       {ErrorCode::kOk, ErrorCode::kNotFound, ErrorCode::kUnavailable, ErrorCode::kRateLimited,
        ErrorCode::kBanned, ErrorCode::kDuplicate, ErrorCode::kInsufficientBalance,
        ErrorCode::kTimestampInFuture, ErrorCode::kIoError, ErrorCode::kInternal}) {
    EXPECT_FALSE(IsMisbehaviour(code)) << util::ErrorCodeName(code);
  }
}

// ---- PeerBook ----

TEST(PeerBook, LearnsEachAddressOnceUpToMaxKnown) {
  PeerBook book(PeerBookOptions{.max_known = 2});
  EXPECT_TRUE(book.Learn(Peer(1), "seed", kT0));
  EXPECT_FALSE(book.Learn(Peer(1), "discovered", kT0)) << "already known";
  EXPECT_EQ(book.Get(Peer(1))->source, "seed") << "a second Learn does not overwrite";
  EXPECT_TRUE(book.Learn(Peer(2), "inbound", kT0));
  const auto record = book.Get(Peer(2));
  ASSERT_TRUE(record.has_value());
  EXPECT_EQ(record->state, PeerState::kDisconnected);
  EXPECT_EQ(record->next_attempt_ms, kT0);
  EXPECT_TRUE(Contains(book.DueForAttempt(kT0), Peer(2))) << "a new peer is tried at once";
  // Full: a new address takes the place of the disconnected non-seed seen least recently.
  EXPECT_TRUE(book.Learn(Peer(3), "discovered", kT0 + 1));
  EXPECT_EQ(book.All().size(), 2u);
  EXPECT_FALSE(book.Get(Peer(2)).has_value());
  EXPECT_TRUE(book.Get(Peer(1)).has_value()) << "seeds are never evicted";
  // Full of seeds and connected peers: nothing gives way.
  book.OnStatus(Peer(3), StatusAt(1), 1.0, kT0 + 2);
  EXPECT_FALSE(book.Learn(Peer(4), "discovered", kT0 + 3));
  EXPECT_FALSE(book.Get(Peer(4)).has_value());
}

TEST(PeerBook, ConnectsOnStatusUpToMaxPeers) {
  PeerBook book(PeerBookOptions{.max_peers = 2});
  for (uint16_t port = 1; port <= 4; ++port) ASSERT_TRUE(book.Learn(Peer(port), "discovered", kT0));
  book.OnStatus(Peer(99), StatusAt(5), 1.0, kT0);  // unknown: ignored
  EXPECT_FALSE(book.Get(Peer(99)).has_value());
  for (uint16_t port = 1; port <= 4; ++port) book.OnStatus(Peer(port), StatusAt(port), 10.0, kT0);
  EXPECT_EQ(book.connected_count(), 2u);
  const auto connected = book.Connected();
  ASSERT_EQ(connected.size(), 2u);
  EXPECT_EQ(connected[0].address, Peer(1));
  EXPECT_EQ(connected[1].address, Peer(2));
  EXPECT_EQ(connected[0].status.height, 1u);
  EXPECT_EQ(connected[0].last_seen_ms, kT0);
  for (uint16_t port : {3, 4}) {
    const auto r = book.Get(Peer(port));
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->state, PeerState::kDisconnected) << port;
    EXPECT_EQ(r->status.height, port) << "its status is kept even without room";
    EXPECT_GT(r->next_attempt_ms, kT0) << "not retried at once";
  }
  EXPECT_FALSE(Contains(book.DueForAttempt(kT0 + 1000), Peer(3)));
}

TEST(PeerBook, KeepsAMovingAverageOfTheLatency) {
  PeerBook book(PeerBookOptions{});
  book.Learn(Peer(1), "seed", kT0);
  book.OnStatus(Peer(1), StatusAt(1), 100.0, kT0);
  EXPECT_DOUBLE_EQ(book.Get(Peer(1))->latency_ms, 100.0);
  book.OnStatus(Peer(1), StatusAt(1), 200.0, kT0 + 1);
  EXPECT_DOUBLE_EQ(book.Get(Peer(1))->latency_ms, 120.0);
}

TEST(PeerBook, ThreeFailuresInARowDisconnect) {
  PeerBook book(PeerBookOptions{});
  book.Learn(Peer(1), "seed", kT0);
  book.OnStatus(Peer(1), StatusAt(1), 1.0, kT0);
  ASSERT_EQ(book.connected_count(), 1u);
  book.OnFailure(Peer(1), "timeout", kT0 + 1);
  book.OnFailure(Peer(1), "timeout", kT0 + 2);
  EXPECT_EQ(book.connected_count(), 1u) << "two failures are tolerated";
  // A success in between resets the count.
  book.OnStatus(Peer(1), StatusAt(1), 1.0, kT0 + 3);
  book.OnFailure(Peer(1), "timeout", kT0 + 4);
  book.OnFailure(Peer(1), "timeout", kT0 + 5);
  EXPECT_EQ(book.connected_count(), 1u);
  book.OnFailure(Peer(1), "refused", kT0 + 6);
  EXPECT_EQ(book.connected_count(), 0u);
  const auto r = book.Get(Peer(1));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->state, PeerState::kDisconnected);
  EXPECT_EQ(r->failures, 3u);
  EXPECT_EQ(r->total_failures, 5u);
  EXPECT_EQ(r->last_error, "refused");
  EXPECT_GT(r->next_attempt_ms, kT0 + 6);
}

TEST(PeerBook, BackOffGrowsWithEachFailure) {
  PeerBook book(PeerBookOptions{});
  book.Learn(Peer(1), "seed", kT0);
  int64_t now = kT0;
  int64_t previous_wait = 0;
  for (int failure = 1; failure <= 5; ++failure) {
    ASSERT_TRUE(Contains(book.DueForAttempt(now), Peer(1))) << "failure " << failure;
    book.OnFailure(Peer(1), "refused", now);
    const int64_t next = book.Get(Peer(1))->next_attempt_ms;
    const int64_t wait = next - now;
    EXPECT_GE(wait, 2000) << "failure " << failure;
    EXPECT_GT(wait, previous_wait) << "failure " << failure;
    EXPECT_FALSE(Contains(book.DueForAttempt(next - 1), Peer(1))) << "failure " << failure;
    EXPECT_TRUE(Contains(book.DueForAttempt(next), Peer(1))) << "failure " << failure;
    previous_wait = wait;
    now = next;
  }
  EXPECT_EQ(previous_wait, 32'000) << "2, 4, 8, 16, 32 s";
}

TEST(PeerBook, BackOffReachesItsSixtySecondCap) {
  // peer_book.h: "retried with exponential back-off (2 s doubling to 60 s)".
  PeerBook book(PeerBookOptions{});
  book.Learn(Peer(1), "seed", kT0);
  int64_t now = kT0;
  int64_t wait = 0;
  for (int failure = 1; failure <= 12; ++failure) {
    book.OnFailure(Peer(1), "refused", now);
    const int64_t next = book.Get(Peer(1))->next_attempt_ms;
    wait = next - now;
    EXPECT_LE(wait, 60'000) << "failure " << failure;
    now = next;
  }
  EXPECT_EQ(wait, 60'000) << "after 12 failures the back-off should have reached its cap";
}

TEST(PeerBook, DropsDeadNonSeedsAfterEightFailuresButKeepsSeeds) {
  PeerBook book(PeerBookOptions{});
  book.Learn(Peer(1), "discovered", kT0);
  book.Learn(Peer(2), "inbound", kT0);
  book.Learn(Peer(3), "seed", kT0);
  for (int i = 1; i <= 7; ++i) {
    for (uint16_t port : {1, 2, 3}) book.OnFailure(Peer(port), "refused", kT0 + i);
  }
  EXPECT_TRUE(book.Get(Peer(1)).has_value()) << "seven failures are not enough";
  EXPECT_TRUE(book.Get(Peer(2)).has_value());
  for (uint16_t port : {1, 2, 3}) book.OnFailure(Peer(port), "refused", kT0 + 8);
  EXPECT_FALSE(book.Get(Peer(1)).has_value());
  EXPECT_FALSE(book.Get(Peer(2)).has_value());
  for (int i = 9; i <= 30; ++i) book.OnFailure(Peer(3), "refused", kT0 + i);
  const auto seed = book.Get(Peer(3));
  ASSERT_TRUE(seed.has_value()) << "seeds are retried forever";
  EXPECT_EQ(seed->failures, 30u);
  // A dropped peer may come back through a peer list.
  EXPECT_TRUE(book.Learn(Peer(1), "discovered", kT0 + 100));
}

TEST(PeerBook, BannedPeersStayDisconnectedUntilTheBanExpires) {
  PeerBook book(PeerBookOptions{});
  book.Learn(Peer(1), "discovered", kT0);
  book.OnStatus(Peer(1), StatusAt(3), 1.0, kT0);
  ASSERT_EQ(book.connected_count(), 1u);
  const int64_t until = kT0 + 600'000;
  book.Ban(Peer(1), "BAD_SIGNATURE: forged block", until, kT0 + 1);
  EXPECT_TRUE(book.IsBanned(Peer(1), kT0 + 1));
  EXPECT_EQ(book.connected_count(), 0u);
  EXPECT_TRUE(book.Connected().empty());
  auto r = book.Get(Peer(1));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->state, PeerState::kBanned);
  EXPECT_EQ(r->ban_reason, "BAD_SIGNATURE: forged block");
  EXPECT_EQ(r->ban_until_ms, until);
  // While banned: no reconnection by status, no attempts, not learnt again.
  book.OnStatus(Peer(1), StatusAt(4), 1.0, kT0 + 2);
  EXPECT_EQ(book.connected_count(), 0u);
  EXPECT_TRUE(book.IsBanned(Peer(1), kT0 + 2));
  EXPECT_FALSE(Contains(book.DueForAttempt(until - 1), Peer(1)));
  EXPECT_FALSE(book.Learn(Peer(1), "discovered", kT0 + 3));
  EXPECT_EQ(book.Get(Peer(1))->state, PeerState::kBanned);
  // Many failures while banned neither lift the ban nor drop the record (not even a non-seed's).
  for (int i = 0; i < 10; ++i) book.OnFailure(Peer(1), "refused", kT0 + 4);
  EXPECT_TRUE(book.IsBanned(Peer(1), kT0 + 5));
  // A shorter second ban does not shorten the first.
  book.Ban(Peer(1), "MALFORMED", kT0 + 10, kT0 + 6);
  EXPECT_TRUE(book.IsBanned(Peer(1), kT0 + 1000));

  EXPECT_FALSE(book.IsBanned(Peer(1), until)) << "expired";
  EXPECT_TRUE(Contains(book.DueForAttempt(until), Peer(1)));
  book.OnStatus(Peer(1), StatusAt(5), 1.0, until + 1);
  EXPECT_EQ(book.connected_count(), 1u);
}

TEST(PeerBook, BanOfAnUnknownAddressRecordsIt) {
  PeerBook book(PeerBookOptions{});
  book.Ban(Peer(7), "WRONG_NETWORK", kT0 + 1000, kT0);
  EXPECT_TRUE(book.IsBanned(Peer(7), kT0 + 999));
  const auto r = book.Get(Peer(7));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->source, "inbound");
  EXPECT_FALSE(book.IsBanned(Peer(8), kT0));
}

TEST(PeerBook, DisconnectsPeersStuckBehindUs) {
  PeerBook book(PeerBookOptions{.stuck_after_ms = 30'000});
  for (uint16_t port : {1, 2, 3}) book.Learn(Peer(port), "discovered", kT0);
  book.OnStatus(Peer(1), StatusAt(10), 1.0, kT0);  // will stay at 10
  book.OnStatus(Peer(2), StatusAt(10), 1.0, kT0);  // will progress
  book.OnStatus(Peer(3), StatusAt(20), 1.0, kT0);  // at our height: not stuck
  book.OnStatus(Peer(1), StatusAt(10), 1.0, kT0 + 20'000);
  book.OnStatus(Peer(2), StatusAt(11), 1.0, kT0 + 20'000);
  book.CheckStuck(20, kT0 + 30'000);
  EXPECT_EQ(book.connected_count(), 3u) << "not yet stuck_after without progress";
  book.CheckStuck(20, kT0 + 30'001);
  auto stuck = book.Get(Peer(1));
  ASSERT_TRUE(stuck.has_value());
  EXPECT_EQ(stuck->state, PeerState::kDisconnected);
  EXPECT_EQ(stuck->last_error, "stuck at height 10");
  EXPECT_GT(stuck->next_attempt_ms, kT0 + 30'001);
  EXPECT_EQ(book.Get(Peer(2))->state, PeerState::kConnected) << "it progressed 10 s ago";
  EXPECT_EQ(book.Get(Peer(3))->state, PeerState::kConnected);
  // A peer that is not behind is never stuck, however long it stays.
  book.CheckStuck(20, kT0 + 1'000'000);
  EXPECT_EQ(book.Get(Peer(3))->state, PeerState::kConnected);
  EXPECT_EQ(book.Get(Peer(2))->state, PeerState::kDisconnected);
}

TEST(PeerBook, TipHintsOnlyRaiseTheKnownTip) {
  PeerBook book(PeerBookOptions{});
  book.Learn(Peer(1), "seed", kT0);
  book.OnStatus(Peer(1), StatusAt(10), 1.0, kT0);
  book.OnTipHint(Peer(1), 9, std::string(64, 'c'), 90, kT0 + 1);
  EXPECT_EQ(book.Get(Peer(1))->status.height, 10u);
  book.OnTipHint(Peer(1), 12, std::string(64, 'd'), 120, kT0 + 2);
  const auto r = book.Get(Peer(1));
  EXPECT_EQ(r->status.height, 12u);
  EXPECT_EQ(r->status.head_id, std::string(64, 'd'));
  EXPECT_EQ(r->status.head_timestamp, 120u);
  EXPECT_EQ(r->last_progress_ms, kT0 + 2);
}

TEST(PeerBook, RateLimitsEachPeerWithATokenBucket) {
  PeerBook book(PeerBookOptions{.requests_per_second = 10, .request_burst = 5});
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(book.AllowRequest(Peer(1), kT0)) << "burst request " << i;
  EXPECT_FALSE(book.AllowRequest(Peer(1), kT0));
  EXPECT_FALSE(book.AllowRequest(Peer(1), kT0 + 50)) << "half a token";
  EXPECT_TRUE(book.AllowRequest(Peer(2), kT0)) << "buckets are per peer";
  EXPECT_TRUE(book.AllowRequest(Peer(1), kT0 + 100)) << "one token per 100 ms";
  EXPECT_FALSE(book.AllowRequest(Peer(1), kT0 + 100));
  // A long pause refills up to the burst, not beyond.
  int allowed = 0;
  for (int i = 0; i < 20; ++i) allowed += book.AllowRequest(Peer(1), kT0 + 60'000);
  EXPECT_EQ(allowed, 5);
}

TEST(PeerBook, ForgetsAnAddressForGood) {
  PeerBook book(PeerBookOptions{});
  book.Learn(Peer(1), "discovered", kT0);
  book.OnStatus(Peer(1), StatusAt(1), 1.0, kT0);
  ASSERT_EQ(book.connected_count(), 1u);
  book.Forget(Peer(1));
  EXPECT_FALSE(book.Get(Peer(1)).has_value());
  EXPECT_EQ(book.connected_count(), 0u);
  EXPECT_FALSE(book.Learn(Peer(1), "discovered", kT0 + 1));
  book.OnStatus(Peer(1), StatusAt(2), 1.0, kT0 + 2);
  EXPECT_FALSE(book.Get(Peer(1)).has_value());
  EXPECT_TRUE(book.DueForAttempt(kT0 + 3).empty());
}

TEST(PeerStateName, NamesEveryState) {
  EXPECT_EQ(PeerStateName(PeerState::kConnected), "connected");
  EXPECT_EQ(PeerStateName(PeerState::kDisconnected), "disconnected");
  EXPECT_EQ(PeerStateName(PeerState::kBanned), "banned");
}

}  // namespace
}  // namespace ddn::p2p
