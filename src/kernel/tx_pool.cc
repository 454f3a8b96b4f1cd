#include "kernel/tx_pool.h"

#include <algorithm>
#include <string>

#include "chain/tx_rules.h"
#include "state/keys.h"
#include "state/tx_apply.h"

namespace ddn::kernel {

using util::ErrorCode;
using util::Status;

namespace {

constexpr uint32_t kSecondsPerHour = 3600;

// The end of the group's lifetime for a multisignature transaction (one from a group account, or
// one registering a group): its timestamp + lifetime hours. 0 for any other transaction.
// The timestamp, not this node's arrival time, so every node that holds the transaction agrees
// on when it expires; a client that backdates it only shortens its own window.
util::Result<uint32_t> LifetimeEnd(const state::Ledger& ledger, const compat::AnyTx& tx) {
  uint32_t hours = 0;
  if (const auto* group = std::get_if<chain::MultisignatureAsset>(&tx.tx.asset)) {
    hours = group->lifetime;
  } else {
    DDN_ASSIGN_OR_RETURN(state::Account sender, ledger.GetAccountByKey(tx.tx.sender));
    if (sender.multisig) hours = sender.multisig->lifetime;
  }
  if (hours == 0) return 0u;
  const uint64_t end = uint64_t{tx.tx.timestamp} + uint64_t{hours} * kSecondsPerHour;
  return static_cast<uint32_t>(std::min<uint64_t>(end, UINT32_MAX));
}

}  // namespace

TxPool::TxPool(const Chain& chain, PoolOptions options)
    : chain_(chain), options_(options), pending_(chain.db()) {}

Status TxPool::TryApply(const compat::AnyTx& tx) {
  state::Overlay attempt = state::Overlay::On(pending_);
  state::Ledger ledger(attempt);
  DDN_RETURN_IF_ERROR(
      state::ApplyTransaction(ledger, tx, {chain_.tip().height + 1, /*genesis=*/false}));
  std::move(attempt).MergeInto(pending_);
  return Status::Ok();
}

Status TxPool::Add(compat::AnyTx tx, uint32_t now, std::optional<uint32_t> received) {
  if (tx.tx.nethash != chain_.options().nethash) {
    return util::Error(ErrorCode::kWrongNethash, "transaction is for another network");
  }
  if (index_.count(tx.id)) return util::Error(ErrorCode::kDuplicate, "already in the pool");
  const auto id = util::FromHexFixed<32>(tx.id).value_or(chain::Hash256{});
  DDN_ASSIGN_OR_RETURN(auto confirmed, chain_.FindTransaction(id));
  if (confirmed) return util::Error(ErrorCode::kAlreadyConfirmed, "already in a block");
  const auto& params = chain_.options().params;
  if (consensus::SlotOf(tx.tx.timestamp, params) > consensus::SlotOf(now, params)) {
    return util::Error(ErrorCode::kTimestampInFuture, "timestamp is after the current slot");
  }
  if (entries_.size() >= options_.max_transactions) {
    return util::Error(ErrorCode::kPoolFull, "the transaction pool is full; retry later");
  }
  state::Ledger ledger(pending_);
  DDN_ASSIGN_OR_RETURN(bool ready, state::IsReady(ledger, tx));
  DDN_ASSIGN_OR_RETURN(uint32_t lifetime_end, LifetimeEnd(ledger, tx));
  PoolEntry entry{std::move(tx), received.value_or(now), ready, lifetime_end};
  if (auto expired = ExpiryOf(entry, now)) return *expired;
  if (ready) DDN_RETURN_IF_ERROR(TryApply(entry.tx));
  next_deadline_ = std::min(next_deadline_, ExpiryDeadline(entry));
  index_[entry.tx.id] = entries_.size();
  entries_.push_back(std::move(entry));
  return Status::Ok();
}

std::vector<const compat::AnyTx*> TxPool::Candidates(size_t max) const {
  std::vector<const compat::AnyTx*> out;
  for (const auto& e : entries_) {
    if (out.size() >= max) break;
    if (e.ready) out.push_back(&e.tx);
  }
  return out;
}

Status TxPool::AddCosignature(const std::string& id, const chain::Signature& signature,
                              uint32_t now, std::vector<std::string>* removed) {
  auto it = index_.find(id);
  if (it == index_.end()) return util::Error(ErrorCode::kNotFound, "no such transaction in the pool");
  PoolEntry& entry = entries_[it->second];
  if (entry.tx.tx.cosignatures.size() >= chain::kMaxCosignatures) {
    return util::Error(ErrorCode::kInvalidField, "too many co-signatures");
  }
  if (!entry.tx.legacy) {
    if (!chain::InsertCosignature(entry.tx.tx, signature)) {
      return util::Error(ErrorCode::kDuplicate, "co-signature already present");
    }
  } else {
    // Legacy co-signatures keep the client's order: appended, as DDN clients do.
    for (const auto& s : entry.tx.tx.cosignatures) {
      if (s == signature) return util::Error(ErrorCode::kDuplicate, "co-signature already present");
    }
    entry.tx.tx.cosignatures.push_back(signature);
    entry.tx.legacy->tx.cosignatures = entry.tx.tx.cosignatures;
    auto& sigs = entry.tx.legacy->json["signatures"];
    if (!sigs.is_array()) sigs = codec::Json::array();
    sigs.push_back(util::ToHex(signature));
  }
  *removed = Refresh(now);
  return Status::Ok();
}

void TxPool::Drop(const std::string& id, Status reason, uint32_t now) {
  ++dropped_total_;
  if (dropped_.insert_or_assign(id, DropRecord{std::move(reason), now}).second) {
    dropped_order_.push_back(id);
  }
  while (dropped_order_.size() > options_.dropped_memory) {
    dropped_.erase(dropped_order_.front());
    dropped_order_.pop_front();
  }
}

std::vector<std::string> TxPool::Rebuild(uint32_t now, const std::vector<compat::AnyTx>& returned,
                                         const std::unordered_set<std::string_view>* newly_confirmed) {
  std::vector<std::string> removed;
  std::vector<PoolEntry> old;
  old.swap(entries_);
  index_.clear();
  pending_.Clear();
  next_deadline_ = UINT32_MAX;
  std::vector<PoolEntry> offered;
  offered.reserve(returned.size() + old.size());
  entries_.reserve(returned.size() + old.size());
  for (const auto& tx : returned) offered.push_back(PoolEntry{tx, now, true});
  for (auto& e : old) offered.push_back(std::move(e));
  for (auto& e : offered) {
    if (index_.count(e.tx.id)) continue;
    bool in_block = false;
    if (newly_confirmed) {
      in_block = newly_confirmed->count(e.tx.id) > 0;
    } else {
      const auto id = util::FromHexFixed<32>(e.tx.id).value_or(chain::Hash256{});
      auto confirmed = chain_.FindTransaction(id);
      in_block = confirmed.ok() && *confirmed;
    }
    if (in_block) {  // its journey ended well
      removed.push_back(e.tx.id);
      continue;
    }
    state::Ledger ledger(pending_);
    auto ready = state::IsReady(ledger, e.tx);
    Status s = ready.ok() ? Status::Ok() : ready.status();
    e.ready = ready.ok() && *ready;
    if (s.ok()) {
      auto lifetime_end = LifetimeEnd(ledger, e.tx);
      if (lifetime_end.ok()) {
        e.lifetime_end = *lifetime_end;
      } else {
        s = lifetime_end.status();
      }
    }
    if (s.ok()) {
      if (auto expired = ExpiryOf(e, now)) s = *expired;
    }
    if (s.ok() && e.ready) s = TryApply(e.tx);
    if (!s.ok()) {
      Drop(e.tx.id, s, now);
      removed.push_back(e.tx.id);
      continue;
    }
    next_deadline_ = std::min(next_deadline_, ExpiryDeadline(e));
    index_[e.tx.id] = entries_.size();
    entries_.push_back(std::move(e));
  }
  return removed;
}

std::optional<Status> TxPool::ExpiryOf(const PoolEntry& e, uint32_t now) const {
  const bool pool_expired = now > e.received && now - e.received > options_.expiry_seconds;
  if (e.lifetime_end != 0) {
    if (now < e.lifetime_end) return std::nullopt;
    if (!e.ready) {
      const std::string ago = std::to_string(now - e.lifetime_end);
      return util::Error(ErrorCode::kExpired,
                         "not enough co-signatures within the multisignature group's lifetime "
                         "(it ended " +
                             ago + " s ago)");
    }
  }
  if (!pool_expired) return std::nullopt;
  return util::Error(ErrorCode::kExpired, "not confirmed within the pool's expiry");
}

uint32_t TxPool::ExpiryDeadline(const PoolEntry& e) const {
  // Mirrors ExpiryOf: the pool's expiry strikes once now - received > expiry_seconds; a group's
  // lifetime ends a waiting entry at lifetime_end and shields a ready one until then.
  const uint64_t pool = uint64_t{e.received} + options_.expiry_seconds + 1;
  uint64_t deadline = pool;
  if (e.lifetime_end != 0) {
    deadline = e.ready ? std::max<uint64_t>(e.lifetime_end, pool) : e.lifetime_end;
  }
  return static_cast<uint32_t>(std::min<uint64_t>(deadline, UINT32_MAX));
}

const PoolEntry* TxPool::Find(const std::string& id) const {
  auto it = index_.find(id);
  return it == index_.end() ? nullptr : &entries_[it->second];
}

const DropRecord* TxPool::FindDropped(const std::string& id) const {
  auto it = dropped_.find(id);
  return it == dropped_.end() ? nullptr : &it->second;
}

}  // namespace ddn::kernel
