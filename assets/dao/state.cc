// Types 40–43 against the state: the records kept under keys G N O V P, and the rules.
#include "assets/dao/dao.h"
#include "crypto/address.h"
#include "state/keys.h"
#include "util/amount.h"

namespace ddn::assets::dao {

using util::ErrorCode;
using util::Status;

namespace {

constexpr uint8_t kRecordVersion = 1;

// Fixed-size fields byte by byte: ByteWriter::Raw on a one-byte buffer trips a false
// -Warray-bounds in g++ 12 at -O3.
void PutFixed(codec::ByteWriter& w, util::ByteSpan bytes) {
  for (uint8_t b : bytes) w.U8(b);
}

std::string Take(codec::ByteWriter& w) {
  const util::Bytes& b = w.bytes();
  return std::string(b.begin(), b.end());
}

void WriteOptionalId(codec::ByteWriter& w, const std::optional<chain::Hash256>& id) {
  w.U8(id ? 1 : 0);
  if (id) PutFixed(w, *id);
}

std::optional<chain::Hash256> ReadOptionalId(codec::ByteReader& r, const char* what) {
  if (!r.Presence(what)) return std::nullopt;
  return r.Fixed<32>();
}

void ReadVersion(codec::ByteReader& r, const char* what) {
  if (r.U8() != kRecordVersion && r.ok()) {
    r.Fail(ErrorCode::kInternal, std::string("unknown ") + what + " record version");
  }
}

util::Status Corrupt(const char* what, const codec::ByteReader& r) {
  return util::Error(ErrorCode::kInternal,
                     std::string("corrupt ") + what + " record: " + r.status().message());
}

Status Refuse(std::string message) {
  return util::Error(ErrorCode::kStateRule, std::move(message));
}
Status NotFound(std::string message) {
  return util::Error(ErrorCode::kNotFound, std::move(message));
}

chain::Hash256 TxId(const compat::AnyTx& any) {
  return util::FromHexFixed<32>(any.id).value_or(chain::Hash256{});
}

template <typename Payload>
const Payload& Of(const compat::AnyTx& any) {
  // CheckTxFields guarantees the payload's class for a decoded transaction of the type.
  return *chain::PayloadAs<Payload>(std::get<chain::RegisteredAsset>(any.tx.asset));
}

util::Result<OrgRecord> ExistingOrg(const state::StateView& view, const std::string& org_id) {
  DDN_ASSIGN_OR_RETURN(auto org, FindOrg(view, org_id));
  if (!org) return NotFound("organisation " + org_id + " is not registered");
  return std::move(*org);
}

Status RequireOwner(const OrgRecord& org, const chain::AddressHash& who, std::string_view what) {
  if (org.owner == who) return Status::Ok();
  return Refuse("only the owner of organisation " + org.org_id + " (" +
                crypto::AddressFromHash(org.owner) + ") can " + std::string(what));
}

class OrgStateRules final : public state::AssetRules {
 public:
  Status Verify(const state::Ledger& ledger, const compat::AnyTx& any,
                const state::ApplyContext&) const override {
    const Org& o = Of<Org>(any);
    const auto sender = crypto::AddressHashOf(any.tx.sender);
    DDN_ASSIGN_OR_RETURN(auto existing, FindOrg(ledger.view(), o.org_id));
    if (o.state == kOrgCreate && existing) {
      return util::Error(ErrorCode::kDuplicate,
                         "organisation id " + o.org_id + " is already registered");
    }
    if (o.state == kOrgUpdate) {
      if (!existing) return NotFound("organisation " + o.org_id + " is not registered");
      DDN_RETURN_IF_ERROR(RequireOwner(*existing, sender, "update it"));
    }
    DDN_ASSIGN_OR_RETURN(auto by_name, FindOrgByName(ledger.view(), o.name));
    if (by_name && by_name->org_id != o.org_id) {
      return util::Error(ErrorCode::kDuplicate, "organisation name '" + o.name +
                                                    "' is already taken by " + by_name->org_id);
    }
    return Status::Ok();
  }

  Status Apply(state::Ledger& ledger, const compat::AnyTx& any,
               const state::ApplyContext& ctx) const override {
    const Org& o = Of<Org>(any);
    state::Overlay& overlay = ledger.overlay();
    OrgRecord record;
    if (o.state == kOrgUpdate) {
      DDN_ASSIGN_OR_RETURN(record, ExistingOrg(ledger.view(), o.org_id));
      if (record.name != o.name) overlay.Erase(state::keys::DaoOrgByName(record.name));
    } else {
      record.org_id = o.org_id;
      record.owner = crypto::AddressHashOf(any.tx.sender);
      record.tx_id = TxId(any);
      record.height = ctx.height;
      record.owner_tx_id = record.tx_id;
      overlay.Write(state::keys::DaoOrgOwnerPrefix(record.owner) + o.org_id, "");
    }
    record.name = o.name;
    record.tags = o.tags;
    record.url = o.url;
    record.last_tx_id = TxId(any);
    record.last_height = ctx.height;
    overlay.Write(state::keys::DaoOrg(o.org_id), EncodeOrgRecord(record));
    overlay.Write(state::keys::DaoOrgByName(o.name), o.org_id);
    return Status::Ok();
  }

  bool MovesFunds() const override { return false; }
};

class ExchangeStateRules final : public state::AssetRules {
 public:
  Status Verify(const state::Ledger& ledger, const compat::AnyTx& any,
                const state::ApplyContext&) const override {
    const Exchange& e = Of<Exchange>(any);
    const auto sender = crypto::AddressHashOf(any.tx.sender);
    DDN_ASSIGN_OR_RETURN(OrgRecord org, ExistingOrg(ledger.view(), e.org_id));
    if (e.state == kExchangeOffer) return RequireOwner(org, sender, "offer it");

    const std::string offer_hex = util::ToHex(*e.exchange_trs_id);
    DDN_ASSIGN_OR_RETURN(auto offer, FindExchange(ledger.view(), *e.exchange_trs_id));
    if (!offer) return NotFound("no exchange offer " + offer_hex);
    if (offer->accept_tx_id) return Refuse("exchange offer " + offer_hex + " was already accepted");
    if (offer->org_id != e.org_id) {
      return Refuse("exchange offer " + offer_hex + " is for organisation " + offer->org_id);
    }
    if (offer->buyer != sender) {
      return Refuse("exchange offer " + offer_hex + " was made to " +
                    crypto::AddressFromHash(offer->buyer));
    }
    if (offer->seller != *any.tx.recipient) {
      return Refuse("recipientId must be the seller " + crypto::AddressFromHash(offer->seller));
    }
    if (offer->price != e.price) {
      return Refuse("price must be the offer's price " + util::FormatAmount(offer->price));
    }
    if (org.owner != offer->seller || org.owner_tx_id != offer->owner_tx_id) {
      return Refuse("exchange offer " + offer_hex + " is stale: organisation " + e.org_id +
                    " changed hands since");
    }
    return Status::Ok();
  }

  Status Apply(state::Ledger& ledger, const compat::AnyTx& any,
               const state::ApplyContext& ctx) const override {
    const Exchange& e = Of<Exchange>(any);
    state::Overlay& overlay = ledger.overlay();
    if (e.state == kExchangeOffer) {
      DDN_ASSIGN_OR_RETURN(OrgRecord org, ExistingOrg(ledger.view(), e.org_id));
      ExchangeRecord offer;
      offer.owner_tx_id = org.owner_tx_id;
      offer.tx_id = TxId(any);
      offer.height = ctx.height;
      offer.org_id = e.org_id;
      offer.seller = crypto::AddressHashOf(any.tx.sender);
      offer.buyer = *any.tx.recipient;
      offer.price = e.price;
      overlay.Write(state::keys::DaoExchange(offer.tx_id), EncodeExchangeRecord(offer));
      return Status::Ok();
    }
    DDN_ASSIGN_OR_RETURN(auto offer, FindExchange(ledger.view(), *e.exchange_trs_id));
    DDN_ASSIGN_OR_RETURN(OrgRecord org, ExistingOrg(ledger.view(), e.org_id));
    offer->accept_tx_id = TxId(any);
    offer->accept_height = ctx.height;
    overlay.Write(state::keys::DaoExchange(offer->tx_id), EncodeExchangeRecord(*offer));
    overlay.Erase(state::keys::DaoOrgOwnerPrefix(org.owner) + org.org_id);
    org.owner = offer->buyer;
    org.owner_tx_id = TxId(any);
    org.last_tx_id = TxId(any);
    org.last_height = ctx.height;
    overlay.Write(state::keys::DaoOrgOwnerPrefix(org.owner) + org.org_id, "");
    overlay.Write(state::keys::DaoOrg(org.org_id), EncodeOrgRecord(org));
    return ledger.Credit(offer->seller, any.tx.amount);
  }

  bool MovesFunds() const override { return true; }
};

class ContributionStateRules final : public state::AssetRules {
 public:
  Status Verify(const state::Ledger& ledger, const compat::AnyTx& any,
                const state::ApplyContext&) const override {
    DDN_ASSIGN_OR_RETURN(OrgRecord org, ExistingOrg(ledger.view(), Of<Contribution>(any).org_id));
    if (org.owner == crypto::AddressHashOf(any.tx.sender)) {
      // It could never be paid: a confirmation cannot name its own sender as recipient.
      return Refuse("the owner of organisation " + org.org_id + " cannot contribute to it");
    }
    return Status::Ok();
  }

  Status Apply(state::Ledger& ledger, const compat::AnyTx& any,
               const state::ApplyContext& ctx) const override {
    ContributionRecord record;
    record.tx_id = TxId(any);
    record.height = ctx.height;
    record.contributor = crypto::AddressHashOf(any.tx.sender);
    record.contribution = Of<Contribution>(any);
    ledger.overlay().Write(state::keys::DaoContribution(record.tx_id),
                           EncodeContributionRecord(record));
    return Status::Ok();
  }

  bool MovesFunds() const override { return false; }
};

class ConfirmationStateRules final : public state::AssetRules {
 public:
  Status Verify(const state::Ledger& ledger, const compat::AnyTx& any,
                const state::ApplyContext&) const override {
    const Confirmation& c = Of<Confirmation>(any);
    const std::string id_hex = util::ToHex(c.contribution_trs_id);
    DDN_ASSIGN_OR_RETURN(auto contribution, FindContribution(ledger.view(), c.contribution_trs_id));
    if (!contribution) return NotFound("no contribution " + id_hex);
    DDN_ASSIGN_OR_RETURN(OrgRecord org,
                         ExistingOrg(ledger.view(), contribution->contribution.org_id));
    DDN_RETURN_IF_ERROR(
        RequireOwner(org, crypto::AddressHashOf(any.tx.sender), "confirm its contributions"));
    if (contribution->confirmation_tx_id) {
      return Refuse("contribution " + id_hex + " was already " +
                    (contribution->confirmation_state == kConfirmAccept ? "accepted" : "rejected"));
    }
    if (*any.tx.recipient != contribution->contributor) {
      return Refuse("recipientId must be the contributor " +
                    crypto::AddressFromHash(contribution->contributor));
    }
    if (c.state == kConfirmAccept && any.tx.amount != contribution->contribution.price) {
      return Refuse("amount must be the contribution's price " +
                    util::FormatAmount(contribution->contribution.price));
    }
    return Status::Ok();
  }

  Status Apply(state::Ledger& ledger, const compat::AnyTx& any,
               const state::ApplyContext& ctx) const override {
    const Confirmation& c = Of<Confirmation>(any);
    DDN_ASSIGN_OR_RETURN(auto record, FindContribution(ledger.view(), c.contribution_trs_id));
    record->confirmation_tx_id = TxId(any);
    record->confirmation_height = ctx.height;
    record->confirmation_state = c.state;
    record->confirmation_url = c.url;
    ledger.overlay().Write(state::keys::DaoContribution(record->tx_id),
                           EncodeContributionRecord(*record));
    if (any.tx.amount == 0) return Status::Ok();
    return ledger.Credit(record->contributor, any.tx.amount);
  }

  bool MovesFunds() const override { return true; }
};

}  // namespace

const state::AssetRules& OrgRules() {
  static const OrgStateRules rules;
  return rules;
}
const state::AssetRules& ExchangeRules() {
  static const ExchangeStateRules rules;
  return rules;
}
const state::AssetRules& ContributionRules() {
  static const ContributionStateRules rules;
  return rules;
}
const state::AssetRules& ConfirmationRules() {
  static const ConfirmationStateRules rules;
  return rules;
}

// org-record = u8(1) string(org_id) string(name) string(tags) string(url) bytes(20) owner
//              bytes(32) tx-id u64le height bytes(32) last-tx-id u64le last-height
//              bytes(32) owner-tx-id
std::string EncodeOrgRecord(const OrgRecord& r) {
  codec::ByteWriter w;
  w.U8(kRecordVersion);
  w.String(r.org_id);
  w.String(r.name);
  w.String(r.tags);
  w.String(r.url);
  PutFixed(w, r.owner);
  PutFixed(w, r.tx_id);
  w.U64(r.height);
  PutFixed(w, r.last_tx_id);
  w.U64(r.last_height);
  PutFixed(w, r.owner_tx_id);
  return Take(w);
}

util::Result<OrgRecord> DecodeOrgRecord(std::string_view bytes) {
  codec::ByteReader r(util::AsBytes(bytes));
  OrgRecord o;
  ReadVersion(r, "organisation");
  o.org_id = r.String(kMaxOrgIdChars, "org_id");
  o.name = r.String(4 * kMaxNameChars, "name");
  o.tags = r.String(4 * kMaxTagsChars, "tags");
  o.url = r.String(4 * kMaxOrgUrlChars, "url");
  o.owner = r.Fixed<20>();
  o.tx_id = r.Fixed<32>();
  o.height = r.U64();
  o.last_tx_id = r.Fixed<32>();
  o.last_height = r.U64();
  o.owner_tx_id = r.Fixed<32>();
  r.ExpectEnd();
  if (!r.ok()) return Corrupt("organisation", r);
  return o;
}

// exchange-record = u8(1) bytes(32) offer-id u64le height string(org_id) bytes(20) seller
//                   bytes(20) buyer u64le price bytes(32) owner-tx-id
//                   presence [bytes(32) accept-id] u64le accept-height
std::string EncodeExchangeRecord(const ExchangeRecord& r) {
  codec::ByteWriter w;
  w.U8(kRecordVersion);
  PutFixed(w, r.tx_id);
  w.U64(r.height);
  w.String(r.org_id);
  PutFixed(w, r.seller);
  PutFixed(w, r.buyer);
  w.U64(r.price);
  PutFixed(w, r.owner_tx_id);
  WriteOptionalId(w, r.accept_tx_id);
  w.U64(r.accept_height);
  return Take(w);
}

util::Result<ExchangeRecord> DecodeExchangeRecord(std::string_view bytes) {
  codec::ByteReader r(util::AsBytes(bytes));
  ExchangeRecord e;
  ReadVersion(r, "exchange");
  e.tx_id = r.Fixed<32>();
  e.height = r.U64();
  e.org_id = r.String(kMaxOrgIdChars, "org_id");
  e.seller = r.Fixed<20>();
  e.buyer = r.Fixed<20>();
  e.price = r.U64();
  e.owner_tx_id = r.Fixed<32>();
  e.accept_tx_id = ReadOptionalId(r, "accept_tx_id");
  e.accept_height = r.U64();
  r.ExpectEnd();
  if (!r.ok()) return Corrupt("exchange", r);
  return e;
}

// contribution-record = u8(1) bytes(32) tx-id u64le height bytes(20) contributor asset-42
//                       presence [bytes(32) confirmation-id] u64le confirmation-height
//                       u8(confirmation-state) string(confirmation-url)
std::string EncodeContributionRecord(const ContributionRecord& r) {
  codec::ByteWriter w;
  w.U8(kRecordVersion);
  PutFixed(w, r.tx_id);
  w.U64(r.height);
  PutFixed(w, r.contributor);
  r.contribution.Encode(w);
  WriteOptionalId(w, r.confirmation_tx_id);
  w.U64(r.confirmation_height);
  w.U8(r.confirmation_state);
  w.String(r.confirmation_url);
  return Take(w);
}

util::Result<ContributionRecord> DecodeContributionRecord(std::string_view bytes) {
  codec::ByteReader r(util::AsBytes(bytes));
  ContributionRecord c;
  ReadVersion(r, "contribution");
  c.tx_id = r.Fixed<32>();
  c.height = r.U64();
  c.contributor = r.Fixed<20>();
  c.contribution.org_id = r.String(kMaxOrgIdChars, "org_id");
  c.contribution.title = r.String(4 * kMaxTitleChars, "title");
  c.contribution.url = r.String(4 * kMaxContributionUrlChars, "url");
  c.contribution.price = r.U64();
  c.confirmation_tx_id = ReadOptionalId(r, "confirmation_tx_id");
  c.confirmation_height = r.U64();
  c.confirmation_state = r.U8();
  c.confirmation_url = r.String(4 * kMaxConfirmationUrlChars, "confirmation_url");
  r.ExpectEnd();
  if (!r.ok()) return Corrupt("contribution", r);
  return c;
}

util::Result<std::optional<OrgRecord>> FindOrg(const state::StateView& view,
                                               std::string_view org_id) {
  DDN_ASSIGN_OR_RETURN(auto bytes, view.Read(state::keys::DaoOrg(org_id)));
  if (!bytes) return std::optional<OrgRecord>();
  DDN_ASSIGN_OR_RETURN(OrgRecord record, DecodeOrgRecord(*bytes));
  return std::optional<OrgRecord>(std::move(record));
}

util::Result<std::optional<OrgRecord>> FindOrgByName(const state::StateView& view,
                                                     std::string_view name) {
  DDN_ASSIGN_OR_RETURN(auto org_id, view.Read(state::keys::DaoOrgByName(name)));
  if (!org_id) return std::optional<OrgRecord>();
  return FindOrg(view, *org_id);
}

util::Result<std::optional<ExchangeRecord>> FindExchange(const state::StateView& view,
                                                         const chain::Hash256& offer_id) {
  DDN_ASSIGN_OR_RETURN(auto bytes, view.Read(state::keys::DaoExchange(offer_id)));
  if (!bytes) return std::optional<ExchangeRecord>();
  DDN_ASSIGN_OR_RETURN(ExchangeRecord record, DecodeExchangeRecord(*bytes));
  return std::optional<ExchangeRecord>(std::move(record));
}

util::Result<std::optional<ContributionRecord>> FindContribution(const state::StateView& view,
                                                                 const chain::Hash256& id) {
  DDN_ASSIGN_OR_RETURN(auto bytes, view.Read(state::keys::DaoContribution(id)));
  if (!bytes) return std::optional<ContributionRecord>();
  DDN_ASSIGN_OR_RETURN(ContributionRecord record, DecodeContributionRecord(*bytes));
  return std::optional<ContributionRecord>(std::move(record));
}

}  // namespace ddn::assets::dao
