// libFuzzer target: strict JSON parsing and the native JSON mapping (chain/tx_json.h).
// Invariants on every input that ParseStrictJson and TxFromJson accept:
//   * TxToJson of the transaction equals the input JSON value (the mapping is one-to-one);
//   * EncodeTransaction -> DecodeTransaction gives back the same transaction, and re-encoding
//     the decoded one gives the same bytes;
//   * signature verification runs without crashing (its result is not an invariant).
#include <cstddef>
#include <cstdint>
#include <string_view>

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
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto json = codec::ParseStrictJson(text);
  if (!json.ok()) return 0;
  auto tx = chain::TxFromJson(*json);
  if (!tx.ok()) return 0;

  FUZZ_CHECK(chain::TxToJson(*tx) == *json);
  FUZZ_CHECK(chain::CheckTxFields(*tx).ok());

  const util::Bytes bytes = chain::EncodeTransaction(*tx);
  auto decoded = chain::DecodeTransaction(bytes);
  FUZZ_CHECK(decoded.ok());
  FUZZ_CHECK(*decoded == *tx);
  FUZZ_CHECK(chain::EncodeTransaction(*decoded) == bytes);

  (void)chain::VerifyTxSignatures(*tx);
  return 0;
}
