// KvStore: the node's only door to persistent storage. An ordered map of byte-string keys to
// byte-string values with atomic multi-key writes. Two implementations: RocksDB on disk
// (rocksdb_store.h) and an in-memory map for fast, hermetic tests (mem_store.h).
//
// Durability contract: Write() applies a whole WriteBatch or nothing; with `sync` the batch is
// on stable storage when Write returns, so a crash (even kill -9) leaves the store at a batch
// boundary.
// Thread safety: Get and Scan may run concurrently with each other and with one Write.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace ddn::storage {

// A set of puts and deletes applied atomically, in order.
class WriteBatch {
 public:
  struct Op {
    std::string key;
    std::optional<std::string> value;  // nullopt = delete
  };
  void Put(std::string_view key, std::string_view value) {
    ops_.push_back({std::string(key), std::string(value)});
  }
  void Delete(std::string_view key) { ops_.push_back({std::string(key), std::nullopt}); }
  const std::vector<Op>& ops() const { return ops_; }
  bool empty() const { return ops_.empty(); }
  void Clear() { ops_.clear(); }

 private:
  std::vector<Op> ops_;
};

// Visitor of Scan: return false to stop early.
using ScanVisitor = std::function<bool(std::string_view key, std::string_view value)>;

class KvStore {
 public:
  virtual ~KvStore() = default;

  // nullopt when the key is absent; an error only when the store itself fails.
  virtual util::Result<std::optional<std::string>> Get(std::string_view key) const = 0;
  virtual util::Status Write(const WriteBatch& batch, bool sync) = 0;
  // Visits keys starting with `prefix` in ascending order (descending when `reverse`).
  virtual util::Status Scan(std::string_view prefix, bool reverse,
                            const ScanVisitor& visit) const = 0;
};

std::unique_ptr<KvStore> NewMemKvStore();
// Opens (creating if needed) a RocksDB database in directory `path`.
util::Result<std::unique_ptr<KvStore>> OpenRocksDbStore(const std::string& path);

}  // namespace ddn::storage
