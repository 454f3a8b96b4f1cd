// Strict UTF-8 validation and UTF-16 length, as JavaScript's String.length counts.
// Thread safety: pure functions.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace ddn::util {

// Number of UTF-16 code units of a strictly valid UTF-8 string (no overlong forms, no
// surrogates, nothing above U+10FFFF); nullopt when the bytes are not valid UTF-8.
std::optional<size_t> Utf16Length(std::string_view utf8);

inline bool IsValidUtf8(std::string_view s) { return Utf16Length(s).has_value(); }

// Number of Unicode code points of a strictly valid UTF-8 string; nullopt when invalid.
std::optional<size_t> CodePointCount(std::string_view utf8);

}  // namespace ddn::util
