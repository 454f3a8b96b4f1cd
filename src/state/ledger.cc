#include "state/ledger.h"

#include "crypto/address.h"
#include "state/keys.h"

namespace ddn::state {

using util::ErrorCode;

util::Result<Account> Ledger::GetAccount(const AddressHash& address) const {
  DDN_ASSIGN_OR_RETURN(std::optional<std::string> bytes, overlay_.Read(keys::Account(address)));
  if (!bytes) {
    Account fresh;
    fresh.address = address;
    return fresh;
  }
  return DecodeAccount(*bytes);
}

util::Result<Account> Ledger::GetAccountByKey(const PublicKey& key) const {
  DDN_ASSIGN_OR_RETURN(Account a, GetAccount(crypto::AddressHashOf(key)));
  if (!a.public_key) a.public_key = key;
  return a;
}

util::Result<uint64_t> Ledger::LockHeight(const AddressHash& address) const {
  DDN_ASSIGN_OR_RETURN(std::optional<std::string> bytes, overlay_.Read(keys::AccountLock(address)));
  if (!bytes) return uint64_t{0};
  auto height = keys::ParseBigEndian64(*bytes);
  if (!height) return util::Error(ErrorCode::kInternal, "corrupt account lock record");
  return *height;
}

void Ledger::PutLockHeight(const AddressHash& address, uint64_t height) {
  overlay_.Write(keys::AccountLock(address), keys::BigEndian64(height));
}

void Ledger::PutAccount(const Account& account) {
  overlay_.Write(keys::Account(account.address), EncodeAccount(account));
}

util::Status Ledger::AdjustBalance(const AddressHash& address, int64_t delta) {
  if (delta == 0) return util::Status::Ok();
  DDN_ASSIGN_OR_RETURN(Account a, GetAccount(address));
  if (delta < 0 && a.balance < static_cast<uint64_t>(-delta)) {
    return util::Error(ErrorCode::kInsufficientBalance, "insufficient balance");
  }
  if (delta > 0 && a.balance > UINT64_MAX - static_cast<uint64_t>(delta)) {
    return util::Error(ErrorCode::kInvalidField, "balance overflow");
  }
  a.balance += static_cast<uint64_t>(delta);  // two's complement wrap is the subtraction
  PutAccount(a);
  for (const PublicKey& delegate : a.votes) DDN_RETURN_IF_ERROR(AdjustVoteWeight(delegate, delta));
  return util::Status::Ok();
}

util::Status Ledger::Credit(const AddressHash& address, uint64_t amount) {
  if (amount > static_cast<uint64_t>(INT64_MAX)) {
    return util::Error(ErrorCode::kInvalidField, "amount too large");
  }
  return AdjustBalance(address, static_cast<int64_t>(amount));
}

util::Status Ledger::Debit(const AddressHash& address, uint64_t amount) {
  if (amount > static_cast<uint64_t>(INT64_MAX)) {
    return util::Error(ErrorCode::kInsufficientBalance, "insufficient balance");
  }
  return AdjustBalance(address, -static_cast<int64_t>(amount));
}

util::Status Ledger::AdjustVoteWeight(const PublicKey& delegate, int64_t delta) {
  DDN_ASSIGN_OR_RETURN(Account d, GetAccountByKey(delegate));
  if (!d.delegate) return util::Error(ErrorCode::kInternal, "vote for a non-delegate");
  d.delegate->vote_weight += static_cast<uint64_t>(delta);
  PutAccount(d);
  return util::Status::Ok();
}

util::Result<std::vector<PublicKey>> Ledger::DelegateKeys() const {
  DDN_ASSIGN_OR_RETURN(std::optional<std::string> bytes, overlay_.Read(keys::DelegateList()));
  if (!bytes) return std::vector<PublicKey>();
  return DecodeKeyList(*bytes);
}

void Ledger::PutDelegateKeys(const std::vector<PublicKey>& keys) {
  overlay_.Write(keys::DelegateList(), EncodeKeyList(keys));
}

util::Result<std::optional<PublicKey>> Ledger::DelegateByName(std::string_view username) const {
  DDN_ASSIGN_OR_RETURN(std::optional<std::string> bytes, overlay_.Read(keys::DelegateName(username)));
  if (!bytes) return std::optional<PublicKey>();
  if (bytes->size() != 32) return util::Error(ErrorCode::kInternal, "corrupt delegate name record");
  PublicKey key;
  std::copy(bytes->begin(), bytes->end(), key.begin());
  return std::optional<PublicKey>(key);
}

void Ledger::PutDelegateName(std::string_view username, const PublicKey& key) {
  overlay_.Write(keys::DelegateName(username), std::string(key.begin(), key.end()));
}

}  // namespace ddn::state
