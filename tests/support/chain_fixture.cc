#include "chain_fixture.h"

#include <stdexcept>

#include "assets/registry.h"
#include "chain/tx_codec.h"
#include "chain/tx_signer.h"
#include "consensus/dpos.h"
#include "crypto/address.h"
#include "state/keys.h"
#include "storage/kv_store.h"

namespace ddn::testing {

ChainFixture::ChainFixture(uint32_t delegates, consensus::NetworkParams params,
                           std::unique_ptr<storage::KvStore> store) {
  assets::RegisterAll();
  params.delegates = delegates;
  kernel::GenesisSpec spec;
  spec.nethash = "testnet1";
  spec.delegates = delegates;
  spec.test_seed = "fixture";
  auto genesis = kernel::CreateGenesis(spec);
  if (!genesis.ok()) throw std::runtime_error(genesis.status().ToString());
  genesis_ = std::move(genesis).value();
  faucet_ = crypto::KeyPairFromPassphrase(genesis_.faucet_secret);
  foundation_ = crypto::AddressHashOf(crypto::KeyPairFromPassphrase("fixture foundation").public_key);
  for (const auto& secret : genesis_.delegate_secrets) {
    auto keys = crypto::KeyPairFromPassphrase(secret);
    delegate_keys_[keys.public_key] = keys;
  }
  kernel::ChainOptions options;
  options.nethash = genesis_.nethash;
  options.params = params;
  options.foundation = foundation_;
  options.total_supply = spec.total_supply;
  chain_ = std::make_unique<kernel::Chain>(store ? std::move(store) : storage::NewMemKvStore(),
                                           options);
  auto s = chain_->Open(genesis_.block);
  if (!s.ok()) throw std::runtime_error(s.ToString());
}

uint64_t ChainFixture::TipSlot() const {
  return consensus::SlotOf(chain_->tip().timestamp, chain_->options().params);
}

util::Result<block::Block> ChainFixture::ProduceBlock(const std::vector<compat::AnyTx>& txs,
                                                      std::optional<uint64_t> slot) {
  const uint64_t s = slot.value_or(TipSlot() + 1);
  DDN_ASSIGN_OR_RETURN(chain::PublicKey owner, chain_->SlotOwner(s));
  std::vector<std::pair<std::string, util::Status>> skipped;
  DDN_ASSIGN_OR_RETURN(block::Block b, chain_->BuildBlock(s, delegate_keys_.at(owner), txs, &skipped));
  if (!skipped.empty()) return skipped.front().second;
  DDN_RETURN_IF_ERROR(chain_->ApplyBlock(b, {.verify_signatures = true, .current_slot = s}));
  return b;
}

util::Status ChainFixture::ProduceBlocks(size_t n) {
  for (size_t i = 0; i < n; ++i) DDN_RETURN_IF_ERROR(ProduceBlock().status());
  return util::Status::Ok();
}

util::Status ChainFixture::ProduceUntilEndOfRound() {
  do {
    DDN_RETURN_IF_ERROR(ProduceBlock().status());
  } while (!consensus::IsLastOfRound(chain_->tip().height, chain_->options().params));
  return util::Status::Ok();
}

compat::AnyTx ChainFixture::Sign(chain::Transaction tx, const crypto::KeyPair& keys) {
  tx.nethash = genesis_.nethash;
  tx.timestamp = chain_->tip().timestamp;  // never after the next block's slot
  chain::SignTransaction(tx, keys);
  compat::AnyTx any;
  any.id = chain::TxId(tx);
  any.tx = std::move(tx);
  return any;
}

compat::AnyTx ChainFixture::Transfer(const crypto::KeyPair& from, const chain::AddressHash& to,
                                     uint64_t amount, std::string message) {
  chain::Transaction tx;
  tx.type = chain::TxType::kTransfer;
  tx.recipient = to;
  tx.amount = amount;
  tx.message = std::move(message);
  return Sign(std::move(tx), from);
}

std::map<std::string, std::string> ChainFixture::Snapshot() const {
  std::map<std::string, std::string> all;
  auto s = chain_->db().Scan("", false, [&](std::string_view k, std::string_view v) {
    if (k.starts_with("u") || k == state::keys::Irreversible()) return true;
    all.emplace(k, v);
    return true;
  });
  if (!s.ok()) throw std::runtime_error(s.ToString());
  return all;
}

}  // namespace ddn::testing
