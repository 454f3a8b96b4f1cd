// Shared pieces of the API handlers: the DDN envelope, request parameters (query string merged
// with a JSON body, as the reference does), bounded integers, and JSON views of state records.
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>

#include "block/block.h"
#include "http/message.h"
#include "kernel/chain.h"
#include "kernel/tx_pool.h"
#include "state/records.h"

namespace ddn::api {

http::Response Ok(nlohmann::json body);
http::Response Fail(const util::Status& status);
http::Response Fail(util::ErrorCode code, const std::string& message);

// The request's parameters: query values, overridden by fields of a JSON object body.
class Params {
 public:
  explicit Params(const http::Request& request);
  std::optional<std::string> Get(const std::string& key) const;
  // An integer in [min, max], `fallback` when absent; nullopt (with `error` set) when malformed.
  std::optional<int64_t> Int(const std::string& key, int64_t fallback, int64_t min, int64_t max,
                             util::Status* error) const;
  const nlohmann::json& body() const { return body_; }
  bool body_is_json() const { return body_ok_; }

 private:
  const http::Request& request_;
  nlohmann::json body_;
  bool body_ok_ = false;
};

std::optional<chain::AddressHash> ParseAddressParam(const std::optional<std::string>& text);
std::optional<chain::PublicKey> ParseKeyParam(const std::optional<std::string>& text);
std::optional<chain::Hash256> ParseIdParam(const std::optional<std::string>& text);

nlohmann::json AccountJson(const state::Account& confirmed, const state::Account& pending);
// A confirmed transaction as DDN shows it: the tx JSON plus block_id, block_height,
// confirmations, senderId.
nlohmann::json ConfirmedTxJson(const compat::AnyTx& tx, const block::Block& block,
                               uint64_t tip_height);
nlohmann::json PendingTxJson(const compat::AnyTx& tx);

// The account as the pool sees it (confirmed state plus pending transactions).
state::Account PendingAccount(const kernel::TxPool& pool, const chain::AddressHash& address);

}  // namespace ddn::api
