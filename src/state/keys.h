// The key space of the state store (docs/storage.md). One-letter prefixes; heights big-endian so
// that keys sort by height. On-disk format: never change or reuse a prefix.
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "chain/transaction.h"

namespace ddn::state::keys {

std::string BigEndian64(uint64_t v);
// The value of BigEndian64, or nullopt unless `bytes` holds exactly 8 bytes.
std::optional<uint64_t> ParseBigEndian64(std::string_view bytes);

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
// The store format (8 bytes big-endian), written with the genesis block; a node refuses a data
// directory of another format.
inline std::string StoreFormat() { return "m/format"; }
inline constexpr uint64_t kStoreFormat = 2;
inline std::string BlockByHeight(uint64_t h) { return "b" + BigEndian64(h); }
inline std::string BlockHeightById(const chain::Hash256& id) {
  return "i" + std::string(id.begin(), id.end());
}
inline std::string TxLocation(const chain::Hash256& id) {
  return "t" + std::string(id.begin(), id.end());
}
// Per-account transaction index, one record per account and block: prefix + address + height ->
// the positions of the account's transactions in that block (records.h EncodePositions).
inline std::string SentIndexPrefix(const chain::AddressHash& a) {
  return "s" + std::string(a.begin(), a.end());
}
inline std::string ReceivedIndexPrefix(const chain::AddressHash& a) {
  return "c" + std::string(a.begin(), a.end());
}
inline std::string AccountTxKey(std::string prefix, uint64_t height) {
  return prefix + BigEndian64(height);
}
// (Retired prefixes, never to be reused: "S" and "C", per-account counts before store format 2;
// the counts are in the account record now.)
// The pool's journal: transactions accepted and removed, one record per change of the pool
// (kernel/pool_journal.h), by sequence number.
inline std::string PoolRecord(uint64_t seq) { return "p" + BigEndian64(seq); }
inline std::string Undo(uint64_t h) { return "u" + BigEndian64(h); }
// The height until which an account's balance is locked (type 100; 8 bytes big-endian).
inline std::string AccountLock(const chain::AddressHash& a) {
  return "L" + std::string(a.begin(), a.end());
}
// Evidence records (type 20, assets/evidence): by short id, by hash, and per owner.
inline std::string EvidenceByShortId(std::string_view short_id) {
  return "e" + std::string(short_id);
}
inline std::string EvidenceByHash(std::string_view hash) { return "h" + std::string(hash); }
inline std::string EvidenceOwnerPrefix(const chain::AddressHash& a) {
  return "o" + std::string(a.begin(), a.end());
}

// AOB user-issued assets (types 60-65, assets/aob): issuers by name and by owner, assets by
// name ("ISSUER.TOKEN"), balances per account, ACL entries per asset and list, transfers per asset.
inline std::string AobIssuer(std::string_view name) { return "I" + std::string(name); }
inline std::string AobIssuerOwner(const chain::AddressHash& a) {
  return "J" + std::string(a.begin(), a.end());
}
inline std::string AobAsset(std::string_view name) { return "K" + std::string(name); }
inline std::string AobBalancePrefix(const chain::AddressHash& a) {
  return "Q" + std::string(a.begin(), a.end());
}
inline std::string AobBalance(const chain::AddressHash& a, std::string_view currency) {
  return AobBalancePrefix(a) + std::string(currency);
}
// flag: 0 black list, 1 white list.
inline std::string AobAclPrefix(std::string_view currency, uint8_t flag) {
  return "W" + std::string(currency) + std::string(1, '\0') + std::string(1, char('0' + flag));
}
inline std::string AobAcl(std::string_view currency, uint8_t flag, const chain::AddressHash& a) {
  return AobAclPrefix(currency, flag) + std::string(a.begin(), a.end());
}
inline std::string AobTransferPrefix(std::string_view currency) {
  return "X" + std::string(currency) + std::string(1, '\0');
}
inline std::string AobTransfer(std::string_view currency, uint64_t height,
                               const chain::Hash256& tx_id) {
  return AobTransferPrefix(currency) + BigEndian64(height) +
         std::string(tx_id.begin(), tx_id.end());
}

// DAO (types 40–43, assets/dao): organisations by id, org id by name, per-owner index, exchange
// offers by offer transaction id, contributions by transaction id.
inline std::string DaoOrg(std::string_view org_id) { return "G" + std::string(org_id); }
inline std::string DaoOrgByName(std::string_view name) { return "N" + std::string(name); }
inline std::string DaoOrgOwnerPrefix(const chain::AddressHash& a) {
  return "O" + std::string(a.begin(), a.end());
}
inline std::string DaoExchange(const chain::Hash256& offer_id) {
  return "V" + std::string(offer_id.begin(), offer_id.end());
}
inline std::string DaoContribution(const chain::Hash256& id) {
  return "P" + std::string(id.begin(), id.end());
}

// Small, hot records are kept in StateDb's cache; bulky history (blocks, indexes, undo) is not.
inline bool IsCached(std::string_view key) {
  return !key.empty() && std::string_view("anDrRmL").find(key[0]) != std::string_view::npos;
}

}  // namespace ddn::state::keys
