// Ledger: typed reads and writes of accounts and delegates on an Overlay, keeping the derived
// data consistent: every balance change of an account that votes moves the vote weight of each
// delegate it votes for, so a delegate's weight always equals the sum of its voters' balances.
// Thread safety: as the Overlay it wraps (one thread).
#pragma once

#include <optional>
#include <vector>

#include "state/records.h"
#include "state/state_view.h"

namespace ddn::state {

class Ledger {
 public:
  explicit Ledger(Overlay& overlay) : overlay_(overlay) {}

  // The account, or a fresh empty one (balance 0) when it has never been seen.
  util::Result<Account> GetAccount(const AddressHash& address) const;
  util::Result<Account> GetAccountByKey(const PublicKey& key) const;
  void PutAccount(const Account& account);

  // Adds (or with a negative delta removes) base units; refuses to go below zero or overflow.
  util::Status AdjustBalance(const AddressHash& address, int64_t delta);
  util::Status Credit(const AddressHash& address, uint64_t amount);
  util::Status Debit(const AddressHash& address, uint64_t amount);
  // Moves a delegate's vote weight (the delegate must exist).
  util::Status AdjustVoteWeight(const PublicKey& delegate, int64_t delta);

  // Registered delegates in registration order.
  util::Result<std::vector<PublicKey>> DelegateKeys() const;
  void PutDelegateKeys(const std::vector<PublicKey>& keys);
  // The key registered under a username, if any.
  util::Result<std::optional<PublicKey>> DelegateByName(std::string_view username) const;
  void PutDelegateName(std::string_view username, const PublicKey& key);

  Overlay& overlay() { return overlay_; }
  const StateView& view() const { return overlay_; }

  // The height until which the account's balance is locked (0: never locked).
  util::Result<uint64_t> LockHeight(const AddressHash& address) const;
  void PutLockHeight(const AddressHash& address, uint64_t height);

 private:
  Overlay& overlay_;
};

}  // namespace ddn::state
