// The state as key/value pairs, and overlays that stage changes on top of it.
//
// StateView is anything that can be read. Overlay records writes over a parent view without
// touching it: a block is applied into an Overlay and committed as one batch (StateDb::Commit),
// the transaction pool applies pending transactions into an Overlay it keeps, and a child Overlay
// tries one transaction and is merged into its parent only if the transaction is valid.
// Thread safety: an Overlay is used by one thread at a time; its parent must not change while
// it is in use.
#pragma once

#include <map>
#include <set>
#include <optional>
#include <string>
#include <string_view>

#include "util/status.h"

namespace ddn::state {

class StateView {
 public:
  virtual ~StateView() = default;
  // nullopt when absent; an error only when storage fails.
  virtual util::Result<std::optional<std::string>> Read(std::string_view key) const = 0;
};

class Overlay final : public StateView {
 public:
  // A new, empty layer on top of `parent` (which may itself be an Overlay).
  explicit Overlay(const StateView& parent) : parent_(&parent) {}
  // Copying would silently pick the copy constructor for `Overlay layer(other_overlay)` and
  // duplicate every write of the parent (a quadratic pool and block builder, once): layers are
  // made with the constructor above, so copies are refused.
  Overlay(const Overlay&) = delete;
  Overlay& operator=(const Overlay&) = delete;
  Overlay(Overlay&&) = default;
  Overlay& operator=(Overlay&&) = default;
  // A new layer on top of another overlay (spelled out, since Overlay(overlay) would be a copy).
  static Overlay On(const Overlay& parent) { return Overlay(static_cast<const StateView&>(parent)); }

  util::Result<std::optional<std::string>> Read(std::string_view key) const override;
  void Write(std::string_view key, std::string value);
  // A write to a key the caller knows is absent below (fresh index entries): the commit records
  // "absent" as its undo value without reading the store.
  void WriteNew(std::string_view key, std::string value);
  bool IsKnownNew(std::string_view key) const { return known_new_.count(key) > 0; }
  void Erase(std::string_view key);
  // Moves this overlay's writes into `parent`, which must be this overlay's parent.
  void MergeInto(Overlay& parent) &&;
  void Clear() {
    writes_.clear();
    known_new_.clear();
  }

  // Key -> new value (nullopt = erased), in key order.
  const std::map<std::string, std::optional<std::string>, std::less<>>& writes() const {
    return writes_;
  }
  const StateView& parent() const { return *parent_; }

 private:
  const StateView* parent_;
  std::map<std::string, std::optional<std::string>, std::less<>> writes_;
  std::set<std::string, std::less<>> known_new_;
};

}  // namespace ddn::state
