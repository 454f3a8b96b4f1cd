// The key space of the state store (docs/storage.md). One-letter prefixes; heights big-endian so
// that keys sort by height. On-disk format: never change or reuse a prefix.
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "chain/transaction.h"

namespace ddn::state::keys {

std::string BigEndian64(uint64_t v);

inline std::string Account(const chain::AddressHash& a) {
  return "a" + std::string(a.begin(), a.end());
}
inline std::string DelegateName(std::string_view username) { return "n" + std::string(username); }
inline std::string DelegateList() { return "D"; }
inline std::string RoundDelegates(uint64_t round) { return "r" + BigEndian64(round); }
inline std::string RoundAccumulator() { return "R"; }
inline std::string Tip() { return "m/tip"; }
inline std::string Genesis() { return "m/genesis"; }
// The irreversible height (8 bytes big-endian); written without undo, it never decreases.
inline std::string Irreversible() { return "m/final"; }
inline std::string BlockByHeight(uint64_t h) { return "b" + BigEndian64(h); }
inline std::string BlockHeightById(const chain::Hash256& id) {
  return "i" + std::string(id.begin(), id.end());
}
inline std::string TxLocation(const chain::Hash256& id) {
  return "t" + std::string(id.begin(), id.end());
}
// Per-account transaction index: prefix + address + height + position -> tx id.
inline std::string SentIndexPrefix(const chain::AddressHash& a) {
  return "s" + std::string(a.begin(), a.end());
}
inline std::string ReceivedIndexPrefix(const chain::AddressHash& a) {
  return "c" + std::string(a.begin(), a.end());
}
std::string AccountTxKey(std::string prefix, uint64_t height, uint32_t position);
// How many entries an account has under the sent / received index (8-byte big-endian count).
inline std::string SentCount(const chain::AddressHash& a) {
  return "S" + std::string(a.begin(), a.end());
}
inline std::string ReceivedCount(const chain::AddressHash& a) {
  return "C" + std::string(a.begin(), a.end());
}
// Transactions accepted into the pool and not yet confirmed (kept across restarts).
inline std::string PoolEntry(const std::string& id_hex) { return "p" + id_hex; }
inline std::string Undo(uint64_t h) { return "u" + BigEndian64(h); }

// Small, hot records are kept in StateDb's cache; bulky history (blocks, indexes, undo) is not.
inline bool IsCached(std::string_view key) {
  return !key.empty() && std::string_view("anDrRmSC").find(key[0]) != std::string_view::npos;
}

}  // namespace ddn::state::keys
