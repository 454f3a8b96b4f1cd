// Amounts of DDN in base units (1 DDN = 10^8) and their decimal text forms.
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ddn::util {

inline constexpr uint64_t kBaseUnitsPerDdn = 100'000'000;

// Parses the canonical decimal string of a base-unit amount: digits only, no sign, no leading
// zero (except "0" itself), no exponent, fits in uint64. Anything else gives nullopt.
std::optional<uint64_t> ParseCanonicalAmount(std::string_view text);

// Parses an amount written in DDN with up to 8 fraction digits ("1.5", "0.00000001", "20"),
// into base units. Rejects signs, exponents, empty parts ("1.", ".5"), more than 8 fraction
// digits and overflow.
std::optional<uint64_t> ParseDdnAmount(std::string_view text);

std::string FormatAmount(uint64_t base_units);

}  // namespace ddn::util
