// Valid, signed sample transactions for fuzz seed corpora (fuzz/make_seeds.cc) and benchmarks
// (bench/): native transactions of every type 0–4 built with SignTransaction, and the same
// transactions in the legacy (DDN v2.3 client) JSON form, signed by the legacy rule
// (docs/protocol.md §8). Keys come from fixed passphrases, so the output is deterministic.
// Header-only so that fuzz/ and bench/ can share it without another library target.
// Thread safety: pure functions.
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "chain/transaction.h"
#include "chain/tx_codec.h"
#include "chain/tx_json.h"
#include "chain/tx_signer.h"
#include "codec/strict_json.h"
#include "compat/legacy_bytes.h"
#include "crypto/address.h"
#include "crypto/ed25519.h"
#include "crypto/hash.h"
#include "util/bytes.h"

namespace ddn::samples {

inline constexpr const char* kNethash = "0ab796cd";

struct SampleKeys {
  crypto::KeyPair sender = crypto::KeyPairFromPassphrase("ddn sample sender passphrase");
  crypto::KeyPair second = crypto::KeyPairFromPassphrase("ddn sample second passphrase");
  crypto::KeyPair recipient = crypto::KeyPairFromPassphrase("ddn sample recipient passphrase");
  crypto::KeyPair member1 = crypto::KeyPairFromPassphrase("ddn sample member one");
  crypto::KeyPair member2 = crypto::KeyPairFromPassphrase("ddn sample member two");
  crypto::KeyPair member3 = crypto::KeyPairFromPassphrase("ddn sample member three");
};

inline const SampleKeys& Keys() {
  static const SampleKeys keys;
  return keys;
}

// An unsigned transaction of `type` with a typical asset (fee and sender are set when signing).
inline chain::Transaction UnsignedSample(chain::TxType type) {
  const SampleKeys& k = Keys();
  chain::Transaction tx;
  tx.nethash = kNethash;
  tx.type = type;
  tx.timestamp = 100000000;
  switch (type) {
    case chain::TxType::kTransfer:
      tx.recipient = crypto::AddressHashOf(k.recipient.public_key);
      tx.amount = 150000000;
      tx.message = "hi";
      tx.asset = chain::TransferAsset{};
      break;
    case chain::TxType::kSecondSignature:
      tx.asset = chain::SecondSignatureAsset{k.second.public_key};
      break;
    case chain::TxType::kDelegate:
      tx.asset = chain::DelegateAsset{"alice_01"};
      break;
    case chain::TxType::kVote:
      tx.asset = chain::VoteAsset{
          {chain::VoteOp{true, k.member1.public_key}, chain::VoteOp{false, k.member2.public_key}}};
      break;
    case chain::TxType::kMultisignature:
      tx.asset = chain::MultisignatureAsset{
          2, 24, {k.member1.public_key, k.member2.public_key, k.member3.public_key}};
      break;
  }
  return tx;
}

// A signed native transaction; multisignature registrations get two member co-signatures.
inline chain::Transaction SignedSample(chain::TxType type, bool with_second_signature = false) {
  const SampleKeys& k = Keys();
  chain::Transaction tx = UnsignedSample(type);
  chain::SignTransaction(tx, k.sender,
                         with_second_signature ? std::optional(k.second) : std::nullopt);
  if (type == chain::TxType::kMultisignature) {
    // Native encodings list co-signatures in ascending byte order.
    tx.cosignatures = {chain::Cosign(tx, k.member2), chain::Cosign(tx, k.member1)};
    std::sort(tx.cosignatures.begin(), tx.cosignatures.end());
  }
  return tx;
}

// Every native sample: each type without, and transfer and vote also with, a second signature.
inline std::vector<std::pair<std::string, chain::Transaction>> NativeSamples() {
  std::vector<std::pair<std::string, chain::Transaction>> out;
  for (int t = 0; t <= 4; ++t) {
    const auto type = static_cast<chain::TxType>(t);
    out.emplace_back("type" + std::to_string(t), SignedSample(type));
  }
  out.emplace_back("type0_second", SignedSample(chain::TxType::kTransfer, true));
  out.emplace_back("type3_second", SignedSample(chain::TxType::kVote, true));
  return out;
}

// The same content as a legacy (DDN v2.3 client) JSON, signed by the legacy rule: signature over
// SHA-256(legacy bytes without signatures), second signature over SHA-256(bytes with the first
// signature), id = SHA-256(bytes with both).
inline codec::Json LegacySample(chain::TxType type, bool with_second_signature = false) {
  const SampleKeys& k = Keys();
  chain::Transaction tx = SignedSample(type);
  codec::Json j = chain::TxToJson(tx);
  for (const char* key : {"version", "signature", "sign_signature", "signatures", "id"}) {
    j.erase(key);
  }
  if (type != chain::TxType::kTransfer) j["recipientId"] = nullptr;
  const crypto::Hash256 digest = crypto::Sha256(
      compat::LegacyBytes(j, {.skip_signature = true, .skip_second_signature = true}));
  j["signature"] = util::ToHex(crypto::Sign(digest, k.sender.secret_key));
  if (with_second_signature) {
    const crypto::Hash256 second_digest =
        crypto::Sha256(compat::LegacyBytes(j, {.skip_second_signature = true}));
    j["sign_signature"] = util::ToHex(crypto::Sign(second_digest, k.second.secret_key));
  }
  if (type == chain::TxType::kMultisignature) {  // in signing order, as the client sends them
    j["signatures"] = {util::ToHex(crypto::Sign(digest, k.member1.secret_key)),
                       util::ToHex(crypto::Sign(digest, k.member3.secret_key))};
  }
  j["id"] = util::ToHex(crypto::Sha256(compat::LegacyBytes(j, {})));
  return j;
}

inline std::vector<std::pair<std::string, codec::Json>> LegacySamples() {
  std::vector<std::pair<std::string, codec::Json>> out;
  for (int t = 0; t <= 4; ++t) {
    out.emplace_back("legacy_type" + std::to_string(t),
                     LegacySample(static_cast<chain::TxType>(t)));
  }
  out.emplace_back("legacy_type0_second", LegacySample(chain::TxType::kTransfer, true));
  return out;
}

}  // namespace ddn::samples
