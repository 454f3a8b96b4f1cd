#include "api/api_util.h"

#include <charconv>

#include "crypto/address.h"
#include "state/ledger.h"

namespace ddn::api {

using nlohmann::json;
using util::ErrorCode;

http::Response Ok(json body) {
  body["success"] = true;
  return http::Json(body);
}

http::Response Fail(const util::Status& status) {
  return http::Json({{"success", false},
                     {"error", status.message()},
                     {"code", status.code_name()}});
}

http::Response Fail(ErrorCode code, const std::string& message) {
  return Fail(util::Error(code, message));
}

Params::Params(const http::Request& request) : request_(request) {
  if (!request.body.empty()) {
    body_ = json::parse(request.body, nullptr, /*allow_exceptions=*/false);
    body_ok_ = body_.is_object();
    if (!body_ok_) body_ = json::object();
  } else {
    body_ = json::object();
  }
}

std::optional<std::string> Params::Get(const std::string& key) const {
  if (auto it = body_.find(key); it != body_.end()) {
    if (it->is_string()) return it->get<std::string>();
    if (it->is_number_integer()) return it->dump();
    return std::nullopt;
  }
  if (const std::string* v = request_.QueryValue(key)) return *v;
  return std::nullopt;
}

std::optional<int64_t> Params::Int(const std::string& key, int64_t fallback, int64_t min,
                                   int64_t max, util::Status* error) const {
  const auto text = Get(key);
  if (!text) return fallback;
  int64_t v = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
  if (ec != std::errc() || end != text->data() + text->size() || v < min || v > max) {
    *error = util::Error(ErrorCode::kInvalidField, key + " must be an integer from " +
                                                       std::to_string(min) + " to " +
                                                       std::to_string(max));
    return std::nullopt;
  }
  return v;
}

std::optional<chain::AddressHash> ParseAddressParam(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  return crypto::ParseAddress(*text);
}

std::optional<chain::PublicKey> ParseKeyParam(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  return util::FromHexFixed<32>(*text);
}

std::optional<chain::Hash256> ParseIdParam(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  return util::FromHexFixed<32>(*text);
}

namespace {
json MemberKeys(const std::optional<state::MultisigGroup>& group) {
  json keys = json::array();
  if (group) {
    for (const auto& k : group->members) keys.push_back(util::ToHex(k));
  }
  return keys;
}
}  // namespace

json AccountJson(const state::Account& a, const state::Account& pending) {
  return {
      {"address", crypto::AddressFromHash(a.address)},
      {"balance", std::to_string(a.balance)},
      {"unconfirmed_balance", std::to_string(pending.balance)},
      {"publicKey", a.public_key ? json(util::ToHex(*a.public_key)) : json(nullptr)},
      {"username", a.delegate ? json(a.delegate->username) : json(nullptr)},
      {"second_signature", a.second_public_key ? 1 : 0},
      {"unconfirmed_signature", pending.second_public_key ? 1 : 0},
      {"second_public_key",
       a.second_public_key ? json(util::ToHex(*a.second_public_key)) : json(nullptr)},
      {"multisignatures", MemberKeys(a.multisig)},
      {"u_multisignatures", MemberKeys(pending.multisig)},
      {"multimin", a.multisig ? a.multisig->min : 0},
      {"multilifetime", a.multisig ? a.multisig->lifetime : 0},
      {"lock_height", "0"},
  };
}

json ConfirmedTxJson(const compat::AnyTx& tx, const block::Block& block, uint64_t tip_height) {
  json j = block::AnyTxToJson(tx);
  j["block_id"] = block::BlockId(block);
  j["block_height"] = std::to_string(block.header.height);
  j["confirmations"] = tip_height + 1 - block.header.height;
  j["senderId"] = crypto::AddressOf(tx.tx.sender);
  j["format"] = compat::TxFormatName(tx.format);
  return j;
}

json PendingTxJson(const compat::AnyTx& tx) {
  json j = block::AnyTxToJson(tx);
  j["senderId"] = crypto::AddressOf(tx.tx.sender);
  j["format"] = compat::TxFormatName(tx.format);
  return j;
}

state::Account PendingAccount(const kernel::TxPool& pool, const chain::AddressHash& address) {
  state::Overlay view(pool.pending_state());
  auto a = state::Ledger(view).GetAccount(address);
  if (a.ok()) return *a;
  state::Account empty;
  empty.address = address;
  return empty;
}

}  // namespace ddn::api
