#include "state/state_db.h"

#include "codec/byte_reader.h"
#include "codec/byte_writer.h"
#include "state/keys.h"

namespace ddn::state {

using util::ErrorCode;

std::string UndoKey(uint64_t height) { return keys::Undo(height); }

StateDb::StateDb(std::unique_ptr<storage::KvStore> store) : store_(std::move(store)) {}

util::Result<std::optional<std::string>> StateDb::Read(std::string_view key) const {
  {
    std::lock_guard lock(cache_mu_);
    auto it = cache_.find(key);
    if (it != cache_.end()) return it->second;
  }
  auto value = store_->Get(key);
  if (!value.ok()) return value.status();
  if (keys::IsCached(key)) {
    std::lock_guard lock(cache_mu_);
    cache_.emplace(std::string(key), *value);
  }
  return *value;
}

void StateDb::CacheBatch(const storage::WriteBatch& batch) {
  std::lock_guard lock(cache_mu_);
  for (const auto& op : batch.ops()) {
    if (keys::IsCached(op.key)) cache_.insert_or_assign(op.key, op.value);
  }
}

// Undo record: varint count, then per key: string key, presence byte, [string old value].
util::Status StateDb::Commit(const Overlay& overlay, uint64_t height, const CommitOptions& options) {
  DDN_ASSIGN_OR_RETURN(PreparedCommit prepared, Prepare(overlay, height, options));
  return Write(prepared);
}

util::Result<PreparedCommit> StateDb::Prepare(const Overlay& overlay, uint64_t height,
                                              const CommitOptions& options) const {
  PreparedCommit prepared{.sync = options.sync};
  storage::WriteBatch& batch = prepared.batch;
  codec::ByteWriter undo;
  undo.Varint(overlay.writes().size());
  for (const auto& [key, value] : overlay.writes()) {
    std::optional<std::string> old;
    if (!overlay.IsKnownNew(key)) {
      DDN_ASSIGN_OR_RETURN(old, Read(key));
    }
    undo.String(key);
    undo.U8(old ? 1 : 0);
    if (old) undo.String(*old);
    if (value) batch.Put(key, *value);
    else batch.Delete(key);
  }
  const util::Bytes undo_bytes = undo.Take();
  batch.Put(keys::Undo(height),
            std::string_view(reinterpret_cast<const char*>(undo_bytes.data()), undo_bytes.size()));
  if (options.extra) {
    for (const auto& op : options.extra->ops()) {
      if (op.value) batch.Put(op.key, *op.value);
      else batch.Delete(op.key);
    }
  }
  return prepared;
}

util::Status StateDb::Write(const PreparedCommit& prepared) {
  DDN_RETURN_IF_ERROR(store_->Write(prepared.batch, prepared.sync));
  CacheBatch(prepared.batch);
  return util::Status::Ok();
}

util::Status StateDb::RollBack(uint64_t height) {
  DDN_ASSIGN_OR_RETURN(std::optional<std::string> record, Read(keys::Undo(height)));
  if (!record) {
    return util::Error(ErrorCode::kInternal, "no undo record for height " + std::to_string(height));
  }
  codec::ByteReader r(util::AsBytes(*record));
  storage::WriteBatch batch;
  const uint64_t n = r.Varint(UINT32_MAX, "undo count");
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    std::string key = r.RawString(UINT32_MAX, "undo key");
    if (r.Presence("undo value")) {
      batch.Put(key, r.RawString(UINT32_MAX, "undo value"));
    } else {
      batch.Delete(key);
    }
  }
  r.ExpectEnd();
  if (!r.ok()) {
    return util::Error(ErrorCode::kInternal, "corrupt undo record: " + r.status().message());
  }
  batch.Delete(keys::Undo(height));
  DDN_RETURN_IF_ERROR(store_->Write(batch, /*sync=*/true));
  CacheBatch(batch);
  return util::Status::Ok();
}

util::Status StateDb::WriteAux(const storage::WriteBatch& batch) {
  // Not synced: the write-ahead log survives a crash of the process (not of the machine).
  return store_->Write(batch, /*sync=*/false);
}

util::Status StateDb::Scan(std::string_view prefix, bool reverse,
                           const storage::ScanVisitor& visit) const {
  return store_->Scan(prefix, reverse, visit);
}

}  // namespace ddn::state
