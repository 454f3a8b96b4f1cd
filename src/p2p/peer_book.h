// PeerBook: every peer this node knows, with its health, and the bans.
//
// A peer is known by its PeerAddress. It is connected once it answered a status request with
// this network's genesis block; it keeps the latest status (height, head, irreversible height),
// a moving average of the round-trip latency, its consecutive and total failures and when it was
// last seen. Three failures in a row, or no progress for `stuck_after` while behind this node,
// disconnect it; it is retried with exponential back-off (2 s doubling to 60 s), and after eight
// failures in a row a peer that is not a seed is dropped from the book. At most
// `max_peers` are connected at a time. A ban keeps a peer disconnected, and its requests refused,
// until it expires. The book also holds the per-peer request rate limiter.
// Invariants: a banned peer is never connected; the node's own address is never in the book;
// the book holds at most max_known peers (2 × max_known with bans of unknown identities), the
// least recently seen disconnected non-seed giving way to a new one.
// Thread safety: all methods are safe to call concurrently (one internal mutex).
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "p2p/protocol.h"

namespace ddn::p2p {

enum class PeerState { kDisconnected, kConnected, kBanned };
std::string_view PeerStateName(PeerState state);

// What a peer says about its chain (GET /peer/status).
struct PeerStatus {
  uint64_t height = 0;
  std::string head_id;
  uint32_t head_timestamp = 0;
  uint64_t irreversible_height = 0;
  std::string irreversible_id;
  std::string genesis_id;
  std::string nonce;
  std::string version;
  std::string os;
};

struct PeerRecord {
  PeerAddress address;
  std::string source;  // "seed", "inbound" or "discovered"
  PeerState state = PeerState::kDisconnected;
  PeerStatus status;
  double latency_ms = 0;
  uint32_t failures = 0;  // consecutive
  uint64_t total_failures = 0;
  int64_t last_seen_ms = 0;
  int64_t last_progress_ms = 0;  // when its height last changed
  int64_t next_attempt_ms = 0;   // disconnected: when to try again
  int64_t ban_until_ms = 0;
  std::string ban_reason;
  int64_t claims_ignored_until_ms = 0;  // it claimed a better chain and delivered none
  std::string last_error;
};

struct PeerBookOptions {
  size_t max_peers = 20;
  size_t max_known = 1000;
  int64_t stuck_after_ms = 30'000;
  double requests_per_second = 200;
  double request_burst = 400;
};

class PeerBook {
 public:
  explicit PeerBook(PeerBookOptions options) : options_(options) {}

  // Remembers an address (no effect for banned or forgotten ones, or beyond max_known).
  // Returns whether it was new.
  bool Learn(const PeerAddress& address, std::string_view source, int64_t now_ms);
  // The peer sent us a request: a disconnected peer is retried at once (a healed partition
  // reconnects as soon as either side gets through).
  void Heard(const PeerAddress& address, int64_t now_ms);
  // Never talk to this address again (it is this node itself).
  void Forget(const PeerAddress& address);
  // A successful status exchange. Connects the peer if there is room.
  void OnStatus(const PeerAddress& address, const PeerStatus& status, double latency_ms, int64_t now_ms);
  // A better tip learnt from a block it pushed (only raises what is known).
  void OnTipHint(const PeerAddress& address, uint64_t height, const std::string& head_id,
                 uint32_t head_timestamp, int64_t now_ms);
  // A failed request (timeout, refused connection, bad answer).
  void OnFailure(const PeerAddress& address, std::string_view error, int64_t now_ms);
  // Disconnects a connected peer that has not progressed while this node is at `own_height`.
  void CheckStuck(uint64_t own_height, int64_t now_ms);
  void Ban(const PeerAddress& address, std::string_view reason, int64_t until_ms, int64_t now_ms);
  // Its status is not believed (for sync) until `until_ms`.
  void IgnoreClaims(const PeerAddress& address, int64_t until_ms);
  bool IsBanned(const PeerAddress& address, int64_t now_ms) const;
  // Token bucket per address: whether one more request is allowed now.
  bool AllowRequest(const PeerAddress& address, int64_t now_ms);

  std::vector<PeerRecord> Connected() const;
  // Disconnected, unbanned peers whose back-off has passed.
  std::vector<PeerAddress> DueForAttempt(int64_t now_ms) const;
  std::vector<PeerRecord> All() const;
  std::optional<PeerRecord> Get(const PeerAddress& address) const;
  size_t connected_count() const;

 private:
  struct Bucket {
    double tokens = 0;
    int64_t at_ms = 0;
  };
  void ExpireBan(PeerRecord& record, int64_t now_ms) const;
  void Disconnect(PeerRecord& record, int64_t now_ms);
  bool EvictOne(int64_t now_ms);

  PeerBookOptions options_;
  mutable std::mutex mu_;
  mutable std::map<PeerAddress, PeerRecord> peers_;
  std::map<PeerAddress, Bucket> buckets_;
  std::map<PeerAddress, bool> forgotten_;
};

}  // namespace ddn::p2p
