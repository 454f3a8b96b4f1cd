// ChainFixture: an in-process chain on the in-memory store with all delegate keys at hand, for
// tests that produce blocks by the hundred in milliseconds (slots are given, not waited for).
// Test support only. Thread safety: one thread.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "kernel/chain.h"
#include "kernel/genesis.h"
#include "storage/kv_store.h"

namespace ddn::testing {

class ChainFixture {
 public:
  // `store`: where the chain lives (default: a fresh in-memory store).
  explicit ChainFixture(uint32_t delegates = 101, consensus::NetworkParams params = {},
                        std::unique_ptr<storage::KvStore> store = nullptr);

  kernel::Chain& chain() { return *chain_; }
  const kernel::GenesisOutput& genesis() const { return genesis_; }
  const crypto::KeyPair& faucet() const { return faucet_; }
  chain::AddressHash foundation() const { return foundation_; }

  uint64_t TipSlot() const;
  // Forges and applies one block in `slot` (default: the slot after the tip) with `txs`.
  util::Result<block::Block> ProduceBlock(const std::vector<compat::AnyTx>& txs = {},
                                          std::optional<uint64_t> slot = std::nullopt);
  util::Status ProduceBlocks(size_t n);
  util::Status ProduceUntilEndOfRound();

  // A signed native transfer from `from` (default: the faucet).
  compat::AnyTx Transfer(const crypto::KeyPair& from, const chain::AddressHash& to,
                         uint64_t amount, std::string message = "");
  compat::AnyTx Sign(chain::Transaction tx, const crypto::KeyPair& keys);

  // Every key and value of the store (for exact state comparisons), except the finality
  // bookkeeping that a rollback deliberately keeps: undo records and the irreversible height.
  std::map<std::string, std::string> Snapshot() const;

 private:
  kernel::GenesisOutput genesis_;
  crypto::KeyPair faucet_;
  chain::AddressHash foundation_;
  std::map<chain::PublicKey, crypto::KeyPair> delegate_keys_;
  std::unique_ptr<kernel::Chain> chain_;
};

}  // namespace ddn::testing
