#include "assets/lock/lock.h"

#include "crypto/address.h"

namespace ddn::assets::lock {

using codec::Json;
using util::ErrorCode;
using util::Status;

namespace {

chain::AssetPayloadPtr Decode(codec::ByteReader& r) {
  auto l = std::make_shared<Lock>();
  l->height = r.U64();
  return l;
}

util::Result<chain::AssetPayloadPtr> FromJson(const Json& value) {
  codec::JsonObjectReader r(value, "asset.lock");
  r.Only({"height"});
  auto l = std::make_shared<Lock>();
  l->height = static_cast<uint64_t>(r.Integer("height", 1, static_cast<int64_t>(kMaxLockHeight)));
  if (!r.ok()) return r.status();
  return chain::AssetPayloadPtr(std::move(l));
}

Status Check(const chain::Transaction&, const chain::AssetPayload& payload) {
  const auto* l = dynamic_cast<const Lock*>(&payload);
  if (l == nullptr) return util::Error(ErrorCode::kInvalidField, "not a lock asset");
  if (l->height == 0 || l->height > kMaxLockHeight) {
    return util::Error(ErrorCode::kInvalidField, "asset.lock.height must be 1..2^53-1");
  }
  return Status::Ok();
}

uint64_t Fee(const chain::AssetPayload&) { return kFee; }

const chain::AssetType kAssetType{
    .id = kType,
    .name = "lock",
    .json_key = "lock",
    .has_recipient = false,
    .has_amount = false,
    .decode = &Decode,
    .from_json = &FromJson,
    .check = &Check,
    .fee = &Fee,
};

class LockRules final : public state::AssetRules {
 public:
  Status Verify(const state::Ledger& ledger, const compat::AnyTx& any,
                const state::ApplyContext& ctx) const override {
    const uint64_t height = Of(any).height;
    if (height <= ctx.height) {
      return util::Error(ErrorCode::kStateRule,
                         "lock height " + std::to_string(height) +
                             " must be above the height of its block (" +
                             std::to_string(ctx.height) + ")");
    }
    DDN_ASSIGN_OR_RETURN(uint64_t current,
                         ledger.LockHeight(crypto::AddressHashOf(any.tx.sender)));
    if (height <= current) {
      return util::Error(ErrorCode::kStateRule,
                         "a lock can only be extended: the account is locked until height " +
                             std::to_string(current));
    }
    return Status::Ok();
  }

  Status Apply(state::Ledger& ledger, const compat::AnyTx& any,
               const state::ApplyContext&) const override {
    ledger.PutLockHeight(crypto::AddressHashOf(any.tx.sender), Of(any).height);
    return Status::Ok();
  }

  bool MovesFunds() const override { return false; }

 private:
  static const Lock& Of(const compat::AnyTx& any) {
    return *chain::PayloadAs<Lock>(std::get<chain::RegisteredAsset>(any.tx.asset));
  }
};

}  // namespace

void Lock::Encode(codec::ByteWriter& w) const { w.U64(height); }

Json Lock::ToJson() const { return Json{{"height", height}}; }

bool Lock::Equals(const chain::AssetPayload& other) const {
  const auto* l = dynamic_cast<const Lock*>(&other);
  return l != nullptr && *l == *this;
}

const chain::AssetType& Type() { return kAssetType; }

const state::AssetRules& Rules() {
  static const LockRules rules;
  return rules;
}

chain::Transaction MakeTransaction(uint64_t height) {
  chain::Transaction tx;
  tx.type = static_cast<chain::TxType>(kType);
  tx.fee = kFee;
  auto lock = std::make_shared<Lock>();
  lock->height = height;
  tx.asset = chain::RegisteredAsset{kType, std::move(lock)};
  return tx;
}

}  // namespace ddn::assets::lock
