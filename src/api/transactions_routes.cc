// /api/transactions…: submission (single or batch, native or DDN-client legacy), confirmed and
// pending lookups, lists, and the fate of any accepted transaction (reference §6.3).
#include <map>

#include "api/api_util.h"
#include "block/block.h"
#include "api/routes.h"
#include "codec/strict_json.h"
#include "crypto/address.h"
#include "state/keys.h"
#include "state/records.h"

namespace ddn::api {

using nlohmann::json;
using util::ErrorCode;

namespace {

constexpr size_t kMaxBatch = 1000;

json Rejection(size_t index, const std::string& id, const util::Status& s) {
  json j = {{"index", index}, {"code", s.code_name()}, {"error", s.message()}};
  if (!id.empty()) j["id"] = id;
  return j;
}

// Parsed submissions: the transactions that decoded, with their index in the request, and the
// rejections of those that did not.
struct Parsed {
  std::vector<compat::AnyTx> txs;
  std::vector<size_t> index;
  std::vector<json> rejected;
  void Add(size_t i, util::Result<compat::AnyTx> tx) {
    if (!tx.ok()) {
      rejected.push_back(Rejection(i, "", tx.status()));
      return;
    }
    txs.push_back(std::move(*tx));
    index.push_back(i);
  }
};

// Admits what was parsed; a batch answers {accepted, rejected}, a single transaction its id or
// its error.
http::Response Admit(const ApiContext& ctx, Parsed parsed, bool batch) {
  std::vector<std::string> ids;
  for (const auto& t : parsed.txs) ids.push_back(t.id);
  const auto results = ctx.service->Submit(std::move(parsed.txs));
  std::vector<json>& rejected = parsed.rejected;
  json accepted = json::array();
  for (size_t k = 0; k < results.size(); ++k) {
    if (results[k].ok()) accepted.push_back(ids[k]);
    else rejected.push_back(Rejection(parsed.index[k], ids[k], results[k]));
  }
  if (!batch) {
    if (!rejected.empty()) {
      json j = {{"success", false}, {"error", rejected[0]["error"]}, {"code", rejected[0]["code"]}};
      if (rejected[0].contains("id")) j["transactionId"] = rejected[0]["id"];
      return http::Json(j);
    }
    return Ok({{"transactionId", accepted[0]}});
  }
  return Ok({{"accepted", accepted}, {"rejected", rejected}});
}

// The binary batch (Content-Type application/octet-stream): 1..1000 payload entries as in a
// block (docs/protocol.md §8), no JSON to parse.
http::Response SubmitBinary(const ApiContext& ctx, const http::Request& req) {
  auto entries = block::DecodeTxEntries(util::AsBytes(req.body), kMaxBatch);
  if (!entries.ok()) return Fail(entries.status());
  Parsed parsed;
  for (size_t i = 0; i < entries->size(); ++i) parsed.Add(i, std::move((*entries)[i]));
  return Admit(ctx, std::move(parsed), /*batch=*/true);
}

http::Response Submit(const ApiContext& ctx, const http::Request& req) {
  const std::string& nethash = ctx.service->chain_options().nethash;
  if (const std::string* h = req.Header("nethash"); h && !h->empty() && *h != nethash) {
    return Fail(ErrorCode::kWrongNethash, "this node serves network " + nethash);
  }
  if (const std::string* type = req.Header("content-type");
      type && type->starts_with("application/octet-stream")) {
    return SubmitBinary(ctx, req);
  }
  auto body = codec::ParseStrictJson(req.body, 24);
  if (!body.ok()) return Fail(body.status());
  if (!body->is_object()) return Fail(ErrorCode::kInvalidField, "body must be a JSON object");
  const bool batch = body->contains("transactions");
  if (batch == body->contains("transaction") || body->size() != 1) {
    return Fail(ErrorCode::kInvalidField,
                "body must be {\"transaction\": {…}} or {\"transactions\": [{…}, …]}");
  }
  std::vector<const json*> items;
  if (batch) {
    const json& list = (*body)["transactions"];
    if (!list.is_array() || list.empty() || list.size() > kMaxBatch) {
      return Fail(ErrorCode::kInvalidField, "transactions must be an array of 1..1000");
    }
    for (const json& t : list) items.push_back(&t);
  } else {
    const json& t = (*body)["transaction"];
    if (t.is_string()) {
      return Fail(ErrorCode::kUnsupportedType,
                  "protobuf-encoded transactions are not accepted; send the transaction's JSON");
    }
    items.push_back(&t);
  }
  Parsed parsed;
  for (size_t i = 0; i < items.size(); ++i) parsed.Add(i, compat::ParseAnyTx(*items[i]));
  return Admit(ctx, std::move(parsed), batch);
}

// Where an accepted transaction is now.
json Fate(const kernel::Chain& chain, const kernel::TxPool& pool, const std::string& id,
          const chain::Hash256& id_bytes) {
  auto loc = chain.FindTransaction(id_bytes);
  if (loc.ok() && *loc) {
    return {{"state", "confirmed"},
            {"height", std::to_string((*loc)->height)},
            {"confirmations", chain.tip().height + 1 - (*loc)->height}};
  }
  if (const auto* e = pool.Find(id)) {
    json fate = {{"state", e->ready ? "pending" : "waiting_signatures"}};
    if (!e->ready && e->lifetime_end != 0) {
      fate["signatures"] = e->tx.tx.cosignatures.size();
      fate["expiresAt"] = e->lifetime_end;  // DDN-epoch seconds: the group's lifetime ends
    }
    return fate;
  }
  if (const auto* d = pool.FindDropped(id)) {
    return {{"state", "dropped"}, {"code", d->reason.code_name()}, {"reason", d->reason.message()}};
  }
  return {{"state", "unknown"}};
}

// Loads blocks by height once per request (a page of one account's history often shares blocks).
class BlockMemo {
 public:
  explicit BlockMemo(const kernel::Chain& chain) : chain_(chain) {}
  const block::Block* At(uint64_t height) {
    auto it = blocks_.find(height);
    if (it == blocks_.end()) {
      auto b = chain_.BlockAt(height);
      it = blocks_.emplace(height, b.ok() ? *b : std::nullopt).first;
    }
    return it->second ? &*it->second : nullptr;
  }

 private:
  const kernel::Chain& chain_;
  std::map<uint64_t, std::optional<block::Block>> blocks_;
};

// One account's confirmed transactions, newest first, from its index (one record per block with
// the positions of its transactions): `offset` entries are skipped by key alone, so deep pages
// cost no block loads. Read without the chain lock (history only). With a type filter every
// entry up to the page must be loaded, at most 10,000.
http::Response AccountHistory(const ApiContext& ctx, const chain::AddressHash& address, bool sent,
                              int64_t offset, int64_t limit, int64_t type) {
  const uint64_t tip = ctx.service->Read([](const kernel::Chain& c, const kernel::TxPool&) {
    return c.tip().height;
  });
  return ctx.service->ReadHistory([&](const kernel::Chain& chain) {
    const std::string prefix = sent ? state::keys::SentIndexPrefix(address)
                                    : state::keys::ReceivedIndexPrefix(address);
    auto total = chain.AccountTxCount(address, sent);
    if (!total.ok()) return Fail(total.status());
    BlockMemo blocks(chain);
    json out = json::array();
    int64_t seen = 0, matched = 0;
    // Whether the account still has this role in the transaction (a block committed while we
    // read may have replaced the indexed one).
    auto involves = [&](const compat::AnyTx& tx) {
      return sent ? crypto::AddressHashOf(tx.tx.sender) == address
                  : tx.tx.recipient && *tx.tx.recipient == address;
    };
    auto s = chain.db().Scan(prefix, true, [&](std::string_view key, std::string_view value) {
      const auto height = state::keys::ParseBigEndian64(key.substr(prefix.size()));
      auto positions = state::DecodePositions(value);
      if (!height || !positions.ok()) return true;
      if (type < 0 && seen + static_cast<int64_t>(positions->size()) <= offset) {
        seen += static_cast<int64_t>(positions->size());  // skip by key alone
        return true;
      }
      const block::Block* b = blocks.At(*height);
      for (auto it = positions->rbegin(); it != positions->rend(); ++it) {
        ++seen;
        if (type < 0 && seen <= offset) continue;
        if (!b || *it >= b->transactions.size() || !involves(b->transactions[*it])) continue;
        const compat::AnyTx& tx = b->transactions[*it];
        if (type >= 0) {
          if (static_cast<int>(tx.tx.type) != type) continue;
          if (matched++ < offset) continue;
        }
        out.push_back(ConfirmedTxJson(tx, *b, std::max(tip, *height)));
        if (static_cast<int64_t>(out.size()) >= limit) return false;
      }
      return type < 0 || seen < 10'000;
    });
    if (!s.ok()) return Fail(s);
    // Without a type filter the count is exact; with one it counts matches in what was read.
    return Ok({{"transactions", out}, {"count", type < 0 ? *total : static_cast<uint64_t>(matched)}});
  });
}

}  // namespace

void AddTransactionRoutes(http::Router& router, const ApiContext& ctx) {
  router.Add("POST", "/api/transactions", [ctx](const http::Request& req) { return Submit(ctx, req); });
  router.Add("GET", "/api/transactions/get", [ctx](const http::Request& req) {
    const auto text = Params(req).Get("id");
    auto id = ParseIdParam(text);
    if (!id) return Fail(ErrorCode::kInvalidField, "id: 64 lowercase hex characters");
    return ctx.service->Read([&](const kernel::Chain& chain, const kernel::TxPool& pool) {
      auto loc = chain.FindTransaction(*id);
      if (!loc.ok()) return Fail(loc.status());
      if (!*loc) {
        const json fate = Fate(chain, pool, *text, *id);
        const std::string state = fate["state"];
        if (state == "dropped") {
          return Fail(ErrorCode::kNotFound, "transaction was dropped: " + fate["reason"].get<std::string>());
        }
        return Fail(ErrorCode::kNotFound, state == "unknown" ? "transaction not found"
                                                             : "transaction is not confirmed yet");
      }
      auto b = chain.BlockAt((*loc)->height);
      if (!b.ok() || !*b) return Fail(ErrorCode::kInternal, "block of the transaction missing");
      return Ok({{"transaction",
                  ConfirmedTxJson((*b)->transactions.at((*loc)->position), **b, chain.tip().height)}});
    });
  });
  router.Add("GET", "/api/transactions/status", [ctx](const http::Request& req) {
    const auto text = Params(req).Get("id");
    auto id = ParseIdParam(text);
    if (!id) return Fail(ErrorCode::kInvalidField, "id: 64 lowercase hex characters");
    return ctx.service->Read([&](const kernel::Chain& chain, const kernel::TxPool& pool) {
      json fate = Fate(chain, pool, *text, *id);
      fate["id"] = *text;
      return Ok(fate);
    });
  });
  router.Add("GET", "/api/transactions", [ctx](const http::Request& req) {
    Params p(req);
    util::Status error;
    const auto limit = p.Int("limit", 100, 1, 100, &error);
    const auto offset = p.Int("offset", 0, 0, 100'000, &error);
    const auto type = p.Int("type", -1, 0, 255, &error);
    if (!limit || !offset || !type) return Fail(error);
    const auto sender = p.Get("senderId");
    const auto sender_key = p.Get("senderPublicKey");
    const auto recipient = p.Get("recipientId");
    const auto block_id = p.Get("blockId");
    if (sender || sender_key || recipient) {
      std::optional<chain::AddressHash> a;
      if (sender_key) {
        auto k = ParseKeyParam(sender_key);
        if (!k) return Fail(ErrorCode::kInvalidField, "senderPublicKey");
        a = crypto::AddressHashOf(*k);
      } else {
        a = ParseAddressParam(sender ? sender : recipient);
      }
      if (!a) return Fail(ErrorCode::kInvalidField, "senderId / recipientId: a valid address");
      return AccountHistory(ctx, *a, sender || sender_key, *offset, *limit, *type);
    }
    auto id_of_block = ParseIdParam(block_id);
    if (block_id && !id_of_block) return Fail(ErrorCode::kInvalidField, "blockId");
    const uint64_t tip = ctx.service->Read([](const kernel::Chain& c, const kernel::TxPool&) {
      return c.tip().height;
    });
    // History only, so without the chain lock: a long walk never holds forging back.
    return ctx.service->ReadHistory([&](const kernel::Chain& chain) {
      json out = json::array();
      size_t matched = 0;
      auto take = [&](const compat::AnyTx& tx, const block::Block& b) {
        if (*type >= 0 && static_cast<int>(tx.tx.type) != *type) return;
        if (matched++ < static_cast<size_t>(*offset)) return;
        if (out.size() < static_cast<size_t>(*limit)) out.push_back(ConfirmedTxJson(tx, b, tip));
      };
      {
        std::optional<uint64_t> only;
        if (id_of_block) {
          auto h = chain.HeightOfBlock(*id_of_block);
          if (!h.ok() || !*h) return Fail(ErrorCode::kNotFound, "block not found");
          only = **h;
        }
        // Newest first, over at most 10,000 blocks.
        for (uint64_t h = only.value_or(tip), n = 0; h >= 1 && n < 10'000; --h, ++n) {
          auto b = chain.BlockAt(h);
          if (!b.ok() || !*b) break;
          for (auto it = (*b)->transactions.rbegin(); it != (*b)->transactions.rend(); ++it) {
            take(*it, **b);
          }
          if (only || out.size() >= static_cast<size_t>(*limit)) break;
        }
      }
      return Ok({{"transactions", out}, {"count", matched}});
    });
  });
  router.Add("GET", "/api/transactions/unconfirmed", [ctx](const http::Request& req) {
    Params p(req);
    auto key = ParseKeyParam(p.Get("senderPublicKey"));
    auto address = ParseAddressParam(p.Get("address"));
    return ctx.service->Read([&](const kernel::Chain&, const kernel::TxPool& pool) {
      json out = json::array();
      for (const auto& e : pool.entries()) {
        if (key && e.tx.tx.sender != *key) continue;
        if (address && crypto::AddressHashOf(e.tx.tx.sender) != *address &&
            e.tx.tx.recipient != *address) {
          continue;
        }
        if (out.size() >= 1000) break;
        out.push_back(PendingTxJson(e.tx));
      }
      return Ok({{"transactions", out}, {"count", pool.size()}});
    });
  });
  router.Add("GET", "/api/transactions/unconfirmed/get", [ctx](const http::Request& req) {
    const auto id = Params(req).Get("id").value_or("");
    return ctx.service->Read([&](const kernel::Chain&, const kernel::TxPool& pool) {
      const auto* e = pool.Find(id);
      if (!e) return Fail(ErrorCode::kNotFound, "no such unconfirmed transaction");
      return Ok({{"transaction", PendingTxJson(e->tx)}});
    });
  });
  AddSecretRefusing(router, "PUT", "/api/transactions",
                    "build and sign the transaction locally (ddn tx send, or the SDK) and POST it");
}

}  // namespace ddn::api
