#include "block/block.h"

#include "chain/tx_codec.h"
#include "chain/tx_json.h"
#include "codec/byte_reader.h"
#include "codec/byte_writer.h"
#include "crypto/hash.h"

namespace ddn::block {

using util::ErrorCode;

namespace {

constexpr uint8_t kEntryNative = 0;
constexpr uint8_t kEntryLegacy = 1;
constexpr uint64_t kMaxEntryBytes = 1 << 20;

void WriteHeader(codec::ByteWriter& w, const BlockHeader& h) {
  w.Raw(kBlockMagic);
  w.U8(static_cast<uint8_t>(h.nethash.size()));
  w.Raw(util::AsBytes(h.nethash));
  w.U64(h.height);
  w.U32(h.timestamp);
  w.Raw(h.previous);
  w.U32(h.tx_count);
  w.U64(h.total_amount);
  w.U64(h.total_fee);
  w.U64(h.reward);
  w.U32(h.payload_length);
  w.Raw(h.payload_hash);
  w.Raw(h.generator);
}

void WriteEntry(codec::ByteWriter& w, const compat::AnyTx& tx) {
  if (tx.legacy) {
    w.U8(kEntryLegacy);
    w.String(tx.legacy->json.dump());
  } else {
    w.U8(kEntryNative);
    const util::Bytes bytes = chain::EncodeTransaction(tx.tx);
    w.Varint(bytes.size());
    w.Raw(bytes);
  }
}

util::Result<compat::AnyTx> ReadEntry(codec::ByteReader& r) {
  const uint8_t format = r.U8();
  const std::string bytes = r.RawString(kMaxEntryBytes, "payload entry");
  if (!r.ok()) return r.status();
  if (format == kEntryNative) {
    compat::AnyTx any;
    DDN_ASSIGN_OR_RETURN(any.tx, chain::DecodeTransaction(util::AsBytes(bytes)));
    any.format = compat::TxFormat::kNative;
    any.id = chain::TxId(any.tx);
    return any;
  }
  if (format != kEntryLegacy) return util::Error(ErrorCode::kMalformed, "unknown entry format");
  DDN_ASSIGN_OR_RETURN(codec::Json json, codec::ParseStrictJson(bytes));
  if (json.dump() != bytes) return util::Error(ErrorCode::kNonCanonical, "legacy entry not compact");
  return compat::ParseAnyTx(json);
}

}  // namespace

util::Bytes EncodeBlockHeader(const BlockHeader& header) {
  codec::ByteWriter w;
  WriteHeader(w, header);
  return w.Take();
}

util::Bytes EncodePayload(const std::vector<compat::AnyTx>& transactions) {
  codec::ByteWriter w;
  for (const auto& tx : transactions) WriteEntry(w, tx);
  return w.Take();
}

util::Bytes EncodeTxEntry(const compat::AnyTx& tx) {
  codec::ByteWriter w;
  WriteEntry(w, tx);
  return w.Take();
}

size_t TxEntrySize(const compat::AnyTx& tx) { return EncodeTxEntry(tx).size(); }

util::Result<std::vector<util::Result<compat::AnyTx>>> DecodeTxEntries(util::ByteSpan bytes,
                                                                       size_t max_entries) {
  std::vector<util::Result<compat::AnyTx>> out;
  codec::ByteReader r(bytes);
  while (r.position() < bytes.size()) {
    if (out.size() == max_entries) {
      return util::Error(ErrorCode::kInvalidField,
                         "more than " + std::to_string(max_entries) + " transactions");
    }
    out.push_back(ReadEntry(r));
    // A content error leaves the reader after the entry; only broken framing stops it.
    if (!r.ok()) {
      return util::Error(ErrorCode::kMalformed, "entry " + std::to_string(out.size() - 1) + ": " +
                                                    r.status().message());
    }
  }
  if (out.empty()) return util::Error(ErrorCode::kInvalidField, "no transactions");
  return out;
}

util::Result<compat::AnyTx> DecodeTxEntry(util::ByteSpan bytes) {
  codec::ByteReader r(bytes);
  DDN_ASSIGN_OR_RETURN(compat::AnyTx tx, ReadEntry(r));
  r.ExpectEnd();
  if (!r.ok()) return r.status();
  return tx;
}

util::Bytes EncodeBlock(const Block& block) {
  codec::ByteWriter w;
  WriteHeader(w, block.header);
  w.Raw(block.signature);
  w.Raw(EncodePayload(block.transactions));
  return w.Take();
}

namespace {
// Reads the header and the block signature.
util::Status ReadHeader(codec::ByteReader& r, Block& b) {
  BlockHeader& h = b.header;
  const auto magic = r.Fixed<4>();
  if (r.ok() && !std::equal(magic.begin(), magic.end(), kBlockMagic)) {
    return util::Error(ErrorCode::kMalformed, "not a native block (bad magic or version)");
  }
  const size_t nethash_len = r.U8();
  if (r.ok() && (nethash_len == 0 || nethash_len > chain::kMaxNethashLength)) {
    r.Fail(ErrorCode::kInvalidField, "nethash length must be 1..32");
  }
  for (size_t i = 0; i < nethash_len && r.ok(); ++i) {
    const char c = static_cast<char>(r.U8());
    // The same alphabet as transactions (protocol.md §2): a block is never a carrier of arbitrary bytes.
    if (r.ok() && !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'))) {
      r.Fail(ErrorCode::kInvalidField, "nethash must be [0-9a-z]");
    }
    h.nethash.push_back(c);
  }
  h.height = r.U64();
  h.timestamp = r.U32();
  h.previous = r.Fixed<32>();
  h.tx_count = r.U32();
  h.total_amount = r.U64();
  h.total_fee = r.U64();
  h.reward = r.U64();
  h.payload_length = r.U32();
  h.payload_hash = r.Fixed<32>();
  h.generator = r.Fixed<32>();
  b.signature = r.Fixed<64>();
  return r.status();
}
}  // namespace

util::Result<Block> DecodeBlockHeader(util::ByteSpan bytes) {
  codec::ByteReader r(bytes);
  Block b;
  DDN_RETURN_IF_ERROR(ReadHeader(r, b));
  return b;
}

util::Result<Block> DecodeBlock(util::ByteSpan bytes) {
  codec::ByteReader r(bytes);
  Block b;
  BlockHeader& h = b.header;
  DDN_RETURN_IF_ERROR(ReadHeader(r, b));
  const size_t payload_start = r.position();
  if (bytes.size() - payload_start != h.payload_length) {
    return util::Error(ErrorCode::kInvalidField, "payload length does not match the header");
  }
  if (crypto::Sha256(bytes.subspan(payload_start)) != h.payload_hash) {
    return util::Error(ErrorCode::kInvalidField, "payload hash does not match the header");
  }
  if (h.tx_count > h.payload_length) {
    return util::Error(ErrorCode::kInvalidField, "more transactions than payload bytes");
  }
  b.transactions.reserve(h.tx_count);
  for (uint32_t i = 0; i < h.tx_count; ++i) {
    DDN_ASSIGN_OR_RETURN(compat::AnyTx tx, ReadEntry(r));
    b.transactions.push_back(std::move(tx));
  }
  r.ExpectEnd();
  if (!r.ok()) return r.status();
  return b;
}

Hash256 BlockSignDigest(const BlockHeader& header) {
  return crypto::Sha256(EncodeBlockHeader(header));
}

Hash256 BlockIdHash(const Block& block) {
  return crypto::Sha256Hasher()
      .Update(EncodeBlockHeader(block.header))
      .Update(block.signature)
      .Finish();
}

std::string BlockId(const Block& block) { return util::ToHex(BlockIdHash(block)); }

void SealBlock(Block& block, const crypto::KeyPair& generator) {
  BlockHeader& h = block.header;
  h.generator = generator.public_key;
  h.tx_count = static_cast<uint32_t>(block.transactions.size());
  h.total_amount = 0;
  h.total_fee = 0;
  for (const auto& tx : block.transactions) {
    h.total_amount += tx.tx.amount;
    h.total_fee += tx.tx.fee;
  }
  const util::Bytes payload = EncodePayload(block.transactions);
  h.payload_length = static_cast<uint32_t>(payload.size());
  h.payload_hash = crypto::Sha256(payload);
  block.signature = crypto::Sign(BlockSignDigest(h), generator.secret_key);
}

bool VerifyBlockSignature(const Block& block) {
  return crypto::Verify(BlockSignDigest(block.header), block.signature, block.header.generator);
}

codec::Json AnyTxToJson(const compat::AnyTx& tx) {
  return tx.legacy ? tx.legacy->json : chain::TxToJson(tx.tx);
}

codec::Json BlockToJson(const Block& block, bool with_transactions) {
  const BlockHeader& h = block.header;
  const bool genesis = h.height == 1;
  codec::Json j = {
      {"version", 1},
      {"nethash", h.nethash},
      {"id", BlockId(block)},
      {"height", std::to_string(h.height)},
      {"timestamp", h.timestamp},
      {"previous_block", genesis ? codec::Json(nullptr) : codec::Json(util::ToHex(h.previous))},
      {"number_of_transactions", h.tx_count},
      {"total_amount", std::to_string(h.total_amount)},
      {"total_fee", std::to_string(h.total_fee)},
      {"reward", std::to_string(h.reward)},
      {"payload_length", h.payload_length},
      {"payload_hash", util::ToHex(h.payload_hash)},
      {"generator_public_key", util::ToHex(h.generator)},
      {"generator_id", crypto::AddressOf(h.generator)},
      {"block_signature", util::ToHex(block.signature)},
      {"totalForged", std::to_string(h.total_fee + h.reward)},
  };
  if (with_transactions) {
    codec::Json txs = codec::Json::array();
    for (const auto& tx : block.transactions) txs.push_back(AnyTxToJson(tx));
    j["transactions"] = std::move(txs);
  }
  return j;
}

}  // namespace ddn::block
