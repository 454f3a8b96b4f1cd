#include "codec/strict_json.h"

#include <set>
#include <vector>

namespace ddn::codec {

using util::ErrorCode;

util::Result<Json> ParseStrictJson(std::string_view text, int max_depth) {
  // nlohmann's lexer takes a raw NUL byte for the end of input and would ignore what follows;
  // raw NULs are never valid JSON (inside strings they are written \u0000).
  if (text.find('\0') != std::string_view::npos) {
    return util::Error(ErrorCode::kMalformed, "JSON: raw NUL byte in the input");
  }
  if (text.starts_with("\xEF\xBB\xBF")) {  // nlohmann would skip a byte order mark silently
    return util::Error(ErrorCode::kMalformed, "JSON: byte order mark before the text");
  }
  std::vector<std::set<std::string>> keys_seen;  // one set per open object
  std::string problem;
  auto callback = [&](int depth, Json::parse_event_t event, Json& parsed) -> bool {
    if (!problem.empty()) return false;
    if (depth > max_depth) {
      problem = "nesting deeper than " + std::to_string(max_depth);
      return false;
    }
    switch (event) {
      case Json::parse_event_t::object_start:
        keys_seen.emplace_back();
        break;
      case Json::parse_event_t::object_end:
        if (!keys_seen.empty()) keys_seen.pop_back();
        break;
      case Json::parse_event_t::key:
        if (!keys_seen.empty() && !keys_seen.back().insert(parsed.get<std::string>()).second) {
          problem = "duplicate key \"" + parsed.get<std::string>() + "\"";
          return false;
        }
        break;
      default:
        break;
    }
    return true;
  };
  try {
    Json value = Json::parse(text.begin(), text.end(), callback, /*allow_exceptions=*/true);
    if (!problem.empty()) return util::Error(ErrorCode::kMalformed, "JSON: " + problem);
    return value;
  } catch (const Json::exception& e) {
    if (!problem.empty()) return util::Error(ErrorCode::kMalformed, "JSON: " + problem);
    return util::Error(ErrorCode::kMalformed, std::string("JSON: ") + e.what());
  }
}

JsonObjectReader::JsonObjectReader(const Json& object, std::string context)
    : object_(object), context_(std::move(context)) {
  if (!object_.is_object()) {
    status_ = util::Error(ErrorCode::kInvalidField,
                          (context_.empty() ? std::string("value") : context_) +
                              " must be a JSON object");
  }
}

std::string JsonObjectReader::FieldName(std::string_view key) const {
  return context_.empty() ? std::string(key) : context_ + "." + std::string(key);
}

void JsonObjectReader::Fail(ErrorCode code, std::string message) {
  if (status_.ok()) status_ = util::Status(code, std::move(message));
}

JsonObjectReader& JsonObjectReader::Only(std::initializer_list<std::string_view> allowed) {
  if (!ok()) return *this;
  for (const auto& [key, value] : object_.items()) {
    bool known = false;
    for (std::string_view a : allowed) known = known || a == key;
    if (!known) {
      Fail(ErrorCode::kUnknownField, "unknown field \"" + FieldName(key) + "\"");
      return *this;
    }
  }
  return *this;
}

bool JsonObjectReader::Has(std::string_view key) const {
  return object_.is_object() && object_.contains(key);
}

const Json* JsonObjectReader::Get(std::string_view key) {
  if (!ok()) return nullptr;
  auto it = object_.find(key);
  if (it == object_.end()) {
    Fail(ErrorCode::kMissingField, "missing field \"" + FieldName(key) + "\"");
    return nullptr;
  }
  return &*it;
}

std::string JsonObjectReader::String(std::string_view key) {
  const Json* v = Get(key);
  if (!v) return {};
  if (!v->is_string()) {
    Fail(ErrorCode::kInvalidField, FieldName(key) + " must be a string");
    return {};
  }
  return v->get<std::string>();
}

int64_t JsonObjectReader::Integer(std::string_view key, int64_t min, int64_t max) {
  const Json* v = Get(key);
  if (!v) return 0;
  if (!v->is_number_integer()) {
    Fail(ErrorCode::kInvalidField, FieldName(key) + " must be an integer");
    return 0;
  }
  // Unsigned values above INT64_MAX are out of every range we accept.
  if (v->is_number_unsigned() && v->get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) {
    Fail(ErrorCode::kInvalidField, FieldName(key) + " is out of range");
    return 0;
  }
  const int64_t i = v->get<int64_t>();
  if (i < min || i > max) {
    Fail(ErrorCode::kInvalidField, FieldName(key) + " must be between " + std::to_string(min) +
                                       " and " + std::to_string(max));
    return 0;
  }
  return i;
}

const Json& JsonObjectReader::Object(std::string_view key) {
  static const Json kEmpty = Json::object();
  const Json* v = Get(key);
  if (!v) return kEmpty;
  if (!v->is_object()) {
    Fail(ErrorCode::kInvalidField, FieldName(key) + " must be an object");
    return kEmpty;
  }
  return *v;
}

const Json& JsonObjectReader::Array(std::string_view key) {
  static const Json kEmpty = Json::array();
  const Json* v = Get(key);
  if (!v) return kEmpty;
  if (!v->is_array()) {
    Fail(ErrorCode::kInvalidField, FieldName(key) + " must be an array");
    return kEmpty;
  }
  return *v;
}

std::optional<std::string> JsonObjectReader::OptionalString(std::string_view key,
                                                             bool null_allowed) {
  if (!ok() || !Has(key)) return std::nullopt;
  const Json& v = object_.at(std::string(key));
  if (v.is_null() && null_allowed) return std::nullopt;
  if (!v.is_string()) {
    Fail(ErrorCode::kInvalidField, FieldName(key) + " must be a string");
    return std::nullopt;
  }
  return v.get<std::string>();
}

}  // namespace ddn::codec
