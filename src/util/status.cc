#include "util/status.h"

namespace ddn::util {

std::string_view ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk: return "OK";
    case ErrorCode::kMalformed: return "MALFORMED";
    case ErrorCode::kNonCanonical: return "NON_CANONICAL";
    case ErrorCode::kInvalidField: return "INVALID_FIELD";
    case ErrorCode::kUnknownField: return "UNKNOWN_FIELD";
    case ErrorCode::kMissingField: return "MISSING_FIELD";
    case ErrorCode::kWrongFee: return "WRONG_FEE";
    case ErrorCode::kWrongNethash: return "WRONG_NETHASH";
    case ErrorCode::kBadSignature: return "BAD_SIGNATURE";
    case ErrorCode::kBadSecondSignature: return "BAD_SECOND_SIGNATURE";
    case ErrorCode::kBadCosignature: return "BAD_COSIGNATURE";
    case ErrorCode::kIdMismatch: return "ID_MISMATCH";
    case ErrorCode::kUnsupportedType: return "UNSUPPORTED_TYPE";
    case ErrorCode::kLegacyTypeUnsupported: return "LEGACY_TYPE_UNSUPPORTED";
    case ErrorCode::kIoError: return "IO_ERROR";
    case ErrorCode::kInternal: return "INTERNAL";
    case ErrorCode::kStateRule: return "STATE_RULE";
    case ErrorCode::kInsufficientBalance: return "INSUFFICIENT_BALANCE";
    case ErrorCode::kDuplicate: return "DUPLICATE";
    case ErrorCode::kAlreadyConfirmed: return "ALREADY_CONFIRMED";
    case ErrorCode::kPoolFull: return "POOL_FULL";
    case ErrorCode::kExpired: return "EXPIRED";
    case ErrorCode::kTimestampInFuture: return "TIMESTAMP_IN_FUTURE";
    case ErrorCode::kNotFound: return "NOT_FOUND";
    case ErrorCode::kUnavailable: return "UNAVAILABLE";
    case ErrorCode::kPayloadTooLarge: return "PAYLOAD_TOO_LARGE";
    case ErrorCode::kSecretRefused: return "SECRET_REFUSED";
    case ErrorCode::kWrongNetwork: return "WRONG_NETWORK";
    case ErrorCode::kBelowIrreversible: return "BELOW_IRREVERSIBLE";
    case ErrorCode::kBanned: return "BANNED";
    case ErrorCode::kRateLimited: return "RATE_LIMITED";
    case ErrorCode::kAccountLocked: return "ACCOUNT_LOCKED";
  }
  return "UNKNOWN";
}

ErrorCode ErrorCodeFromName(std::string_view name) {
  for (uint16_t c = 0; c <= static_cast<uint16_t>(kLastErrorCode); ++c) {
    if (ErrorCodeName(static_cast<ErrorCode>(c)) == name) return static_cast<ErrorCode>(c);
  }
  return ErrorCode::kInternal;
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  return std::string(code_name()) + ": " + message_;
}

}  // namespace ddn::util
