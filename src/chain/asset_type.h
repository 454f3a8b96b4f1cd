// Transaction types defined outside this layer, in assets/<name>/ (evidence, lock, later AOB and
// DAO). The chain layer knows them only through an AssetType: how to read and write the payload
// (binary and JSON), the stateless rules and the fee. Their state rules register in the state
// layer (state/asset_rules.h); assets::RegisterAll() (assets/registry.cc) registers both, once,
// from one explicit list.
//
// A registered type's transaction carries its payload as RegisteredAsset inside TxAsset. The
// payload is immutable once built and shared between copies of the transaction.
// Thread safety: register every type before any transaction is decoded (process start); the
// registry is read-only afterwards and then safe to read from any thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "codec/byte_reader.h"
#include "codec/byte_writer.h"
#include "codec/strict_json.h"
#include "util/status.h"

namespace ddn::chain {

struct Transaction;

// The payload of a registered type. Each type defines one subclass.
class AssetPayload {
 public:
  virtual ~AssetPayload() = default;
  // The canonical binary form (the type's `asset-N` grammar in docs/protocol.md §3).
  virtual void Encode(codec::ByteWriter& w) const = 0;
  // The object under asset.<json_key> (docs/protocol.md §6).
  virtual codec::Json ToJson() const = 0;
  virtual bool Equals(const AssetPayload& other) const = 0;
};

using AssetPayloadPtr = std::shared_ptr<const AssetPayload>;

struct AssetType {
  uint8_t id = 0;              // on-chain constant: never change, never reuse
  std::string_view name;       // CLI and log name, e.g. "evidence"
  std::string_view json_key;   // key inside "asset", e.g. "evidence"
  bool has_recipient = false;  // a recipient is required (true) or refused (false)
  bool has_amount = false;     // amount may be > 0 (true) or must be 0 (false)
  // Reads the payload; on error records it on `r` (the result is then ignored).
  AssetPayloadPtr (*decode)(codec::ByteReader& r) = nullptr;
  // Reads the object under asset.<json_key>; accepts exactly what ToJson produces.
  util::Result<AssetPayloadPtr> (*from_json)(const codec::Json& value) = nullptr;
  // Field rules that need no state; called by CheckTxFields, so every decoded tx passed it.
  util::Status (*check)(const Transaction& tx, const AssetPayload& payload) = nullptr;
  // The fee in base units.
  uint64_t (*fee)(const AssetPayload& payload) = nullptr;
};

// Registers a type; a second registration of the same id replaces nothing and returns false.
bool RegisterAssetType(const AssetType& type);
// The registered type with this id, or null (system types 0–4 are never registered).
const AssetType* FindAssetType(uint8_t id);
// Every registered type, by id.
std::vector<const AssetType*> RegisteredAssetTypes();

// The TxAsset alternative of every registered type.
struct RegisteredAsset {
  uint8_t type = 0;
  AssetPayloadPtr payload;
  bool operator==(const RegisteredAsset& other) const {
    return type == other.type &&
           (payload == other.payload ||
            (payload && other.payload && payload->Equals(*other.payload)));
  }
};

// The payload of a registered type as its concrete class, or null when `asset` is another type.
template <typename Payload>
const Payload* PayloadAs(const RegisteredAsset& asset) {
  return dynamic_cast<const Payload*>(asset.payload.get());
}

}  // namespace ddn::chain
