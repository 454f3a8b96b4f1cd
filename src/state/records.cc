#include "state/records.h"

#include "codec/byte_reader.h"
#include "codec/byte_writer.h"

namespace ddn::state {

using codec::ByteReader;
using codec::ByteWriter;

namespace {

constexpr uint8_t kAccountVersion = 2;

std::string ToString(const util::Bytes& b) { return std::string(b.begin(), b.end()); }

template <typename T>
util::Result<T> Finish(ByteReader& r, T value, const char* what) {
  r.ExpectEnd();
  if (!r.ok()) {
    return util::Error(util::ErrorCode::kInternal,
                       std::string("corrupt ") + what + " record: " + r.status().message());
  }
  return value;
}

void WriteKeys(ByteWriter& w, const std::vector<PublicKey>& keys) {
  w.Varint(keys.size());
  for (const auto& k : keys) w.Raw(k);
}

std::vector<PublicKey> ReadKeys(ByteReader& r) {
  std::vector<PublicKey> keys;
  const uint64_t n = r.Varint(1 << 20, "key count");
  for (uint64_t i = 0; i < n && r.ok(); ++i) keys.push_back(r.Fixed<32>());
  return keys;
}

}  // namespace

std::string EncodeAccount(const Account& a) {
  ByteWriter w;
  w.U8(kAccountVersion);
  w.Raw(a.address);
  w.U8(a.public_key ? 1 : 0);
  if (a.public_key) w.Raw(*a.public_key);
  w.U64(a.balance);
  w.U8(a.second_public_key ? 1 : 0);
  if (a.second_public_key) w.Raw(*a.second_public_key);
  w.U8(a.multisig ? 1 : 0);
  if (a.multisig) {
    w.U8(a.multisig->min);
    w.U8(a.multisig->lifetime);
    WriteKeys(w, a.multisig->members);
  }
  w.U8(a.delegate ? 1 : 0);
  if (a.delegate) {
    w.String(a.delegate->username);
    w.U64(a.delegate->vote_weight);
    w.U64(a.delegate->produced_blocks);
    w.U64(a.delegate->missed_blocks);
    w.U64(a.delegate->fees);
    w.U64(a.delegate->rewards);
  }
  WriteKeys(w, a.votes);
  w.Varint(a.sent_count);
  w.Varint(a.received_count);
  return ToString(w.Take());
}

util::Result<Account> DecodeAccount(std::string_view bytes) {
  ByteReader r(util::AsBytes(bytes));
  Account a;
  if (r.U8() != kAccountVersion) r.Fail(util::ErrorCode::kInternal, "unknown account version");
  a.address = r.Fixed<20>();
  if (r.Presence("public key")) a.public_key = r.Fixed<32>();
  a.balance = r.U64();
  if (r.Presence("second key")) a.second_public_key = r.Fixed<32>();
  if (r.Presence("multisig")) {
    MultisigGroup g;
    g.min = r.U8();
    g.lifetime = r.U8();
    g.members = ReadKeys(r);
    a.multisig = std::move(g);
  }
  if (r.Presence("delegate")) {
    DelegateInfo d;
    d.username = r.String(64, "username");
    d.vote_weight = r.U64();
    d.produced_blocks = r.U64();
    d.missed_blocks = r.U64();
    d.fees = r.U64();
    d.rewards = r.U64();
    a.delegate = std::move(d);
  }
  a.votes = ReadKeys(r);
  a.sent_count = r.Varint(UINT64_MAX, "sent count");
  a.received_count = r.Varint(UINT64_MAX, "received count");
  return Finish(r, std::move(a), "account");
}

std::string EncodePositions(const std::vector<uint32_t>& positions) {
  ByteWriter w;
  for (uint32_t p : positions) w.Varint(p);
  return ToString(w.Take());
}

util::Result<std::vector<uint32_t>> DecodePositions(std::string_view bytes) {
  ByteReader r(util::AsBytes(bytes));
  std::vector<uint32_t> positions;
  while (r.ok() && r.position() < bytes.size()) {
    const uint64_t p = r.Varint(UINT32_MAX, "position");
    if (r.ok() && !positions.empty() && p <= positions.back()) {
      r.Fail(util::ErrorCode::kInternal, "positions out of order");
    }
    positions.push_back(static_cast<uint32_t>(p));
  }
  if (!r.ok()) return r.status();
  return positions;
}

std::string EncodeKeyList(const std::vector<PublicKey>& keys) {
  ByteWriter w;
  WriteKeys(w, keys);
  return ToString(w.Take());
}

util::Result<std::vector<PublicKey>> DecodeKeyList(std::string_view bytes) {
  ByteReader r(util::AsBytes(bytes));
  auto keys = ReadKeys(r);
  return Finish(r, std::move(keys), "key list");
}

std::string EncodeRoundAccumulator(const RoundAccumulator& acc) {
  ByteWriter w;
  w.U64(acc.round);
  w.U64(acc.fees);
  w.Varint(acc.blocks.size());
  for (const auto& [key, reward] : acc.blocks) {
    w.Raw(key);
    w.U64(reward);
  }
  return ToString(w.Take());
}

util::Result<RoundAccumulator> DecodeRoundAccumulator(std::string_view bytes) {
  ByteReader r(util::AsBytes(bytes));
  RoundAccumulator acc;
  acc.round = r.U64();
  acc.fees = r.U64();
  const uint64_t n = r.Varint(1 << 20, "round blocks");
  for (uint64_t i = 0; i < n && r.ok(); ++i) {
    const PublicKey key = r.Fixed<32>();
    acc.blocks.emplace_back(key, r.U64());
  }
  return Finish(r, std::move(acc), "round");
}

std::string EncodeTip(const Tip& tip) {
  ByteWriter w;
  w.U64(tip.height);
  w.Raw(tip.id);
  w.U32(tip.timestamp);
  return ToString(w.Take());
}

util::Result<Tip> DecodeTip(std::string_view bytes) {
  ByteReader r(util::AsBytes(bytes));
  Tip tip;
  tip.height = r.U64();
  tip.id = r.Fixed<32>();
  tip.timestamp = r.U32();
  return Finish(r, tip, "tip");
}

std::string EncodeTxLocation(const TxLocation& loc) {
  ByteWriter w;
  w.U64(loc.height);
  w.U32(loc.position);
  return ToString(w.Take());
}

util::Result<TxLocation> DecodeTxLocation(std::string_view bytes) {
  ByteReader r(util::AsBytes(bytes));
  TxLocation loc;
  loc.height = r.U64();
  loc.position = r.U32();
  return Finish(r, loc, "tx location");
}

}  // namespace ddn::state
