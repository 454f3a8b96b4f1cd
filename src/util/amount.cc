#include "util/amount.h"

namespace ddn::util {

namespace {
// Accumulates decimal digits into value; false on a non-digit or overflow.
bool AccumulateDigits(std::string_view digits, uint64_t& value) {
  for (char c : digits) {
    if (c < '0' || c > '9') return false;
    const uint64_t d = static_cast<uint64_t>(c - '0');
    if (value > (UINT64_MAX - d) / 10) return false;
    value = value * 10 + d;
  }
  return true;
}
}  // namespace

std::optional<uint64_t> ParseCanonicalAmount(std::string_view text) {
  if (text.empty() || (text.size() > 1 && text[0] == '0')) return std::nullopt;
  uint64_t value = 0;
  if (!AccumulateDigits(text, value)) return std::nullopt;
  return value;
}

std::optional<uint64_t> ParseDdnAmount(std::string_view text) {
  const size_t dot = text.find('.');
  std::string_view whole = text.substr(0, dot);
  std::string_view frac = dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  if (whole.empty()) return std::nullopt;
  if (dot != std::string_view::npos && (frac.empty() || frac.size() > 8)) return std::nullopt;
  uint64_t units = 0;
  if (!AccumulateDigits(whole, units)) return std::nullopt;
  if (units > UINT64_MAX / kBaseUnitsPerDdn) return std::nullopt;
  units *= kBaseUnitsPerDdn;
  uint64_t fraction = 0;
  if (!AccumulateDigits(frac, fraction)) return std::nullopt;
  for (size_t i = frac.size(); i < 8; ++i) fraction *= 10;
  if (units > UINT64_MAX - fraction) return std::nullopt;
  return units + fraction;
}

std::string FormatAmount(uint64_t base_units) { return std::to_string(base_units); }

}  // namespace ddn::util
