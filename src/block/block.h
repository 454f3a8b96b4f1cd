// The native block (docs/protocol.md §8): a canonical header signed by its generator, and a
// payload of transactions in either format (native or legacy-v2), applied in payload order.
//
//   header    = magic(FF 44 42 01) nethash height:u64le timestamp:u32le previous:bytes(32)
//               tx-count:u32le total-amount:u64le total-fee:u64le reward:u64le
//               payload-length:u32le payload-hash:bytes(32) generator:bytes(32)
//   block     = header block-signature:bytes(64) payload
//   payload   = *entry                                 ; exactly tx-count entries
//   entry     = format:u8 (0 native, 1 legacy-v2) varint-length bytes
//               ; native: the transaction's canonical encoding; legacy-v2: its JSON as compact text
//   payload-hash = SHA-256(payload), payload-length = its size in bytes
//   signature over SHA-256(header); id = hex SHA-256(header || block-signature)
// Thread safety: value types and pure functions.
#pragma once

#include <string>
#include <vector>

#include "chain/transaction.h"
#include "codec/strict_json.h"
#include "compat/any_tx.h"
#include "util/bytes.h"
#include "util/status.h"

namespace ddn::block {

using chain::Hash256;
using chain::PublicKey;
using chain::Signature;

inline constexpr uint8_t kBlockMagic[4] = {0xFF, 0x44, 0x42, 0x01};

struct BlockHeader {
  std::string nethash;
  uint64_t height = 0;
  uint32_t timestamp = 0;  // seconds since the DDN epoch: the start of the forging slot
  Hash256 previous{};      // zero for the genesis block
  uint32_t tx_count = 0;
  uint64_t total_amount = 0;
  uint64_t total_fee = 0;
  uint64_t reward = 0;
  uint32_t payload_length = 0;
  Hash256 payload_hash{};
  PublicKey generator{};
  bool operator==(const BlockHeader&) const = default;
};

struct Block {
  BlockHeader header;
  Signature signature{};
  std::vector<compat::AnyTx> transactions;
};

util::Bytes EncodeBlockHeader(const BlockHeader& header);
util::Bytes EncodePayload(const std::vector<compat::AnyTx>& transactions);
util::Bytes EncodeBlock(const Block& block);
// One payload entry (format byte, length, bytes): also how the pool stores its transactions.
util::Bytes EncodeTxEntry(const compat::AnyTx& tx);
util::Result<compat::AnyTx> DecodeTxEntry(util::ByteSpan bytes);
size_t TxEntrySize(const compat::AnyTx& tx);
// A list of payload entries (the binary batch of POST /api/transactions): one result per entry,
// an entry whose content does not decode has its error. Fails as a whole (MALFORMED) when the
// framing is broken, and with INVALID_FIELD for no entries or more than `max_entries`.
util::Result<std::vector<util::Result<compat::AnyTx>>> DecodeTxEntries(util::ByteSpan bytes,
                                                                       size_t max_entries);
// Decodes and checks the structure: counts, payload length and hash, every entry parseable
// with its own id. Does not verify signatures.
util::Result<Block> DecodeBlock(util::ByteSpan bytes);
// Only the header and signature of an encoded block (no transactions; the payload is not checked).
util::Result<Block> DecodeBlockHeader(util::ByteSpan bytes);

Hash256 BlockSignDigest(const BlockHeader& header);
Hash256 BlockIdHash(const Block& block);
std::string BlockId(const Block& block);

// Fills tx_count, totals, payload length and hash from the transactions, then signs.
void SealBlock(Block& block, const crypto::KeyPair& generator);
bool VerifyBlockSignature(const Block& block);

// DDN-shaped JSON: height as string, amounts as strings, snake_case names.
codec::Json BlockToJson(const Block& block, bool with_transactions);
// The JSON of one transaction as the API shows it (native mapping or the legacy JSON as received).
codec::Json AnyTxToJson(const compat::AnyTx& tx);

}  // namespace ddn::block
