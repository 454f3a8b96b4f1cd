// Chain: the validated, committed block chain of one node, on a StateDb.
//
// It applies blocks (full validation: header, slot and generator, reward, signature, every
// transaction against the state, round bookkeeping) atomically with undo data, rolls the tip back,
// builds new blocks from candidate transactions, and answers queries about blocks, transactions,
// accounts and delegates. It does not read the wall clock: callers pass the current slot.
// Thread safety: not thread-safe; ChainService serialises access.
#pragma once

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

struct ApplyOptions {
  bool verify_signatures = true;          // off only for blocks built from verified pool txs
  std::optional<uint64_t> current_slot;   // refuse blocks from future slots when set
};

class Chain {
 public:
  Chain(std::unique_ptr<storage::KvStore> store, ChainOptions options);

  // Applies `genesis` to an empty store, or checks that the stored chain starts with it.
  util::Status Open(const block::Block& genesis);

  const state::Tip& tip() const { return tip_; }
  const ChainOptions& options() const { return options_; }
  const state::StateDb& db() const { return db_; }
  state::StateDb& mutable_db() { return db_; }

  util::Status ApplyBlock(const block::Block& block, const ApplyOptions& options);
  // Removes the tip block (never the genesis block); returns it.
  util::Result<block::Block> RollBackTip();

  // A block for `slot` on top of the tip, holding those candidates that apply in order (at most
  // the block limits); `skipped` receives (id, reason) of the others.
  util::Result<block::Block> BuildBlock(
      uint64_t slot, const crypto::KeyPair& generator, const std::vector<compat::AnyTx>& candidates,
      std::vector<std::pair<std::string, util::Status>>* skipped);

  // The delegate that may forge `slot` on top of the current tip.
  util::Result<chain::PublicKey> SlotOwner(uint64_t slot) const;
  util::Result<std::vector<chain::PublicKey>> RoundOrder(uint64_t round) const;

  util::Result<std::optional<block::Block>> BlockAt(uint64_t height) const;
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
                                 const ApplyOptions& options, bool genesis) const;
  void IndexBlock(state::Overlay& overlay, const block::Block& block,
                  const chain::Hash256& id) const;

  ChainOptions options_;
  state::StateDb db_;
  state::Tip tip_;
};

}  // namespace ddn::kernel
