#include "compat/any_tx.h"

#include "chain/tx_codec.h"
#include "chain/tx_json.h"
#include "chain/tx_rules.h"

namespace ddn::compat {

std::string_view TxFormatName(TxFormat format) {
  return format == TxFormat::kNative ? "native" : "legacy-v2";
}

TxFormat DetectTxFormat(const codec::Json& json) {
  return json.is_object() && json.contains("version") ? TxFormat::kNative : TxFormat::kLegacyV2;
}

util::Result<AnyTx> ParseAnyTx(const codec::Json& json) {
  AnyTx any;
  any.format = DetectTxFormat(json);
  if (any.format == TxFormat::kNative) {
    DDN_ASSIGN_OR_RETURN(any.tx, chain::TxFromJson(json));
    any.id = chain::TxId(any.tx);
  } else {
    DDN_ASSIGN_OR_RETURN(LegacyTx legacy, ParseLegacyTx(json));
    any.tx = legacy.tx;
    any.id = legacy.id;
    any.legacy = std::move(legacy);
  }
  return any;
}

chain::Hash256 AnySignDigest(const AnyTx& any) {
  return any.legacy ? LegacySignDigest(*any.legacy) : chain::TxSignDigest(any.tx);
}

util::Status VerifyAnySecondSignature(const AnyTx& any, const chain::PublicKey& second_key) {
  return any.legacy ? VerifyLegacySecondSignature(*any.legacy, second_key)
                    : chain::VerifySecondSignature(any.tx, second_key);
}

util::Status VerifyAnyTxStateless(const AnyTx& any, std::string_view nethash) {
  if (any.tx.nethash != nethash) {
    return util::Error(util::ErrorCode::kWrongNethash,
                       "transaction is for network " + any.tx.nethash + ", not " +
                           std::string(nethash));
  }
  return any.legacy ? VerifyLegacySignatures(*any.legacy) : chain::VerifyTxSignatures(any.tx);
}

}  // namespace ddn::compat
