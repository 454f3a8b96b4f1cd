#include "kernel/genesis.h"

#include <sodium.h>

#include "chain/tx_codec.h"
#include "chain/tx_rules.h"
#include "chain/tx_signer.h"
#include "crypto/address.h"
#include "crypto/bip39.h"
#include "crypto/sodium_init.h"
#include "state/tx_apply.h"

namespace ddn::kernel {

std::string RandomNethash() {
  crypto::EnsureSodium();
  static constexpr char kChars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::string out;
  for (int i = 0; i < 8; ++i) out.push_back(kChars[randombytes_uniform(36)]);
  return out;
}

namespace {

compat::AnyTx Signed(chain::Transaction tx, const crypto::KeyPair& keys) {
  chain::SignTransaction(tx, keys);
  compat::AnyTx any;
  any.format = compat::TxFormat::kNative;
  any.id = chain::TxId(tx);
  any.tx = std::move(tx);
  return any;
}

chain::Transaction Base(const std::string& nethash, chain::TxType type) {
  chain::Transaction tx;
  tx.nethash = nethash;
  tx.type = type;
  tx.timestamp = 0;
  return tx;
}

}  // namespace

util::Result<GenesisOutput> CreateGenesis(const GenesisSpec& spec) {
  if (spec.delegates == 0 || spec.delegates > 1000) {
    return util::Error(util::ErrorCode::kInvalidField, "delegates must be 1..1000");
  }
  GenesisOutput out;
  out.nethash = spec.nethash.empty() ? RandomNethash() : spec.nethash;
  auto secret = [&](const std::string& role, uint32_t i) {
    return spec.test_seed.empty() ? crypto::GenerateMnemonic()
                                  : spec.test_seed + " " + role + " " + std::to_string(i);
  };
  out.genesis_secret = secret("genesis", 0);
  out.faucet_secret = secret("faucet", 0);
  const auto genesis_keys = crypto::KeyPairFromPassphrase(out.genesis_secret);
  const auto faucet_keys = crypto::KeyPairFromPassphrase(out.faucet_secret);
  std::vector<crypto::KeyPair> delegate_keys;
  for (uint32_t i = 1; i <= spec.delegates; ++i) {
    out.delegate_secrets.push_back(secret("delegate", i));
    delegate_keys.push_back(crypto::KeyPairFromPassphrase(out.delegate_secrets.back()));
  }

  auto& txs = out.block.transactions;
  for (const auto& keys : delegate_keys) {
    auto tx = Base(out.nethash, chain::TxType::kTransfer);
    tx.recipient = crypto::AddressHashOf(keys.public_key);
    tx.amount = spec.delegate_funds;
    txs.push_back(Signed(tx, genesis_keys));
  }
  auto faucet = Base(out.nethash, chain::TxType::kTransfer);
  faucet.recipient = crypto::AddressHashOf(faucet_keys.public_key);
  faucet.amount = spec.faucet_funds;
  txs.push_back(Signed(faucet, genesis_keys));
  for (uint32_t i = 0; i < spec.delegates; ++i) {
    auto tx = Base(out.nethash, chain::TxType::kDelegate);
    tx.asset = chain::DelegateAsset{"genesis_" + std::to_string(i + 1)};
    txs.push_back(Signed(tx, delegate_keys[i]));
  }
  const size_t voted = std::min(delegate_keys.size(), state::kMaxVotesPerAccount);
  for (size_t first = 0; first < voted; first += chain::kMaxVotesPerTx) {
    chain::VoteAsset votes;
    for (size_t i = first; i < voted && i < first + chain::kMaxVotesPerTx; ++i) {
      votes.votes.push_back({true, delegate_keys[i].public_key});
    }
    auto tx = Base(out.nethash, chain::TxType::kVote);
    tx.asset = std::move(votes);
    txs.push_back(Signed(tx, genesis_keys));
  }
  for (const auto& tx : txs) DDN_RETURN_IF_ERROR(chain::CheckTxFields(tx.tx));

  block::BlockHeader& h = out.block.header;
  h.nethash = out.nethash;
  h.height = 1;
  h.timestamp = 0;
  block::SealBlock(out.block, genesis_keys);
  return out;
}

}  // namespace ddn::kernel
