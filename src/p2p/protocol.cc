#include "p2p/protocol.h"

#include <arpa/inet.h>
#include <sodium.h>

#include <charconv>

namespace ddn::p2p {

using util::ErrorCode;

bool IsIpLiteral(const std::string& text) {
  unsigned char buffer[16];
  return inet_pton(AF_INET, text.c_str(), buffer) == 1 || inet_pton(AF_INET6, text.c_str(), buffer) == 1;
}

util::Result<PeerAddress> ParsePeerAddress(std::string_view text) {
  const size_t colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == text.size()) {
    return util::Error(ErrorCode::kInvalidField, "peer address must be host:port: " + std::string(text));
  }
  std::string_view host = text.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host.empty()) return util::Error(ErrorCode::kInvalidField, "empty host in peer address " + std::string(text));
  const std::string_view port_text = text.substr(colon + 1);
  unsigned port = 0;
  const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port == 0 || port > 65535) {
    return util::Error(ErrorCode::kInvalidField, "bad port in peer address " + std::string(text));
  }
  return PeerAddress{std::string(host), static_cast<uint16_t>(port)};
}

std::string Base64Encode(util::ByteSpan bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

util::Result<util::Bytes> Base64Decode(std::string_view text) {
  util::Bytes out(text.size() / 4 * 3 + 3);
  size_t length = 0;
  const char* end = nullptr;
  if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &length, &end,
                        sodium_base64_VARIANT_ORIGINAL) != 0 ||
      end != text.data() + text.size()) {
    return util::Error(ErrorCode::kMalformed, "invalid base64");
  }
  out.resize(length);
  return out;
}

bool IsMisbehaviour(ErrorCode code) {
  switch (code) {
    case ErrorCode::kMalformed:
    case ErrorCode::kNonCanonical:
    case ErrorCode::kInvalidField:
    case ErrorCode::kUnknownField:
    case ErrorCode::kMissingField:
    case ErrorCode::kWrongNethash:
    case ErrorCode::kWrongNetwork:
    case ErrorCode::kBadSignature:
    case ErrorCode::kBadSecondSignature:
    case ErrorCode::kBadCosignature:
    case ErrorCode::kIdMismatch:
    case ErrorCode::kBelowIrreversible:
    case ErrorCode::kPayloadTooLarge:
      return true;
    default:
      return false;
  }
}

}  // namespace ddn::p2p
