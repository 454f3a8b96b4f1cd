// URL helpers for request-targets: split into path and query, percent-decoding, query parsing.
//
// Decoding is lenient like Express/qs: an invalid escape ("%zz", a trailing "%") is kept
// verbatim rather than rejected; decoded bytes are not checked for UTF-8 (handlers validate the
// values they use). Thread safety: pure functions.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace ddn::http {

struct TargetParts {
  std::string_view path;   // raw (still encoded) path, starts with '/' (or is "*")
  std::string_view query;  // raw query after '?', without the '?'; empty when absent
};

// Splits an origin-form ("/a?b") or absolute-form ("http://host/a?b") request-target; "*" (the
// asterisk-form of OPTIONS) gives path "*". Anything else gives nullopt. A fragment is dropped.
std::optional<TargetParts> SplitTarget(std::string_view target);

// Decodes %XX escapes; when `plus_is_space`, '+' becomes ' ' (query strings, forms).
std::string PercentDecode(std::string_view text, bool plus_is_space);

// Appends the pairs of an application/x-www-form-urlencoded query ("a=1&b=x+y&c") to `out`,
// decoding keys and values; "c" gives ("c", ""); empty pairs are skipped.
void ParseQuery(std::string_view query, std::multimap<std::string, std::string>* out);

}  // namespace ddn::http
