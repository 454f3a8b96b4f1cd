// PeerClient: this node's side of the peer protocol towards one peer (docs/p2p.md §3), over one
// kept-alive HTTP connection. Every request carries the local identity headers; every answer
// must carry the same nethash, or it is refused as WRONG_NETWORK. Error answers come back as a
// Status with the peer's error code; transport failures as UNAVAILABLE.
// Thread safety: all methods may be called concurrently; requests to one peer go out one at a
// time (the HTTP client serialises them).
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "http/client.h"
#include "p2p/peer_book.h"
#include "p2p/protocol.h"

namespace ddn::p2p {

struct CommonBlock {
  std::string id;
  uint64_t height = 0;
};

class PeerClient {
 public:
  PeerClient(PeerAddress address, LocalIdentity identity);

  const PeerAddress& address() const { return address_; }

  util::Result<PeerStatus> Status(std::chrono::milliseconds timeout);
  util::Result<std::vector<PeerAddress>> List();
  // Encoded blocks above `after_id`, in height order.
  util::Result<std::vector<std::string>> Blocks(const std::string& after_id, size_t limit,
                                                std::chrono::milliseconds timeout);
  util::Result<std::optional<CommonBlock>> Common(const std::vector<std::string>& ids);
  // Returns the peer's outcome ("applied", "known", …).
  util::Result<std::string> PushBlock(const std::string& block_base64);
  util::Result<nlohmann::json> PushTransactions(const std::vector<std::string>& entries_base64);
  util::Result<nlohmann::json> PushSignatures(const nlohmann::json& signatures);

 private:
  util::Result<nlohmann::json> Call(const std::string& method, const std::string& target,
                                    const std::string& body, std::chrono::milliseconds timeout);

  PeerAddress address_;
  LocalIdentity identity_;
  http::HttpClient client_;
};

}  // namespace ddn::p2p
