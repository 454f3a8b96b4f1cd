// Typed state records and their canonical encodings: accounts (with delegate data, votes cast,
// second key, multisignature group), the delegate list, round data and the chain tip.
// Thread safety: value types and pure functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "chain/transaction.h"
#include "util/status.h"

namespace ddn::state {

using chain::AddressHash;
using chain::Hash256;
using chain::PublicKey;

struct DelegateInfo {
  std::string username;
  uint64_t vote_weight = 0;  // sum of the balances of the accounts voting for it
  uint64_t produced_blocks = 0;
  uint64_t missed_blocks = 0;
  uint64_t fees = 0;     // fees earned
  uint64_t rewards = 0;  // block rewards earned
  bool operator==(const DelegateInfo&) const = default;
};

struct MultisigGroup {
  uint8_t min = 0;
  uint8_t lifetime = 0;
  std::vector<PublicKey> members;
  bool operator==(const MultisigGroup&) const = default;
};

struct Account {
  AddressHash address{};
  std::optional<PublicKey> public_key;  // known once the account has sent a transaction
  uint64_t balance = 0;
  std::optional<PublicKey> second_public_key;
  std::optional<MultisigGroup> multisig;
  std::optional<DelegateInfo> delegate;
  std::vector<PublicKey> votes;  // delegates this account votes for, in voting order
  // Confirmed transactions the account sent / received (the sizes of its history index).
  uint64_t sent_count = 0;
  uint64_t received_count = 0;
  bool operator==(const Account&) const = default;
};

std::string EncodeAccount(const Account& account);
util::Result<Account> DecodeAccount(std::string_view bytes);

// Positions of transactions within one block (an account's history index record): ascending
// varints.
std::string EncodePositions(const std::vector<uint32_t>& positions);
util::Result<std::vector<uint32_t>> DecodePositions(std::string_view bytes);

std::string EncodeKeyList(const std::vector<PublicKey>& keys);
util::Result<std::vector<PublicKey>> DecodeKeyList(std::string_view bytes);

// Fees and per-block rewards collected in the current round, for sharing at its end.
struct RoundAccumulator {
  uint64_t round = 0;
  uint64_t fees = 0;
  std::vector<std::pair<PublicKey, uint64_t>> blocks;  // (generator, reward) in height order
  bool operator==(const RoundAccumulator&) const = default;
};
std::string EncodeRoundAccumulator(const RoundAccumulator& acc);
util::Result<RoundAccumulator> DecodeRoundAccumulator(std::string_view bytes);

struct Tip {
  uint64_t height = 0;
  Hash256 id{};
  uint32_t timestamp = 0;
  bool operator==(const Tip&) const = default;
};
std::string EncodeTip(const Tip& tip);
util::Result<Tip> DecodeTip(std::string_view bytes);

// Where a confirmed transaction is.
struct TxLocation {
  uint64_t height = 0;
  uint32_t position = 0;
};
std::string EncodeTxLocation(const TxLocation& loc);
util::Result<TxLocation> DecodeTxLocation(std::string_view bytes);

}  // namespace ddn::state
