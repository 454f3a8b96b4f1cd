// AOB (types 60–65): assets on the blockchain, issued by users. An account registers as an
// issuer (60) under a unique name, registers assets "ISSUER.TOKEN" with a maximum supply (61),
// sets their flags (62: ACL mode, write-off) and ACL lists (63), issues units to itself up to
// the maximum (64), and any holder transfers units to another account (65). Asset amounts are
// integers in the asset's smallest unit (u64). README.md states the fields, limits, fees, rules
// and state effects; docs/protocol.md §3.1 the grammar.
// Thread safety: value types and pure functions; the rules objects are stateless.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "chain/transaction.h"
#include "state/asset_rules.h"
#include "state/state_view.h"

namespace ddn::assets::aob {

// On-chain constants: never change, never reuse.
inline constexpr uint8_t kIssuerType = 60;
inline constexpr uint8_t kAssetType = 61;
inline constexpr uint8_t kFlagsType = 62;
inline constexpr uint8_t kAclType = 63;
inline constexpr uint8_t kIssueType = 64;
inline constexpr uint8_t kTransferType = 65;

inline constexpr uint64_t kIssuerFee = 10'000'000'000;  // 100 DDN
inline constexpr uint64_t kAssetFee = 50'000'000'000;   // 500 DDN
inline constexpr uint64_t kFlagsFee = 10'000'000;       // 0.1 DDN
inline constexpr uint64_t kAclFee = 10'000'000;         // 0.1 DDN
inline constexpr uint64_t kIssueFee = 10'000'000;       // 0.1 DDN
inline constexpr uint64_t kTransferFee = 0;             // the reference's aob_transfer fee

// Limits (Unicode code points for text).
inline constexpr size_t kMaxIssuerName = 16;  // [A-Za-z]
inline constexpr size_t kMaxIssuerDesc = 1024;
inline constexpr size_t kMaxAssetDesc = 4096;
inline constexpr size_t kMaxStrategy = 256;
inline constexpr uint8_t kMaxPrecision = 16;
inline constexpr size_t kMaxAclList = 10;
inline constexpr size_t kMaxContent = 1024;
inline constexpr size_t kMaxCurrency = kMaxIssuerName + 1 + 6;  // ISSUER.TOKEN

inline constexpr uint8_t kFlagTypeAcl = 1;       // flag 0: black-list mode, 1: white-list mode
inline constexpr uint8_t kFlagTypeWriteOff = 2;  // flag 1: written off (final)
inline constexpr uint8_t kBlackList = 0;
inline constexpr uint8_t kWhiteList = 1;

// 60: registers the sender as an issuer. The reference's issuer_id is not a field: the issuer is
// the sender (reference §11.2: the node wrote it into the signed asset after the fact).
struct Issuer final : chain::AssetPayload {
  std::string name;  // 1..16 of A-Z a-z, unique on the chain
  std::string desc;  // 1..1024
  void Encode(codec::ByteWriter& w) const override;
  codec::Json ToJson() const override;
  bool Equals(const chain::AssetPayload& other) const override;
  bool operator==(const Issuer& other) const;
};

// 61: registers an asset of the sender's issuer. quantity, acl and writeoff are state, not
// fields (reference §11.2: they were written into the stored asset).
struct Asset final : chain::AssetPayload {
  std::string name;       // "ISSUER.TOKEN", ISSUER the sender's issuer, TOKEN [A-Z]{3,6}
  std::string desc;       // 1..4096
  uint64_t maximum = 0;   // 1..2^64-1 smallest units
  uint8_t precision = 0;  // 0..16 decimals shown by clients
  std::string strategy;   // optional, ≤ 256; stored, not evaluated
  bool allow_writeoff = false;
  bool allow_whitelist = false;
  bool allow_blacklist = false;
  void Encode(codec::ByteWriter& w) const override;
  codec::Json ToJson() const override;
  bool Equals(const chain::AssetPayload& other) const override;
  bool operator==(const Asset& other) const;
};

// 62: sets a flag of an asset (its issuer only).
struct Flags final : chain::AssetPayload {
  std::string currency;
  uint8_t flag_type = 0;  // kFlagTypeAcl or kFlagTypeWriteOff
  uint8_t flag = 0;       // acl: 0 black-list mode, 1 white-list mode; writeoff: 1
  void Encode(codec::ByteWriter& w) const override;
  codec::Json ToJson() const override;
  bool Equals(const chain::AssetPayload& other) const override;
  bool operator==(const Flags& other) const;
};

// 63: adds addresses to, or removes them from, an asset's black or white list (its issuer only).
struct Acl final : chain::AssetPayload {
  std::string currency;
  uint8_t flag = 0;                      // kBlackList or kWhiteList
  bool add = true;                       // operator '+' (true) or '-'
  std::vector<chain::AddressHash> list;  // 1..10, distinct, not the issuer
  void Encode(codec::ByteWriter& w) const override;
  codec::Json ToJson() const override;
  bool Equals(const chain::AssetPayload& other) const override;
  bool operator==(const Acl& other) const;
};

// 64: the issuer mints units to its own balance, up to the asset's maximum.
struct Issue final : chain::AssetPayload {
  std::string currency;
  uint64_t amount = 0;  // ≥ 1
  void Encode(codec::ByteWriter& w) const override;
  codec::Json ToJson() const override;
  bool Equals(const chain::AssetPayload& other) const override;
  bool operator==(const Issue& other) const;
};

// 65: moves units from the sender to the transaction's recipient (top-level recipientId;
// top-level amount 0).
struct Transfer final : chain::AssetPayload {
  std::string currency;
  uint64_t amount = 0;  // ≥ 1
  std::string content;  // optional memo, ≤ 1024
  void Encode(codec::ByteWriter& w) const override;
  codec::Json ToJson() const override;
  bool Equals(const chain::AssetPayload& other) const override;
  bool operator==(const Transfer& other) const;
};

// The registrations, one pair per type id (assets/registry.cc).
const chain::AssetType& IssuerTxType();
const state::AssetRules& IssuerTxRules();
const chain::AssetType& AssetTxType();
const state::AssetRules& AssetTxRules();
const chain::AssetType& FlagsTxType();
const state::AssetRules& FlagsTxRules();
const chain::AssetType& AclTxType();
const state::AssetRules& AclTxRules();
const chain::AssetType& IssueTxType();
const state::AssetRules& IssueTxRules();
const chain::AssetType& TransferTxType();
const state::AssetRules& TransferTxRules();

// Unsigned transactions with the fee set (nethash, timestamp, sender, signature are the caller's).
chain::Transaction MakeTransaction(const Issuer& p);
chain::Transaction MakeTransaction(const Asset& p);
chain::Transaction MakeTransaction(const Flags& p);
chain::Transaction MakeTransaction(const Acl& p);
chain::Transaction MakeTransaction(const Issue& p);
chain::Transaction MakeTransaction(const Transfer& p, const chain::AddressHash& recipient);

// State records (docs/storage.md keys I, K, X).
struct IssuerRecord {
  chain::Hash256 tx_id{};
  uint64_t height = 0;
  chain::AddressHash owner{};
  Issuer issuer;
  bool operator==(const IssuerRecord&) const = default;
};
struct AssetRecord {
  chain::Hash256 tx_id{};
  uint64_t height = 0;
  chain::AddressHash owner{};  // the issuer's account
  Asset asset;
  uint64_t quantity = 0;  // issued so far
  uint8_t acl = kBlackList;
  bool written_off = false;
  bool operator==(const AssetRecord&) const = default;
};
struct TransferRecord {
  chain::Hash256 tx_id{};
  uint64_t height = 0;
  chain::AddressHash from{};
  chain::AddressHash to{};
  std::string currency;
  uint64_t amount = 0;
  std::string content;
  bool operator==(const TransferRecord&) const = default;
};
std::string EncodeIssuerRecord(const IssuerRecord& r);
util::Result<IssuerRecord> DecodeIssuerRecord(std::string_view bytes);
std::string EncodeAssetRecord(const AssetRecord& r);
util::Result<AssetRecord> DecodeAssetRecord(std::string_view bytes);
std::string EncodeTransferRecord(const TransferRecord& r);
util::Result<TransferRecord> DecodeTransferRecord(std::string_view bytes);

// Reads of the committed or staged state.
util::Result<std::optional<IssuerRecord>> FindIssuer(const state::StateView& view,
                                                     std::string_view name);
util::Result<std::optional<IssuerRecord>> FindIssuerOf(const state::StateView& view,
                                                       const chain::AddressHash& owner);
util::Result<std::optional<AssetRecord>> FindAsset(const state::StateView& view,
                                                   std::string_view name);
util::Result<uint64_t> BalanceOf(const state::StateView& view, const chain::AddressHash& holder,
                                 std::string_view currency);
util::Result<bool> IsListed(const state::StateView& view, std::string_view currency, uint8_t flag,
                            const chain::AddressHash& address);

}  // namespace ddn::assets::aob
