// libFuzzer target: the entry point for outside transaction JSON (compat/any_tx.h), mostly its
// legacy (DDN v2.3 client) branch: ParseStrictJson -> ParseAnyTx -> VerifyAnyTxStateless must
// never crash, whatever the input. A legacy id is a hash of the legacy bytes, so a mutated input
// would nearly always stop at the id check; when the only problem is the id, the target puts
// the computed id in and parses again, so that signature verification is reached too.
// Invariants on every accepted transaction:
//   * it passes CheckTxFields, and its id is the stated one (legacy) or the computed one (native);
//   * its content (co-signatures sorted) has a native binary encoding that decodes back to the
//     same transaction.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "chain/tx_codec.h"
#include "chain/tx_rules.h"
#include "codec/strict_json.h"
#include "compat/any_tx.h"
#include "compat/legacy_bytes.h"
#include "crypto/hash.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ddn;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto json = codec::ParseStrictJson(text);
  if (!json.ok()) return 0;
  auto any = compat::ParseAnyTx(*json);
  if (!any.ok() && any.status().code() == util::ErrorCode::kIdMismatch && json->is_object() &&
      compat::DetectTxFormat(*json) == compat::TxFormat::kLegacyV2) {
    (*json)["id"] = util::ToHex(crypto::Sha256(compat::LegacyBytes(*json, {})));
    any = compat::ParseAnyTx(*json);
  }
  if (!any.ok()) return 0;

  FUZZ_CHECK(chain::CheckTxFields(any->tx).ok());
  if (any->format == compat::TxFormat::kLegacyV2) {
    FUZZ_CHECK(any->legacy.has_value());
    FUZZ_CHECK(any->legacy->id == any->id && (*json)["id"] == any->id);
  } else {
    FUZZ_CHECK(!any->legacy.has_value() && any->id == chain::TxId(any->tx));
  }
  // Legacy co-signatures keep the order received; the native encoding wants them ascending.
  chain::Transaction native = any->tx;
  std::sort(native.cosignatures.begin(), native.cosignatures.end());
  const util::Bytes bytes = chain::EncodeTransaction(native);
  auto decoded = chain::DecodeTransaction(bytes);
  FUZZ_CHECK(decoded.ok() && *decoded == native);

  (void)compat::VerifyAnyTxStateless(*any, "0ab796cd");
  (void)compat::VerifyAnyTxStateless(*any, any->tx.nethash);
  return 0;
}
