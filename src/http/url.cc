#include "http/url.h"

namespace ddn::http {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

}  // namespace

std::optional<TargetParts> SplitTarget(std::string_view target) {
  if (size_t hash = target.find('#'); hash != std::string_view::npos) {
    target = target.substr(0, hash);
  }
  if (target == "*") return TargetParts{target, {}};
  if (StartsWithNoCase(target, "http://") || StartsWithNoCase(target, "https://")) {
    size_t authority = target.find("//") + 2;
    size_t slash = target.find_first_of("/?", authority);
    if (slash == std::string_view::npos) return TargetParts{"/", {}};
    if (target[slash] == '?') return TargetParts{"/", target.substr(slash + 1)};
    target = target.substr(slash);
  }
  if (target.empty() || target.front() != '/') return std::nullopt;
  size_t question = target.find('?');
  if (question == std::string_view::npos) return TargetParts{target, {}};
  return TargetParts{target.substr(0, question), target.substr(question + 1)};
}

std::string PercentDecode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%' && i + 2 < text.size()) {
      int hi = HexValue(text[i + 1]);
      int lo = HexValue(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    } else if (c == '+' && plus_is_space) {
      c = ' ';
    }
    out.push_back(c);
  }
  return out;
}

void ParseQuery(std::string_view query, std::multimap<std::string, std::string>* out) {
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    std::string_view key = pair.substr(0, eq);
    std::string_view value =
        eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    out->emplace(PercentDecode(key, true), PercentDecode(value, true));
  }
}

}  // namespace ddn::http
