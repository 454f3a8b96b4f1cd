#include "kernel/chain.h"

#include <algorithm>
#include <future>
#include <map>
#include <set>
#include <unordered_set>
#include <thread>

#include "consensus/rounds.h"
#include "crypto/address.h"
#include "kernel/fork_choice.h"
#include "state/keys.h"
#include "state/tx_apply.h"
#include "util/parallel.h"

namespace ddn::kernel {

using block::Block;
using util::ErrorCode;
using util::Status;

namespace {
Status Invalid(std::string message) { return util::Error(ErrorCode::kInvalidField, std::move(message)); }

std::string BytesOf(const util::Bytes& b) { return std::string(b.begin(), b.end()); }

uint64_t BigEndianValue(const std::optional<std::string>& bytes) {
  uint64_t v = 0;
  if (bytes && bytes->size() == 8) {
    for (unsigned char c : *bytes) v = (v << 8) | c;
  }
  return v;
}

chain::Hash256 IdBytes(const std::string& hex) {
  return util::FromHexFixed<32>(hex).value_or(chain::Hash256{});
}
}  // namespace

Chain::Chain(std::unique_ptr<storage::KvStore> store, ChainOptions options)
    : options_(std::move(options)), db_(std::move(store)) {}

Status Chain::Open(const Block& genesis) {
  DDN_ASSIGN_OR_RETURN(std::optional<std::string> tip, db_.Read(state::keys::Tip()));
  if (!tip) return ApplyGenesis(genesis);
  DDN_ASSIGN_OR_RETURN(std::optional<std::string> format, db_.Read(state::keys::StoreFormat()));
  const uint64_t found = format ? BigEndianValue(format) : 1;
  if (found != state::keys::kStoreFormat) {
    return util::Error(ErrorCode::kInvalidField,
                       "the data directory has store format " + std::to_string(found) +
                           " and this node reads format " +
                           std::to_string(state::keys::kStoreFormat) +
                           ": start on an empty data directory and sync the chain again");
  }
  DDN_ASSIGN_OR_RETURN(tip_, state::DecodeTip(*tip));
  DDN_ASSIGN_OR_RETURN(std::optional<std::string> stored, db_.Read(state::keys::Genesis()));
  const chain::Hash256 id = block::BlockIdHash(genesis);
  if (!stored || *stored != std::string(id.begin(), id.end())) {
    return util::Error(ErrorCode::kInvalidField,
                       "the data directory holds another chain (genesis block differs)");
  }
  return LoadFinality();
}

Status Chain::LoadFinality() {
  DDN_ASSIGN_OR_RETURN(std::optional<std::string> stored, db_.Read(state::keys::Irreversible()));
  irreversible_ = std::max<uint64_t>(1, BigEndianValue(stored));
  recent_.clear();
  const uint64_t window = 3ull * options_.params.delegates;
  const uint64_t first = tip_.height > window ? tip_.height - window + 1 : 2;
  for (uint64_t h = first; h <= tip_.height; ++h) {
    DDN_ASSIGN_OR_RETURN(std::optional<Block> header, HeaderAt(h));
    if (!header) return util::Error(ErrorCode::kInternal, "block " + std::to_string(h) + " missing");
    recent_.emplace_back(h, header->header.generator);
  }
  // A store written before finality existed has no m/final: derive it from the recent blocks.
  if (!recent_.empty()) {
    const auto [height, generator] = recent_.back();
    recent_.pop_back();
    irreversible_ = std::max(irreversible_, FinalityWith(height, generator));
    recent_.emplace_back(height, generator);
  }
  return Status::Ok();
}

uint64_t Chain::FinalityWith(uint64_t height, const chain::PublicKey& generator) const {
  std::set<chain::PublicKey> builders{generator};
  const uint32_t needed = FinalityThreshold();
  uint64_t lowest = height;  // lowest height of the blocks counted so far
  for (auto it = recent_.rbegin(); it != recent_.rend() && builders.size() < needed; ++it) {
    builders.insert(it->second);
    lowest = it->first;
  }
  if (builders.size() < needed || lowest <= 1) return irreversible_;
  return std::max(irreversible_, lowest - 1);
}

Status Chain::ApplyGenesis(const Block& genesis) {
  const block::BlockHeader& h = genesis.header;
  if (h.height != 1 || h.previous != chain::Hash256{} || h.nethash != options_.nethash) {
    return Invalid("not a genesis block of this network");
  }
  if (!block::VerifyBlockSignature(genesis)) {
    return util::Error(ErrorCode::kBadSignature, "genesis block signature");
  }
  state::Overlay overlay(db_);
  state::Ledger ledger(overlay);
  DDN_RETURN_IF_ERROR(ledger.Credit(crypto::AddressHashOf(h.generator), options_.total_supply));
  DDN_RETURN_IF_ERROR(ApplyTransactions(overlay, genesis, /*genesis=*/true));
  DDN_RETURN_IF_ERROR(consensus::StartFirstRound(ledger, h.total_fee, options_.params));
  const chain::Hash256 id = block::BlockIdHash(genesis);
  overlay.Write(state::keys::Genesis(), std::string(id.begin(), id.end()));
  overlay.Write(state::keys::StoreFormat(), state::keys::BigEndian64(state::keys::kStoreFormat));
  DDN_RETURN_IF_ERROR(IndexBlock(overlay, genesis, id));
  DDN_RETURN_IF_ERROR(db_.Commit(overlay, h.height));
  tip_ = state::Tip{h.height, id, h.timestamp};
  return Status::Ok();
}

Status Chain::CheckHeader(const Block& block, const ApplyOptions& options) const {
  const block::BlockHeader& h = block.header;
  const auto& p = options_.params;
  if (h.nethash != options_.nethash) return util::Error(ErrorCode::kWrongNethash, "block nethash");
  if (h.height != tip_.height + 1) return Invalid("block height is not tip + 1");
  if (h.previous != tip_.id) return Invalid("block does not build on the tip");
  if (h.timestamp % p.block_interval != 0) return Invalid("block timestamp is not a slot start");
  const uint64_t slot = consensus::SlotOf(h.timestamp, p);
  if (slot <= consensus::SlotOf(tip_.timestamp, p)) return Invalid("block slot is not after the tip");
  if (options.current_slot && slot > *options.current_slot) {
    return util::Error(ErrorCode::kTimestampInFuture, "block from a future slot");
  }
  DDN_ASSIGN_OR_RETURN(chain::PublicKey owner, SlotOwner(slot));
  if (owner != h.generator) return Invalid("generator does not own the block's slot");
  if (h.reward != consensus::BlockReward(h.height, p)) return Invalid("wrong block reward");
  if (h.tx_count != block.transactions.size() || h.tx_count > p.max_txs_per_block) {
    return Invalid("transaction count");
  }
  const util::Bytes payload = block::EncodePayload(block.transactions);
  if (payload.size() != h.payload_length || payload.size() > p.max_payload_bytes ||
      crypto::Sha256(payload) != h.payload_hash) {
    return Invalid("payload length or hash");
  }
  uint64_t amount = 0, fee = 0;
  for (const auto& tx : block.transactions) {
    amount += tx.tx.amount;
    fee += tx.tx.fee;
  }
  if (amount != h.total_amount || fee != h.total_fee) return Invalid("block totals");
  return Status::Ok();
}

Status Chain::ApplyTransactions(state::Overlay& overlay, const Block& block, bool genesis) const {
  const auto& txs = block.transactions;
  const uint64_t block_slot = consensus::SlotOf(block.header.timestamp, options_.params);
  std::unordered_set<std::string_view> seen;
  seen.reserve(txs.size());
  for (const auto& tx : txs) {
    if (tx.tx.nethash != options_.nethash) return util::Error(ErrorCode::kWrongNethash, tx.id);
    if (!genesis && consensus::SlotOf(tx.tx.timestamp, options_.params) > block_slot) {
      return Invalid("transaction " + tx.id + " is from a later slot than its block");
    }
    if (!seen.insert(tx.id).second) return Invalid("transaction " + tx.id + " twice in the block");
    DDN_ASSIGN_OR_RETURN(auto confirmed, overlay.Read(state::keys::TxLocation(IdBytes(tx.id))));
    if (confirmed) {
      return util::Error(ErrorCode::kAlreadyConfirmed, "transaction " + tx.id + " is already confirmed");
    }
  }
  state::Ledger ledger(overlay);
  const state::ApplyContext ctx{block.header.height, genesis};
  for (const auto& tx : txs) {
    Status s = state::ApplyTransaction(ledger, tx, ctx);
    if (!s.ok()) return Status(s.code(), tx.id + ": " + s.message());
  }
  return Status::Ok();
}

Status Chain::IndexBlock(state::Overlay& overlay, const Block& block,
                         const chain::Hash256& id) const {
  const uint64_t h = block.header.height;
  // Heights above the tip, block ids and tx ids (checked unconfirmed) are new keys.
  overlay.WriteNew(state::keys::BlockByHeight(h), BytesOf(block::EncodeBlock(block)));
  overlay.WriteNew(state::keys::BlockHeightById(id), state::keys::BigEndian64(h));
  // Each account's transactions in this block, gathered first: one history record per account
  // and direction, and one update of its counts (a busy account has thousands in a block).
  struct Activity {
    std::vector<uint32_t> sent, received;
  };
  std::map<chain::AddressHash, Activity> accounts;
  for (uint32_t i = 0; i < block.transactions.size(); ++i) {
    const auto& tx = block.transactions[i];
    overlay.WriteNew(state::keys::TxLocation(IdBytes(tx.id)), state::EncodeTxLocation({h, i}));
    accounts[crypto::AddressHashOf(tx.tx.sender)].sent.push_back(i);
    if (tx.tx.recipient) accounts[*tx.tx.recipient].received.push_back(i);
  }
  state::Ledger ledger(overlay);
  for (const auto& [address, activity] : accounts) {
    if (!activity.sent.empty()) {
      overlay.WriteNew(state::keys::AccountTxKey(state::keys::SentIndexPrefix(address), h),
                       state::EncodePositions(activity.sent));
    }
    if (!activity.received.empty()) {
      overlay.WriteNew(state::keys::AccountTxKey(state::keys::ReceivedIndexPrefix(address), h),
                       state::EncodePositions(activity.received));
    }
    DDN_ASSIGN_OR_RETURN(state::Account account, ledger.GetAccount(address));
    account.sent_count += activity.sent.size();
    account.received_count += activity.received.size();
    ledger.PutAccount(account);
  }
  overlay.Write(state::keys::Tip(), state::EncodeTip({h, id, block.header.timestamp}));
  return Status::Ok();
}

Status Chain::ApplyBlock(const Block& block, const ApplyOptions& options) {
  DDN_ASSIGN_OR_RETURN(StagedCommit staged, StageBlock(block, options));
  return CommitStaged(block, staged);
}

util::Result<StagedCommit> Chain::StageBlock(const Block& block, const ApplyOptions& options) const {
  // The signatures are checked on all cores while this thread checks the header, applies the
  // transactions and prepares the commit; nothing is written unless every signature verified.
  std::future<Status> signatures;
  if (options.verify_signatures) {
    signatures = std::async(std::launch::async, [&] {
      return VerifyBlockSignatures(std::span<const Block>(&block, 1), options_.nethash);
    });
  }
  // Errors in order: the header, then the signatures, then the transactions against the state.
  Status header = CheckHeader(block, options);
  util::Result<StagedCommit> staged = header;
  if (header.ok()) {
    state::Overlay overlay(db_);
    Status applied = ApplyTransactions(overlay, block, /*genesis=*/false);
    staged = applied.ok() ? Stage(overlay, block, options.sync) : util::Result<StagedCommit>(applied);
  }
  if (signatures.valid()) {
    Status verified = signatures.get();
    if (header.ok() && !verified.ok()) return verified;
  }
  return staged;
}

Status Chain::CommitBuilt(const BuiltBlock& built) {
  const block::BlockHeader& h = built.block.header;
  if (h.height != tip_.height + 1 || h.previous != tip_.id) {
    return util::Error(ErrorCode::kInternal, "a built block no longer builds on the tip");
  }
  DDN_ASSIGN_OR_RETURN(chain::PublicKey owner,
                       SlotOwner(consensus::SlotOf(h.timestamp, options_.params)));
  if (owner != h.generator) return Invalid("generator does not own the block's slot");
  return CommitStaged(built.block, built.staged);
}

util::Result<StagedCommit> Chain::Stage(state::Overlay& overlay, const Block& block,
                                        bool sync) const {
  const block::BlockHeader& h = block.header;
  state::Ledger ledger(overlay);
  DDN_RETURN_IF_ERROR(consensus::TickRound(ledger, h.height, h.generator, h.total_fee, h.reward,
                                           options_.params, options_.foundation));
  StagedCommit staged;
  staged.id = block::BlockIdHash(block);
  DDN_RETURN_IF_ERROR(IndexBlock(overlay, block, staged.id));
  staged.irreversible = FinalityWith(h.height, h.generator);
  storage::WriteBatch extra;
  if (staged.irreversible > irreversible_) {
    extra.Put(state::keys::Irreversible(), state::keys::BigEndian64(staged.irreversible));
    for (uint64_t u = irreversible_; u <= staged.irreversible; ++u) {
      extra.Delete(state::keys::Undo(u));
    }
  }
  DDN_ASSIGN_OR_RETURN(staged.write, db_.Prepare(overlay, h.height, {.sync = sync, .extra = &extra}));
  return staged;
}

Status Chain::CommitStaged(const Block& block, const StagedCommit& staged) {
  const block::BlockHeader& h = block.header;
  if (h.height != tip_.height + 1 || h.previous != tip_.id) {
    return util::Error(ErrorCode::kInternal, "a staged block no longer builds on the tip");
  }
  DDN_RETURN_IF_ERROR(db_.Write(staged.write));
  tip_ = state::Tip{h.height, staged.id, h.timestamp};
  irreversible_ = staged.irreversible;
  recent_.emplace_back(h.height, h.generator);
  if (recent_.size() > 3ull * options_.params.delegates) recent_.pop_front();
  return Status::Ok();
}

util::Result<Block> Chain::RollBackTip() {
  if (tip_.height <= 1) return util::Error(ErrorCode::kInvalidField, "cannot roll back genesis");
  if (tip_.height <= irreversible_) {
    return util::Error(ErrorCode::kBelowIrreversible,
                       "block " + std::to_string(tip_.height) + " is irreversible");
  }
  DDN_ASSIGN_OR_RETURN(std::optional<Block> top, BlockAt(tip_.height));
  if (!top) return util::Error(ErrorCode::kInternal, "tip block missing");
  DDN_RETURN_IF_ERROR(db_.RollBack(tip_.height));
  DDN_ASSIGN_OR_RETURN(std::optional<std::string> tip, db_.Read(state::keys::Tip()));
  if (!tip) return util::Error(ErrorCode::kInternal, "tip missing after rollback");
  DDN_ASSIGN_OR_RETURN(tip_, state::DecodeTip(*tip));
  if (!recent_.empty() && recent_.back().first > tip_.height) recent_.pop_back();
  return std::move(*top);
}

util::Result<Block> Chain::BuildBlock(uint64_t slot, const crypto::KeyPair& generator,
                                      const std::vector<compat::AnyTx>& candidates,
                                      std::vector<std::pair<std::string, Status>>* skipped) {
  std::vector<const compat::AnyTx*> pointers;
  pointers.reserve(candidates.size());
  for (const auto& tx : candidates) pointers.push_back(&tx);
  DDN_ASSIGN_OR_RETURN(BuiltBlock built, Build(slot, generator, pointers, skipped));
  return std::move(built.block);
}

util::Result<BuiltBlock> Chain::Build(uint64_t slot, const crypto::KeyPair& generator,
                                      const std::vector<const compat::AnyTx*>& candidates,
                                      std::vector<std::pair<std::string, Status>>* skipped) const {
  BuiltBlock built;
  Block& block = built.block;
  state::Overlay overlay(db_);
  block::BlockHeader& h = block.header;
  h.nethash = options_.nethash;
  h.height = tip_.height + 1;
  h.timestamp = consensus::SlotTime(slot, options_.params);
  h.previous = tip_.id;
  h.reward = consensus::BlockReward(h.height, options_.params);
  const state::ApplyContext ctx{h.height, false};
  std::unordered_set<std::string_view> ids;  // a transaction appears once (candidates outlive the build)
  const size_t most = std::min<size_t>(candidates.size(), options_.params.max_txs_per_block);
  ids.reserve(most);
  block.transactions.reserve(most);
  size_t payload = 0;
  for (const compat::AnyTx* candidate : candidates) {
    const compat::AnyTx& tx = *candidate;
    if (block.transactions.size() >= options_.params.max_txs_per_block) break;
    Status s = Status::Ok();
    if (tx.tx.nethash != options_.nethash) {
      s = util::Error(ErrorCode::kWrongNethash, "transaction of another network");
    } else if (consensus::SlotOf(tx.tx.timestamp, options_.params) > slot) {
      s = Invalid("timestamp after the block's slot");
    } else if (!ids.insert(tx.id).second) {
      s = util::Error(ErrorCode::kDuplicate, "twice among the candidates");
    }
    state::Overlay attempt = state::Overlay::On(overlay);
    state::Ledger attempt_ledger(attempt);
    if (s.ok()) {
      DDN_ASSIGN_OR_RETURN(auto confirmed, overlay.Read(state::keys::TxLocation(IdBytes(tx.id))));
      if (confirmed) s = util::Error(ErrorCode::kAlreadyConfirmed, "already confirmed");
    }
    if (s.ok()) s = state::ApplyTransaction(attempt_ledger, tx, ctx);
    const size_t size = block::TxEntrySize(tx);
    if (s.ok() && payload + size > options_.params.max_payload_bytes) continue;
    if (!s.ok()) {
      if (skipped) skipped->emplace_back(tx.id, s);
      continue;
    }
    std::move(attempt).MergeInto(overlay);
    payload += size;
    block.transactions.push_back(tx);
  }
  block::SealBlock(block, generator);
  DDN_ASSIGN_OR_RETURN(built.staged, Stage(overlay, block, /*sync=*/true));
  return built;
}

Status Chain::CheckForkHead(const Block& block) const {
  const block::BlockHeader& h = block.header;
  const auto& p = options_.params;
  if (h.nethash != options_.nethash) return util::Error(ErrorCode::kWrongNethash, "block nethash");
  if (h.height < 2 || h.height - 1 < irreversible_) {
    return util::Error(ErrorCode::kBelowIrreversible, "a fork below the irreversible block");
  }
  DDN_ASSIGN_OR_RETURN(std::optional<Block> parent, HeaderAt(h.height - 1));
  if (!parent || block::BlockIdHash(*parent) != h.previous) {
    return util::Error(ErrorCode::kNotFound, "the block's parent is not in this chain");
  }
  if (h.timestamp % p.block_interval != 0) return Invalid("block timestamp is not a slot start");
  const uint64_t slot = consensus::SlotOf(h.timestamp, p);
  if (slot <= consensus::SlotOf(parent->header.timestamp, p)) return Invalid("block slot is not after its parent");
  auto order = RoundOrder(consensus::RoundOf(h.height, p));
  if (!order.ok() || order->empty() || consensus::SlotOwner(*order, slot) != h.generator) {
    return Invalid("generator does not own the block's slot");
  }
  if (h.reward != consensus::BlockReward(h.height, p)) return Invalid("wrong block reward");
  return Status::Ok();
}

util::Result<std::vector<chain::PublicKey>> Chain::RoundOrder(uint64_t round) const {
  return consensus::RoundDelegates(db_, round);
}

util::Result<chain::PublicKey> Chain::SlotOwner(uint64_t slot) const {
  DDN_ASSIGN_OR_RETURN(auto order,
                       RoundOrder(consensus::RoundOf(tip_.height + 1, options_.params)));
  return consensus::SlotOwner(order, slot);
}

util::Result<std::optional<Block>> Chain::BlockAt(uint64_t height) const {
  DDN_ASSIGN_OR_RETURN(std::optional<std::string> bytes, db_.Read(state::keys::BlockByHeight(height)));
  if (!bytes) return std::optional<Block>();
  DDN_ASSIGN_OR_RETURN(Block b, block::DecodeBlock(util::AsBytes(*bytes)));
  return std::optional<Block>(std::move(b));
}

util::Result<std::optional<Block>> Chain::HeaderAt(uint64_t height) const {
  DDN_ASSIGN_OR_RETURN(std::optional<std::string> bytes, db_.Read(state::keys::BlockByHeight(height)));
  if (!bytes) return std::optional<Block>();
  DDN_ASSIGN_OR_RETURN(Block b, block::DecodeBlockHeader(util::AsBytes(*bytes)));
  return std::optional<Block>(std::move(b));
}

util::Result<std::optional<uint64_t>> Chain::HeightOfBlock(const chain::Hash256& id) const {
  DDN_ASSIGN_OR_RETURN(std::optional<std::string> bytes, db_.Read(state::keys::BlockHeightById(id)));
  if (!bytes || bytes->size() != 8) return std::optional<uint64_t>();
  return std::optional<uint64_t>(BigEndianValue(bytes));
}

util::Result<uint64_t> Chain::AccountTxCount(const chain::AddressHash& address, bool sent) const {
  DDN_ASSIGN_OR_RETURN(state::Account account, GetAccount(address));
  return sent ? account.sent_count : account.received_count;
}

util::Result<std::optional<state::TxLocation>> Chain::FindTransaction(const chain::Hash256& id) const {
  DDN_ASSIGN_OR_RETURN(std::optional<std::string> bytes, db_.Read(state::keys::TxLocation(id)));
  if (!bytes) return std::optional<state::TxLocation>();
  DDN_ASSIGN_OR_RETURN(state::TxLocation loc, state::DecodeTxLocation(*bytes));
  return std::optional<state::TxLocation>(loc);
}

util::Result<state::Account> Chain::GetAccount(const chain::AddressHash& address) const {
  state::Overlay view(db_);
  return state::Ledger(view).GetAccount(address);
}

}  // namespace ddn::kernel

namespace ddn::kernel {

util::Status Chain::ForEachAccount(const std::function<bool(const state::Account&)>& visit) const {
  util::Status failure;
  DDN_RETURN_IF_ERROR(db_.Scan("a", false, [&](std::string_view, std::string_view bytes) {
    auto account = state::DecodeAccount(bytes);
    if (!account.ok()) {
      failure = account.status();
      return false;
    }
    return visit(*account);
  }));
  return failure;
}

}  // namespace ddn::kernel
