// TxPool: transactions accepted by this node and not yet in a block.
//
// Every accepted transaction ends in exactly one of two ways: it is confirmed in a block, or it
// leaves the pool with a recorded reason (Dropped) that the API reports — none silently vanishes.
// Invariants: `pending_` is the committed state with every ready entry applied in arrival order,
// so each ready entry is valid at its place; entries of multisignature accounts that lack
// co-signatures wait (not applied) until enough arrive, at most for the group's lifetime counted
// from the transaction's timestamp (then they leave as EXPIRED); no two entries share an id.
// Rejections are never remembered by id, so a forged copy with a bad signature cannot get the
// genuine transaction refused later.
// Thread safety: not thread-safe; ChainService serialises access. After the chain commits or
// rolls back a block, call Rebuild() before any other use.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "compat/any_tx.h"
#include "kernel/chain.h"
#include "state/state_view.h"

namespace ddn::kernel {

struct PoolOptions {
  size_t max_transactions = 20000;
  uint32_t expiry_seconds = 3 * 3600;  // pending longer than this: dropped as EXPIRED
  size_t dropped_memory = 100000;      // how many drop reasons are remembered
};

struct PoolEntry {
  compat::AnyTx tx;
  uint32_t received = 0;  // DDN-epoch seconds
  bool ready = true;      // false: a multisignature account's tx waiting for co-signatures
  // Multisignature transactions (of a group account, or registering a group): the DDN-epoch
  // second at which the group's lifetime ends, timestamp + lifetime hours; 0 for others.
  // Waiting past it: EXPIRED. A ready entry keeps at least this long before the pool's expiry.
  uint32_t lifetime_end = 0;
};

struct DropRecord {
  util::Status reason;
  uint32_t when = 0;
};

class TxPool {
 public:
  TxPool(const Chain& chain, PoolOptions options);

  // Admits a transaction whose stateless checks and first signature already passed.
  // `received` (default `now`) is when the node first accepted it, for expiry after a restart.
  util::Status Add(compat::AnyTx tx, uint32_t now, std::optional<uint32_t> received = std::nullopt);
  // Ready transactions in arrival order, at most `max` (valid until the pool changes).
  std::vector<const compat::AnyTx*> Candidates(size_t max) const;
  // Adds a co-signature to a waiting or pending multisignature transaction.
  // `removed` receives ids that left the pool as a consequence (a now-ready entry that fails).
  util::Status AddCosignature(const std::string& id, const chain::Signature& signature, uint32_t now,
                              std::vector<std::string>* removed);

  // Re-derives the pending state after the chain changed: drops what is now confirmed (silently:
  // it is in a block), invalid (with the reason) or expired; `returned` transactions (from
  // rolled-back blocks) are offered again first.
  // `newly_confirmed`: the ids of every transaction confirmed since the pool was last derived
  // (the blocks just applied; empty when the chain did not change), which spares a store lookup
  // per entry; nullptr: each entry is looked up in the store.
  // Returns the ids that left the pool.
  std::vector<std::string> Rebuild(uint32_t now, const std::vector<compat::AnyTx>& returned = {},
                                   const std::unordered_set<std::string_view>* newly_confirmed =
                                       nullptr);
  // Rebuild after a change of the pool itself (a co-signature, an expiry): the chain did not
  // change, so nothing was newly confirmed.
  std::vector<std::string> Refresh(uint32_t now) {
    static const std::unordered_set<std::string_view> kNone;
    return Rebuild(now, {}, &kNone);
  }
  // Records why a transaction that was accepted earlier (before a restart) cannot be kept.
  void RecordDropped(const std::string& id, util::Status reason, uint32_t now) {
    Drop(id, std::move(reason), now);
  }

  // Whether some entry has waited longer than the expiry or its group's lifetime (Rebuild then
  // drops it). O(1): the earliest deadline of all entries is kept.
  bool HasExpired(uint32_t now) const { return now >= next_deadline_; }

  const PoolEntry* Find(const std::string& id) const;
  const DropRecord* FindDropped(const std::string& id) const;
  const std::vector<PoolEntry>& entries() const { return entries_; }
  size_t size() const { return entries_.size(); }
  // The state with all ready entries applied (balances "unconfirmed").
  const state::StateView& pending_state() const { return pending_; }
  uint64_t dropped_total() const { return dropped_total_; }

 private:
  util::Status TryApply(const compat::AnyTx& tx);
  // Why `e` must leave the pool at `now` (EXPIRED), or nullopt while it may stay.
  std::optional<util::Status> ExpiryOf(const PoolEntry& e, uint32_t now) const;
  // The first second at which ExpiryOf(e, ·) is not nullopt.
  uint32_t ExpiryDeadline(const PoolEntry& e) const;
  void Drop(const std::string& id, util::Status reason, uint32_t now);

  const Chain& chain_;
  PoolOptions options_;
  state::Overlay pending_;
  std::vector<PoolEntry> entries_;
  std::unordered_map<std::string, size_t> index_;
  std::unordered_map<std::string, DropRecord> dropped_;
  std::deque<std::string> dropped_order_;
  uint64_t dropped_total_ = 0;
  uint32_t next_deadline_ = UINT32_MAX;  // min ExpiryDeadline over entries_
};

}  // namespace ddn::kernel
