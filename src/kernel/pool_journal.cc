#include "kernel/pool_journal.h"

#include <unordered_map>

#include "codec/byte_reader.h"
#include "codec/byte_writer.h"
#include "state/keys.h"
#include "util/bytes.h"

namespace ddn::kernel {

using util::ErrorCode;
using util::Status;

namespace {

constexpr uint8_t kAdded = 1;
constexpr uint8_t kRemoved = 2;
constexpr uint64_t kCompactSlack = 20'000;

std::string RecordKey(uint64_t seq) { return state::keys::PoolRecord(seq); }

std::string Encode(const codec::ByteWriter& w) {
  const util::Bytes& b = w.bytes();
  return std::string(b.begin(), b.end());
}

void WriteId(codec::ByteWriter& w, const std::string& id) {
  w.Raw(util::FromHexFixed<32>(id).value_or(std::array<uint8_t, 32>{}));
}

std::string AddedRecord(const std::vector<JournalEntry>& added) {
  codec::ByteWriter w;
  w.U8(kAdded);
  w.Varint(added.size());
  for (const auto& e : added) {
    WriteId(w, e.id);
    w.U32(e.received);
    w.String(e.entry);
  }
  return Encode(w);
}

}  // namespace

util::Result<PoolJournal::Replayed> PoolJournal::Replay(uint64_t upto,
                                                        storage::WriteBatch* deletes) const {
  Replayed out;
  std::vector<JournalEntry> entries;
  std::unordered_map<std::string, size_t> position;  // id -> index in entries
  std::vector<bool> removed;
  DDN_RETURN_IF_ERROR(db_.Scan("p", false, [&](std::string_view key, std::string_view value) {
    const auto seq = state::keys::ParseBigEndian64(key.substr(1));
    if (seq && *seq > upto) return false;
    if (deletes) deletes->Delete(key);
    if (seq) out.last_seq = std::max(out.last_seq, *seq);
    // Decoded completely before any of it is applied: a bad record changes nothing.
    codec::ByteReader r(util::AsBytes(value));
    const uint8_t kind = r.U8();
    const uint64_t n = r.Varint(UINT32_MAX, "journal count");
    if (kind != kAdded && kind != kRemoved) r.Fail(ErrorCode::kInternal, "unknown record kind");
    std::vector<JournalEntry> record;
    for (uint64_t i = 0; i < n && r.ok(); ++i) {
      JournalEntry e{util::ToHex(r.Fixed<32>()), 0, {}};
      if (kind == kAdded) {
        e.received = r.U32();
        e.entry = r.RawString(UINT32_MAX, "journal entry");
      }
      record.push_back(std::move(e));
    }
    r.ExpectEnd();
    if (!seq || !r.ok()) {
      if (out.corrupt++ == 0) out.first_problem = r.ok() ? "bad key" : r.status().message();
      return true;
    }
    for (auto& e : record) {
      if (kind == kRemoved) {
        if (auto it = position.find(e.id); it != position.end()) removed[it->second] = true;
        continue;
      }
      auto [it, fresh] = position.emplace(e.id, entries.size());
      if (fresh) {
        entries.push_back(std::move(e));
        removed.push_back(false);
      } else {
        entries[it->second] = std::move(e);
        removed[it->second] = false;
      }
    }
    out.held += n;
    return true;
  }));
  for (size_t i = 0; i < entries.size(); ++i) {
    if (!removed[i]) out.alive.push_back(std::move(entries[i]));
  }
  return out;
}

util::Result<PoolJournal::Loaded> PoolJournal::Load() {
  DDN_ASSIGN_OR_RETURN(Replayed replayed, Replay(UINT64_MAX, nullptr));
  std::lock_guard lock(mu_);
  next_seq_ = replayed.last_seq + 1;
  written_seq_ = replayed.last_seq;
  held_ = replayed.held;
  alive_ = replayed.alive.size();
  return Loaded{std::move(replayed.alive), replayed.corrupt, std::move(replayed.first_problem)};
}

util::Status PoolJournal::Replace(const std::vector<JournalEntry>& entries) {
  storage::WriteBatch batch;
  DDN_RETURN_IF_ERROR(db_.Scan("p", false, [&](std::string_view key, std::string_view) {
    batch.Delete(key);
    return true;
  }));
  std::lock_guard lock(mu_);
  const uint64_t seq = next_seq_++;
  if (!entries.empty()) batch.Put(RecordKey(seq), AddedRecord(entries));
  DDN_RETURN_IF_ERROR(db_.WriteAux(batch));
  written_seq_ = seq;
  held_ = alive_ = entries.size();
  return Status::Ok();
}

storage::WriteBatch PoolJournal::Record(const std::vector<std::string>& removed,
                                        const std::vector<JournalEntry>& added, uint64_t alive) {
  storage::WriteBatch batch;
  std::lock_guard lock(mu_);
  if (!removed.empty()) {
    codec::ByteWriter w;
    w.U8(kRemoved);
    w.Varint(removed.size());
    for (const auto& id : removed) WriteId(w, id);
    batch.Put(RecordKey(next_seq_++), Encode(w));
  }
  if (!added.empty()) batch.Put(RecordKey(next_seq_++), AddedRecord(added));
  held_ += removed.size() + added.size();
  alive_ = alive;
  return batch;
}

util::Status PoolJournal::Write(const storage::WriteBatch& batch) {
  if (batch.empty()) return Status::Ok();
  DDN_RETURN_IF_ERROR(db_.WriteAux(batch));
  bool compact = false;
  {
    std::lock_guard lock(mu_);
    for (const auto& op : batch.ops()) {
      if (auto seq = state::keys::ParseBigEndian64(std::string_view(op.key).substr(1))) {
        written_seq_ = std::max(written_seq_, *seq);
      }
    }
    compact = held_ > 2 * alive_ + kCompactSlack;
  }
  return compact ? Compact() : Status::Ok();
}

// Rewrites the records written so far (up to written_seq_) as one, keeping its last sequence
// number: records queued but not yet written have higher numbers and still replay after it.
util::Status PoolJournal::Compact() {
  uint64_t upto = 0;
  {
    std::lock_guard lock(mu_);
    upto = written_seq_;
  }
  storage::WriteBatch batch;
  DDN_ASSIGN_OR_RETURN(Replayed replayed, Replay(upto, &batch));
  if (!replayed.alive.empty()) batch.Put(RecordKey(upto), AddedRecord(replayed.alive));
  DDN_RETURN_IF_ERROR(db_.WriteAux(batch));
  std::lock_guard lock(mu_);
  held_ = held_ - std::min(held_, replayed.held) + replayed.alive.size();
  return Status::Ok();
}

uint64_t PoolJournal::held() const {
  std::lock_guard lock(mu_);
  return held_;
}

uint64_t PoolJournal::alive() const {
  std::lock_guard lock(mu_);
  return alive_;
}

}  // namespace ddn::kernel
