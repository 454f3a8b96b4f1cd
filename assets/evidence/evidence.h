// Evidence (type 20): data notarization. An account registers the hash of a piece of data with
// its description; the block that confirms it proves the data existed at that time. Records are
// unique by hash and by short id and belong to the sender. README.md states the fields, limits,
// fee and state effects; docs/protocol.md §3 the grammar.
// Thread safety: value types and pure functions; the rules object is stateless.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "chain/transaction.h"
#include "state/asset_rules.h"
#include "state/state_view.h"

namespace ddn::assets::evidence {

// On-chain constant: never change, never reuse.
inline constexpr uint8_t kType = 20;
inline constexpr uint64_t kFee = 10'000'000;  // 0.1 DDN

// The asset, DDN's field names (reference §2.4 "20 EVIDENCE"). Every field is a string; an
// optional field is absent when empty.
struct Evidence final : chain::AssetPayload {
  std::string short_hash;      // required: the short id, unique on the chain
  std::string title;
  std::string description;
  std::string hash;            // required: the data's hash, unique on the chain
  std::string author;          // required
  std::string address;         // where the data can be found (URL)
  std::string source_address;  // where it came from (URL)
  std::string tags;
  std::string type;            // required: kind of data, e.g. "pdf"
  std::string size;
  std::string metadata;

  void Encode(codec::ByteWriter& w) const override;
  codec::Json ToJson() const override;
  bool Equals(const chain::AssetPayload& other) const override;
  bool operator==(const Evidence& other) const;
};

// The registration in chain::AssetType form (binary and JSON codec, stateless check, fee).
const chain::AssetType& Type();
// The rules against the state.
const state::AssetRules& Rules();

// A transaction of type 20 with this asset (fee set; nethash, timestamp, sender and signature
// are the caller's).
chain::Transaction MakeTransaction(const Evidence& evidence);

// A confirmed record as kept in the state (key "e" + short id).
struct Record {
  chain::Hash256 tx_id{};
  uint64_t height = 0;
  chain::AddressHash owner{};
  Evidence evidence;
  bool operator==(const Record&) const = default;
};
std::string EncodeRecord(const Record& record);
util::Result<Record> DecodeRecord(std::string_view bytes);

// Reads of the committed or staged state.
util::Result<std::optional<Record>> FindByShortId(const state::StateView& view,
                                                  std::string_view short_id);
util::Result<std::optional<Record>> FindByHash(const state::StateView& view, std::string_view hash);

}  // namespace ddn::assets::evidence
