// DAO (types 40–43): organisations on chain. An account registers an organisation under a unique
// id and name (40) and updates it; the owner can hand it to another account for a price in two
// steps, offer and acceptance (41); anyone can submit a contribution to an organisation with an
// asked price (42); the organisation's owner accepts it, paying the price, or rejects it (43).
// README.md states the fields, limits, fees and state effects; docs/protocol.md §3 the grammar.
// Thread safety: value types and pure functions; the rules objects are stateless.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "chain/transaction.h"
#include "state/asset_rules.h"
#include "state/state_view.h"

namespace ddn::assets::dao {

// On-chain constants: never change, never reuse.
inline constexpr uint8_t kOrgType = 40;
inline constexpr uint8_t kExchangeType = 41;
inline constexpr uint8_t kContributionType = 42;
inline constexpr uint8_t kConfirmationType = 43;

inline constexpr uint64_t kExchangeFee = 10'000'000;       // 0.1 DDN
inline constexpr uint64_t kContributionFee = 100'000'000;  // 1 DDN
inline constexpr uint64_t kConfirmationFee = 100'000'000;  // 1 DDN on accept, 0 on reject

inline constexpr size_t kMaxOrgIdChars = 20;
inline constexpr size_t kMinOrgIdChars = 5;
inline constexpr size_t kMaxNameChars = 64;
inline constexpr size_t kMaxTagsChars = 256;
inline constexpr size_t kMaxTags = 40;
inline constexpr size_t kMaxOrgUrlChars = 256;
inline constexpr size_t kMaxTitleChars = 128;
inline constexpr size_t kMaxContributionUrlChars = 256;
inline constexpr size_t kMaxConfirmationUrlChars = 512;

// The state field of types 40, 41 and 43.
inline constexpr uint8_t kOrgCreate = 0, kOrgUpdate = 1;
inline constexpr uint8_t kExchangeOffer = 0, kExchangeAccept = 1;
inline constexpr uint8_t kConfirmReject = 0, kConfirmAccept = 1;

// 40 daoOrg: register (state 0) or update (state 1) an organisation. The owner is the sender.
struct Org final : chain::AssetPayload {
  std::string org_id;  // [0-9a-z_]{5,20}, no leading or trailing '_'; unique
  std::string name;    // required, unique
  std::string tags;    // required: comma-separated, 1..40 distinct non-empty tags
  std::string url;     // optional http(s) URL
  uint8_t state = kOrgCreate;

  void Encode(codec::ByteWriter& w) const override;
  codec::Json ToJson() const override;
  bool Equals(const chain::AssetPayload& other) const override;
  bool operator==(const Org& other) const;
};

// 41 daoExchange: the owner offers the organisation to the recipient for `price` (state 0,
// amount 0); the recipient of the offer accepts it by paying `price` to the seller (state 1,
// recipient = seller, amount = price, exchange_trs_id = the offer's transaction id).
struct Exchange final : chain::AssetPayload {
  std::string org_id;
  uint8_t state = kExchangeOffer;
  std::optional<chain::Hash256> exchange_trs_id;  // present exactly when state is 1
  uint64_t price = 0;                             // base units

  void Encode(codec::ByteWriter& w) const override;
  codec::Json ToJson() const override;
  bool Equals(const chain::AssetPayload& other) const override;
  bool operator==(const Exchange& other) const;
};

// 42 daoContribution: a contribution to an organisation, asking `price` from its owner.
struct Contribution final : chain::AssetPayload {
  std::string org_id;
  std::string title;  // required
  std::string url;    // required http(s) URL
  uint64_t price = 0;

  void Encode(codec::ByteWriter& w) const override;
  codec::Json ToJson() const override;
  bool Equals(const chain::AssetPayload& other) const override;
  bool operator==(const Contribution& other) const;
};

// 43 daoConfirmation: the organisation's owner accepts (state 1: amount = the contribution's
// price, paid to the recipient, the contributor) or rejects (state 0: amount 0, fee 0) a
// contribution. The recipient is the contributor in both cases.
struct Confirmation final : chain::AssetPayload {
  chain::Hash256 contribution_trs_id{};
  uint8_t state = kConfirmAccept;
  std::string url;  // optional

  void Encode(codec::ByteWriter& w) const override;
  codec::Json ToJson() const override;
  bool Equals(const chain::AssetPayload& other) const override;
  bool operator==(const Confirmation& other) const;
};

// The registrations in chain::AssetType form and their rules against the state.
const chain::AssetType& OrgType();
const chain::AssetType& ExchangeType();
const chain::AssetType& ContributionType();
const chain::AssetType& ConfirmationType();
const state::AssetRules& OrgRules();
const state::AssetRules& ExchangeRules();
const state::AssetRules& ContributionRules();
const state::AssetRules& ConfirmationRules();

// The fee of a type-40 transaction: by the length of the id (reference §2.6), a tenth for updates.
uint64_t OrgFee(const Org& org);

// Transactions with these assets (type, fee, recipient and amount set; nethash, timestamp,
// sender and signature are the caller's).
chain::Transaction MakeOrgTransaction(const Org& org);
chain::Transaction MakeExchangeTransaction(const Exchange& exchange,
                                           const chain::AddressHash& recipient);
chain::Transaction MakeContributionTransaction(const Contribution& contribution);
chain::Transaction MakeConfirmationTransaction(const Confirmation& confirmation,
                                               const chain::AddressHash& contributor,
                                               uint64_t price);

// Records kept in the state (docs/storage.md, keys G N O V P).
struct OrgRecord {
  std::string org_id;
  std::string name;
  std::string tags;
  std::string url;
  chain::AddressHash owner{};
  chain::Hash256 tx_id{};       // the registration
  uint64_t height = 0;          // of the registration
  chain::Hash256 last_tx_id{};  // the last update or exchange (the registration at first)
  uint64_t last_height = 0;
  chain::Hash256 owner_tx_id{};  // what made `owner` the owner: registration or acceptance
  bool operator==(const OrgRecord&) const = default;
};

struct ExchangeRecord {
  chain::Hash256 tx_id{};  // the offer
  uint64_t height = 0;
  std::string org_id;
  chain::AddressHash seller{};
  chain::AddressHash buyer{};
  uint64_t price = 0;
  // The org's owner_tx_id when offered: an offer outlives no change of owner, even if the
  // organisation later returns to the seller.
  chain::Hash256 owner_tx_id{};
  std::optional<chain::Hash256> accept_tx_id;  // set once accepted
  uint64_t accept_height = 0;
  bool operator==(const ExchangeRecord&) const = default;
};

struct ContributionRecord {
  chain::Hash256 tx_id{};
  uint64_t height = 0;
  chain::AddressHash contributor{};
  Contribution contribution;
  // Set once the owner confirmed: the confirmation's transaction, height, decision and url.
  std::optional<chain::Hash256> confirmation_tx_id;
  uint64_t confirmation_height = 0;
  uint8_t confirmation_state = 0;
  std::string confirmation_url;
  bool operator==(const ContributionRecord&) const = default;
};

std::string EncodeOrgRecord(const OrgRecord& r);
util::Result<OrgRecord> DecodeOrgRecord(std::string_view bytes);
std::string EncodeExchangeRecord(const ExchangeRecord& r);
util::Result<ExchangeRecord> DecodeExchangeRecord(std::string_view bytes);
std::string EncodeContributionRecord(const ContributionRecord& r);
util::Result<ContributionRecord> DecodeContributionRecord(std::string_view bytes);

// Reads of the committed or staged state.
util::Result<std::optional<OrgRecord>> FindOrg(const state::StateView& view,
                                               std::string_view org_id);
util::Result<std::optional<OrgRecord>> FindOrgByName(const state::StateView& view,
                                                     std::string_view name);
util::Result<std::optional<ExchangeRecord>> FindExchange(const state::StateView& view,
                                                         const chain::Hash256& offer_id);
util::Result<std::optional<ContributionRecord>> FindContribution(const state::StateView& view,
                                                                 const chain::Hash256& id);

}  // namespace ddn::assets::dao
