#include "kernel/chain_service.h"

#include <unordered_set>

#include "kernel/fork_choice.h"
#include "state/keys.h"
#include "state/ledger.h"
#include "storage/kv_store.h"
#include "util/parallel.h"

namespace ddn::kernel {

using util::ErrorCode;
using util::Status;

namespace {
TipSummary SummaryOf(const state::Tip& tip) { return {tip.height, tip.timestamp, tip.id}; }
bool IsStorageFailure(const Status& s) {
  return s.code() == ErrorCode::kIoError || s.code() == ErrorCode::kInternal;
}
}  // namespace

ChainService::ChainService(std::unique_ptr<Chain> chain, const Clock& clock,
                           ServiceOptions options)
    : clock_(clock),
      chain_(std::move(chain)),
      pool_(*chain_, options.pool),
      journal_(chain_->mutable_db()),
      fault_hook_(std::move(options.fault_hook)),
      may_forge_(std::move(options.may_forge)) {
  for (const auto& secret : options.forging_secrets) {
    auto keys = crypto::KeyPairFromPassphrase(secret);
    forging_keys_[keys.public_key] = keys;
  }
  RestorePool();
}

void ChainService::PersistPool(const std::vector<const compat::AnyTx*>& added,
                               const std::vector<std::string>& removed) {
  std::vector<JournalEntry> entries;
  entries.reserve(added.size());
  for (const auto* tx : added) {
    if (const PoolEntry* e = pool_.Find(tx->id)) {
      const util::Bytes entry = block::EncodeTxEntry(e->tx);
      entries.push_back({e->tx.id, e->received, std::string(entry.begin(), entry.end())});
    }
  }
  if (entries.empty() && removed.empty()) return;
  std::lock_guard queue_lock(persist_queue_mu_);
  persist_queue_.push_back(journal_.Record(removed, entries, pool_.size()));
}

void ChainService::FlushPool() {
  std::lock_guard write_lock(persist_mu_);
  std::vector<storage::WriteBatch> queued;
  {
    std::lock_guard queue_lock(persist_queue_mu_);
    queued.swap(persist_queue_);
  }
  // Every queued batch is tried even after a failure (the node is then stopping): a failed
  // compaction must not keep other submissions' records from the disk.
  for (const auto& batch : queued) {
    if (Status s = journal_.Write(batch); !s.ok()) RecordFatal(s);
  }
}

void ChainService::RestorePool() {
  auto loaded = journal_.Load();
  if (!loaded.ok()) {
    RecordFatal(loaded.status());
    return;
  }
  if (loaded->corrupt_records > 0) {
    restore_warning_ = std::to_string(loaded->corrupt_records) +
                       " record(s) of the pool's journal did not decode and were dropped (first: " +
                       loaded->first_problem + ")";
  }
  std::vector<JournalEntry>* saved = &loaded->entries;
  std::stable_sort(saved->begin(), saved->end(),
                   [](const JournalEntry& a, const JournalEntry& b) { return a.received < b.received; });
  const uint32_t now = clock_.NowEpochSeconds();
  std::vector<JournalEntry> kept;
  for (auto& s : *saved) {
    auto tx = block::DecodeTxEntry(util::AsBytes(s.entry));
    Status status = tx.ok() ? compat::VerifyAnyTxStateless(*tx, chain_->options().nethash)
                            : tx.status();
    if (status.ok() && tx->id != s.id) {
      status = util::Error(ErrorCode::kInternal, "pool journal entry does not match its id");
    }
    if (status.ok()) {
      auto confirmed = chain_->FindTransaction(util::FromHexFixed<32>(s.id).value_or(chain::Hash256{}));
      if (confirmed.ok() && *confirmed) continue;  // confirmed just before the restart
      status = pool_.Add(*tx, now, s.received);
    }
    if (!status.ok()) {
      pool_.RecordDropped(s.id, status, now);
      continue;
    }
    kept.push_back(std::move(s));
  }
  // The journal holds exactly the restored pool from here on (entries the pool removed while
  // re-admitting the others are left out as well).
  std::erase_if(kept, [&](const JournalEntry& e) { return pool_.Find(e.id) == nullptr; });
  if (Status s = journal_.Replace(kept); !s.ok()) RecordFatal(s);
}

ChainService::~ChainService() { Stop(); }

std::string ChainService::pool_restore_warning() const { return restore_warning_; }

void ChainService::AddObserver(ChainObserver* observer) { observers_.push_back(observer); }

uint64_t ChainService::CurrentSlot() const {
  return consensus::SlotOf(clock_.NowEpochSeconds(), chain_->options().params);
}

std::vector<chain::PublicKey> ChainService::ForgingKeys() const {
  std::vector<chain::PublicKey> keys;
  for (const auto& [key, pair] : forging_keys_) keys.push_back(key);
  return keys;
}

std::unique_lock<std::shared_mutex> ChainService::LockExclusive() const {
  std::unique_lock gate(gate_);
  std::unique_lock lock(mu_);
  return lock;  // the gate is released here, the lock is kept
}

std::optional<Status> ChainService::fatal_error() const {
  std::lock_guard lock(fatal_mu_);
  return fatal_;
}

ForgeTimings ChainService::last_forge() const {
  std::lock_guard lock(timings_mu_);
  return last_forge_;
}

void ChainService::RecordFatal(const Status& status) {
  std::lock_guard lock(fatal_mu_);
  if (!fatal_) fatal_ = status;
}

std::vector<Status> ChainService::Submit(std::vector<compat::AnyTx> txs, bool verified) {
  const FlushOnExit flush{*this};
  std::vector<Status> results(txs.size());
  const std::string& nethash = chain_->options().nethash;
  if (!verified) {
    util::ParallelFor(txs.size(), [&](size_t i) {
      results[i] = compat::VerifyAnyTxStateless(txs[i], nethash);
    });
  }
  std::vector<const compat::AnyTx*> accepted;
  {
    auto lock = LockExclusive();
    if (fatal_error()) {
      for (auto& r : results) r = util::Error(ErrorCode::kUnavailable, "the node is stopping");
      return results;
    }
    const uint32_t now = clock_.NowEpochSeconds();
    for (size_t i = 0; i < txs.size(); ++i) {
      if (!results[i].ok()) continue;
      results[i] = pool_.Add(txs[i], now);
      // A copy of a waiting transaction with co-signatures the pool lacks brings them in, and
      // is passed on like a new transaction (so peers catch up on earlier co-signatures).
      if (results[i].code() == ErrorCode::kDuplicate && MergeCosignatures(txs[i], now)) {
        results[i] = Status::Ok();
      }
      if (results[i].ok()) accepted.push_back(&txs[i]);
    }
    PersistPool(accepted, {});
  }
  for (const auto* tx : accepted) {
    for (auto* o : observers_) o->OnTransactionAccepted(*tx);
  }
  return results;
}

Status ChainService::AddCosignature(const std::string& id, const chain::Signature& signature) {
  const FlushOnExit flush{*this};
  auto lock = LockExclusive();
  const uint32_t now = clock_.NowEpochSeconds();
  if (pool_.HasExpired(now)) PersistPool({}, pool_.Refresh(now));  // a late signature is refused
  if (!pool_.Find(id)) {
    if (const DropRecord* dropped = pool_.FindDropped(id)) {
      return util::Error(dropped->reason.code(),
                         "the transaction left the pool: " + dropped->reason.message());
    }
    return util::Error(ErrorCode::kNotFound, "no such transaction in the pool");
  }
  std::vector<std::string> removed;
  DDN_RETURN_IF_ERROR(AddCosignatureLocked(id, signature, now, &removed));
  const PoolEntry* updated = pool_.Find(id);
  PersistPool(updated ? std::vector<const compat::AnyTx*>{&updated->tx}
                      : std::vector<const compat::AnyTx*>{},
              removed);
  lock.unlock();
  for (auto* o : observers_) o->OnCosignatureAdded(id, signature);
  return Status::Ok();
}

bool ChainService::MergeCosignatures(compat::AnyTx& tx, uint32_t now) {
  if (tx.tx.cosignatures.empty()) return false;
  bool merged = false;
  std::vector<std::string> removed;
  for (const auto& signature : tx.tx.cosignatures) {
    if (!pool_.Find(tx.id)) break;  // a now-ready entry failed and left
    merged = AddCosignatureLocked(tx.id, signature, now, &removed).ok() || merged;
  }
  const PoolEntry* entry = pool_.Find(tx.id);
  if (merged && entry) tx = entry->tx;  // gossiped on with every co-signature it now has
  PersistPool({}, removed);
  return merged && entry;
}

Status ChainService::AddCosignatureLocked(const std::string& id, const chain::Signature& signature,
                                          uint32_t now, std::vector<std::string>* removed) {
  const PoolEntry* entry = pool_.Find(id);
  if (!entry) return util::Error(ErrorCode::kNotFound, "no such transaction in the pool");
  // The signer must be a member of the sender's group (or of the group being registered).
  compat::AnyTx probe = entry->tx;
  probe.tx.cosignatures = {signature};
  const chain::Hash256 digest = compat::AnySignDigest(probe);
  state::Overlay view(pool_.pending_state());  // read-only use: nothing is written
  state::Ledger ledger(view);
  DDN_ASSIGN_OR_RETURN(state::Account sender, ledger.GetAccountByKey(probe.tx.sender));
  std::vector<chain::PublicKey> members;
  if (sender.multisig) members = sender.multisig->members;
  if (const auto* g = std::get_if<chain::MultisignatureAsset>(&probe.tx.asset)) members = g->members;
  if (members.empty()) {
    // Not the signer's fault: a peer whose chain already has the group may gossip this.
    return util::Error(ErrorCode::kStateRule, "the sender is not a multisignature account");
  }
  bool valid = false;
  for (const auto& m : members) valid = valid || crypto::Verify(digest, signature, m);
  if (!valid) {
    return util::Error(ErrorCode::kBadCosignature,
                       "the signature is not by a member of the multisignature group");
  }
  std::vector<std::string> gone;
  DDN_RETURN_IF_ERROR(pool_.AddCosignature(id, signature, now, &gone));
  removed->insert(removed->end(), gone.begin(), gone.end());
  return Status::Ok();
}

util::Result<bool> ChainService::ForgeIfDue() {
  const FlushOnExit flush{*this};
  if (fatal_error()) return false;
  if (may_forge_ && !may_forge_()) return false;
  using Clock = std::chrono::steady_clock;
  const auto seconds_since = [](Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
  };
  // No other block is applied until this one is committed: the tip stays put while the block
  // is built without the lock.
  std::lock_guard writer(write_mu_);
  uint64_t slot = 0;
  const crypto::KeyPair* keys = nullptr;
  std::vector<compat::AnyTx> candidates;
  {
    auto lock = LockExclusive();
    const uint32_t now = clock_.NowEpochSeconds();
    if (pool_.HasExpired(now)) PersistPool({}, pool_.Refresh(now));
    slot = CurrentSlot();
    const auto& params = chain_->options().params;
    if (consensus::SlotOf(chain_->tip().timestamp, params) >= slot) return false;
    DDN_ASSIGN_OR_RETURN(chain::PublicKey owner, chain_->SlotOwner(slot));
    auto it = forging_keys_.find(owner);
    if (it == forging_keys_.end()) return false;
    keys = &it->second;
    // Copies: the pool keeps changing while the block is built.
    const auto pending = pool_.Candidates(params.max_txs_per_block);
    candidates.reserve(pending.size());
    for (const compat::AnyTx* tx : pending) candidates.push_back(*tx);
  }
  // Built without the lock: submissions keep entering the pool (on the same committed state,
  // which only holders of write_mu_ change) and readers keep reading. Pool entries were verified
  // on admission; the built state changes are committed as they are, without a second pass.
  ForgeTimings timings;
  auto phase = Clock::now();
  std::vector<const compat::AnyTx*> pointers;
  pointers.reserve(candidates.size());
  for (const auto& tx : candidates) pointers.push_back(&tx);
  std::vector<std::pair<std::string, Status>> skipped;
  util::Result<BuiltBlock> staged = chain_->Build(slot, *keys, pointers, &skipped);
  if (!staged.ok()) {
    // Staging reads the store: a failure there is as fatal as one while committing.
    if (IsStorageFailure(staged.status())) RecordFatal(staged.status());
    return staged.status();
  }
  BuiltBlock& built = *staged;
  timings.build_seconds = seconds_since(phase);
  if (fault_hook_) fault_hook_("forge-built");
  block::Block forged;
  {
    auto lock = LockExclusive();
    if (fatal_error()) return false;
    phase = Clock::now();
    Status s = chain_->CommitBuilt(built);
    timings.commit_seconds = seconds_since(phase);
    forged = std::move(built.block);
    if (fault_hook_) fault_hook_("forge-committed");
    if (!s.ok()) {
      if (s.code() == ErrorCode::kIoError || s.code() == ErrorCode::kInternal) RecordFatal(s);
      return s;
    }
    phase = Clock::now();
    std::unordered_set<std::string_view> confirmed;
    for (const auto& tx : forged.transactions) confirmed.insert(tx.id);
    PersistPool({}, pool_.Rebuild(clock_.NowEpochSeconds(), {}, &confirmed));
    timings.pool_seconds = seconds_since(phase);
  }
  timings.height = forged.header.height;
  timings.transactions = forged.transactions.size();
  {
    std::lock_guard timings_lock(timings_mu_);
    last_forge_ = timings;
  }
  blocks_forged_.fetch_add(1);
  Notify(std::span<const block::Block>(&forged, 1));
  return true;
}

std::string_view BlockOutcomeName(BlockOutcome outcome) {
  switch (outcome) {
    case BlockOutcome::kApplied: return "applied";
    case BlockOutcome::kKnown: return "known";
    case BlockOutcome::kSwitched: return "switched";
    case BlockOutcome::kIgnored: return "ignored";
    case BlockOutcome::kBehind: return "behind";
  }
  return "unknown";
}

void ChainService::Notify(std::span<const block::Block> applied) {
  for (const auto& b : applied) {
    for (auto* o : observers_) o->OnBlockApplied(b);
  }
}


util::Result<std::vector<block::Block>> ChainService::RollBackTo(uint64_t height) {
  std::vector<block::Block> removed;
  while (chain_->tip().height > height) {
    auto b = chain_->RollBackTip();
    if (!b.ok()) {
      if (IsStorageFailure(b.status())) RecordFatal(b.status());
      return b.status();
    }
    removed.push_back(std::move(*b));
  }
  return removed;
}

void ChainService::AfterChainChange(const std::vector<block::Block>& rolled_back,
                                    std::optional<std::span<const block::Block>> applied) {
  std::vector<compat::AnyTx> returned;
  for (auto it = rolled_back.rbegin(); it != rolled_back.rend(); ++it) {
    returned.insert(returned.end(), it->transactions.begin(), it->transactions.end());
  }
  std::unordered_set<std::string_view> confirmed;
  for (const auto& b : applied.value_or(std::span<const block::Block>())) {
    for (const auto& tx : b.transactions) confirmed.insert(tx.id);
  }
  const std::vector<std::string> removed = pool_.Rebuild(clock_.NowEpochSeconds(), returned,
                                                         applied ? &confirmed : nullptr);
  std::vector<const compat::AnyTx*> kept;
  for (const auto& tx : returned) {
    if (pool_.Find(tx.id)) kept.push_back(&tx);
  }
  PersistPool(kept, removed);
}

util::Result<BlockOutcome> ChainService::ReceiveBlock(const block::Block& block) {
  const FlushOnExit flush{*this};
  const std::string& nethash = chain_->options().nethash;
  if (block.header.nethash != nethash) {
    return util::Error(ErrorCode::kWrongNethash, "block of network " + block.header.nethash);
  }
  const TipSummary incoming = kernel::SummaryOf(block);
  DDN_ASSIGN_OR_RETURN(auto known, ReadHistory([&](const Chain& c) { return c.HeightOfBlock(incoming.id); }));
  if (known) return BlockOutcome::kKnown;
  // The usual case, a block on our tip: staged (its signatures checked meanwhile) holding only
  // the chain-writer mutex, then written under the exclusive lock.
  const chain::Hash256 tip_id = Read([](const Chain& c, const TxPool&) { return c.tip().id; });
  if (block.header.previous == tip_id) {
    DDN_ASSIGN_OR_RETURN(std::optional<BlockOutcome> on_tip, ApplyOnTip(block));
    if (on_tip) return *on_tip;
  }
  DDN_RETURN_IF_ERROR(VerifyBlockSignatures(std::span<const block::Block>(&block, 1), nethash));
  std::vector<block::Block> rolled_back;
  BlockOutcome outcome;
  {
    std::lock_guard writer(write_mu_);
    auto lock = LockExclusive();
    if (fatal_error()) return util::Error(ErrorCode::kUnavailable, "the node is stopping");
    const state::Tip tip = chain_->tip();
    const ApplyOptions apply{.verify_signatures = false, .current_slot = CurrentSlot()};
    if (block.header.previous == tip.id) {
      if (Status s = chain_->ApplyBlock(block, apply); !s.ok()) {
        if (IsStorageFailure(s)) RecordFatal(s);
        return s;
      }
      outcome = BlockOutcome::kApplied;
    } else if (block.header.height > tip.height) {
      return BlockOutcome::kBehind;
    } else {
      if (block.header.height != tip.height || tip.height <= chain_->irreversible_height() ||
          !IsBetterTip(incoming, SummaryOf(tip))) {
        return BlockOutcome::kIgnored;
      }
      DDN_ASSIGN_OR_RETURN(std::optional<block::Block> top, chain_->HeaderAt(tip.height));
      if (!top || top->header.previous != block.header.previous) return BlockOutcome::kIgnored;
      // Nothing is rolled back for a block that could not replace the tip anyway.
      if (Status s = chain_->CheckForkHead(block); !s.ok()) {
        return s.code() == ErrorCode::kNotFound ? util::Result<BlockOutcome>(BlockOutcome::kIgnored)
                                                : util::Result<BlockOutcome>(s);
      }
      DDN_ASSIGN_OR_RETURN(rolled_back, RollBackTo(tip.height - 1));
      if (Status s = chain_->ApplyBlock(block, apply); !s.ok()) {
        Status restored = chain_->ApplyBlock(rolled_back.front(), {.verify_signatures = false});
        if (!restored.ok()) RecordFatal(restored);
        return s;
      }
      outcome = BlockOutcome::kSwitched;
    }
    AfterChainChange(rolled_back, std::span<const block::Block>(&block, 1));
  }
  Notify(std::span<const block::Block>(&block, 1));
  return outcome;
}

util::Result<std::optional<BlockOutcome>> ChainService::ApplyOnTip(const block::Block& block) {
  {
    std::lock_guard writer(write_mu_);
    if (fatal_error()) return util::Error(ErrorCode::kUnavailable, "the node is stopping");
    // The tip changes only under write_mu_, which this thread holds.
    if (block.header.previous != chain_->tip().id) return std::optional<BlockOutcome>();
    auto staged = chain_->StageBlock(block, {.verify_signatures = true,
                                             .current_slot = CurrentSlot()});
    if (!staged.ok()) {
      if (IsStorageFailure(staged.status())) RecordFatal(staged.status());
      return staged.status();
    }
    auto lock = LockExclusive();
    if (fatal_error()) return util::Error(ErrorCode::kUnavailable, "the node is stopping");
    if (Status s = chain_->CommitStaged(block, *staged); !s.ok()) {
      if (IsStorageFailure(s)) RecordFatal(s);
      return s;
    }
    AfterChainChange({}, std::span<const block::Block>(&block, 1));
  }
  Notify(std::span<const block::Block>(&block, 1));
  return std::optional<BlockOutcome>(BlockOutcome::kApplied);
}

ChainService::SyncApplied ChainService::ApplySynced(const std::vector<block::Block>& blocks,
                                                    bool verified) {
  const FlushOnExit flush{*this};
  SyncApplied result;
  if (blocks.empty()) return result;
  if (!verified) {
    result.status = VerifyBlockSignatures(blocks, chain_->options().nethash);
    if (!result.status.ok()) return result;
  }
  {
    std::lock_guard writer(write_mu_);
    auto lock = LockExclusive();
    if (fatal_error()) {
      result.status = util::Error(ErrorCode::kUnavailable, "the node is stopping");
      return result;
    }
    const uint64_t slot = CurrentSlot();
    for (size_t i = 0; i < blocks.size(); ++i) {
      Status s = chain_->ApplyBlock(blocks[i], {.verify_signatures = false,
                                                .current_slot = slot,
                                                .sync = i + 1 == blocks.size()});
      if (!s.ok()) {
        if (IsStorageFailure(s)) RecordFatal(s);
        result.status = s;
        break;
      }
      ++result.applied;
    }
    if (result.applied > 0) {
      AfterChainChange({}, std::span<const block::Block>(blocks.data(), result.applied));
    }
  }
  Notify(std::span<const block::Block>(blocks.data(), result.applied));
  return result;
}

util::Result<bool> ChainService::SwitchFork(uint64_t common_height, const chain::Hash256& common_id,
                                            const std::vector<block::Block>& blocks) {
  const FlushOnExit flush{*this};
  if (blocks.empty()) return false;
  if (blocks.front().header.previous != common_id || blocks.front().header.height != common_height + 1) {
    return util::Error(ErrorCode::kInvalidField, "the fork does not start at the common block");
  }
  for (size_t i = 1; i < blocks.size(); ++i) {
    if (blocks[i].header.height != blocks[i - 1].header.height + 1 ||
        blocks[i].header.previous != block::BlockIdHash(blocks[i - 1])) {
      return util::Error(ErrorCode::kInvalidField, "the fork's blocks do not form a chain");
    }
  }
  DDN_RETURN_IF_ERROR(VerifyBlockSignatures(blocks, chain_->options().nethash));
  std::vector<block::Block> rolled_back;
  {
    std::lock_guard writer(write_mu_);
    auto lock = LockExclusive();
    if (fatal_error()) return util::Error(ErrorCode::kUnavailable, "the node is stopping");
    DDN_ASSIGN_OR_RETURN(std::optional<uint64_t> at, chain_->HeightOfBlock(common_id));
    if (!at || *at != common_height) {
      return util::Error(ErrorCode::kNotFound, "the common block is no longer in the chain");
    }
    if (!IsBetterTip(kernel::SummaryOf(blocks.back()), SummaryOf(chain_->tip()))) return false;
    if (common_height < chain_->irreversible_height()) {
      return util::Error(ErrorCode::kBelowIrreversible,
                         "the fork starts below irreversible block " +
                             std::to_string(chain_->irreversible_height()));
    }
    DDN_RETURN_IF_ERROR(chain_->CheckForkHead(blocks.front()));
    DDN_ASSIGN_OR_RETURN(rolled_back, RollBackTo(common_height));
    const uint64_t slot = CurrentSlot();
    Status failed;
    size_t applied = 0;
    for (; applied < blocks.size(); ++applied) {
      failed = chain_->ApplyBlock(blocks[applied], {.verify_signatures = false,
                                                    .current_slot = slot,
                                                    .sync = applied + 1 == blocks.size()});
      if (!failed.ok()) break;
    }
    if (!failed.ok()) {
      if (IsStorageFailure(failed)) {
        RecordFatal(failed);
        return failed;
      }
      // Restore the previous chain, unless the new blocks applied so far became irreversible
      // (then they are the network's chain and stay).
      if (chain_->irreversible_height() <= common_height) {
        DDN_RETURN_IF_ERROR(RollBackTo(common_height).status());
        for (auto it = rolled_back.rbegin(); it != rolled_back.rend(); ++it) {
          if (Status s = chain_->ApplyBlock(*it, {.verify_signatures = false}); !s.ok()) {
            RecordFatal(s);
            return s;
          }
        }
        rolled_back.clear();
        applied = 0;
      }
      AfterChainChange(rolled_back, std::nullopt);
      lock.unlock();
      Notify(std::span<const block::Block>(blocks.data(), applied));
      return failed;
    }
    AfterChainChange(rolled_back, std::nullopt);
  }
  Notify(blocks);
  return true;
}

void ChainService::Start(std::chrono::milliseconds tick) {
  forger_ = std::thread([this, tick] {
    std::unique_lock lock(stop_mu_);
    while (!stopping_) {
      lock.unlock();
      auto result = ForgeIfDue();
      (void)result;  // failures are in fatal_error() or harmless (a slot we do not own)
      lock.lock();
      stop_cv_.wait_for(lock, tick, [this] { return stopping_; });
    }
  });
}

void ChainService::Stop() {
  {
    std::lock_guard lock(stop_mu_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
  if (forger_.joinable()) forger_.join();
}

}  // namespace ddn::kernel
