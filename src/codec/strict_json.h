// Strict JSON parsing and typed field access for decoders of outside input.
//
// ParseStrictJson refuses what nlohmann::json would quietly accept: duplicate keys (the last one
// would win), nesting deeper than a bound, and invalid UTF-8. JsonObjectReader checks an object's
// exact field set and each field's JSON type, reporting the first problem as a Status with a
// stable code. Thread safety: pure functions; a JsonObjectReader is used by one thread.
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "util/bytes.h"
#include "util/status.h"

namespace ddn::codec {

using Json = nlohmann::json;

util::Result<Json> ParseStrictJson(std::string_view text, int max_depth = 16);

// A JSON string of exactly 2*N lowercase hex characters, as N bytes; nullopt otherwise.
template <size_t N>
std::optional<std::array<uint8_t, N>> FixedHexOf(const Json& value) {
  if (!value.is_string()) return std::nullopt;
  return util::FromHexFixed<N>(value.get_ref<const std::string&>());
}

// Reads fields of one JSON object. `context` names the object in error messages ("asset.vote").
class JsonObjectReader {
 public:
  JsonObjectReader(const Json& object, std::string context);

  // Fails with UNKNOWN_FIELD for any key not in `allowed`.
  JsonObjectReader& Only(std::initializer_list<std::string_view> allowed);

  bool Has(std::string_view key) const;
  // Required fields (MISSING_FIELD when absent, INVALID_FIELD on a wrong JSON type).
  std::string String(std::string_view key);
  int64_t Integer(std::string_view key, int64_t min, int64_t max);
  const Json& Object(std::string_view key);
  const Json& Array(std::string_view key);
  // Optional string: absent gives nullopt; when `null_allowed`, null also gives nullopt.
  std::optional<std::string> OptionalString(std::string_view key, bool null_allowed = false);

  void Fail(util::ErrorCode code, std::string message);
  std::string FieldName(std::string_view key) const;
  bool ok() const { return status_.ok(); }
  const util::Status& status() const { return status_; }

 private:
  const Json* Get(std::string_view key);

  const Json& object_;
  std::string context_;
  util::Status status_;
};

}  // namespace ddn::codec
