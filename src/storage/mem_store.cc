// In-memory KvStore: a std::map under a shared mutex. For tests; nothing survives the process.
#include <map>
#include <mutex>
#include <shared_mutex>

#include "storage/kv_store.h"

namespace ddn::storage {

namespace {

class MemKvStore final : public KvStore {
 public:
  util::Result<std::optional<std::string>> Get(std::string_view key) const override {
    std::shared_lock lock(mu_);
    auto it = map_.find(std::string(key));
    if (it == map_.end()) return std::optional<std::string>();
    return std::optional<std::string>(it->second);
  }

  util::Status Write(const WriteBatch& batch, bool /*sync*/) override {
    std::unique_lock lock(mu_);
    for (const auto& op : batch.ops()) {
      if (op.value) map_[op.key] = *op.value;
      else map_.erase(op.key);
    }
    return util::Status::Ok();
  }

  util::Status Scan(std::string_view prefix, bool reverse,
                    const ScanVisitor& visit) const override {
    std::shared_lock lock(mu_);
    auto in_prefix = [&](const std::string& k) { return k.compare(0, prefix.size(), prefix) == 0; };
    auto first = map_.lower_bound(std::string(prefix));
    if (!reverse) {
      for (auto it = first; it != map_.end() && in_prefix(it->first); ++it) {
        if (!visit(it->first, it->second)) break;
      }
      return util::Status::Ok();
    }
    auto last = first;
    while (last != map_.end() && in_prefix(last->first)) ++last;
    for (auto it = std::make_reverse_iterator(last); it != std::make_reverse_iterator(first);
         ++it) {
      if (!visit(it->first, it->second)) break;
    }
    return util::Status::Ok();
  }

 private:
  mutable std::shared_mutex mu_;
  std::map<std::string, std::string> map_;
};

}  // namespace

std::unique_ptr<KvStore> NewMemKvStore() { return std::make_unique<MemKvStore>(); }

}  // namespace ddn::storage
