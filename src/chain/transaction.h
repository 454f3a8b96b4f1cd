// The native transaction model (docs/protocol.md): what a transaction says, independent of its
// binary or JSON encoding. Encoding lives in tx_codec.h and tx_json.h, stateless rules in
// tx_rules.h, signing in tx_signer.h.
// Invariant kept by the decoders (not by the struct itself): `asset` holds the alternative that
// belongs to `type`, and `recipient` is set exactly for transfers.
// Thread safety: plain value type.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "chain/asset_type.h"
#include "crypto/address.h"
#include "crypto/ed25519.h"
#include "crypto/hash.h"

namespace ddn::chain {

using crypto::AddressHash;
using crypto::Hash256;
using crypto::PublicKey;
using crypto::Signature;

// Transaction type ids. On-chain constants: never change, never reuse.
enum class TxType : uint8_t {
  kTransfer = 0,
  kSecondSignature = 1,
  kDelegate = 2,
  kVote = 3,
  kMultisignature = 4,
};

inline constexpr uint8_t kTxFormatVersion = 1;

struct TransferAsset {
  bool operator==(const TransferAsset&) const = default;
};
struct SecondSignatureAsset {
  PublicKey public_key{};
  bool operator==(const SecondSignatureAsset&) const = default;
};
struct DelegateAsset {
  std::string username;
  bool operator==(const DelegateAsset&) const = default;
};
struct VoteOp {
  bool add = true;  // '+' adds a vote, '-' removes one
  PublicKey delegate{};
  bool operator==(const VoteOp&) const = default;
};
struct VoteAsset {
  std::vector<VoteOp> votes;
  bool operator==(const VoteAsset&) const = default;
};
struct MultisignatureAsset {
  uint8_t min = 0;
  uint8_t lifetime = 0;  // hours
  std::vector<PublicKey> members;
  bool operator==(const MultisignatureAsset&) const = default;
};

// Alternative index == TxType value for the system types 0–4; every type registered from
// assets/ (chain/asset_type.h) uses the last alternative.
using TxAsset = std::variant<TransferAsset, SecondSignatureAsset, DelegateAsset, VoteAsset,
                             MultisignatureAsset, RegisteredAsset>;
inline constexpr size_t kRegisteredAssetIndex = 5;

struct Transaction {
  std::string nethash;
  TxType type = TxType::kTransfer;
  uint32_t timestamp = 0;  // seconds since the DDN epoch
  PublicKey sender{};
  std::optional<AddressHash> recipient;
  uint64_t amount = 0;
  uint64_t fee = 0;
  std::string message;
  TxAsset asset;
  Signature signature{};
  std::optional<Signature> second_signature;
  std::vector<Signature> cosignatures;

  bool operator==(const Transaction&) const = default;
};

// Limits of the format (docs/protocol.md §2–3).
inline constexpr size_t kMaxNethashLength = 32;
// Counted in Unicode code points, as the DDN v2.3 node's schema validator (ajv) counts them.
inline constexpr size_t kMaxMessageChars = 256;
inline constexpr size_t kMaxMessageBytes = 4 * kMaxMessageChars;
// The largest amount a transaction may move: 10^10 DDN (the reference's maxAmount).
inline constexpr uint64_t kMaxAmount = 1'000'000'000'000'000'000;
inline constexpr uint8_t kMaxMultisigMin = 15;
inline constexpr size_t kMaxUsernameLength = 20;
inline constexpr size_t kMaxVotesPerTx = 33;
inline constexpr size_t kMaxMultisigMembers = 15;
inline constexpr size_t kMaxCosignatures = 16;
inline constexpr uint32_t kMaxTimestamp = 0x7fffffff;

std::string_view TxTypeName(TxType type);
// A system type (0–4) or a registered one.
bool IsKnownTxType(uint8_t type);
// Whether transactions of this type name a recipient (transfers and some registered types).
bool TakesRecipient(TxType type);
// The error text when the recipient's presence breaks TakesRecipient.
std::string RecipientRuleText(TxType type);
// Whether transactions of this type may carry an amount > 0.
bool TakesAmount(TxType type);
// The fee a transaction of this type and asset must pay, in base units.
uint64_t RequiredFee(TxType type, const TxAsset& asset);

}  // namespace ddn::chain
