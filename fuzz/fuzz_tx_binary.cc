// libFuzzer target: the canonical binary decoder of native transactions (chain/tx_codec.h).
// Invariants on every input DecodeTransaction accepts:
//   * EncodeTransaction gives back exactly the input bytes (one encoding per transaction);
//   * the decoded transaction passes CheckTxFields;
//   * TxToJson -> text -> ParseStrictJson -> TxFromJson gives back the same transaction, and the
//     JSON carries the computed id;
//   * signature verification runs without crashing (its result is not an invariant).
#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "assets/registry.h"
#include "chain/tx_codec.h"
#include "chain/tx_json.h"
#include "chain/tx_rules.h"
#include "codec/strict_json.h"
#include "fuzz_check.h"

// Registers the types under assets/ (evidence, lock) before the first input.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  ddn::assets::RegisterAll();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ddn;
  const util::ByteSpan input(data, size);
  auto tx = chain::DecodeTransaction(input);
  if (!tx.ok()) return 0;

  const util::Bytes encoded = chain::EncodeTransaction(*tx);
  FUZZ_CHECK(encoded.size() == size && std::equal(encoded.begin(), encoded.end(), data));
  FUZZ_CHECK(chain::CheckTxFields(*tx).ok());

  const codec::Json json = chain::TxToJson(*tx);
  FUZZ_CHECK(json.is_object() && json["id"] == chain::TxId(*tx));
  auto from_json = chain::TxFromJson(json);
  FUZZ_CHECK(from_json.ok());
  FUZZ_CHECK(*from_json == *tx);

  auto reparsed = codec::ParseStrictJson(json.dump());
  FUZZ_CHECK(reparsed.ok());
  FUZZ_CHECK(*reparsed == json);
  auto from_text = chain::TxFromJson(*reparsed);
  FUZZ_CHECK(from_text.ok() && *from_text == *tx);

  (void)chain::VerifyTxSignatures(*tx);
  return 0;
}
