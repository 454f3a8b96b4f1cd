#include "state/state_view.h"

namespace ddn::state {

util::Result<std::optional<std::string>> Overlay::Read(std::string_view key) const {
  auto it = writes_.find(key);
  if (it != writes_.end()) return it->second;
  return parent_->Read(key);
}

void Overlay::Write(std::string_view key, std::string value) {
  writes_.insert_or_assign(std::string(key), std::optional<std::string>(std::move(value)));
}

void Overlay::WriteNew(std::string_view key, std::string value) {
  Write(key, std::move(value));
  known_new_.emplace(key);
}

void Overlay::Erase(std::string_view key) {
  writes_.insert_or_assign(std::string(key), std::optional<std::string>());
}

void Overlay::MergeInto(Overlay& parent) && {
  for (auto& [key, value] : writes_) parent.writes_.insert_or_assign(key, std::move(value));
  parent.known_new_.merge(known_new_);
  writes_.clear();
  known_new_.clear();
}

}  // namespace ddn::state
