#include "assets/aob/aob.h"

#include <tuple>

#include "crypto/address.h"
#include "state/keys.h"
#include "util/amount.h"
#include "util/utf8.h"

namespace ddn::assets::aob {

using codec::Json;
using util::ErrorCode;
using util::Status;

namespace {

// ---- field helpers ----------------------------------------------------------------------

Status Invalid(std::string message) {
  return util::Error(ErrorCode::kInvalidField, std::move(message));
}
Status Refuse(std::string message) {
  return util::Error(ErrorCode::kStateRule, std::move(message));
}

// Text of 1..max code points (0..max when optional).
Status CheckText(const std::string& text, const std::string& name, size_t max, bool required) {
  if (required && text.empty()) {
    return util::Error(ErrorCode::kMissingField, name + " is required");
  }
  const auto chars = util::CodePointCount(text);
  if (!chars || *chars > max) {
    return Invalid(name + " must be valid UTF-8 of at most " + std::to_string(max) + " characters");
  }
  return Status::Ok();
}

bool IsIssuerName(std::string_view s) {
  if (s.empty() || s.size() > kMaxIssuerName) return false;
  for (char c : s) {
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) return false;
  }
  return true;
}

bool IsToken(std::string_view s) {
  if (s.size() < 3 || s.size() > 6) return false;
  for (char c : s) {
    if (c < 'A' || c > 'Z') return false;
  }
  return true;
}

// "ISSUER.TOKEN"; `issuer` receives the part before the dot.
bool IsCurrency(std::string_view s, std::string_view* issuer = nullptr) {
  const size_t dot = s.find('.');
  if (dot == std::string_view::npos) return false;
  if (!IsIssuerName(s.substr(0, dot)) || !IsToken(s.substr(dot + 1))) return false;
  if (issuer) *issuer = s.substr(0, dot);
  return true;
}

Status CheckCurrency(const std::string& currency, const std::string& name) {
  if (currency.empty()) return util::Error(ErrorCode::kMissingField, name + " is required");
  if (!IsCurrency(currency)) {
    return Invalid(name + " must be ISSUER.TOKEN (ISSUER 1..16 letters, TOKEN 3..6 of A-Z)");
  }
  return Status::Ok();
}

// A 0/1 byte; anything else is not the canonical encoding of a boolean.
bool ReadBool(codec::ByteReader& r, const char* what) {
  const uint8_t v = r.U8();
  if (r.ok() && v > 1) r.Fail(ErrorCode::kNonCanonical, std::string(what) + " must be 0 or 1");
  return v == 1;
}

// A JSON decimal string of a u64 (no sign, no leading zero).
uint64_t ReadAmount(codec::JsonObjectReader& r, std::string_view key) {
  const std::string text = r.String(key);
  if (!r.ok()) return 0;
  auto v = util::ParseCanonicalAmount(text);
  if (!v) {
    r.Fail(
        ErrorCode::kInvalidField,
        r.FieldName(key) + " must be a decimal integer string below 2^64, without leading zeros");
    return 0;
  }
  return *v;
}

// The reference's '0'/'1' strings.
bool ReadFlagString(codec::JsonObjectReader& r, std::string_view key) {
  const std::string text = r.String(key);
  if (!r.ok()) return false;
  if (text != "0" && text != "1")
    r.Fail(ErrorCode::kInvalidField, r.FieldName(key) + " must be \"0\" or \"1\"");
  return text == "1";
}

// Optional text: omitted when empty (an empty string in JSON is NON_CANONICAL).
std::string ReadOptionalText(codec::JsonObjectReader& r, std::string_view key) {
  auto text = r.OptionalString(key);
  if (!text) return "";
  if (text->empty()) r.Fail(ErrorCode::kNonCanonical, r.FieldName(key) + " is omitted when empty");
  return *text;
}

template <typename P>
const P* As(const chain::AssetPayload& payload) {
  return dynamic_cast<const P*>(&payload);
}

template <typename P>
const P& Of(const compat::AnyTx& any) {
  // CheckTxFields guarantees the payload's class for a decoded transaction of this type.
  return *chain::PayloadAs<P>(std::get<chain::RegisteredAsset>(any.tx.asset));
}

chain::AddressHash SenderOf(const compat::AnyTx& any) {
  return crypto::AddressHashOf(any.tx.sender);
}

chain::Hash256 TxIdOf(const compat::AnyTx& any) {
  return util::FromHexFixed<32>(any.id).value_or(chain::Hash256{});
}

std::string ToString(const util::Bytes& b) { return std::string(b.begin(), b.end()); }

// ---- 60 issuer ----------------------------------------------------------------------------

chain::AssetPayloadPtr DecodeIssuer(codec::ByteReader& r) {
  auto p = std::make_shared<Issuer>();
  p->name = r.String(kMaxIssuerName, "name");
  if (r.ok()) p->desc = r.String(4 * kMaxIssuerDesc, "desc");
  return p;
}

util::Result<chain::AssetPayloadPtr> IssuerFromJson(const Json& value) {
  codec::JsonObjectReader r(value, "asset.aobIssuer");
  r.Only({"name", "desc"});
  auto p = std::make_shared<Issuer>();
  p->name = r.String("name");
  p->desc = r.String("desc");
  if (!r.ok()) return r.status();
  return chain::AssetPayloadPtr(std::move(p));
}

Status CheckIssuer(const chain::Transaction&, const chain::AssetPayload& payload) {
  const auto* p = As<Issuer>(payload);
  if (p == nullptr) return Invalid("not an aobIssuer asset");
  if (p->name.empty())
    return util::Error(ErrorCode::kMissingField, "asset.aobIssuer.name is required");
  if (!IsIssuerName(p->name)) return Invalid("asset.aobIssuer.name must be 1..16 letters A-Z a-z");
  return CheckText(p->desc, "asset.aobIssuer.desc", kMaxIssuerDesc, true);
}

class IssuerRulesImpl final : public state::AssetRules {
 public:
  Status Verify(const state::Ledger& ledger, const compat::AnyTx& any,
                const state::ApplyContext&) const override {
    const Issuer& p = Of<Issuer>(any);
    DDN_ASSIGN_OR_RETURN(auto mine, FindIssuerOf(ledger.view(), SenderOf(any)));
    if (mine) return Refuse("the account is already the issuer " + mine->issuer.name);
    DDN_ASSIGN_OR_RETURN(auto taken, FindIssuer(ledger.view(), p.name));
    if (taken) return Refuse("issuer name " + p.name + " is already registered");
    return Status::Ok();
  }
  Status Apply(state::Ledger& ledger, const compat::AnyTx& any,
               const state::ApplyContext& ctx) const override {
    IssuerRecord r{TxIdOf(any), ctx.height, SenderOf(any), Of<Issuer>(any)};
    ledger.overlay().Write(state::keys::AobIssuer(r.issuer.name), EncodeIssuerRecord(r));
    ledger.overlay().Write(state::keys::AobIssuerOwner(r.owner), r.issuer.name);
    return Status::Ok();
  }
  bool MovesFunds() const override { return false; }
};

// ---- 61 asset -----------------------------------------------------------------------------

void ReadAssetFields(codec::ByteReader& r, Asset& p) {
  p.name = r.String(kMaxCurrency, "name");
  if (r.ok()) p.desc = r.String(4 * kMaxAssetDesc, "desc");
  if (r.ok()) p.maximum = r.U64();
  if (r.ok()) p.precision = r.U8();
  if (r.ok()) p.strategy = r.String(4 * kMaxStrategy, "strategy");
  if (r.ok()) p.allow_writeoff = ReadBool(r, "allow_writeoff");
  if (r.ok()) p.allow_whitelist = ReadBool(r, "allow_whitelist");
  if (r.ok()) p.allow_blacklist = ReadBool(r, "allow_blacklist");
}

chain::AssetPayloadPtr DecodeAsset(codec::ByteReader& r) {
  auto p = std::make_shared<Asset>();
  ReadAssetFields(r, *p);
  return p;
}

util::Result<chain::AssetPayloadPtr> AssetFromJson(const Json& value) {
  codec::JsonObjectReader r(value, "asset.aobAsset");
  r.Only({"name", "desc", "maximum", "precision", "strategy", "allow_writeoff", "allow_whitelist",
          "allow_blacklist"});
  auto p = std::make_shared<Asset>();
  p->name = r.String("name");
  p->desc = r.String("desc");
  p->maximum = ReadAmount(r, "maximum");
  p->precision = static_cast<uint8_t>(r.Integer("precision", 0, kMaxPrecision));
  p->strategy = ReadOptionalText(r, "strategy");
  p->allow_writeoff = ReadFlagString(r, "allow_writeoff");
  p->allow_whitelist = ReadFlagString(r, "allow_whitelist");
  p->allow_blacklist = ReadFlagString(r, "allow_blacklist");
  if (!r.ok()) return r.status();
  return chain::AssetPayloadPtr(std::move(p));
}

Status CheckAsset(const chain::Transaction&, const chain::AssetPayload& payload) {
  const auto* p = As<Asset>(payload);
  if (p == nullptr) return Invalid("not an aobAsset asset");
  DDN_RETURN_IF_ERROR(CheckCurrency(p->name, "asset.aobAsset.name"));
  DDN_RETURN_IF_ERROR(CheckText(p->desc, "asset.aobAsset.desc", kMaxAssetDesc, true));
  if (p->maximum == 0) return Invalid("asset.aobAsset.maximum must be at least 1");
  if (p->precision > kMaxPrecision) return Invalid("asset.aobAsset.precision must be 0..16");
  return CheckText(p->strategy, "asset.aobAsset.strategy", kMaxStrategy, false);
}

class AssetRulesImpl final : public state::AssetRules {
 public:
  Status Verify(const state::Ledger& ledger, const compat::AnyTx& any,
                const state::ApplyContext&) const override {
    const Asset& p = Of<Asset>(any);
    DDN_ASSIGN_OR_RETURN(auto mine, FindIssuerOf(ledger.view(), SenderOf(any)));
    if (!mine) return Refuse("the sender is not a registered issuer (register one with type 60)");
    std::string_view issuer;
    IsCurrency(p.name, &issuer);
    if (issuer != mine->issuer.name) {
      return Refuse("wrong issuer: the sender is the issuer " + mine->issuer.name + ", not " +
                    std::string(issuer));
    }
    DDN_ASSIGN_OR_RETURN(auto taken, FindAsset(ledger.view(), p.name));
    if (taken) return Refuse("asset " + p.name + " is already registered");
    return Status::Ok();
  }
  Status Apply(state::Ledger& ledger, const compat::AnyTx& any,
               const state::ApplyContext& ctx) const override {
    AssetRecord r;
    r.tx_id = TxIdOf(any);
    r.height = ctx.height;
    r.owner = SenderOf(any);
    r.asset = Of<Asset>(any);
    ledger.overlay().Write(state::keys::AobAsset(r.asset.name), EncodeAssetRecord(r));
    return Status::Ok();
  }
  bool MovesFunds() const override { return false; }
};

// The asset of `currency`, which the sender must have issued and not written off (62, 63, 64).
util::Result<AssetRecord> IssuerAsset(const state::Ledger& ledger, const compat::AnyTx& any,
                                      const std::string& currency) {
  DDN_ASSIGN_OR_RETURN(auto asset, FindAsset(ledger.view(), currency));
  if (!asset) return util::Error(ErrorCode::kNotFound, "asset " + currency + " is not registered");
  if (asset->owner != SenderOf(any)) {
    std::string_view issuer;
    IsCurrency(currency, &issuer);
    return Refuse("wrong issuer: only the issuer " + std::string(issuer) + " (" +
                  crypto::AddressFromHash(asset->owner) + ") may do this for " + currency);
  }
  if (asset->written_off) return Refuse("asset " + currency + " is written off");
  return *std::move(asset);
}

// ---- 62 flags -----------------------------------------------------------------------------

chain::AssetPayloadPtr DecodeFlags(codec::ByteReader& r) {
  auto p = std::make_shared<Flags>();
  p->currency = r.String(kMaxCurrency, "currency");
  if (r.ok()) p->flag_type = r.U8();
  if (r.ok()) p->flag = r.U8();
  return p;
}

util::Result<chain::AssetPayloadPtr> FlagsFromJson(const Json& value) {
  codec::JsonObjectReader r(value, "asset.aobFlags");
  r.Only({"currency", "flag_type", "flag"});
  auto p = std::make_shared<Flags>();
  p->currency = r.String("currency");
  p->flag_type = static_cast<uint8_t>(r.Integer("flag_type", 1, 2));
  p->flag = static_cast<uint8_t>(r.Integer("flag", 0, 1));
  if (!r.ok()) return r.status();
  return chain::AssetPayloadPtr(std::move(p));
}

Status CheckFlags(const chain::Transaction&, const chain::AssetPayload& payload) {
  const auto* p = As<Flags>(payload);
  if (p == nullptr) return Invalid("not an aobFlags asset");
  DDN_RETURN_IF_ERROR(CheckCurrency(p->currency, "asset.aobFlags.currency"));
  if (p->flag_type == kFlagTypeAcl) {
    if (p->flag > 1) return Invalid("asset.aobFlags.flag of an ACL flag must be 0 or 1");
  } else if (p->flag_type == kFlagTypeWriteOff) {
    if (p->flag != 1) return Invalid("asset.aobFlags.flag of a write-off must be 1");
  } else {
    return Invalid("asset.aobFlags.flag_type must be 1 (acl) or 2 (writeoff)");
  }
  return Status::Ok();
}

class FlagsRulesImpl final : public state::AssetRules {
 public:
  Status Verify(const state::Ledger& ledger, const compat::AnyTx& any,
                const state::ApplyContext&) const override {
    const Flags& p = Of<Flags>(any);
    DDN_ASSIGN_OR_RETURN(AssetRecord asset, IssuerAsset(ledger, any, p.currency));
    if (p.flag_type == kFlagTypeWriteOff) {
      if (!asset.asset.allow_writeoff) return Refuse(p.currency + " does not allow write-off");
      return Status::Ok();
    }
    if (p.flag == kWhiteList && !asset.asset.allow_whitelist) {
      return Refuse(p.currency + " does not allow a white list");
    }
    if (p.flag == kBlackList && !asset.asset.allow_blacklist) {
      return Refuse(p.currency + " does not allow a black list");
    }
    if (asset.acl == p.flag)
      return Refuse("the ACL mode of " + p.currency + " is already " + std::to_string(p.flag));
    return Status::Ok();
  }
  Status Apply(state::Ledger& ledger, const compat::AnyTx& any,
               const state::ApplyContext&) const override {
    const Flags& p = Of<Flags>(any);
    DDN_ASSIGN_OR_RETURN(auto asset, FindAsset(ledger.view(), p.currency));
    if (p.flag_type == kFlagTypeWriteOff) {
      asset->written_off = true;
    } else {
      asset->acl = p.flag;
    }
    ledger.overlay().Write(state::keys::AobAsset(p.currency), EncodeAssetRecord(*asset));
    return Status::Ok();
  }
  bool MovesFunds() const override { return false; }
};

// ---- 63 acl -------------------------------------------------------------------------------

chain::AssetPayloadPtr DecodeAcl(codec::ByteReader& r) {
  auto p = std::make_shared<Acl>();
  p->currency = r.String(kMaxCurrency, "currency");
  if (r.ok()) p->flag = r.U8();
  if (r.ok()) {
    const uint8_t op = r.U8();
    if (r.ok() && op != '+' && op != '-') {
      r.Fail(ErrorCode::kInvalidField, "operator must be '+' or '-'");
    }
    p->add = op == '+';
  }
  const uint8_t count = r.ok() ? r.U8() : 0;
  if (r.ok() && (count == 0 || count > kMaxAclList)) {
    r.Fail(ErrorCode::kInvalidField, "list holds 1..10 addresses");
  }
  for (uint8_t i = 0; i < count && r.ok(); ++i) p->list.push_back(r.Fixed<20>());
  return p;
}

util::Result<chain::AssetPayloadPtr> AclFromJson(const Json& value) {
  codec::JsonObjectReader r(value, "asset.aobAcl");
  r.Only({"currency", "flag", "operator", "list"});
  auto p = std::make_shared<Acl>();
  p->currency = r.String("currency");
  p->flag = static_cast<uint8_t>(r.Integer("flag", 0, 1));
  const std::string op = r.String("operator");
  if (r.ok() && op != "+" && op != "-") {
    r.Fail(ErrorCode::kInvalidField, "asset.aobAcl.operator must be \"+\" or \"-\"");
  }
  p->add = op == "+";
  const Json& list = r.Array("list");
  if (r.ok()) {
    if (list.empty() || list.size() > kMaxAclList) {
      r.Fail(ErrorCode::kInvalidField, "asset.aobAcl.list holds 1..10 addresses");
    }
    for (const Json& item : list) {
      auto address =
          item.is_string() ? crypto::ParseAddress(item.get<std::string>()) : std::nullopt;
      if (!address) {
        r.Fail(ErrorCode::kInvalidField, "asset.aobAcl.list holds an invalid address");
        break;
      }
      p->list.push_back(*address);
    }
  }
  if (!r.ok()) return r.status();
  return chain::AssetPayloadPtr(std::move(p));
}

Status CheckAcl(const chain::Transaction& tx, const chain::AssetPayload& payload) {
  const auto* p = As<Acl>(payload);
  if (p == nullptr) return Invalid("not an aobAcl asset");
  DDN_RETURN_IF_ERROR(CheckCurrency(p->currency, "asset.aobAcl.currency"));
  if (p->flag > 1) return Invalid("asset.aobAcl.flag must be 0 (black list) or 1 (white list)");
  if (p->list.empty() || p->list.size() > kMaxAclList) {
    return Invalid("asset.aobAcl.list holds 1..10 addresses");
  }
  const chain::AddressHash sender = crypto::AddressHashOf(tx.sender);
  for (size_t i = 0; i < p->list.size(); ++i) {
    if (p->list[i] == sender) return Invalid("asset.aobAcl.list must not hold the issuer");
    for (size_t j = 0; j < i; ++j) {
      if (p->list[j] == p->list[i]) return Invalid("asset.aobAcl.list holds an address twice");
    }
  }
  return Status::Ok();
}

class AclRulesImpl final : public state::AssetRules {
 public:
  Status Verify(const state::Ledger& ledger, const compat::AnyTx& any,
                const state::ApplyContext&) const override {
    const Acl& p = Of<Acl>(any);
    DDN_ASSIGN_OR_RETURN(AssetRecord asset, IssuerAsset(ledger, any, p.currency));
    if (p.flag == kWhiteList && !asset.asset.allow_whitelist) {
      return Refuse(p.currency + " does not allow a white list");
    }
    if (p.flag == kBlackList && !asset.asset.allow_blacklist) {
      return Refuse(p.currency + " does not allow a black list");
    }
    for (const chain::AddressHash& a : p.list) {
      DDN_ASSIGN_OR_RETURN(bool listed, IsListed(ledger.view(), p.currency, p.flag, a));
      if (listed == p.add) {
        return Refuse(crypto::AddressFromHash(a) + (listed ? " is already" : " is not") +
                      " on the list");
      }
    }
    return Status::Ok();
  }
  Status Apply(state::Ledger& ledger, const compat::AnyTx& any,
               const state::ApplyContext&) const override {
    const Acl& p = Of<Acl>(any);
    for (const chain::AddressHash& a : p.list) {
      const std::string key = state::keys::AobAcl(p.currency, p.flag, a);
      if (p.add) {
        ledger.overlay().Write(key, "");
      } else {
        ledger.overlay().Erase(key);
      }
    }
    return Status::Ok();
  }
  bool MovesFunds() const override { return false; }
};

// ---- balances -----------------------------------------------------------------------------

void PutBalance(state::Ledger& ledger, const chain::AddressHash& holder, std::string_view currency,
                uint64_t balance) {
  const std::string key = state::keys::AobBalance(holder, currency);
  if (balance == 0) {
    ledger.overlay().Erase(key);
  } else {
    ledger.overlay().Write(key, state::keys::BigEndian64(balance));
  }
}

// ---- 64 issue -----------------------------------------------------------------------------

chain::AssetPayloadPtr DecodeIssue(codec::ByteReader& r) {
  auto p = std::make_shared<Issue>();
  p->currency = r.String(kMaxCurrency, "currency");
  if (r.ok()) p->amount = r.U64();
  return p;
}

util::Result<chain::AssetPayloadPtr> IssueFromJson(const Json& value) {
  codec::JsonObjectReader r(value, "asset.aobIssue");
  r.Only({"currency", "amount"});
  auto p = std::make_shared<Issue>();
  p->currency = r.String("currency");
  p->amount = ReadAmount(r, "amount");
  if (!r.ok()) return r.status();
  return chain::AssetPayloadPtr(std::move(p));
}

Status CheckIssue(const chain::Transaction&, const chain::AssetPayload& payload) {
  const auto* p = As<Issue>(payload);
  if (p == nullptr) return Invalid("not an aobIssue asset");
  DDN_RETURN_IF_ERROR(CheckCurrency(p->currency, "asset.aobIssue.currency"));
  if (p->amount == 0) return Invalid("asset.aobIssue.amount must be at least 1");
  return Status::Ok();
}

class IssueRulesImpl final : public state::AssetRules {
 public:
  Status Verify(const state::Ledger& ledger, const compat::AnyTx& any,
                const state::ApplyContext&) const override {
    const Issue& p = Of<Issue>(any);
    DDN_ASSIGN_OR_RETURN(AssetRecord asset, IssuerAsset(ledger, any, p.currency));
    if (p.amount > asset.asset.maximum - asset.quantity) {
      return Refuse("issuing " + std::to_string(p.amount) + " would exceed the maximum supply of " +
                    p.currency + " (" + std::to_string(asset.quantity) + " of " +
                    std::to_string(asset.asset.maximum) + " issued)");
    }
    return Status::Ok();
  }
  Status Apply(state::Ledger& ledger, const compat::AnyTx& any,
               const state::ApplyContext&) const override {
    const Issue& p = Of<Issue>(any);
    DDN_ASSIGN_OR_RETURN(auto asset, FindAsset(ledger.view(), p.currency));
    asset->quantity += p.amount;
    ledger.overlay().Write(state::keys::AobAsset(p.currency), EncodeAssetRecord(*asset));
    DDN_ASSIGN_OR_RETURN(uint64_t balance, BalanceOf(ledger.view(), asset->owner, p.currency));
    // Cannot overflow: every balance is part of quantity ≤ maximum.
    PutBalance(ledger, asset->owner, p.currency, balance + p.amount);
    return Status::Ok();
  }
  bool MovesFunds() const override { return false; }
};

// ---- 65 transfer --------------------------------------------------------------------------

chain::AssetPayloadPtr DecodeTransfer(codec::ByteReader& r) {
  auto p = std::make_shared<Transfer>();
  p->currency = r.String(kMaxCurrency, "currency");
  if (r.ok()) p->amount = r.U64();
  if (r.ok()) p->content = r.String(4 * kMaxContent, "content");
  return p;
}

util::Result<chain::AssetPayloadPtr> TransferFromJson(const Json& value) {
  codec::JsonObjectReader r(value, "asset.aobTransfer");
  r.Only({"currency", "amount", "content"});
  auto p = std::make_shared<Transfer>();
  p->currency = r.String("currency");
  p->amount = ReadAmount(r, "amount");
  p->content = ReadOptionalText(r, "content");
  if (!r.ok()) return r.status();
  return chain::AssetPayloadPtr(std::move(p));
}

Status CheckTransfer(const chain::Transaction&, const chain::AssetPayload& payload) {
  const auto* p = As<Transfer>(payload);
  if (p == nullptr) return Invalid("not an aobTransfer asset");
  DDN_RETURN_IF_ERROR(CheckCurrency(p->currency, "asset.aobTransfer.currency"));
  if (p->amount == 0) return Invalid("asset.aobTransfer.amount must be at least 1");
  // The recipient (required, not the sender) is checked by CheckTxFields for every type.
  return CheckText(p->content, "asset.aobTransfer.content", kMaxContent, false);
}

// Whether `who` may hold or move units of `asset` under its ACL mode. The issuer never appears
// on a list and is always allowed.
util::Result<bool> Permitted(const state::StateView& view, const AssetRecord& asset,
                             const chain::AddressHash& who) {
  if (who == asset.owner) return true;
  DDN_ASSIGN_OR_RETURN(bool listed, IsListed(view, asset.asset.name, asset.acl, who));
  return asset.acl == kWhiteList ? listed : !listed;
}

class TransferRulesImpl final : public state::AssetRules {
 public:
  Status Verify(const state::Ledger& ledger, const compat::AnyTx& any,
                const state::ApplyContext&) const override {
    const Transfer& p = Of<Transfer>(any);
    DDN_ASSIGN_OR_RETURN(auto asset, FindAsset(ledger.view(), p.currency));
    if (!asset)
      return util::Error(ErrorCode::kNotFound, "asset " + p.currency + " is not registered");
    if (asset->written_off) return Refuse("asset " + p.currency + " is written off");
    const char* list = asset->acl == kWhiteList ? "not on the white list" : "on the black list";
    const chain::AddressHash from = SenderOf(any);
    DDN_ASSIGN_OR_RETURN(bool from_ok, Permitted(ledger.view(), *asset, from));
    if (!from_ok) return Refuse("the sender is " + std::string(list) + " of " + p.currency);
    DDN_ASSIGN_OR_RETURN(bool to_ok, Permitted(ledger.view(), *asset, *any.tx.recipient));
    if (!to_ok) return Refuse("the recipient is " + std::string(list) + " of " + p.currency);
    DDN_ASSIGN_OR_RETURN(uint64_t balance, BalanceOf(ledger.view(), from, p.currency));
    if (balance < p.amount) {
      return util::Error(ErrorCode::kInsufficientBalance,
                         "insufficient " + p.currency + " balance: " + std::to_string(balance) +
                             " < " + std::to_string(p.amount));
    }
    return Status::Ok();
  }
  Status Apply(state::Ledger& ledger, const compat::AnyTx& any,
               const state::ApplyContext& ctx) const override {
    const Transfer& p = Of<Transfer>(any);
    const chain::AddressHash from = SenderOf(any);
    const chain::AddressHash to = *any.tx.recipient;
    DDN_ASSIGN_OR_RETURN(uint64_t from_balance, BalanceOf(ledger.view(), from, p.currency));
    PutBalance(ledger, from, p.currency, from_balance - p.amount);
    DDN_ASSIGN_OR_RETURN(uint64_t to_balance, BalanceOf(ledger.view(), to, p.currency));
    PutBalance(ledger, to, p.currency, to_balance + p.amount);
    TransferRecord r{TxIdOf(any), ctx.height, from, to, p.currency, p.amount, p.content};
    ledger.overlay().Write(state::keys::AobTransfer(p.currency, ctx.height, r.tx_id),
                           EncodeTransferRecord(r));
    return Status::Ok();
  }
  bool MovesFunds() const override { return true; }
};

// ---- registrations ------------------------------------------------------------------------

template <uint64_t kFee>
uint64_t FixedFee(const chain::AssetPayload&) {
  return kFee;
}

const chain::AssetType kIssuerTxType{.id = kIssuerType,
                                     .name = "aob-issuer",
                                     .json_key = "aobIssuer",
                                     .has_recipient = false,
                                     .has_amount = false,
                                     .decode = &DecodeIssuer,
                                     .from_json = &IssuerFromJson,
                                     .check = &CheckIssuer,
                                     .fee = &FixedFee<kIssuerFee>};
const chain::AssetType kAssetTxType{.id = kAssetType,
                                    .name = "aob-asset",
                                    .json_key = "aobAsset",
                                    .has_recipient = false,
                                    .has_amount = false,
                                    .decode = &DecodeAsset,
                                    .from_json = &AssetFromJson,
                                    .check = &CheckAsset,
                                    .fee = &FixedFee<kAssetFee>};
const chain::AssetType kFlagsTxType{.id = kFlagsType,
                                    .name = "aob-flags",
                                    .json_key = "aobFlags",
                                    .has_recipient = false,
                                    .has_amount = false,
                                    .decode = &DecodeFlags,
                                    .from_json = &FlagsFromJson,
                                    .check = &CheckFlags,
                                    .fee = &FixedFee<kFlagsFee>};
const chain::AssetType kAclTxType{.id = kAclType,
                                  .name = "aob-acl",
                                  .json_key = "aobAcl",
                                  .has_recipient = false,
                                  .has_amount = false,
                                  .decode = &DecodeAcl,
                                  .from_json = &AclFromJson,
                                  .check = &CheckAcl,
                                  .fee = &FixedFee<kAclFee>};
const chain::AssetType kIssueTxType{.id = kIssueType,
                                    .name = "aob-issue",
                                    .json_key = "aobIssue",
                                    .has_recipient = false,
                                    .has_amount = false,
                                    .decode = &DecodeIssue,
                                    .from_json = &IssueFromJson,
                                    .check = &CheckIssue,
                                    .fee = &FixedFee<kIssueFee>};
const chain::AssetType kTransferTxType{.id = kTransferType,
                                       .name = "aob-transfer",
                                       .json_key = "aobTransfer",
                                       .has_recipient = true,
                                       .has_amount = false,
                                       .decode = &DecodeTransfer,
                                       .from_json = &TransferFromJson,
                                       .check = &CheckTransfer,
                                       .fee = &FixedFee<kTransferFee>};

template <typename P>
bool SamePayload(const P& self, const chain::AssetPayload& other) {
  const auto* o = dynamic_cast<const P*>(&other);
  return o != nullptr && *o == self;
}

chain::Transaction Make(uint8_t type, uint64_t fee, chain::AssetPayloadPtr payload) {
  chain::Transaction tx;
  tx.type = static_cast<chain::TxType>(type);
  tx.fee = fee;
  tx.asset = chain::RegisteredAsset{type, std::move(payload)};
  return tx;
}

}  // namespace

// ---- payload codecs -----------------------------------------------------------------------

void Issuer::Encode(codec::ByteWriter& w) const {
  w.String(name);
  w.String(desc);
}
Json Issuer::ToJson() const { return {{"name", name}, {"desc", desc}}; }
bool Issuer::operator==(const Issuer& o) const {
  return std::tie(name, desc) == std::tie(o.name, o.desc);
}
bool Issuer::Equals(const chain::AssetPayload& o) const { return SamePayload(*this, o); }

void Asset::Encode(codec::ByteWriter& w) const {
  w.String(name);
  w.String(desc);
  w.U64(maximum);
  w.U8(precision);
  w.String(strategy);
  w.U8(allow_writeoff ? 1 : 0);
  w.U8(allow_whitelist ? 1 : 0);
  w.U8(allow_blacklist ? 1 : 0);
}
Json Asset::ToJson() const {
  Json j = {{"name", name},
            {"desc", desc},
            {"maximum", std::to_string(maximum)},
            {"precision", precision},
            {"allow_writeoff", allow_writeoff ? "1" : "0"},
            {"allow_whitelist", allow_whitelist ? "1" : "0"},
            {"allow_blacklist", allow_blacklist ? "1" : "0"}};
  if (!strategy.empty()) j["strategy"] = strategy;
  return j;
}
bool Asset::operator==(const Asset& o) const {
  return std::tie(name, desc, maximum, precision, strategy, allow_writeoff, allow_whitelist,
                  allow_blacklist) == std::tie(o.name, o.desc, o.maximum, o.precision, o.strategy,
                                               o.allow_writeoff, o.allow_whitelist,
                                               o.allow_blacklist);
}
bool Asset::Equals(const chain::AssetPayload& o) const { return SamePayload(*this, o); }

void Flags::Encode(codec::ByteWriter& w) const {
  w.String(currency);
  w.U8(flag_type);
  w.U8(flag);
}
Json Flags::ToJson() const {
  return {{"currency", currency}, {"flag_type", flag_type}, {"flag", flag}};
}
bool Flags::operator==(const Flags& o) const {
  return std::tie(currency, flag_type, flag) == std::tie(o.currency, o.flag_type, o.flag);
}
bool Flags::Equals(const chain::AssetPayload& o) const { return SamePayload(*this, o); }

void Acl::Encode(codec::ByteWriter& w) const {
  w.String(currency);
  w.U8(flag);
  w.U8(add ? '+' : '-');
  w.U8(static_cast<uint8_t>(list.size()));
  for (const chain::AddressHash& a : list) w.Raw(a);
}
Json Acl::ToJson() const {
  Json addresses = Json::array();
  for (const chain::AddressHash& a : list) addresses.push_back(crypto::AddressFromHash(a));
  return {
      {"currency", currency}, {"flag", flag}, {"operator", add ? "+" : "-"}, {"list", addresses}};
}
bool Acl::operator==(const Acl& o) const {
  return std::tie(currency, flag, add, list) == std::tie(o.currency, o.flag, o.add, o.list);
}
bool Acl::Equals(const chain::AssetPayload& o) const { return SamePayload(*this, o); }

void Issue::Encode(codec::ByteWriter& w) const {
  w.String(currency);
  w.U64(amount);
}
Json Issue::ToJson() const { return {{"currency", currency}, {"amount", std::to_string(amount)}}; }
bool Issue::operator==(const Issue& o) const {
  return std::tie(currency, amount) == std::tie(o.currency, o.amount);
}
bool Issue::Equals(const chain::AssetPayload& o) const { return SamePayload(*this, o); }

void Transfer::Encode(codec::ByteWriter& w) const {
  w.String(currency);
  w.U64(amount);
  w.String(content);
}
Json Transfer::ToJson() const {
  Json j = {{"currency", currency}, {"amount", std::to_string(amount)}};
  if (!content.empty()) j["content"] = content;
  return j;
}
bool Transfer::operator==(const Transfer& o) const {
  return std::tie(currency, amount, content) == std::tie(o.currency, o.amount, o.content);
}
bool Transfer::Equals(const chain::AssetPayload& o) const { return SamePayload(*this, o); }

// ---- registrations ------------------------------------------------------------------------

const chain::AssetType& IssuerTxType() { return kIssuerTxType; }
const chain::AssetType& AssetTxType() { return kAssetTxType; }
const chain::AssetType& FlagsTxType() { return kFlagsTxType; }
const chain::AssetType& AclTxType() { return kAclTxType; }
const chain::AssetType& IssueTxType() { return kIssueTxType; }
const chain::AssetType& TransferTxType() { return kTransferTxType; }

const state::AssetRules& IssuerTxRules() {
  static const IssuerRulesImpl rules;
  return rules;
}
const state::AssetRules& AssetTxRules() {
  static const AssetRulesImpl rules;
  return rules;
}
const state::AssetRules& FlagsTxRules() {
  static const FlagsRulesImpl rules;
  return rules;
}
const state::AssetRules& AclTxRules() {
  static const AclRulesImpl rules;
  return rules;
}
const state::AssetRules& IssueTxRules() {
  static const IssueRulesImpl rules;
  return rules;
}
const state::AssetRules& TransferTxRules() {
  static const TransferRulesImpl rules;
  return rules;
}

chain::Transaction MakeTransaction(const Issuer& p) {
  return Make(kIssuerType, kIssuerFee, std::make_shared<Issuer>(p));
}
chain::Transaction MakeTransaction(const Asset& p) {
  return Make(kAssetType, kAssetFee, std::make_shared<Asset>(p));
}
chain::Transaction MakeTransaction(const Flags& p) {
  return Make(kFlagsType, kFlagsFee, std::make_shared<Flags>(p));
}
chain::Transaction MakeTransaction(const Acl& p) {
  return Make(kAclType, kAclFee, std::make_shared<Acl>(p));
}
chain::Transaction MakeTransaction(const Issue& p) {
  return Make(kIssueType, kIssueFee, std::make_shared<Issue>(p));
}
chain::Transaction MakeTransaction(const Transfer& p, const chain::AddressHash& recipient) {
  chain::Transaction tx = Make(kTransferType, kTransferFee, std::make_shared<Transfer>(p));
  tx.recipient = recipient;
  return tx;
}

// ---- records ------------------------------------------------------------------------------

// issuer-record = u8(1) bytes(32) tx-id u64 height bytes(20) owner asset-60
std::string EncodeIssuerRecord(const IssuerRecord& r) {
  codec::ByteWriter w;
  w.U8(1);
  w.Raw(r.tx_id);
  w.U64(r.height);
  w.Raw(r.owner);
  r.issuer.Encode(w);
  return ToString(w.bytes());
}

util::Result<IssuerRecord> DecodeIssuerRecord(std::string_view bytes) {
  codec::ByteReader r(util::AsBytes(bytes));
  IssuerRecord rec;
  if (r.U8() != 1 && r.ok()) r.Fail(ErrorCode::kInternal, "unknown issuer record version");
  rec.tx_id = r.Fixed<32>();
  rec.height = r.U64();
  rec.owner = r.Fixed<20>();
  if (r.ok()) rec.issuer.name = r.String(kMaxIssuerName, "name");
  if (r.ok()) rec.issuer.desc = r.String(4 * kMaxIssuerDesc, "desc");
  r.ExpectEnd();
  if (!r.ok())
    return util::Error(ErrorCode::kInternal, "corrupt AOB issuer record: " + r.status().message());
  return rec;
}

// asset-record = u8(1) bytes(32) tx-id u64 height bytes(20) owner asset-61 u64 quantity u8 acl
//                u8 written-off
std::string EncodeAssetRecord(const AssetRecord& r) {
  codec::ByteWriter w;
  w.U8(1);
  w.Raw(r.tx_id);
  w.U64(r.height);
  w.Raw(r.owner);
  r.asset.Encode(w);
  w.U64(r.quantity);
  w.U8(r.acl);
  w.U8(r.written_off ? 1 : 0);
  return ToString(w.bytes());
}

util::Result<AssetRecord> DecodeAssetRecord(std::string_view bytes) {
  codec::ByteReader r(util::AsBytes(bytes));
  AssetRecord rec;
  if (r.U8() != 1 && r.ok()) r.Fail(ErrorCode::kInternal, "unknown asset record version");
  rec.tx_id = r.Fixed<32>();
  rec.height = r.U64();
  rec.owner = r.Fixed<20>();
  if (r.ok()) ReadAssetFields(r, rec.asset);
  rec.quantity = r.U64();
  rec.acl = r.U8();
  rec.written_off = r.ok() && ReadBool(r, "written_off");
  r.ExpectEnd();
  if (!r.ok())
    return util::Error(ErrorCode::kInternal, "corrupt AOB asset record: " + r.status().message());
  return rec;
}

// transfer-record = u8(1) bytes(32) tx-id u64 height bytes(20) from bytes(20) to string currency
//                   u64 amount string content
std::string EncodeTransferRecord(const TransferRecord& r) {
  codec::ByteWriter w;
  w.U8(1);
  w.Raw(r.tx_id);
  w.U64(r.height);
  w.Raw(r.from);
  w.Raw(r.to);
  w.String(r.currency);
  w.U64(r.amount);
  w.String(r.content);
  return ToString(w.bytes());
}

util::Result<TransferRecord> DecodeTransferRecord(std::string_view bytes) {
  codec::ByteReader r(util::AsBytes(bytes));
  TransferRecord rec;
  if (r.U8() != 1 && r.ok()) r.Fail(ErrorCode::kInternal, "unknown transfer record version");
  rec.tx_id = r.Fixed<32>();
  rec.height = r.U64();
  rec.from = r.Fixed<20>();
  rec.to = r.Fixed<20>();
  if (r.ok()) rec.currency = r.String(kMaxCurrency, "currency");
  rec.amount = r.U64();
  if (r.ok()) rec.content = r.String(4 * kMaxContent, "content");
  r.ExpectEnd();
  if (!r.ok())
    return util::Error(ErrorCode::kInternal,
                       "corrupt AOB transfer record: " + r.status().message());
  return rec;
}

// ---- reads --------------------------------------------------------------------------------

util::Result<std::optional<IssuerRecord>> FindIssuer(const state::StateView& view,
                                                     std::string_view name) {
  DDN_ASSIGN_OR_RETURN(auto bytes, view.Read(state::keys::AobIssuer(name)));
  if (!bytes) return std::optional<IssuerRecord>();
  DDN_ASSIGN_OR_RETURN(IssuerRecord rec, DecodeIssuerRecord(*bytes));
  return std::optional<IssuerRecord>(std::move(rec));
}

util::Result<std::optional<IssuerRecord>> FindIssuerOf(const state::StateView& view,
                                                       const chain::AddressHash& owner) {
  DDN_ASSIGN_OR_RETURN(auto name, view.Read(state::keys::AobIssuerOwner(owner)));
  if (!name) return std::optional<IssuerRecord>();
  return FindIssuer(view, *name);
}

util::Result<std::optional<AssetRecord>> FindAsset(const state::StateView& view,
                                                   std::string_view name) {
  DDN_ASSIGN_OR_RETURN(auto bytes, view.Read(state::keys::AobAsset(name)));
  if (!bytes) return std::optional<AssetRecord>();
  DDN_ASSIGN_OR_RETURN(AssetRecord rec, DecodeAssetRecord(*bytes));
  return std::optional<AssetRecord>(std::move(rec));
}

util::Result<uint64_t> BalanceOf(const state::StateView& view, const chain::AddressHash& holder,
                                 std::string_view currency) {
  DDN_ASSIGN_OR_RETURN(auto bytes, view.Read(state::keys::AobBalance(holder, currency)));
  if (!bytes) return uint64_t{0};
  auto v = state::keys::ParseBigEndian64(*bytes);
  if (!v) return util::Error(ErrorCode::kInternal, "corrupt AOB balance");
  return *v;
}

util::Result<bool> IsListed(const state::StateView& view, std::string_view currency, uint8_t flag,
                            const chain::AddressHash& address) {
  DDN_ASSIGN_OR_RETURN(auto bytes, view.Read(state::keys::AobAcl(currency, flag, address)));
  return bytes.has_value();
}

}  // namespace ddn::assets::aob
