// StateDb: the committed state, a KvStore with a read cache, changed only a whole block at a time.
//
// Commit(overlay, height) writes every change of the overlay, plus an undo record holding the
// previous value of each changed key, in one synced batch (Prepare builds that batch, reading
// the previous values; Write writes it, so the reads can happen before the writer needs
// exclusive access): after a crash the store is either
// before or after the block. RollBack(height) restores the undo record of that height, which
// must be the last committed one, in one batch as well. Fork switching and every kind of state
// (accounts, delegates, rounds, blocks, indexes) revert the same way, with no per-type code.
//
// A failed write leaves the store unchanged on disk, but the node must stop: consensus never
// runs on a store whose state is unknown (the caller does that).
// Thread safety: Read and Prepare may be called concurrently with each other; Commit, Write and
// RollBack need exclusive access (the kernel holds its lock). A prepared batch is valid only
// while nothing else is written (the kernel's single chain writer guarantees it).
#pragma once

#include <memory>
#include <mutex>
#include <unordered_map>

#include "state/state_view.h"
#include "storage/kv_store.h"

namespace ddn::state {

struct CommitOptions {
  // Synced (durable before returning). Sync applies unsynced commits in a batch of blocks and
  // syncs the last: after a crash the store is at one of those blocks, all of them re-fetchable.
  bool sync = true;
  // Written in the same batch but without undo (e.g. pruning old undo records, the
  // irreversible height, which a rollback must not lower). Keys must not be in the overlay.
  const storage::WriteBatch* extra = nullptr;
};

// The batch of one Commit, undo record included, ready to be written.
struct PreparedCommit {
  storage::WriteBatch batch;
  bool sync = true;
};

class StateDb final : public StateView {
 public:
  explicit StateDb(std::unique_ptr<storage::KvStore> store);

  util::Result<std::optional<std::string>> Read(std::string_view key) const override;
  util::Status Commit(const Overlay& overlay, uint64_t height, const CommitOptions& options = {});
  util::Result<PreparedCommit> Prepare(const Overlay& overlay, uint64_t height,
                                       const CommitOptions& options = {}) const;
  util::Status Write(const PreparedCommit& prepared);
  util::Status RollBack(uint64_t height);
  // Writes keys outside the chain state (the persisted pool): no undo, not cached.
  util::Status WriteAux(const storage::WriteBatch& batch);
  // Scans the committed store (not the cache) by prefix.
  util::Status Scan(std::string_view prefix, bool reverse, const storage::ScanVisitor& visit) const;

 private:
  void CacheBatch(const storage::WriteBatch& batch);

  std::unique_ptr<storage::KvStore> store_;
  mutable std::mutex cache_mu_;
  // Looked up by string_view (no key copy per read).
  struct KeyHash {
    using is_transparent = void;
    size_t operator()(std::string_view key) const { return std::hash<std::string_view>{}(key); }
  };
  mutable std::unordered_map<std::string, std::optional<std::string>, KeyHash, std::equal_to<>>
      cache_;
};

// Key of the undo record of a height (exposed for tests).
std::string UndoKey(uint64_t height);

}  // namespace ddn::state
