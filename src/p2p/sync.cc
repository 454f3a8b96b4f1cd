// Network: catching up with better chains (docs/p2p.md §4 "Sync" and "Fork choice").
#include <algorithm>
#include <future>
#include <set>

#include "kernel/fork_choice.h"
#include "p2p/network.h"
#include "util/bytes.h"
#include "util/parallel.h"

namespace ddn::p2p {

using util::ErrorCode;

namespace {
constexpr size_t kBatch = 500;
constexpr size_t kMaxForkBlocks = 20000;
constexpr auto kDownloadTimeout = std::chrono::milliseconds(15000);

kernel::TipSummary SummaryOf(const PeerStatus& s) {
  return {s.height, s.head_timestamp, util::FromHexFixed<32>(s.head_id).value_or(chain::Hash256{})};
}
}  // namespace

void Network::SyncLoop() {
  for (;;) {
    {
      std::unique_lock lock(sync_mu_);
      sync_cv_.wait_for(lock, std::chrono::seconds(1), [this] { return stopping_.load() || sync_wanted_; });
      if (stopping_) return;
      sync_wanted_ = false;
    }
    SyncOnce();
    std::lock_guard lock(sync_mu_);
    if (initial_sync_) seeds_tried_ = true;
  }
}

void Network::SyncOnce() {
  // Sync from the best peer, then look again: another may be better still, or one failed.
  std::set<PeerAddress> tried;
  for (int attempt = 0; attempt < 8 && !stopping_; ++attempt) {
    const state::Tip tip = service_.Read([](const kernel::Chain& c, const kernel::TxPool&) { return c.tip(); });
    const kernel::TipSummary ours{tip.height, tip.timestamp, tip.id};
    std::optional<PeerRecord> best;
    for (const auto& p : book_.Connected()) {
      if (tried.count(p.address) || p.claims_ignored_until_ms > NowMs() ||
          !kernel::IsBetterTip(SummaryOf(p.status), ours)) {
        continue;
      }
      if (!best || kernel::IsBetterTip(SummaryOf(p.status), SummaryOf(best->status)) ||
          (p.status.head_id == best->status.head_id && p.latency_ms < best->latency_ms)) {
        best = p;
      }
    }
    if (!best) break;
    syncing_ = true;
    const auto started = std::chrono::steady_clock::now();
    util::Status s = SyncFrom(best->address);
    const state::Tip after = service_.Read([](const kernel::Chain& c, const kernel::TxPool&) { return c.tip(); });
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (after.height > tip.height + 1 || after.id != tip.id) {
      Log(after.height > tip.height + 100 ? "info" : "debug",
          "synced from " + best->address.ToString() + ": height " + std::to_string(tip.height) + " -> " +
              std::to_string(after.height) + " in " + std::to_string(seconds) + " s");
    }
    // Whoever served bad data was punished where it happened (SyncFrom, Download); here only
    // the peer we chose is set aside for this round.
    if (!s.ok()) {
      Log("warn", "sync from " + best->address.ToString() + " failed: " + s.ToString());
      tried.insert(best->address);
    } else if (after.id == tip.id) {
      // It claimed a better chain and delivered nothing: its claims are ignored for a while,
      // so a lying peer cannot keep this node syncing (and not forging).
      book_.OnFailure(best->address, "claimed a better chain but delivered none", NowMs());
      book_.IgnoreClaims(best->address, NowMs() + 60'000);
      tried.insert(best->address);
    }
  }
  syncing_ = false;
}

util::Result<CommonBlock> Network::FindCommon(PeerClient& client) {
  const auto [tip_height, irreversible] = service_.Read([](const kernel::Chain& c, const kernel::TxPool&) {
    return std::pair<uint64_t, uint64_t>(c.tip().height, c.irreversible_height());
  });
  uint64_t hi = tip_height, lo = std::max<uint64_t>(1, irreversible);
  for (int round = 0; round < 40 && !stopping_; ++round) {
    // Our heights hi, hi-1, … (10 of them), then at doubling distances, down to lo.
    std::vector<uint64_t> heights;
    uint64_t step = 1;
    for (uint64_t h = hi;; h = h > lo + step ? h - step : lo) {
      heights.push_back(h);
      if (h == lo || heights.size() >= kMaxCommonIds) break;
      if (heights.size() >= 10) step *= 2;
    }
    if (heights.back() != lo) heights.back() = lo;
    std::vector<std::string> ids;
    auto collected = service_.ReadHistory([&](const kernel::Chain& c) -> util::Status {
      for (uint64_t h : heights) {
        DDN_ASSIGN_OR_RETURN(auto header, c.HeaderAt(h));
        if (!header) return util::Error(ErrorCode::kUnavailable, "our chain changed during the search");
        ids.push_back(util::ToHex(block::BlockIdHash(*header)));
      }
      return util::Status::Ok();
    });
    DDN_RETURN_IF_ERROR(collected);
    DDN_ASSIGN_OR_RETURN(std::optional<CommonBlock> found, client.Common(ids));
    if (!found) {
      if (lo <= 1) return util::Error(ErrorCode::kWrongNetwork, "no common block, not even the genesis block");
      return util::Error(ErrorCode::kBelowIrreversible,
                         "the peer's chain forks below our irreversible block " + std::to_string(lo));
    }
    size_t index = ids.size();
    for (size_t i = 0; i < ids.size(); ++i) {
      if (ids[i] == found->id) index = i;
    }
    if (index == ids.size()) return util::Error(ErrorCode::kMalformed, "the peer named a block we did not offer");
    const uint64_t height = heights[index];
    if (index == 0 || heights[index - 1] == height + 1) return CommonBlock{found->id, height};
    lo = height;
    hi = heights[index - 1] - 1;
  }
  return util::Error(ErrorCode::kUnavailable, "common block search did not converge");
}

util::Result<std::vector<block::Block>> Network::Download(const std::string& after_id,
                                                          const PeerAddress& preferred,
                                                          PeerAddress* served_by) {
  std::vector<PeerAddress> candidates{preferred};
  auto others = book_.Connected();
  std::sort(others.begin(), others.end(),
            [](const PeerRecord& a, const PeerRecord& b) { return a.latency_ms < b.latency_ms; });
  for (const auto& p : others) {
    if (p.address != preferred) candidates.push_back(p.address);
  }
  util::Status last = util::Error(ErrorCode::kUnavailable, "no peer to download from");
  for (size_t i = 0; i < candidates.size() && i < 3 && !stopping_; ++i) {
    const PeerAddress& from = candidates[i];
    auto link = LinkFor(from);
    auto raw = link->client.Blocks(after_id, kBatch, kDownloadTimeout);
    if (!raw.ok()) {
      last = raw.status();
      if (raw.status().code() != ErrorCode::kNotFound) Punish(from, raw.status());
      continue;
    }
    std::vector<block::Block> blocks(raw->size());
    std::vector<util::Status> decoded(raw->size());
    util::ParallelFor(raw->size(), [&](size_t k) {
      auto b = block::DecodeBlock(util::AsBytes((*raw)[k]));
      if (b.ok()) blocks[k] = std::move(*b);
      else decoded[k] = b.status();
    });
    util::Status bad;
    for (size_t k = 0; k < blocks.size() && bad.ok(); ++k) {
      if (!decoded[k].ok()) bad = decoded[k];
      else if (k > 0 && blocks[k].header.previous != block::BlockIdHash(blocks[k - 1])) {
        // Possible from an honest peer that switched forks while answering: not a ban.
        bad = util::Error(ErrorCode::kUnavailable, "downloaded blocks do not form a chain");
      }
    }
    if (!bad.ok()) {
      Punish(from, bad);
      last = bad;
      continue;
    }
    *served_by = from;
    return blocks;
  }
  return last;
}

util::Status Network::SyncFrom(const PeerAddress& peer) {
  auto link = LinkFor(peer);
  auto found = FindCommon(link->client);
  if (!found.ok()) {
    Punish(peer, found.status());
    return found.status();
  }
  const CommonBlock common = *found;
  const state::Tip tip = service_.Read([](const kernel::Chain& c, const kernel::TxPool&) { return c.tip(); });
  std::string after = common.id;
  PeerAddress served = peer;
  if (common.height < tip.height) {
    // A fork: fetch the peer's branch until it is longer than ours, then switch if it is better.
    std::vector<block::Block> branch;
    while (branch.size() <= tip.height - common.height + 1 && branch.size() < kMaxForkBlocks) {
      DDN_ASSIGN_OR_RETURN(auto batch, Download(after, peer, &served));
      if (batch.empty()) break;
      if (!branch.empty() && batch.front().header.previous != block::BlockIdHash(branch.back())) break;
      after = util::ToHex(block::BlockIdHash(batch.back()));
      for (auto& b : batch) branch.push_back(std::move(b));
    }
    if (branch.empty()) return util::Status::Ok();
    const chain::Hash256 common_id = util::FromHexFixed<32>(common.id).value_or(chain::Hash256{});
    auto switched = service_.SwitchFork(common.height, common_id, branch);
    if (!switched.ok()) {
      // Our chain moved under us (not the peer's fault), or the branch is invalid.
      const ErrorCode code = switched.status().code();
      if (code == ErrorCode::kNotFound || code == ErrorCode::kTimestampInFuture ||
          code == ErrorCode::kUnavailable) {
        return util::Status::Ok();
      }
      Punish(served, util::Status(IsMisbehaviour(code) ? code : ErrorCode::kInvalidField,
                                  "invalid fork: " + switched.status().ToString()));
      return switched.status();
    }
    if (!*switched) return util::Status::Ok();
    Log("info", "switched to the fork of " + served.ToString() + " from height " +
                    std::to_string(common.height) + " (" + std::to_string(tip.height - common.height) +
                    " blocks rolled back, " + std::to_string(branch.size()) + " applied)");
  }
  // Catch up: download the next batch and check its signatures (on all cores; they depend on
  // no state) while the current one is applied.
  const std::string nethash = service_.chain_options().nethash;
  struct Fetched {
    util::Result<std::vector<block::Block>> blocks;
    PeerAddress by;
    util::Status signatures;
  };
  auto fetch = [this, peer, &nethash](std::string from_id) {
    Fetched f{util::Status::Ok(), {}, util::Status::Ok()};
    f.blocks = Download(from_id, peer, &f.by);
    if (f.blocks.ok()) f.signatures = kernel::VerifyBlockSignatures(*f.blocks, nethash);
    return f;
  };
  auto next = std::async(std::launch::async, fetch, after);
  while (!stopping_) {
    auto [blocks, by, signatures] = next.get();
    if (!blocks.ok()) return blocks.status();
    if (blocks->empty()) return util::Status::Ok();
    if (!signatures.ok()) {  // the peer's fault whatever our state
      Punish(by, util::Status(IsMisbehaviour(signatures.code()) ? signatures.code()
                                                                 : ErrorCode::kInvalidField,
                              "invalid block: " + signatures.ToString()));
      return signatures;
    }
    next = std::async(std::launch::async, fetch, util::ToHex(block::BlockIdHash(blocks->back())));
    const auto applied = service_.ApplySynced(*blocks, /*verified=*/true);
    if (!applied.status.ok()) {
      next.wait();
      // A batch that no longer continues our tip (we forged or received meanwhile) is not the
      // peer's fault; anything else in a batch we asked for is.
      if (applied.applied == 0 && blocks->front().header.previous != service_.Read([](const kernel::Chain& c, const kernel::TxPool&) { return c.tip().id; })) {
        return util::Status::Ok();
      }
      const ErrorCode code = applied.status.code();
      if (code == ErrorCode::kTimestampInFuture || code == ErrorCode::kUnavailable) return util::Status::Ok();
      Punish(by, util::Status(IsMisbehaviour(code) ? code : ErrorCode::kInvalidField,
                              "invalid block: " + applied.status.ToString()));
      return applied.status;
    }
  }
  next.wait();
  return util::Status::Ok();
}

}  // namespace ddn::p2p
