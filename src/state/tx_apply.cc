#include "state/tx_apply.h"

#include <algorithm>

#include "chain/tx_rules.h"
#include "crypto/address.h"

namespace ddn::state {

using chain::TxType;
using util::ErrorCode;
using util::Status;

namespace {

Status Refuse(std::string message) { return util::Error(ErrorCode::kStateRule, std::move(message)); }

// Number of distinct group members with a valid co-signature.
size_t ValidMemberSignatures(const compat::AnyTx& tx, const MultisigGroup& group) {
  const chain::Hash256 digest = compat::AnySignDigest(tx);
  std::vector<bool> used(group.members.size(), false);
  size_t count = 0;
  for (const auto& sig : tx.tx.cosignatures) {
    for (size_t i = 0; i < group.members.size(); ++i) {
      if (!used[i] && crypto::Verify(digest, sig, group.members[i])) {
        used[i] = true;
        ++count;
        break;
      }
    }
  }
  return count;
}

Status CheckSignaturesAgainstAccount(const compat::AnyTx& tx, const Account& sender) {
  if (sender.second_public_key) {
    if (!tx.tx.second_signature) {
      return util::Error(ErrorCode::kBadSecondSignature,
                         "the account has a second passphrase: sign_signature is required");
    }
    DDN_RETURN_IF_ERROR(compat::VerifyAnySecondSignature(tx, *sender.second_public_key));
  } else if (tx.tx.second_signature) {
    return util::Error(ErrorCode::kBadSecondSignature,
                       "the account has no second passphrase: sign_signature must be absent");
  }
  if (sender.multisig) {
    if (ValidMemberSignatures(tx, *sender.multisig) + 1 < sender.multisig->min) {
      return util::Error(ErrorCode::kBadCosignature,
                         "not enough valid co-signatures for the multisignature account");
    }
  } else if (const auto* group = std::get_if<chain::MultisignatureAsset>(&tx.tx.asset)) {
    if (tx.tx.cosignatures.size() != group->members.size()) {
      return util::Error(ErrorCode::kBadCosignature,
                         "every keysgroup member must co-sign a multisignature registration");
    }
  } else if (!tx.tx.cosignatures.empty()) {
    return util::Error(ErrorCode::kBadCosignature, "co-signatures on an ordinary account");
  }
  return Status::Ok();
}

Status ApplyVotes(Ledger& ledger, const PublicKey& sender_key, const chain::VoteAsset& asset) {
  DDN_ASSIGN_OR_RETURN(Account voter, ledger.GetAccountByKey(sender_key));
  for (const chain::VoteOp& op : asset.votes) {
    DDN_ASSIGN_OR_RETURN(Account target, ledger.GetAccountByKey(op.delegate));
    if (!target.delegate) return Refuse("vote for an account that is not a delegate");
    auto it = std::find(voter.votes.begin(), voter.votes.end(), op.delegate);
    if (op.add == (it != voter.votes.end())) {
      return Refuse(op.add ? "already voted for this delegate" : "not voted for this delegate");
    }
    if (op.add) voter.votes.push_back(op.delegate);
    else voter.votes.erase(it);
    if (voter.votes.size() > kMaxVotesPerAccount) return Refuse("at most 101 votes per account");
    ledger.PutAccount(voter);
    const int64_t weight = static_cast<int64_t>(voter.balance);
    DDN_RETURN_IF_ERROR(ledger.AdjustVoteWeight(op.delegate, op.add ? weight : -weight));
    DDN_ASSIGN_OR_RETURN(voter, ledger.GetAccountByKey(sender_key));  // a self-vote moved it
  }
  return Status::Ok();
}

}  // namespace

util::Result<bool> IsReady(const Ledger& ledger, const compat::AnyTx& tx) {
  DDN_ASSIGN_OR_RETURN(Account sender, ledger.GetAccountByKey(tx.tx.sender));
  if (!sender.multisig) return true;
  return ValidMemberSignatures(tx, *sender.multisig) + 1 >= sender.multisig->min;
}

Status ApplyTransaction(Ledger& ledger, const compat::AnyTx& any, const ApplyContext& ctx) {
  const chain::Transaction& tx = any.tx;
  DDN_ASSIGN_OR_RETURN(Account sender, ledger.GetAccountByKey(tx.sender));
  DDN_RETURN_IF_ERROR(CheckSignaturesAgainstAccount(any, sender));
  ledger.PutAccount(sender);  // records the public key on first use
  if (tx.amount > UINT64_MAX - tx.fee) return Refuse("amount + fee overflows");
  if (sender.balance < tx.amount + tx.fee) {
    return util::Error(ErrorCode::kInsufficientBalance,
                       "insufficient balance: " + std::to_string(sender.balance) + " < " +
                           std::to_string(tx.amount + tx.fee));
  }
  const AssetRules* rules = FindAssetRules(static_cast<uint8_t>(tx.type));
  if (tx.type == TxType::kTransfer || (rules && rules->MovesFunds())) {
    DDN_ASSIGN_OR_RETURN(uint64_t lock_height, ledger.LockHeight(sender.address));
    if (ctx.height <= lock_height) {
      return util::Error(ErrorCode::kAccountLocked,
                         "the account's balance is locked until height " +
                             std::to_string(lock_height) + " (this block is " +
                             std::to_string(ctx.height) + ")");
    }
  }
  DDN_RETURN_IF_ERROR(ledger.Debit(sender.address, tx.amount + tx.fee));

  if (rules != nullptr) {
    DDN_RETURN_IF_ERROR(rules->Verify(ledger, any, ctx));
    return rules->Apply(ledger, any, ctx);
  }
  switch (tx.type) {
    case TxType::kTransfer:
      return ledger.Credit(*tx.recipient, tx.amount);
    case TxType::kSecondSignature: {
      DDN_ASSIGN_OR_RETURN(Account a, ledger.GetAccount(sender.address));
      if (a.second_public_key) return Refuse("the account already has a second passphrase");
      a.second_public_key = std::get<chain::SecondSignatureAsset>(tx.asset).public_key;
      ledger.PutAccount(a);
      return Status::Ok();
    }
    case TxType::kDelegate: {
      const std::string& name = std::get<chain::DelegateAsset>(tx.asset).username;
      DDN_ASSIGN_OR_RETURN(Account a, ledger.GetAccount(sender.address));
      if (a.delegate) return Refuse("the account is already a delegate");
      DDN_ASSIGN_OR_RETURN(auto taken, ledger.DelegateByName(name));
      if (taken) return Refuse("the username \"" + name + "\" is taken");
      a.delegate = DelegateInfo{name};  // nobody can have voted for it yet
      ledger.PutAccount(a);
      ledger.PutDelegateName(name, tx.sender);
      DDN_ASSIGN_OR_RETURN(auto delegates, ledger.DelegateKeys());
      delegates.push_back(tx.sender);
      ledger.PutDelegateKeys(delegates);
      return Status::Ok();
    }
    case TxType::kVote:
      return ApplyVotes(ledger, tx.sender, std::get<chain::VoteAsset>(tx.asset));
    case TxType::kMultisignature: {
      DDN_ASSIGN_OR_RETURN(Account a, ledger.GetAccount(sender.address));
      if (a.multisig) return Refuse("the account is already a multisignature account");
      const auto& asset = std::get<chain::MultisignatureAsset>(tx.asset);
      a.multisig = MultisigGroup{asset.min, asset.lifetime, asset.members};
      ledger.PutAccount(a);
      return Status::Ok();
    }
  }
  return util::Error(ErrorCode::kUnsupportedType, "unknown transaction type");
}

}  // namespace ddn::state
