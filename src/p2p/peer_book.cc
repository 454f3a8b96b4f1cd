#include "p2p/peer_book.h"

#include <algorithm>

namespace ddn::p2p {

namespace {
constexpr uint32_t kFailuresToDisconnect = 3;
constexpr uint32_t kFailuresToForget = 8;
int64_t BackOffMs(uint32_t failures) {
  const uint32_t exponent = std::min<uint32_t>(failures, 6);
  return std::min<int64_t>(60'000, 2'000LL << exponent >> 1);
}
}  // namespace

std::string_view PeerStateName(PeerState state) {
  switch (state) {
    case PeerState::kConnected: return "connected";
    case PeerState::kBanned: return "banned";
    case PeerState::kDisconnected: return "disconnected";
  }
  return "disconnected";
}

void PeerBook::ExpireBan(PeerRecord& record, int64_t now_ms) const {
  if (record.state == PeerState::kBanned && record.ban_until_ms <= now_ms) {
    record.state = PeerState::kDisconnected;
    record.next_attempt_ms = now_ms;
    record.failures = 0;
  }
}

void PeerBook::Disconnect(PeerRecord& record, int64_t now_ms) {
  if (record.state == PeerState::kConnected) record.state = PeerState::kDisconnected;
  record.next_attempt_ms = now_ms + BackOffMs(record.failures);
}

bool PeerBook::Learn(const PeerAddress& address, std::string_view source, int64_t now_ms) {
  std::lock_guard lock(mu_);
  if (forgotten_.count(address) || peers_.count(address)) return false;
  if (peers_.size() >= options_.max_known && !EvictOne(now_ms)) return false;
  PeerRecord record;
  record.address = address;
  record.source = std::string(source);
  record.next_attempt_ms = now_ms;
  peers_.emplace(address, std::move(record));
  return true;
}

bool PeerBook::EvictOne(int64_t now_ms) {
  // The disconnected, unbanned non-seed seen least recently makes room for a new address, so a
  // flood of made-up identities cannot lock honest peers out of the book.
  auto victim = peers_.end();
  for (auto it = peers_.begin(); it != peers_.end(); ++it) {
    ExpireBan(it->second, now_ms);
    const PeerRecord& r = it->second;
    if (r.state != PeerState::kDisconnected || r.source == "seed") continue;
    if (victim == peers_.end() || r.last_seen_ms < victim->second.last_seen_ms) victim = it;
  }
  if (victim == peers_.end()) return false;
  peers_.erase(victim);
  return true;
}

void PeerBook::Heard(const PeerAddress& address, int64_t now_ms) {
  std::lock_guard lock(mu_);
  auto it = peers_.find(address);
  if (it != peers_.end() && it->second.state == PeerState::kDisconnected) {
    it->second.next_attempt_ms = std::min(it->second.next_attempt_ms, now_ms);
  }
}

void PeerBook::Forget(const PeerAddress& address) {
  std::lock_guard lock(mu_);
  peers_.erase(address);
  forgotten_[address] = true;
}

void PeerBook::OnStatus(const PeerAddress& address, const PeerStatus& status, double latency_ms,
                        int64_t now_ms) {
  std::lock_guard lock(mu_);
  auto it = peers_.find(address);
  if (it == peers_.end()) return;
  PeerRecord& r = it->second;
  ExpireBan(r, now_ms);
  if (r.state == PeerState::kBanned) return;
  if (status.height != r.status.height || r.last_progress_ms == 0) r.last_progress_ms = now_ms;
  r.status = status;
  r.latency_ms = r.latency_ms == 0 ? latency_ms : 0.8 * r.latency_ms + 0.2 * latency_ms;
  r.failures = 0;
  r.last_seen_ms = now_ms;
  r.last_error.clear();
  if (r.state == PeerState::kDisconnected) {
    size_t connected = 0;
    for (const auto& [a, p] : peers_) connected += p.state == PeerState::kConnected;
    if (connected < options_.max_peers) {
      r.state = PeerState::kConnected;
    } else {
      r.next_attempt_ms = now_ms + 60'000;
    }
  }
}

void PeerBook::OnTipHint(const PeerAddress& address, uint64_t height, const std::string& head_id,
                         uint32_t head_timestamp, int64_t now_ms) {
  std::lock_guard lock(mu_);
  auto it = peers_.find(address);
  if (it == peers_.end() || height <= it->second.status.height) return;
  PeerRecord& r = it->second;
  r.status.height = height;
  r.status.head_id = head_id;
  r.status.head_timestamp = head_timestamp;
  r.last_progress_ms = now_ms;
  r.last_seen_ms = now_ms;
}

void PeerBook::OnFailure(const PeerAddress& address, std::string_view error, int64_t now_ms) {
  std::lock_guard lock(mu_);
  auto it = peers_.find(address);
  if (it == peers_.end()) return;
  PeerRecord& r = it->second;
  ++r.failures;
  ++r.total_failures;
  r.last_error = std::string(error);
  if (r.state != PeerState::kConnected || r.failures >= kFailuresToDisconnect) Disconnect(r, now_ms);
  // A dead peer that is not a seed is dropped; peer lists may bring it back later.
  if (r.source != "seed" && r.state != PeerState::kBanned && r.failures >= kFailuresToForget) {
    peers_.erase(it);
  }
}

void PeerBook::CheckStuck(uint64_t own_height, int64_t now_ms) {
  std::lock_guard lock(mu_);
  for (auto& [address, r] : peers_) {
    if (r.state == PeerState::kConnected && r.status.height < own_height &&
        now_ms - r.last_progress_ms > options_.stuck_after_ms) {
      r.last_error = "stuck at height " + std::to_string(r.status.height);
      ++r.failures;
      Disconnect(r, now_ms);
    }
  }
}

void PeerBook::Ban(const PeerAddress& address, std::string_view reason, int64_t until_ms,
                   int64_t now_ms) {
  std::lock_guard lock(mu_);
  auto it = peers_.find(address);
  if (it == peers_.end()) {
    // Bans of unknown identities are bounded too (they may have twice the room of the book).
    if (peers_.size() >= 2 * options_.max_known && !EvictOne(now_ms)) return;
    PeerRecord record;
    record.address = address;
    record.source = "inbound";
    it = peers_.emplace(address, std::move(record)).first;
  }
  PeerRecord& r = it->second;
  r.state = PeerState::kBanned;
  r.ban_until_ms = std::max(r.ban_until_ms, until_ms);
  r.ban_reason = std::string(reason);
  r.last_seen_ms = now_ms;
}

void PeerBook::IgnoreClaims(const PeerAddress& address, int64_t until_ms) {
  std::lock_guard lock(mu_);
  auto it = peers_.find(address);
  if (it != peers_.end()) it->second.claims_ignored_until_ms = until_ms;
}

bool PeerBook::IsBanned(const PeerAddress& address, int64_t now_ms) const {
  std::lock_guard lock(mu_);
  auto it = peers_.find(address);
  if (it == peers_.end()) return false;
  ExpireBan(it->second, now_ms);
  return it->second.state == PeerState::kBanned;
}

bool PeerBook::AllowRequest(const PeerAddress& address, int64_t now_ms) {
  std::lock_guard lock(mu_);
  if (buckets_.size() > 4 * options_.max_known) buckets_.clear();  // bounded memory
  auto [it, fresh] = buckets_.try_emplace(address, Bucket{options_.request_burst, now_ms});
  Bucket& b = it->second;
  if (!fresh) {
    b.tokens = std::min(options_.request_burst,
                        b.tokens + options_.requests_per_second * static_cast<double>(now_ms - b.at_ms) / 1000.0);
    b.at_ms = now_ms;
  }
  if (b.tokens < 1) return false;
  b.tokens -= 1;
  return true;
}

std::vector<PeerRecord> PeerBook::Connected() const {
  std::lock_guard lock(mu_);
  std::vector<PeerRecord> out;
  for (const auto& [a, r] : peers_) {
    if (r.state == PeerState::kConnected) out.push_back(r);
  }
  return out;
}

std::vector<PeerAddress> PeerBook::DueForAttempt(int64_t now_ms) const {
  std::lock_guard lock(mu_);
  std::vector<PeerAddress> out;
  for (auto& [a, r] : peers_) {
    ExpireBan(r, now_ms);
    if (r.state == PeerState::kDisconnected && r.next_attempt_ms <= now_ms) out.push_back(a);
  }
  return out;
}

std::vector<PeerRecord> PeerBook::All() const {
  std::lock_guard lock(mu_);
  std::vector<PeerRecord> out;
  for (const auto& [a, r] : peers_) out.push_back(r);
  return out;
}

std::optional<PeerRecord> PeerBook::Get(const PeerAddress& address) const {
  std::lock_guard lock(mu_);
  auto it = peers_.find(address);
  if (it == peers_.end()) return std::nullopt;
  return it->second;
}

size_t PeerBook::connected_count() const {
  std::lock_guard lock(mu_);
  size_t n = 0;
  for (const auto& [a, r] : peers_) n += r.state == PeerState::kConnected;
  return n;
}

}  // namespace ddn::p2p
