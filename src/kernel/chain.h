// Chain: the validated, committed block chain of one node, on a StateDb.
//
// It applies blocks (full validation: header, slot and generator, reward, signature, every
// transaction against the state, round bookkeeping) atomically with undo data, rolls the tip back,
// builds new blocks from candidate transactions, and answers queries about blocks, transactions,
// accounts and delegates. It does not read the wall clock: callers pass the current slot.
// Finality: a block is irreversible once blocks on top of it were forged by ⌊2N/3⌋+1 distinct
// delegates (N active delegates), judged over the last 3N blocks. The irreversible height only
// grows, is stored with the block that advanced it, and RollBackTip never goes below it; undo
// records of irreversible blocks are deleted in the same batch.
// Thread safety: const methods (Build included) may run concurrently with each other; the
// methods that change the chain (ApplyBlock, CommitBuilt, RollBackTip) need exclusive access.
// ChainService arranges both.
#pragma once

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "block/block.h"
#include "consensus/dpos.h"
#include "state/records.h"
#include "state/state_db.h"

namespace ddn::kernel {

struct ChainOptions {
  std::string nethash;
  consensus::NetworkParams params;
  chain::AddressHash foundation{};  // receives the non-producer share of fees and rewards
  uint64_t total_supply = 0;        // credited to the genesis block's generator before its txs
};

// A block's whole commit, prepared on the current tip without changing anything: its
// transactions, round bookkeeping, indexes and finality as one store batch with its undo record.
// Valid only while the tip is unchanged (the chain has one writer).
struct StagedCommit {
  chain::Hash256 id{};
  uint64_t irreversible = 1;  // the irreversible height once the block is on top
  state::PreparedCommit write;
};

// A block built on the tip, its commit staged.
struct BuiltBlock {
  block::Block block;
  StagedCommit staged;
};

struct ApplyOptions {
  // Block and transaction signatures; off only when the caller verified them already (blocks
  // built from verified pool transactions, synced blocks checked in parallel beforehand).
  bool verify_signatures = true;
  std::optional<uint64_t> current_slot;   // refuse blocks from future slots when set
  bool sync = true;                       // durable commit (see state::CommitOptions)
};

class Chain {
 public:
  Chain(std::unique_ptr<storage::KvStore> store, ChainOptions options);

  // Applies `genesis` to an empty store, or checks that the stored chain starts with it.
  util::Status Open(const block::Block& genesis);

  const state::Tip& tip() const { return tip_; }
  uint64_t irreversible_height() const { return irreversible_; }
  // Distinct generators needed on top of a block for it to be irreversible.
  uint32_t FinalityThreshold() const { return options_.params.delegates * 2 / 3 + 1; }
  const ChainOptions& options() const { return options_; }
  const state::StateDb& db() const { return db_; }
  state::StateDb& mutable_db() { return db_; }

  util::Status ApplyBlock(const block::Block& block, const ApplyOptions& options);
  // ApplyBlock in two steps. StageBlock checks `block` on top of the tip (header; the
  // signatures, when asked, on all cores in the background while this thread applies the
  // transactions) and stages its commit, changing nothing; CommitStaged writes a block staged on
  // the current tip (by StageBlock or Build) and moves the tip onto it (INTERNAL if the tip
  // moved in between).
  util::Result<StagedCommit> StageBlock(const block::Block& block,
                                        const ApplyOptions& options) const;
  util::Status CommitStaged(const block::Block& block, const StagedCommit& staged);
  // Removes the tip block (never the genesis block, never an irreversible block:
  // BELOW_IRREVERSIBLE); returns it.
  util::Result<block::Block> RollBackTip();

  // A block for `slot` on top of the tip, holding those candidates that apply in order (at most
  // the block limits); `skipped` receives (id, reason) of the others.
  util::Result<block::Block> BuildBlock(
      uint64_t slot, const crypto::KeyPair& generator, const std::vector<compat::AnyTx>& candidates,
      std::vector<std::pair<std::string, util::Status>>* skipped);
  // The same, with the block's whole commit staged, so that CommitBuilt only writes it (no second
  // pass over the transactions, nothing left to do under the kernel's exclusive lock). The candidates are copied into the block; their signatures must have been
  // verified (pool entries are), since neither Build nor CommitBuilt checks them.
  util::Result<BuiltBlock> Build(uint64_t slot, const crypto::KeyPair& generator,
                                 const std::vector<const compat::AnyTx*>& candidates,
                                 std::vector<std::pair<std::string, util::Status>>* skipped) const;
  // Commits a block from Build (made on the current tip, so its header and transactions are
  // valid by construction, and its round bookkeeping, indexes and finality are staged): one
  // synced write.
  util::Status CommitBuilt(const BuiltBlock& built);

  // Cheap checks of a block that would replace our blocks above its parent (a fork's first block),
  // made before anything is rolled back: its parent is in the chain at height - 1, and network,
  // slot, slot order, generator (by the stored forging order of its round) and reward are right.
  // Errors: NOT_FOUND (unknown parent), INVALID_FIELD, WRONG_NETHASH, BELOW_IRREVERSIBLE.
  util::Status CheckForkHead(const block::Block& block) const;

  // The delegate that may forge `slot` on top of the current tip.
  util::Result<chain::PublicKey> SlotOwner(uint64_t slot) const;
  util::Result<std::vector<chain::PublicKey>> RoundOrder(uint64_t round) const;

  util::Result<std::optional<block::Block>> BlockAt(uint64_t height) const;
  // The header and signature of the block at `height` (no transactions decoded).
  util::Result<std::optional<block::Block>> HeaderAt(uint64_t height) const;
  util::Result<std::optional<uint64_t>> HeightOfBlock(const chain::Hash256& id) const;
  util::Result<std::optional<state::TxLocation>> FindTransaction(const chain::Hash256& id) const;
  // Number of confirmed transactions the account sent (or received).
  util::Result<uint64_t> AccountTxCount(const chain::AddressHash& address, bool sent) const;
  util::Result<state::Account> GetAccount(const chain::AddressHash& address) const;
  // Visits every account of the committed state (address order) until `visit` returns false.
  util::Status ForEachAccount(const std::function<bool(const state::Account&)>& visit) const;

 private:
  util::Status ApplyGenesis(const block::Block& genesis);
  util::Status CheckHeader(const block::Block& block, const ApplyOptions& options) const;
  util::Status ApplyTransactions(state::Overlay& overlay, const block::Block& block,
                                 bool genesis) const;
  util::Status IndexBlock(state::Overlay& overlay, const block::Block& block,
                          const chain::Hash256& id) const;
  // Round bookkeeping, indexes and finality for `block`, whose transactions are applied in
  // `overlay`, prepared as one batch (nothing is written).
  util::Result<StagedCommit> Stage(state::Overlay& overlay, const block::Block& block,
                                   bool sync) const;
  // The irreversible height once a block of `height` by `generator` is on top of recent_.
  uint64_t FinalityWith(uint64_t height, const chain::PublicKey& generator) const;
  util::Status LoadFinality();

  ChainOptions options_;
  state::StateDb db_;
  state::Tip tip_;
  uint64_t irreversible_ = 1;
  // (height, generator) of the last blocks, oldest first, at most 3N entries.
  std::deque<std::pair<uint64_t, chain::PublicKey>> recent_;
};

}  // namespace ddn::kernel
