#include "consensus/rounds.h"

#include <algorithm>
#include <set>

#include "crypto/address.h"
#include "state/keys.h"

namespace ddn::consensus {

using state::Account;
using util::ErrorCode;

util::Result<std::vector<PublicKey>> RankDelegates(const state::Ledger& ledger, size_t n) {
  DDN_ASSIGN_OR_RETURN(std::vector<PublicKey> keys, ledger.DelegateKeys());
  std::vector<std::pair<uint64_t, PublicKey>> weighted;
  weighted.reserve(keys.size());
  for (const PublicKey& key : keys) {
    DDN_ASSIGN_OR_RETURN(Account a, ledger.GetAccountByKey(key));
    weighted.emplace_back(a.delegate ? a.delegate->vote_weight : 0, key);
  }
  std::sort(weighted.begin(), weighted.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  std::vector<PublicKey> out;
  for (size_t i = 0; i < weighted.size() && i < n; ++i) out.push_back(weighted[i].second);
  return out;
}

util::Result<std::vector<PublicKey>> RoundDelegates(const state::StateView& view,
                                                    uint64_t round) {
  DDN_ASSIGN_OR_RETURN(std::optional<std::string> bytes,
                       view.Read(state::keys::RoundDelegates(round)));
  if (!bytes) {
    return util::Error(ErrorCode::kInternal, "no delegate list for round " + std::to_string(round));
  }
  return state::DecodeKeyList(*bytes);
}

namespace {

util::Status StoreRoundOrder(state::Ledger& ledger, uint64_t round, const NetworkParams& params) {
  DDN_ASSIGN_OR_RETURN(std::vector<PublicKey> ranked, RankDelegates(ledger, params.delegates));
  if (ranked.empty()) return util::Error(ErrorCode::kInvalidField, "no delegates registered");
  ledger.overlay().Write(state::keys::RoundDelegates(round),
                         state::EncodeKeyList(ShuffleForRound(std::move(ranked), round)));
  return util::Status::Ok();
}

util::Result<state::RoundAccumulator> LoadAccumulator(state::Ledger& ledger) {
  DDN_ASSIGN_OR_RETURN(std::optional<std::string> bytes,
                       ledger.overlay().Read(state::keys::RoundAccumulator()));
  if (!bytes) return state::RoundAccumulator{};
  return state::DecodeRoundAccumulator(*bytes);
}

void StoreAccumulator(state::Ledger& ledger, const state::RoundAccumulator& acc) {
  ledger.overlay().Write(state::keys::RoundAccumulator(), state::EncodeRoundAccumulator(acc));
}

util::Status EndRound(state::Ledger& ledger, const state::RoundAccumulator& acc,
                      const NetworkParams& params, const chain::AddressHash& foundation) {
  std::vector<uint64_t> rewards;
  for (const auto& [generator, reward] : acc.blocks) rewards.push_back(reward);
  const RoundPayout payout = ShareRound(acc.fees, rewards, params);
  for (size_t i = 0; i < acc.blocks.size(); ++i) {
    const PublicKey& generator = acc.blocks[i].first;
    DDN_RETURN_IF_ERROR(ledger.Credit(crypto::AddressHashOf(generator), payout.per_block[i]));
    DDN_ASSIGN_OR_RETURN(Account a, ledger.GetAccountByKey(generator));
    if (a.delegate) {
      const uint64_t reward_share = PercentOf(acc.blocks[i].second, params.producer_share_percent);
      a.delegate->rewards += reward_share;
      a.delegate->fees += payout.per_block[i] - reward_share;
      ledger.PutAccount(a);
    }
  }
  DDN_RETURN_IF_ERROR(ledger.Credit(foundation, payout.foundation));

  DDN_ASSIGN_OR_RETURN(std::vector<PublicKey> order, RoundDelegates(ledger.overlay(), acc.round));
  std::set<PublicKey> produced;
  for (const auto& [generator, reward] : acc.blocks) produced.insert(generator);
  for (const PublicKey& key : order) {
    if (produced.count(key)) continue;
    DDN_ASSIGN_OR_RETURN(Account a, ledger.GetAccountByKey(key));
    if (!a.delegate) continue;
    a.delegate->missed_blocks += 1;
    ledger.PutAccount(a);
  }
  return StoreRoundOrder(ledger, acc.round + 1, params);
}

}  // namespace

util::Status StartFirstRound(state::Ledger& ledger, uint64_t genesis_fees,
                             const NetworkParams& params) {
  DDN_RETURN_IF_ERROR(StoreRoundOrder(ledger, 1, params));
  StoreAccumulator(ledger, state::RoundAccumulator{1, genesis_fees, {}});
  return util::Status::Ok();
}

util::Status TickRound(state::Ledger& ledger, uint64_t height, const PublicKey& generator,
                       uint64_t fees, uint64_t reward, const NetworkParams& params,
                       const chain::AddressHash& foundation) {
  DDN_ASSIGN_OR_RETURN(Account g, ledger.GetAccountByKey(generator));
  if (g.delegate) {
    g.delegate->produced_blocks += 1;
    ledger.PutAccount(g);
  }
  DDN_ASSIGN_OR_RETURN(state::RoundAccumulator acc, LoadAccumulator(ledger));
  const uint64_t round = RoundOf(height, params);
  if (acc.round != round) {
    return util::Error(ErrorCode::kInternal, "round accumulator out of step at height " +
                                                 std::to_string(height));
  }
  acc.fees += fees;
  acc.blocks.emplace_back(generator, reward);
  if (!IsLastOfRound(height, params)) {
    StoreAccumulator(ledger, acc);
    return util::Status::Ok();
  }
  DDN_RETURN_IF_ERROR(EndRound(ledger, acc, params, foundation));
  StoreAccumulator(ledger, state::RoundAccumulator{round + 1, 0, {}});
  return util::Status::Ok();
}

}  // namespace ddn::consensus
