#include "p2p/peer_client.h"


namespace ddn::p2p {

using nlohmann::json;
using util::ErrorCode;

namespace {
constexpr std::chrono::milliseconds kDefaultTimeout{5000};
constexpr std::chrono::milliseconds kPushTimeout{2000};  // gossip: a slow peer syncs instead

util::Status Refused(const PeerAddress& peer, std::string message) {
  return util::Error(ErrorCode::kMalformed, "peer " + peer.ToString() + ": " + std::move(message));
}
}  // namespace

PeerClient::PeerClient(PeerAddress address, LocalIdentity identity)
    : address_(std::move(address)),
      identity_(std::move(identity)),
      client_(http::ClientOptions{.host = address_.ip,
                                  .port = address_.port,
                                  .connect_timeout = std::chrono::milliseconds(2000),
                                  .request_timeout = kDefaultTimeout,
                                  .max_response_bytes = kMaxDownloadBytes * 2 + (1u << 20)}) {}

util::Result<json> PeerClient::Call(const std::string& method, const std::string& target,
                                    const std::string& body, std::chrono::milliseconds timeout) {
  http::ClientRequest request;
  request.method = method;
  request.target = target;
  request.body = body;
  request.headers = {{"nethash", identity_.nethash},
                     {"version", identity_.version},
                     {"port", std::to_string(identity_.port)},
                     {"os", identity_.os}};
  DDN_ASSIGN_OR_RETURN(http::ClientResponse response, client_.Send(request, timeout));
  const std::string* nethash = response.Header("nethash");
  if (!nethash) {
    // Not a peer's answer (a proxy, or no node there): the peer is unreachable, not lying.
    return util::Error(ErrorCode::kUnavailable, "peer " + address_.ToString() + " answered HTTP " +
                                                    std::to_string(response.status) + " without peer headers");
  }
  if (*nethash != identity_.nethash) {
    return util::Error(ErrorCode::kWrongNetwork,
                       "peer " + address_.ToString() + " is not on network " + identity_.nethash);
  }
  json doc = json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return Refused(address_, "answer is not a JSON object");
  if (response.status != 200 || !doc.value("success", false)) {
    const std::string code = doc.value("code", std::string("INTERNAL"));
    const std::string error = doc.value("error", std::string("no error message"));
    // The peer's complaint is about our request, not proof against the peer: only NOT_FOUND
    // keeps its meaning; everything else is a failed request.
    const ErrorCode ours = util::ErrorCodeFromName(code) == ErrorCode::kNotFound ? ErrorCode::kNotFound
                                                                                  : ErrorCode::kUnavailable;
    return util::Error(ours, "peer " + address_.ToString() + " answered " + code + ": " + error);
  }
  return doc;
}

util::Result<PeerStatus> PeerClient::Status(std::chrono::milliseconds timeout) {
  DDN_ASSIGN_OR_RETURN(json doc, Call("GET", "/peer/status", "", timeout));
  try {
    PeerStatus s;
    s.height = doc.at("height").get<uint64_t>();
    s.head_id = doc.at("headId").get<std::string>();
    s.head_timestamp = doc.at("headTimestamp").get<uint32_t>();
    s.irreversible_height = doc.at("irreversibleHeight").get<uint64_t>();
    s.irreversible_id = doc.at("irreversibleId").get<std::string>();
    s.genesis_id = doc.at("genesisId").get<std::string>();
    s.nonce = doc.at("nonce").get<std::string>();
    s.version = doc.value("version", std::string());
    s.os = doc.value("os", std::string());
    return s;
  } catch (const json::exception& e) {
    return Refused(address_, std::string("bad status: ") + e.what());
  }
}

util::Result<std::vector<PeerAddress>> PeerClient::List() {
  DDN_ASSIGN_OR_RETURN(json doc, Call("GET", "/peer/list", "", kDefaultTimeout));
  std::vector<PeerAddress> out;
  const json& peers = doc["peers"];
  if (!peers.is_array() || peers.size() > kMaxListedPeers) return Refused(address_, "bad peer list");
  for (const auto& p : peers) {
    if (!p.is_object() || !p["ip"].is_string() || !p["port"].is_number_unsigned()) {
      return Refused(address_, "bad peer list entry");
    }
    const uint64_t port = p["port"].get<uint64_t>();
    if (port == 0 || port > 65535) return Refused(address_, "bad port in peer list");
    if (!IsIpLiteral(p["ip"].get<std::string>())) return Refused(address_, "peer lists hold IP addresses only");
    out.push_back({p["ip"].get<std::string>(), static_cast<uint16_t>(port)});
  }
  return out;
}

util::Result<std::vector<std::string>> PeerClient::Blocks(const std::string& after_id, size_t limit,
                                                          std::chrono::milliseconds timeout) {
  DDN_ASSIGN_OR_RETURN(json doc, Call("GET", "/peer/blocks?after=" + after_id + "&limit=" + std::to_string(limit),
                                      "", timeout));
  const json& blocks = doc["blocks"];
  if (!blocks.is_array() || blocks.size() > limit) return Refused(address_, "bad block list");
  std::vector<std::string> out;
  out.reserve(blocks.size());
  for (const auto& b : blocks) {
    if (!b.is_string()) return Refused(address_, "a block is not a base64 string");
    DDN_ASSIGN_OR_RETURN(util::Bytes bytes, Base64Decode(b.get_ref<const std::string&>()));
    out.emplace_back(bytes.begin(), bytes.end());
  }
  return out;
}

util::Result<std::optional<CommonBlock>> PeerClient::Common(const std::vector<std::string>& ids) {
  DDN_ASSIGN_OR_RETURN(json doc, Call("POST", "/peer/blocks/common", json{{"ids", ids}}.dump(), kDefaultTimeout));
  const json& common = doc["common"];
  if (common.is_null()) return std::optional<CommonBlock>();
  if (!common.is_object() || !common["id"].is_string() || !common["height"].is_number_unsigned()) {
    return Refused(address_, "bad common block");
  }
  return std::optional<CommonBlock>(CommonBlock{common["id"].get<std::string>(), common["height"].get<uint64_t>()});
}

util::Result<std::string> PeerClient::PushBlock(const std::string& block_base64) {
  DDN_ASSIGN_OR_RETURN(json doc, Call("POST", "/peer/blocks", json{{"block", block_base64}}.dump(), kPushTimeout));
  return doc.value("result", std::string());
}

util::Result<json> PeerClient::PushTransactions(const std::vector<std::string>& entries_base64) {
  return Call("POST", "/peer/transactions", json{{"transactions", entries_base64}}.dump(), kPushTimeout);
}

util::Result<json> PeerClient::PushSignatures(const json& signatures) {
  return Call("POST", "/peer/signatures", json{{"signatures", signatures}}.dump(), kDefaultTimeout);
}

}  // namespace ddn::p2p
