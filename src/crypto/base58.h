// Base58 with the Bitcoin alphabet, as DDN addresses use it (base-x semantics: one '1' per
// leading zero byte). Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "util/bytes.h"

namespace ddn::crypto {

std::string Base58Encode(util::ByteSpan data);
// nullopt on a character outside the alphabet.
std::optional<util::Bytes> Base58Decode(std::string_view text);

}  // namespace ddn::crypto
