// Payloads of types 40–43: binary and JSON codecs, stateless checks and fees.
#include "assets/dao/dao.h"

#include <set>

#include "util/amount.h"
#include "util/utf8.h"

namespace ddn::assets::dao {

using codec::Json;
using util::ErrorCode;
using util::Status;

namespace {

Status Invalid(std::string message) {
  return util::Error(ErrorCode::kInvalidField, std::move(message));
}

// Required text: present, valid UTF-8, at most `max` code points.
Status CheckText(std::string_view text, std::string_view name, size_t max, bool required) {
  if (required && text.empty()) {
    return util::Error(ErrorCode::kMissingField, std::string(name) + " is required");
  }
  const auto chars = util::CodePointCount(text);
  if (!chars || *chars > max) {
    return Invalid(std::string(name) + " must be valid UTF-8 of at most " + std::to_string(max) +
                   " characters");
  }
  return Status::Ok();
}

Status CheckOrgId(std::string_view id, std::string_view name) {
  if (id.empty()) return util::Error(ErrorCode::kMissingField, std::string(name) + " is required");
  bool ok = id.size() >= kMinOrgIdChars && id.size() <= kMaxOrgIdChars && id.front() != '_' &&
            id.back() != '_';
  for (char c : id) ok = ok && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c == '_');
  if (!ok) {
    return Invalid(std::string(name) +
                   " must be 5 to 20 of [0-9a-z_], not starting or ending with '_'");
  }
  return Status::Ok();
}

// An http:// or https:// URL of printable ASCII without spaces.
Status CheckUrl(std::string_view url, std::string_view name, size_t max, bool required) {
  DDN_RETURN_IF_ERROR(CheckText(url, name, max, required));
  if (url.empty()) return Status::Ok();
  const bool scheme = url.starts_with("http://") || url.starts_with("https://");
  bool printable = true;
  for (char c : url) printable = printable && c >= 0x21 && c <= 0x7e;
  if (!scheme || !printable || url.size() <= 8) {
    return Invalid(std::string(name) + " must be an http:// or https:// URL without spaces");
  }
  return Status::Ok();
}

Status CheckTags(std::string_view tags) {
  DDN_RETURN_IF_ERROR(CheckText(tags, "asset.daoOrg.tags", kMaxTagsChars, true));
  std::set<std::string_view> seen;
  size_t start = 0;
  while (true) {
    const size_t comma = tags.find(',', start);
    const std::string_view tag = tags.substr(
        start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    if (tag.empty() || tag.front() == ' ' || tag.back() == ' ') {
      return Invalid("asset.daoOrg.tags: comma-separated tags, none empty or space-padded");
    }
    if (!seen.insert(tag).second) {
      return Invalid("asset.daoOrg.tags: duplicate tag '" + std::string(tag) + "'");
    }
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  if (seen.size() > kMaxTags) return Invalid("asset.daoOrg.tags: at most 40 tags");
  return Status::Ok();
}

Status CheckPrice(uint64_t price, std::string_view name) {
  if (price > chain::kMaxAmount) return Invalid(std::string(name) + " exceeds the maximum amount");
  return Status::Ok();
}

// JSON helpers for the fields every decoder shares.
uint64_t ReadPrice(codec::JsonObjectReader& r) {
  const std::string text = r.String("price");
  if (!r.ok()) return 0;
  auto price = util::ParseCanonicalAmount(text);
  if (!price) {
    r.Fail(ErrorCode::kInvalidField, r.FieldName("price") + " must be a canonical amount string");
    return 0;
  }
  return *price;
}

std::optional<chain::Hash256> ReadTxId(codec::JsonObjectReader& r, std::string_view key) {
  const std::string text = r.String(key);
  if (!r.ok()) return std::nullopt;
  auto id = util::FromHexFixed<32>(text);
  if (!id) r.Fail(ErrorCode::kInvalidField, r.FieldName(key) + ": 64 lowercase hex characters");
  return id;
}

// An optional string is omitted when empty, so that JSON has one spelling.
std::string ReadOptional(codec::JsonObjectReader& r, std::string_view key) {
  auto text = r.OptionalString(key);
  if (!text) return {};
  if (text->empty()) {
    r.Fail(ErrorCode::kNonCanonical, r.FieldName(key) + " is omitted when empty");
  }
  return *text;
}

// ---- 40 daoOrg ----

void ReadOrg(codec::ByteReader& r, Org& o) {
  o.org_id = r.String(kMaxOrgIdChars, "org_id");
  o.name = r.String(4 * kMaxNameChars, "name");
  o.tags = r.String(4 * kMaxTagsChars, "tags");
  o.url = r.String(4 * kMaxOrgUrlChars, "url");
  o.state = r.U8();
}

chain::AssetPayloadPtr DecodeOrg(codec::ByteReader& r) {
  auto o = std::make_shared<Org>();
  ReadOrg(r, *o);
  return o;
}

util::Result<chain::AssetPayloadPtr> OrgFromJson(const Json& value) {
  codec::JsonObjectReader r(value, "asset.daoOrg");
  r.Only({"org_id", "name", "tags", "url", "state"});
  auto o = std::make_shared<Org>();
  o->org_id = r.String("org_id");
  o->name = r.String("name");
  o->tags = r.String("tags");
  o->url = ReadOptional(r, "url");
  o->state = static_cast<uint8_t>(r.Integer("state", 0, 1));
  if (!r.ok()) return r.status();
  return chain::AssetPayloadPtr(std::move(o));
}

Status CheckOrg(const chain::Transaction&, const chain::AssetPayload& payload) {
  const auto* o = dynamic_cast<const Org*>(&payload);
  if (o == nullptr) return Invalid("not a daoOrg asset");
  DDN_RETURN_IF_ERROR(CheckOrgId(o->org_id, "asset.daoOrg.org_id"));
  DDN_RETURN_IF_ERROR(CheckText(o->name, "asset.daoOrg.name", kMaxNameChars, true));
  DDN_RETURN_IF_ERROR(CheckTags(o->tags));
  DDN_RETURN_IF_ERROR(CheckUrl(o->url, "asset.daoOrg.url", kMaxOrgUrlChars, false));
  if (o->state > kOrgUpdate) return Invalid("asset.daoOrg.state must be 0 (create) or 1 (update)");
  return Status::Ok();
}

uint64_t OrgPayloadFee(const chain::AssetPayload& payload) {
  return OrgFee(static_cast<const Org&>(payload));
}

// ---- 41 daoExchange ----

chain::AssetPayloadPtr DecodeExchange(codec::ByteReader& r) {
  auto e = std::make_shared<Exchange>();
  e->org_id = r.String(kMaxOrgIdChars, "org_id");
  e->state = r.U8();
  if (r.Presence("exchange_trs_id")) e->exchange_trs_id = r.Fixed<32>();
  e->price = r.U64();
  return e;
}

util::Result<chain::AssetPayloadPtr> ExchangeFromJson(const Json& value) {
  codec::JsonObjectReader r(value, "asset.daoExchange");
  r.Only({"org_id", "state", "exchange_trs_id", "price"});
  auto e = std::make_shared<Exchange>();
  e->org_id = r.String("org_id");
  e->state = static_cast<uint8_t>(r.Integer("state", 0, 1));
  if (r.ok() && r.Has("exchange_trs_id")) e->exchange_trs_id = ReadTxId(r, "exchange_trs_id");
  e->price = ReadPrice(r);
  if (!r.ok()) return r.status();
  return chain::AssetPayloadPtr(std::move(e));
}

Status CheckExchange(const chain::Transaction& tx, const chain::AssetPayload& payload) {
  const auto* e = dynamic_cast<const Exchange*>(&payload);
  if (e == nullptr) return Invalid("not a daoExchange asset");
  DDN_RETURN_IF_ERROR(CheckOrgId(e->org_id, "asset.daoExchange.org_id"));
  DDN_RETURN_IF_ERROR(CheckPrice(e->price, "asset.daoExchange.price"));
  // CheckTxFields already required the recipient and refused the sender's own address.
  switch (e->state) {
    case kExchangeOffer:
      if (e->exchange_trs_id) {
        return Invalid("asset.daoExchange.exchange_trs_id is only set when accepting (state 1)");
      }
      if (tx.amount != 0) return Invalid("amount must be 0 in an offer (state 0)");
      return Status::Ok();
    case kExchangeAccept:
      if (!e->exchange_trs_id) {
        return util::Error(ErrorCode::kMissingField,
                           "asset.daoExchange.exchange_trs_id (the offer) is required in state 1");
      }
      if (tx.amount != e->price) return Invalid("amount must equal asset.daoExchange.price");
      return Status::Ok();
    default:
      return Invalid("asset.daoExchange.state must be 0 (offer) or 1 (accept)");
  }
}

uint64_t ExchangeFee(const chain::AssetPayload&) { return kExchangeFee; }

// ---- 42 daoContribution ----

void ReadContribution(codec::ByteReader& r, Contribution& c) {
  c.org_id = r.String(kMaxOrgIdChars, "org_id");
  c.title = r.String(4 * kMaxTitleChars, "title");
  c.url = r.String(4 * kMaxContributionUrlChars, "url");
  c.price = r.U64();
}

chain::AssetPayloadPtr DecodeContribution(codec::ByteReader& r) {
  auto c = std::make_shared<Contribution>();
  ReadContribution(r, *c);
  return c;
}

util::Result<chain::AssetPayloadPtr> ContributionFromJson(const Json& value) {
  codec::JsonObjectReader r(value, "asset.daoContribution");
  r.Only({"org_id", "title", "url", "price"});
  auto c = std::make_shared<Contribution>();
  c->org_id = r.String("org_id");
  c->title = r.String("title");
  c->url = r.String("url");
  c->price = ReadPrice(r);
  if (!r.ok()) return r.status();
  return chain::AssetPayloadPtr(std::move(c));
}

Status CheckContribution(const chain::Transaction&, const chain::AssetPayload& payload) {
  const auto* c = dynamic_cast<const Contribution*>(&payload);
  if (c == nullptr) return Invalid("not a daoContribution asset");
  DDN_RETURN_IF_ERROR(CheckOrgId(c->org_id, "asset.daoContribution.org_id"));
  DDN_RETURN_IF_ERROR(CheckText(c->title, "asset.daoContribution.title", kMaxTitleChars, true));
  DDN_RETURN_IF_ERROR(
      CheckUrl(c->url, "asset.daoContribution.url", kMaxContributionUrlChars, true));
  return CheckPrice(c->price, "asset.daoContribution.price");
}

uint64_t ContributionFee(const chain::AssetPayload&) { return kContributionFee; }

// ---- 43 daoConfirmation ----

chain::AssetPayloadPtr DecodeConfirmation(codec::ByteReader& r) {
  auto c = std::make_shared<Confirmation>();
  c->contribution_trs_id = r.Fixed<32>();
  c->state = r.U8();
  c->url = r.String(4 * kMaxConfirmationUrlChars, "url");
  return c;
}

util::Result<chain::AssetPayloadPtr> ConfirmationFromJson(const Json& value) {
  codec::JsonObjectReader r(value, "asset.daoConfirmation");
  r.Only({"contribution_trs_id", "state", "url"});
  auto c = std::make_shared<Confirmation>();
  auto id = ReadTxId(r, "contribution_trs_id");
  if (id) c->contribution_trs_id = *id;
  c->state = static_cast<uint8_t>(r.Integer("state", 0, 1));
  c->url = ReadOptional(r, "url");
  if (!r.ok()) return r.status();
  return chain::AssetPayloadPtr(std::move(c));
}

Status CheckConfirmation(const chain::Transaction& tx, const chain::AssetPayload& payload) {
  const auto* c = dynamic_cast<const Confirmation*>(&payload);
  if (c == nullptr) return Invalid("not a daoConfirmation asset");
  DDN_RETURN_IF_ERROR(
      CheckUrl(c->url, "asset.daoConfirmation.url", kMaxConfirmationUrlChars, false));
  if (c->state == kConfirmReject) {
    if (tx.amount != 0) return Invalid("amount must be 0 when rejecting (state 0)");
  } else if (c->state != kConfirmAccept) {
    return Invalid("asset.daoConfirmation.state must be 0 (reject) or 1 (accept)");
  }
  return Status::Ok();
}

uint64_t ConfirmationFee(const chain::AssetPayload& payload) {
  return static_cast<const Confirmation&>(payload).state == kConfirmAccept ? kConfirmationFee : 0;
}

const chain::AssetType kOrg{.id = kOrgType,
                            .name = "dao-org",
                            .json_key = "daoOrg",
                            .has_recipient = false,
                            .has_amount = false,
                            .decode = &DecodeOrg,
                            .from_json = &OrgFromJson,
                            .check = &CheckOrg,
                            .fee = &OrgPayloadFee};
const chain::AssetType kExchange{.id = kExchangeType,
                                 .name = "dao-exchange",
                                 .json_key = "daoExchange",
                                 .has_recipient = true,
                                 .has_amount = true,
                                 .decode = &DecodeExchange,
                                 .from_json = &ExchangeFromJson,
                                 .check = &CheckExchange,
                                 .fee = &ExchangeFee};
const chain::AssetType kContribution{.id = kContributionType,
                                     .name = "dao-contribution",
                                     .json_key = "daoContribution",
                                     .has_recipient = false,
                                     .has_amount = false,
                                     .decode = &DecodeContribution,
                                     .from_json = &ContributionFromJson,
                                     .check = &CheckContribution,
                                     .fee = &ContributionFee};
const chain::AssetType kConfirmation{.id = kConfirmationType,
                                     .name = "dao-confirmation",
                                     .json_key = "daoConfirmation",
                                     .has_recipient = true,
                                     .has_amount = true,
                                     .decode = &DecodeConfirmation,
                                     .from_json = &ConfirmationFromJson,
                                     .check = &CheckConfirmation,
                                     .fee = &ConfirmationFee};

chain::Transaction Make(uint8_t type, std::shared_ptr<chain::AssetPayload> payload, uint64_t fee) {
  chain::Transaction tx;
  tx.type = static_cast<chain::TxType>(type);
  tx.fee = fee;
  tx.asset = chain::RegisteredAsset{type, std::move(payload)};
  return tx;
}

}  // namespace

uint64_t OrgFee(const Org& org) {
  const size_t n = org.org_id.size();
  uint64_t ddn = 99'999'999;  // ids of 4 characters or fewer (refused by the check anyway)
  if (n > 10)
    ddn = 10;
  else if (n >= 5)
    ddn = uint64_t{50} << (10 - n);  // 10 → 50, 9 → 100, …, 5 → 1600
  const uint64_t fee = ddn * util::kBaseUnitsPerDdn;
  return org.state == kOrgUpdate ? fee / 10 : fee;
}

// org = string(org_id) string(name) string(tags) string(url) u8(state)
void Org::Encode(codec::ByteWriter& w) const {
  w.String(org_id);
  w.String(name);
  w.String(tags);
  w.String(url);
  w.U8(state);
}

Json Org::ToJson() const {
  Json j = {{"org_id", org_id}, {"name", name}, {"tags", tags}, {"state", state}};
  if (!url.empty()) j["url"] = url;
  return j;
}

bool Org::operator==(const Org& other) const {
  return org_id == other.org_id && name == other.name && tags == other.tags && url == other.url &&
         state == other.state;
}

bool Org::Equals(const chain::AssetPayload& other) const {
  const auto* o = dynamic_cast<const Org*>(&other);
  return o != nullptr && *o == *this;
}

// exchange = string(org_id) u8(state) presence [bytes(32) exchange_trs_id] u64le(price)
void Exchange::Encode(codec::ByteWriter& w) const {
  w.String(org_id);
  w.U8(state);
  w.U8(exchange_trs_id ? 1 : 0);
  if (exchange_trs_id) {
    for (uint8_t b : *exchange_trs_id) w.U8(b);
  }
  w.U64(price);
}

Json Exchange::ToJson() const {
  Json j = {{"org_id", org_id}, {"state", state}, {"price", util::FormatAmount(price)}};
  if (exchange_trs_id) j["exchange_trs_id"] = util::ToHex(*exchange_trs_id);
  return j;
}

bool Exchange::operator==(const Exchange& other) const {
  return org_id == other.org_id && state == other.state &&
         exchange_trs_id == other.exchange_trs_id && price == other.price;
}

bool Exchange::Equals(const chain::AssetPayload& other) const {
  const auto* e = dynamic_cast<const Exchange*>(&other);
  return e != nullptr && *e == *this;
}

// contribution = string(org_id) string(title) string(url) u64le(price)
void Contribution::Encode(codec::ByteWriter& w) const {
  w.String(org_id);
  w.String(title);
  w.String(url);
  w.U64(price);
}

Json Contribution::ToJson() const {
  return {{"org_id", org_id}, {"title", title}, {"url", url}, {"price", util::FormatAmount(price)}};
}

bool Contribution::operator==(const Contribution& other) const {
  return org_id == other.org_id && title == other.title && url == other.url && price == other.price;
}

bool Contribution::Equals(const chain::AssetPayload& other) const {
  const auto* c = dynamic_cast<const Contribution*>(&other);
  return c != nullptr && *c == *this;
}

// confirmation = bytes(32) contribution_trs_id u8(state) string(url)
void Confirmation::Encode(codec::ByteWriter& w) const {
  w.Raw(contribution_trs_id);
  w.U8(state);
  w.String(url);
}

Json Confirmation::ToJson() const {
  Json j = {{"contribution_trs_id", util::ToHex(contribution_trs_id)}, {"state", state}};
  if (!url.empty()) j["url"] = url;
  return j;
}

bool Confirmation::operator==(const Confirmation& other) const {
  return contribution_trs_id == other.contribution_trs_id && state == other.state &&
         url == other.url;
}

bool Confirmation::Equals(const chain::AssetPayload& other) const {
  const auto* c = dynamic_cast<const Confirmation*>(&other);
  return c != nullptr && *c == *this;
}

const chain::AssetType& OrgType() { return kOrg; }
const chain::AssetType& ExchangeType() { return kExchange; }
const chain::AssetType& ContributionType() { return kContribution; }
const chain::AssetType& ConfirmationType() { return kConfirmation; }

chain::Transaction MakeOrgTransaction(const Org& org) {
  return Make(kOrgType, std::make_shared<Org>(org), OrgFee(org));
}

chain::Transaction MakeExchangeTransaction(const Exchange& exchange,
                                           const chain::AddressHash& recipient) {
  chain::Transaction tx = Make(kExchangeType, std::make_shared<Exchange>(exchange), kExchangeFee);
  tx.recipient = recipient;
  tx.amount = exchange.state == kExchangeAccept ? exchange.price : 0;
  return tx;
}

chain::Transaction MakeContributionTransaction(const Contribution& contribution) {
  return Make(kContributionType, std::make_shared<Contribution>(contribution), kContributionFee);
}

chain::Transaction MakeConfirmationTransaction(const Confirmation& confirmation,
                                               const chain::AddressHash& contributor,
                                               uint64_t price) {
  const bool accept = confirmation.state == kConfirmAccept;
  chain::Transaction tx = Make(kConfirmationType, std::make_shared<Confirmation>(confirmation),
                               accept ? kConfirmationFee : 0);
  tx.recipient = contributor;
  tx.amount = accept ? price : 0;
  return tx;
}

}  // namespace ddn::assets::dao
