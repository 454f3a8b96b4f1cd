// RocksDB-backed KvStore. RocksDB reports failures through rocksdb::Status; they become
// IO_ERROR statuses here (the storage boundary), and callers stop the node on them.
#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <rocksdb/perf_level.h>
#include <rocksdb/table.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/write_batch.h>

#include "storage/kv_store.h"

namespace ddn::storage {

namespace {

// RocksDB counts every operation in a thread-local perf context by default; nothing here reads
// those counters, and on the hot path (a block's thousands of keys) the counting is measurable.
void QuietPerfContext() {
  thread_local const bool quiet = (rocksdb::SetPerfLevel(rocksdb::PerfLevel::kDisable), true);
  (void)quiet;
}

util::Status FromRocks(const rocksdb::Status& s, const char* what) {
  if (s.ok()) return util::Status::Ok();
  return util::Error(util::ErrorCode::kIoError, std::string(what) + ": " + s.ToString());
}

class RocksDbStore final : public KvStore {
 public:
  explicit RocksDbStore(std::unique_ptr<rocksdb::DB> db) : db_(std::move(db)) {}

  util::Result<std::optional<std::string>> Get(std::string_view key) const override {
    QuietPerfContext();
    std::string value;
    rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), rocksdb::Slice(key.data(), key.size()),
                                 &value);
    if (s.IsNotFound()) return std::optional<std::string>();
    if (!s.ok()) return FromRocks(s, "get");
    return std::optional<std::string>(std::move(value));
  }

  util::Status Write(const WriteBatch& batch, bool sync) override {
    QuietPerfContext();
    rocksdb::WriteBatch wb;
    for (const auto& op : batch.ops()) {
      rocksdb::Status s = op.value ? wb.Put(op.key, *op.value) : wb.Delete(op.key);
      if (!s.ok()) return FromRocks(s, "batch");
    }
    rocksdb::WriteOptions options;
    options.sync = sync;
    return FromRocks(db_->Write(options, &wb), "write");
  }

  util::Status Scan(std::string_view prefix, bool reverse,
                    const ScanVisitor& visit) const override {
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
    const rocksdb::Slice p(prefix.data(), prefix.size());
    if (!reverse) {
      for (it->Seek(p); it->Valid() && it->key().starts_with(p); it->Next()) {
        if (!visit(it->key().ToStringView(), it->value().ToStringView())) break;
      }
    } else {
      // Position after the last key with the prefix: the prefix with its last byte incremented.
      std::string upper(prefix);
      while (!upper.empty() && static_cast<uint8_t>(upper.back()) == 0xff) upper.pop_back();
      if (upper.empty()) {
        it->SeekToLast();
      } else {
        upper.back() = static_cast<char>(static_cast<uint8_t>(upper.back()) + 1);
        it->SeekForPrev(upper);
        if (it->Valid() && it->key() == rocksdb::Slice(upper)) it->Prev();
      }
      for (; it->Valid() && it->key().starts_with(p); it->Prev()) {
        if (!visit(it->key().ToStringView(), it->value().ToStringView())) break;
      }
    }
    return FromRocks(it->status(), "scan");
  }

 private:
  std::unique_ptr<rocksdb::DB> db_;
};

}  // namespace

util::Result<std::unique_ptr<KvStore>> OpenRocksDbStore(const std::string& path) {
  rocksdb::Options options;
  options.create_if_missing = true;
  options.max_open_files = 256;
  options.keep_log_file_num = 2;
  options.max_background_jobs = 2;
  options.write_buffer_size = 16 << 20;
  // Most lookups on the hot path are for absent keys (is this transaction id confirmed? does a
  // new recipient exist? is the sender locked?): a bloom filter over whole keys in the memtable
  // answers those without walking its skip list (320 KiB per 16 MiB memtable).
  options.memtable_whole_key_filtering = true;
  options.memtable_prefix_bloom_size_ratio = 0.02;
  rocksdb::BlockBasedTableOptions table;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(options, path, &raw);
  if (!s.ok()) return FromRocks(s, ("open " + path).c_str());
  return std::unique_ptr<KvStore>(new RocksDbStore(std::unique_ptr<rocksdb::DB>(raw)));
}

}  // namespace ddn::storage
