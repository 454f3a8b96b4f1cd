// The DDN v2.3 JavaScript client's generic serializer, `getBytes` (reference §1.6): values of the
// JSON object in sorted key order, the asset's values first, strings as raw UTF-8, integers as
// int32 little-endian, null/empty strings/booleans/nested objects skipped, arrays written
// element by element. Used only for legacy transactions of types 0–4, whose strict schemas keep
// every key ASCII and every array an array of strings (anything else is refused upstream).
// Thread safety: pure functions.
#pragma once

#include "codec/strict_json.h"
#include "util/bytes.h"

namespace ddn::compat {

struct LegacyBytesOptions {
  bool skip_signature = false;         // drop "signature"
  bool skip_second_signature = false;  // drop "sign_signature"
  // "id" and "signatures" are always dropped, as the client does for transactions.
};

util::Bytes LegacyBytes(const codec::Json& tx, LegacyBytesOptions options);

}  // namespace ddn::compat
