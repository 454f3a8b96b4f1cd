// ChainService: the node's chain at run time. It owns the Chain and the TxPool, admits
// transactions (signature checks in parallel on all cores, outside the lock), forges blocks when
// a local delegate owns the current slot, and tells observers about new blocks and transactions.
//
// Locking: one shared mutex. Submissions and forging take it exclusively, and only after the
// expensive signature checks, so a block never waits for verification and transactions that
// arrive while a block is committed simply wait their turn (none is lost). Readers take it shared.
// Changes of the chain are serialised by a second mutex taken first (write_mu_); the forger
// builds its block holding only that one, so submissions continue while a block is built.
// Writers have priority (a gate mutex stops new readers while a writer waits), so a stream of
// API reads can never hold forging back.
// Accepted transactions are also written to the store, so a restart (even after kill -9) finds
// them again; those that no longer fit are dropped with a reason the API reports.
// A storage failure while committing is fatal: the service stops forging and reports it through
// fatal_error(); the node then exits, and restarts from the last committed block.
// Thread safety: all public methods are safe to call concurrently.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "kernel/chain.h"
#include "kernel/clock.h"
#include "kernel/pool_journal.h"
#include "kernel/tx_pool.h"
#include "storage/kv_store.h"

namespace ddn::kernel {

class ChainObserver {
 public:
  virtual ~ChainObserver() = default;
  // Every block that becomes part of the chain: forged here, received, synced or switched to.
  virtual void OnBlockApplied(const block::Block& /*block*/) {}
  virtual void OnTransactionAccepted(const compat::AnyTx& /*tx*/) {}
  // A co-signature was added to the pool entry `tx_id` (given through the API or by a peer).
  virtual void OnCosignatureAdded(const std::string& /*tx_id*/,
                                  const chain::Signature& /*signature*/) {}
};

// What became of a block a peer pushed (docs/p2p.md §3, POST /peer/blocks).
enum class BlockOutcome {
  kApplied,   // it extended the tip
  kKnown,     // already in the chain
  kSwitched,  // it replaced the tip: a same-height fork resolved in its favour
  kIgnored,   // a stale block or a losing fork
  kBehind,    // it does not connect to the tip: this node must sync from its sender
};
std::string_view BlockOutcomeName(BlockOutcome outcome);

// How long the last block this node forged took, by phase (for /metrics and benchmarks).
struct ForgeTimings {
  uint64_t height = 0;  // 0: nothing forged yet
  size_t transactions = 0;
  // Choosing and applying the pool's transactions, and staging the commit (round bookkeeping,
  // indexes, undo record), without the exclusive lock.
  double build_seconds = 0;
  double commit_seconds = 0;  // the synced write, under the exclusive lock
  double pool_seconds = 0;    // re-deriving the pool on the new tip
};

struct ServiceOptions {
  std::vector<std::string> forging_secrets;  // passphrases of local delegates
  PoolOptions pool;
  // Test-only fault injection: called at named points of block processing ("forge-built",
  // "forge-committed"); the crash tests make it kill the process there.
  std::function<void(std::string_view point)> fault_hook;
  // Asked before each forging attempt; false holds forging back (the network layer says so
  // while the node syncs, so it does not build on a stale tip). Must be thread-safe.
  std::function<bool()> may_forge;
};

class ChainService {
 public:
  ChainService(std::unique_ptr<Chain> chain, const Clock& clock, ServiceOptions options);
  ~ChainService();

  void AddObserver(ChainObserver* observer);  // before Start()

  // Admits each transaction or says why not; the i-th status belongs to the i-th transaction.
  // `verified`: the caller already ran compat::VerifyAnyTxStateless on each (peer intake).
  // A transaction already in the pool is DUPLICATE, unless it brings valid co-signatures the
  // pool's copy lacks: those are added and it counts as accepted (observers get the merged copy).
  std::vector<util::Status> Submit(std::vector<compat::AnyTx> txs, bool verified = false);
  // Adds a multisignature co-signature to the pool entry `id` and tells the observers.
  // Errors: NOT_FOUND (never in the pool), the reason it left the pool (EXPIRED once the group's
  // lifetime passed), BAD_COSIGNATURE (not by a member), DUPLICATE.
  util::Status AddCosignature(const std::string& id, const chain::Signature& signature);

  // A block pushed by a peer. Errors: signature and stateless failures (the sender is at
  // fault: BAD_SIGNATURE, INVALID_FIELD, …), WRONG_NETHASH, or the rule the block broke.
  // Its signatures are checked here: for a block on the tip while its transactions are applied,
  // for any other before anything else (BAD_SIGNATURE).
  util::Result<BlockOutcome> ReceiveBlock(const block::Block& block);

  // Sync: applies `blocks`, which must continue the tip in order. Signatures are checked on all
  // cores first. Returns how many were applied; stops at the first that fails (its status).
  struct SyncApplied {
    size_t applied = 0;
    util::Status status;
  };
  // `verified`: the caller already ran VerifyBlockSignatures on them (the sync does, for the
  // next batch, while the current one is applied).
  SyncApplied ApplySynced(const std::vector<block::Block>& blocks, bool verified = false);

  // Fork switch: if `blocks` (continuing the block `common_id` at `common_height`) end in a
  // better tip than the current one, rolls back to the common block and applies them; if one
  // fails, restores the previous chain and returns why. Transactions of the rolled-back blocks
  // go back to the pool. Returns false (and changes nothing) when the current chain is better.
  // BELOW_IRREVERSIBLE when the common block is under the irreversible height.
  util::Result<bool> SwitchFork(uint64_t common_height, const chain::Hash256& common_id,
                                const std::vector<block::Block>& blocks);

  // Forges a block if a local delegate owns the current slot and the tip is older; returns
  // whether it did.
  util::Result<bool> ForgeIfDue();

  // A thread that calls ForgeIfDue every `tick` until Stop().
  void Start(std::chrono::milliseconds tick);
  void Stop();

  // Runs `read` with shared access to the chain and the pool.
  template <typename F>
  auto Read(F&& read) const {
    std::unique_lock gate(gate_);
    std::shared_lock lock(mu_);
    gate.unlock();
    return read(*chain_, pool_);
  }

  // Runs `read` without the lock, for immutable history only: it may call the Chain's methods
  // that read the store (BlockAt, FindTransaction, HeightOfBlock, ForEachAccount, db()), which
  // are safe concurrently with commits, but not tip() or the pool.
  template <typename F>
  auto ReadHistory(F&& read) const {
    return read(static_cast<const Chain&>(*chain_));
  }

  uint64_t CurrentSlot() const;
  const Clock& clock() const { return clock_; }
  const ChainOptions& chain_options() const { return chain_->options(); }
  // Public keys of the local delegates (forging enabled for them).
  std::vector<chain::PublicKey> ForgingKeys() const;
  std::optional<util::Status> fatal_error() const;
  uint64_t blocks_forged() const { return blocks_forged_.load(); }
  // Non-empty when restoring the pool at start lost something (undecodable journal records).
  std::string pool_restore_warning() const;
  ForgeTimings last_forge() const;

 private:
  void RecordFatal(const util::Status& status);
  // mu_ held exclusively, taken through the gate (writers first; see the header comment).
  std::unique_lock<std::shared_mutex> LockExclusive() const;
  // With the lock held: checks that `signature` is a member's and adds it to the pool entry `id`;
  // ids that left the pool as a consequence are appended to `removed`.
  util::Status AddCosignatureLocked(const std::string& id, const chain::Signature& signature,
                                    uint32_t now, std::vector<std::string>* removed);
  // With the lock held: adds the co-signatures of `tx` (a copy of a pool entry) that the entry
  // lacks; on success replaces `tx` with the updated entry and returns true.
  bool MergeCosignatures(compat::AnyTx& tx, uint32_t now);
  void Notify(std::span<const block::Block> applied);
  // ReceiveBlock for a block on the tip: nullopt when the tip moved before write_mu_ was taken
  // (the caller then treats the block as any other).
  util::Result<std::optional<BlockOutcome>> ApplyOnTip(const block::Block& block);
  // With the lock held: rolls back to `height`, returning the removed blocks, highest first.
  util::Result<std::vector<block::Block>> RollBackTo(uint64_t height);
  // With the lock held: after the chain changed, re-derives the pool (with the transactions of
  // `rolled_back` blocks offered again) and persists the change.
  // `applied`: every block applied since the pool was last derived, or nullopt when unknown
  // (then each pool entry is looked up in the store).
  void AfterChainChange(const std::vector<block::Block>& rolled_back,
                        std::optional<std::span<const block::Block>> applied);
  // Keeps the persisted copy of the pool (the journal) in step: with the lock held, queues
  // the change as journal records; FlushPool writes the queue, in order, without the lock (so the chain lock is
  // not held through the store's write). Every public method that changes the pool flushes
  // before it returns (FlushOnExit), so an accepted transaction is on disk when Submit answers.
  void PersistPool(const std::vector<const compat::AnyTx*>& added,
                   const std::vector<std::string>& removed);
  void FlushPool();
  struct FlushOnExit {
    ChainService& service;
    ~FlushOnExit() { service.FlushPool(); }
  };
  // Re-admits the transactions persisted by an earlier run (constructor).
  void RestorePool();

  const Clock& clock_;
  std::unique_ptr<Chain> chain_;
  // Held by whoever changes the chain (forging, received, synced, fork blocks), before mu_: a
  // block is built holding only this, so submissions and reads go on meanwhile.
  std::mutex write_mu_;
  mutable std::shared_mutex mu_;
  mutable std::mutex gate_;  // held by a writer while it waits for mu_: writers first
  TxPool pool_;
  PoolJournal journal_;  // written in the order of persist_queue_ (under persist_mu_)
  std::string restore_warning_;  // set by the constructor only
  std::map<chain::PublicKey, crypto::KeyPair> forging_keys_;
  std::vector<ChainObserver*> observers_;
  std::function<void(std::string_view)> fault_hook_;
  std::function<bool()> may_forge_;

  std::thread forger_;
  std::mutex stop_mu_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;
  std::atomic<uint64_t> blocks_forged_{0};
  std::mutex persist_mu_;        // held while writing queued pool changes (keeps their order)
  std::mutex persist_queue_mu_;  // guards persist_queue_ (taken under mu_ or persist_mu_)
  std::vector<storage::WriteBatch> persist_queue_;
  mutable std::mutex timings_mu_;
  ForgeTimings last_forge_;  // guarded by timings_mu_
  mutable std::mutex fatal_mu_;
  std::optional<util::Status> fatal_;
};

}  // namespace ddn::kernel
