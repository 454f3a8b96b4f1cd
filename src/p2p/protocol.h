// Peer protocol basics (docs/p2p.md): peer addresses, the identity headers every peer message
// carries, limits, base64 for blocks and transactions on the wire, and which failures prove a
// peer misbehaved.
// Thread safety: value types and pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/bytes.h"
#include "util/status.h"

namespace ddn::p2p {

inline constexpr std::string_view kProtocolPrefix = "/peer/";
inline constexpr size_t kMaxBlocksPerDownload = 1000;
inline constexpr size_t kDefaultBlocksPerDownload = 200;
inline constexpr size_t kMaxDownloadBytes = 8u << 20;
inline constexpr size_t kMaxCommonIds = 200;
inline constexpr size_t kMaxTransactionsPerPush = 1000;
inline constexpr size_t kMaxTransactionsBody = 1u << 20;
inline constexpr size_t kMaxSignaturesPerPush = 100;
inline constexpr size_t kMaxListedPeers = 100;

// A peer's identity: the IP its connections come from and the port it advertises.
struct PeerAddress {
  std::string ip;
  uint16_t port = 0;
  std::string ToString() const { return ip + ":" + std::to_string(port); }
  auto operator<=>(const PeerAddress&) const = default;
};

// Whether `text` is an IPv4 or IPv6 address literal (no name, so no resolver is involved).
bool IsIpLiteral(const std::string& text);

// "host:port" (IPv4, [IPv6]:port or a name), port 1..65535.
util::Result<PeerAddress> ParsePeerAddress(std::string_view text);

// What this node says about itself in every request and response.
struct LocalIdentity {
  std::string nethash;
  std::string version;
  uint16_t port = 0;  // advertised
  std::string os = "linux";
};

std::string Base64Encode(util::ByteSpan bytes);
util::Result<util::Bytes> Base64Decode(std::string_view text);

// Failures that a peer cannot cause by being honest: undecodable or non-canonical data, bad
// signatures, another network. Such a peer is banned. (State-dependent refusals are not.)
bool IsMisbehaviour(util::ErrorCode code);

}  // namespace ddn::p2p
