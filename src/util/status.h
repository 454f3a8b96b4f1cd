// Status and Result<T>: the error model of the whole code base.
//
// A Status is either OK or an ErrorCode with a human-readable message. ErrorCode values and their
// names (ErrorCodeName) are part of the public interface: the API and the CLI print the names,
// peers are judged by them. Never change or reuse a name; add new codes at the end.
// Both types are [[nodiscard]]: an ignored error is a compile warning (an error with -Werror).
// Thread safety: value types, no shared state.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace ddn::util {

enum class ErrorCode : uint16_t {
  kOk = 0,
  kMalformed,              // the input cannot be parsed at all (bad JSON, truncated bytes)
  kNonCanonical,           // parseable, but not the one canonical encoding
  kInvalidField,           // a field has the wrong type or a value out of its range
  kUnknownField,           // a field that the format does not define
  kMissingField,           // a required field is absent
  kWrongFee,               // fee differs from the type's fee
  kWrongNethash,           // signed for another network
  kBadSignature,           // first signature does not verify
  kBadSecondSignature,     // second signature does not verify
  kBadCosignature,         // a multisignature co-signature does not verify or repeats
  kIdMismatch,             // the stated id is not the computed one
  kUnsupportedType,        // transaction type unknown to this format
  kLegacyTypeUnsupported,  // a legacy (DDN v2.3 client) transaction of a type we refuse
  kIoError,                // reading or writing a file or stream failed
  kInternal,               // a bug or an unexpected library failure
  kStateRule,              // refused by a rule that depends on the chain state
  kInsufficientBalance,    // the sender cannot pay amount + fee
  kDuplicate,              // already in the pool
  kAlreadyConfirmed,       // already in a block
  kPoolFull,               // the pool is at its size limit
  kExpired,                // waited in the pool longer than allowed
  kTimestampInFuture,      // the transaction's timestamp is after the current slot
  kNotFound,               // no such object
  kUnavailable,            // the node cannot serve this now (loading, syncing, stopping)
  kPayloadTooLarge,        // a request or message above its size limit
  kSecretRefused,          // an endpoint that would need a passphrase: sign locally instead
  kWrongNetwork,           // a peer of another network (nethash or genesis block differs)
  kBelowIrreversible,      // would roll back an irreversible block
  kBanned,                 // the peer is banned for misbehaviour
  kRateLimited,            // the peer sends more requests than allowed
  kAccountLocked,          // the sender's balance is locked (type 100) until a height
};
// The last code (append new ones above and move this).
inline constexpr ErrorCode kLastErrorCode = ErrorCode::kAccountLocked;

// Stable, upper-case name of a code, e.g. "BAD_SIGNATURE".
std::string_view ErrorCodeName(ErrorCode code);
// The code with that name (e.g. from a peer's error response); kInternal for an unknown name.
ErrorCode ErrorCodeFromName(std::string_view name);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}
  static Status Ok() { return Status(); }

  bool ok() const { return code_ == ErrorCode::kOk; }
  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  std::string_view code_name() const { return ErrorCodeName(code_); }
  // "CODE: message"
  std::string ToString() const;

 private:
  ErrorCode code_ = ErrorCode::kOk;
  std::string message_;
};

// Result<T> holds either a value or a non-OK Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Status status) : v_(std::move(status)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return std::holds_alternative<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T& value() & { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }
  // The error; Status::Ok() when a value is held.
  Status status() const { return ok() ? Status::Ok() : std::get<Status>(v_); }

 private:
  std::variant<T, Status> v_;
};

inline Status Error(ErrorCode code, std::string message) { return Status(code, std::move(message)); }

}  // namespace ddn::util

// Propagates a non-OK Status from an expression returning Status.
#define DDN_RETURN_IF_ERROR(expr)              \
  do {                                         \
    ::ddn::util::Status ddn_status_ = (expr);  \
    if (!ddn_status_.ok()) return ddn_status_; \
  } while (0)

#define DDN_CONCAT_INNER_(a, b) a##b
#define DDN_CONCAT_(a, b) DDN_CONCAT_INNER_(a, b)
// DDN_ASSIGN_OR_RETURN(auto x, ResultExpr()): binds the value or returns the error.
#define DDN_ASSIGN_OR_RETURN(lhs, expr) \
  DDN_ASSIGN_OR_RETURN_IMPL_(DDN_CONCAT_(ddn_result_, __LINE__), lhs, expr)
#define DDN_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                               \
  if (!tmp.ok()) return tmp.status();              \
  lhs = std::move(tmp).value()
