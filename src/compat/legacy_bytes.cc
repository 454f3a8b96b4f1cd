#include "compat/legacy_bytes.h"

#include "codec/byte_writer.h"

namespace ddn::compat {

using codec::Json;

namespace {

void WriteValue(codec::ByteWriter& w, const Json& v) {
  if (v.is_string()) {
    w.Raw(util::AsBytes(v.get_ref<const std::string&>()));  // empty strings add nothing
  } else if (v.is_number_integer()) {
    w.U32(static_cast<uint32_t>(v.get<int64_t>()));  // JS `value | 0`, little-endian
  } else if (v.is_array()) {
    for (const Json& e : v) {
      if (e.is_string()) w.Raw(util::AsBytes(e.get_ref<const std::string&>()));
    }
  }
  // null, booleans, floats and nested objects contribute nothing (schemas refuse floats).
}

// nlohmann::json keeps object keys sorted by byte order, which equals JavaScript's UTF-16 sort
// for the ASCII keys that the strict schemas allow.
void WriteObjectValues(codec::ByteWriter& w, const Json& object) {
  for (const auto& [key, value] : object.items()) WriteValue(w, value);
}

}  // namespace

util::Bytes LegacyBytes(const Json& tx, LegacyBytesOptions options) {
  codec::ByteWriter w;
  if (auto asset = tx.find("asset"); asset != tx.end() && asset->is_object()) {
    for (const auto& [key, value] : asset->items()) {
      if (value.is_object()) WriteObjectValues(w, value);
      else WriteValue(w, value);
    }
  }
  for (const auto& [key, value] : tx.items()) {
    if (key == "asset" || key == "id" || key == "signatures") continue;
    if (options.skip_signature && key == "signature") continue;
    if (options.skip_second_signature && key == "sign_signature") continue;
    WriteValue(w, value);
  }
  return w.Take();
}

}  // namespace ddn::compat
