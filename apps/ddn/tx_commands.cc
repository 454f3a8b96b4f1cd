// `ddn tx create <type>` (offline building and signing) and `ddn tx inspect`.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "assets/aob/aob.h"
#include "assets/dao/dao.h"
#include "assets/lock/lock.h"
#include "chain/transaction.h"
#include "chain/tx_json.h"
#include "chain/tx_rules.h"
#include "chain/tx_signer.h"
#include "cli_io.h"
#include "commands.h"
#include "compat/any_tx.h"
#include "crypto/address.h"
#include "node_client.h"
#include "util/amount.h"

namespace ddn::cli {

using chain::Transaction;
using chain::TxType;
using util::ErrorCode;

namespace {

constexpr int64_t kDdnEpochUnixSeconds = 1513742400;  // 2017-12-20T04:00:00Z
constexpr const char* kDefaultNethash = "0ab796cd";

// Options shared by every `tx create` command, plus each type's own. Static storage: CLI11
// writes into it while parsing and the callbacks read it afterwards.
struct CreateOptions {
  std::optional<std::string> secret_file;
  std::optional<std::string> second_secret_file;
  std::vector<std::string> cosigner_secret_files;
  std::optional<std::string> nethash;  // default: 0ab796cd, or the node's for `tx send`
  std::optional<int64_t> timestamp;
  // transfer
  std::string to;
  std::string amount;
  std::string message;
  // second-signature
  std::optional<std::string> second_public_key;
  std::optional<std::string> new_second_secret_file;
  // delegate
  std::string username;
  // vote
  std::vector<std::string> add_votes;
  std::vector<std::string> remove_votes;
  // multisig
  int min = 0;
  int lifetime = 0;
  std::vector<std::string> members;
  // lock
  uint64_t lock_height = 0;
  // aob-* (types 60-65); `to` is the aob-transfer recipient
  std::string aob_name;
  std::string aob_desc;
  std::string aob_currency;
  std::string aob_amount;
  std::string aob_maximum;
  int aob_precision = 0;
  std::string aob_strategy;
  bool aob_allow_writeoff = false;
  bool aob_allow_whitelist = false;
  bool aob_allow_blacklist = false;
  std::string aob_flag_type;
  int aob_flag = -1;
  std::string aob_list_kind;
  std::string aob_operator;
  std::vector<std::string> aob_addresses;
  std::string aob_content;
  // dao-* (types 40–43); `to` and `message` are shared with transfer
  std::string org_id;
  std::string org_name;
  std::string tags;
  std::string url;
  std::string title;
  std::string price;  // DDN
  bool update = false;
  std::string accept_offer;
  std::string contribution;
  bool reject = false;
  // send
  std::string node = kDefaultNode;
};

CreateOptions& Options() {
  static CreateOptions options;
  return options;
}

uint32_t NowDdnSeconds() {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return static_cast<uint32_t>(std::chrono::duration_cast<std::chrono::seconds>(now).count() -
                               kDdnEpochUnixSeconds);
}

util::Result<chain::PublicKey> ParseKey(const std::string& hex, const std::string& what) {
  auto key = util::FromHexFixed<32>(hex);
  if (!key) return util::Error(ErrorCode::kInvalidField, what + " must be 64 lowercase hex characters");
  return *key;
}

bool IsAobType(TxType type) {
  const auto id = static_cast<uint8_t>(type);
  return id >= assets::aob::kIssuerType && id <= assets::aob::kTransferType;
}

util::Result<uint64_t> ParseAssetAmount(const std::string& text, const std::string& what) {
  auto v = util::ParseCanonicalAmount(text);
  if (!v || *v == 0) {
    return util::Error(ErrorCode::kInvalidField,
                       what + " must be a whole number of the asset's smallest unit, 1..2^64-1");
  }
  return *v;
}

// The aob-* types: the asset from the options (CheckTxFields then applies every field rule).
util::Status FillAob(TxType type, const CreateOptions& o, Transaction& tx) {
  namespace aob = assets::aob;
  switch (static_cast<uint8_t>(type)) {
    case aob::kIssuerType: {
      aob::Issuer p;
      p.name = o.aob_name;
      p.desc = o.aob_desc;
      tx.asset = aob::MakeTransaction(p).asset;
      return util::Status::Ok();
    }
    case aob::kAssetType: {
      aob::Asset p;
      p.name = o.aob_name;
      p.desc = o.aob_desc;
      DDN_ASSIGN_OR_RETURN(p.maximum, ParseAssetAmount(o.aob_maximum, "--maximum"));
      if (o.aob_precision < 0 || o.aob_precision > aob::kMaxPrecision) {
        return util::Error(ErrorCode::kInvalidField, "--precision must be 0..16");
      }
      p.precision = static_cast<uint8_t>(o.aob_precision);
      p.strategy = o.aob_strategy;
      p.allow_writeoff = o.aob_allow_writeoff;
      p.allow_whitelist = o.aob_allow_whitelist;
      p.allow_blacklist = o.aob_allow_blacklist;
      tx.asset = aob::MakeTransaction(p).asset;
      return util::Status::Ok();
    }
    case aob::kFlagsType: {
      aob::Flags p;
      p.currency = o.aob_currency;
      if (o.aob_flag_type == "acl") {
        p.flag_type = aob::kFlagTypeAcl;
        if (o.aob_flag != 0 && o.aob_flag != 1) {
          return util::Error(ErrorCode::kInvalidField,
                             "--flag must be 0 (black-list mode) or 1 (white-list mode)");
        }
        p.flag = static_cast<uint8_t>(o.aob_flag);
      } else if (o.aob_flag_type == "writeoff") {
        p.flag_type = aob::kFlagTypeWriteOff;
        p.flag = 1;
      } else {
        return util::Error(ErrorCode::kInvalidField, "--type must be acl or writeoff");
      }
      tx.asset = aob::MakeTransaction(p).asset;
      return util::Status::Ok();
    }
    case aob::kAclType: {
      aob::Acl p;
      p.currency = o.aob_currency;
      if (o.aob_list_kind != "black" && o.aob_list_kind != "white") {
        return util::Error(ErrorCode::kInvalidField, "--list must be black or white");
      }
      p.flag = o.aob_list_kind == "white" ? aob::kWhiteList : aob::kBlackList;
      if (o.aob_operator != "add" && o.aob_operator != "remove") {
        return util::Error(ErrorCode::kInvalidField, "--operator must be add or remove");
      }
      p.add = o.aob_operator == "add";
      for (const std::string& text : o.aob_addresses) {
        auto address = crypto::ParseAddress(text);
        if (!address) {
          return util::Error(ErrorCode::kInvalidField, text + " is not a valid address");
        }
        p.list.push_back(*address);
      }
      tx.asset = aob::MakeTransaction(p).asset;
      return util::Status::Ok();
    }
    case aob::kIssueType: {
      aob::Issue p;
      p.currency = o.aob_currency;
      DDN_ASSIGN_OR_RETURN(p.amount, ParseAssetAmount(o.aob_amount, "--amount"));
      tx.asset = aob::MakeTransaction(p).asset;
      return util::Status::Ok();
    }
    case aob::kTransferType: {
      aob::Transfer p;
      p.currency = o.aob_currency;
      DDN_ASSIGN_OR_RETURN(p.amount, ParseAssetAmount(o.aob_amount, "--amount"));
      p.content = o.aob_content;
      tx.recipient = crypto::ParseAddress(o.to);
      if (!tx.recipient) {
        return util::Error(ErrorCode::kInvalidField, "--to is not a valid address");
      }
      tx.asset = aob::MakeTransaction(p, *tx.recipient).asset;
      return util::Status::Ok();
    }
  }
  return util::Error(ErrorCode::kUnsupportedType, "unknown type");
}

// The aob-* options of `tx create|send <type>`.
void AddAobOptions(CLI::App* cmd, TxType type, CreateOptions& o) {
  namespace aob = assets::aob;
  switch (static_cast<uint8_t>(type)) {
    case aob::kIssuerType:
      cmd->add_option("--name", o.aob_name, "Issuer name: 1..16 letters A-Z a-z, unique")
          ->required();
      cmd->add_option("--desc", o.aob_desc, "Description (1..1024 characters)")->required();
      break;
    case aob::kAssetType:
      cmd->add_option("--name", o.aob_name,
                      "Asset name ISSUER.TOKEN (your issuer name, TOKEN 3..6 of A-Z)")
          ->required();
      cmd->add_option("--desc", o.aob_desc, "Description (1..4096 characters)")->required();
      cmd->add_option("--maximum", o.aob_maximum,
                      "Maximum supply in the asset's smallest unit (1..2^64-1)")
          ->required();
      cmd->add_option("--precision", o.aob_precision, "Decimals shown by clients, 0..16")
          ->required();
      cmd->add_option("--strategy", o.aob_strategy, "Issue strategy text (stored, ≤ 256)");
      cmd->add_flag("--allow-writeoff", o.aob_allow_writeoff, "The asset may be written off");
      cmd->add_flag("--allow-whitelist", o.aob_allow_whitelist, "The asset may use a white list");
      cmd->add_flag("--allow-blacklist", o.aob_allow_blacklist, "The asset may use a black list");
      break;
    case aob::kFlagsType:
      cmd->add_option("--currency", o.aob_currency, "Asset name ISSUER.TOKEN")->required();
      cmd->add_option("--type", o.aob_flag_type, "acl or writeoff")->required();
      cmd->add_option("--flag", o.aob_flag,
                      "For acl: 0 black-list mode, 1 white-list mode (writeoff: final, no value)");
      break;
    case aob::kAclType:
      cmd->add_option("--currency", o.aob_currency, "Asset name ISSUER.TOKEN")->required();
      cmd->add_option("--list", o.aob_list_kind, "black or white")->required();
      cmd->add_option("--operator", o.aob_operator, "add or remove")->required();
      cmd->add_option("--address", o.aob_addresses, "Address to add or remove (1..10)")
          ->required();
      break;
    case aob::kIssueType:
      cmd->add_option("--currency", o.aob_currency, "Asset name ISSUER.TOKEN")->required();
      cmd->add_option("--amount", o.aob_amount, "Units to issue (smallest unit)")->required();
      break;
    case aob::kTransferType:
      cmd->add_option("--currency", o.aob_currency, "Asset name ISSUER.TOKEN")->required();
      cmd->add_option("--amount", o.aob_amount, "Units to send (smallest unit)")->required();
      cmd->add_option("--to", o.to, "Recipient address (D…)")->required();
      cmd->add_option("--content", o.aob_content, "Memo (at most 1024 characters)");
      break;
  }
}

util::Result<uint64_t> ParsePrice(const std::string& text) {
  auto price = util::ParseDdnAmount(text);
  if (!price) {
    return util::Error(ErrorCode::kInvalidField,
                       "--price must be a decimal number of DDN with at most 8 decimals");
  }
  return *price;
}

util::Result<chain::AddressHash> ParseTo(const std::string& text) {
  auto address = crypto::ParseAddress(text);
  if (!address) return util::Error(ErrorCode::kInvalidField, "--to is not a valid address");
  return *address;
}

util::Result<chain::Hash256> ParseTxId(const std::string& hex, const std::string& what) {
  auto id = util::FromHexFixed<32>(hex);
  if (!id) return util::Error(ErrorCode::kInvalidField, what + " must be 64 lowercase hex characters");
  return *id;
}

// The DAO types (40–43): the asset, and for 41/43 the recipient and amount.
util::Status FillDaoAsset(TxType type, const CreateOptions& o, Transaction& tx) {
  namespace dao = assets::dao;
  Transaction built;
  switch (static_cast<uint8_t>(type)) {
    case dao::kOrgType: {
      dao::Org org;
      org.org_id = o.org_id;
      org.name = o.org_name;
      org.tags = o.tags;
      org.url = o.url;
      org.state = o.update ? dao::kOrgUpdate : dao::kOrgCreate;
      built = dao::MakeOrgTransaction(org);
      break;
    }
    case dao::kExchangeType: {
      dao::Exchange exchange;
      exchange.org_id = o.org_id;
      DDN_ASSIGN_OR_RETURN(exchange.price, ParsePrice(o.price));
      if (!o.accept_offer.empty()) {
        exchange.state = dao::kExchangeAccept;
        DDN_ASSIGN_OR_RETURN(exchange.exchange_trs_id, ParseTxId(o.accept_offer, "--accept"));
      }
      DDN_ASSIGN_OR_RETURN(auto to, ParseTo(o.to));
      built = dao::MakeExchangeTransaction(exchange, to);
      break;
    }
    case dao::kContributionType: {
      dao::Contribution contribution;
      contribution.org_id = o.org_id;
      contribution.title = o.title;
      contribution.url = o.url;
      DDN_ASSIGN_OR_RETURN(contribution.price, ParsePrice(o.price));
      built = dao::MakeContributionTransaction(contribution);
      break;
    }
    case dao::kConfirmationType: {
      dao::Confirmation confirmation;
      DDN_ASSIGN_OR_RETURN(confirmation.contribution_trs_id,
                           ParseTxId(o.contribution, "--contribution"));
      confirmation.state = o.reject ? dao::kConfirmReject : dao::kConfirmAccept;
      confirmation.url = o.url;
      uint64_t price = 0;
      if (!o.reject) {
        if (o.price.empty()) {
          return util::Error(ErrorCode::kMissingField,
                             "--price (the contribution's price, paid to it) is required to accept");
        }
        DDN_ASSIGN_OR_RETURN(price, ParsePrice(o.price));
      }
      DDN_ASSIGN_OR_RETURN(auto to, ParseTo(o.to));
      built = dao::MakeConfirmationTransaction(confirmation, to, price);
      break;
    }
    default:
      return util::Error(ErrorCode::kUnsupportedType, "unknown type");
  }
  tx.asset = built.asset;
  tx.recipient = built.recipient;
  tx.amount = built.amount;
  tx.message = o.message;
  return util::Status::Ok();
}

bool IsDaoType(TxType type) {
  const auto id = static_cast<uint8_t>(type);
  return id >= assets::dao::kOrgType && id <= assets::dao::kConfirmationType;
}

// Fills the type-specific part of `tx` from the options.
util::Status FillAsset(TxType type, const CreateOptions& o, Transaction& tx) {
  if (IsAobType(type)) return FillAob(type, o, tx);
  if (type == TxType{assets::lock::kType}) {
    tx.asset = assets::lock::MakeTransaction(o.lock_height).asset;
    return util::Status::Ok();
  }
  if (IsDaoType(type)) return FillDaoAsset(type, o, tx);
  switch (type) {
    case TxType::kTransfer: {
      tx.recipient = crypto::ParseAddress(o.to);
      if (!tx.recipient) return util::Error(ErrorCode::kInvalidField, "--to is not a valid address");
      auto amount = util::ParseDdnAmount(o.amount);
      if (!amount) {
        return util::Error(ErrorCode::kInvalidField,
                           "--amount must be a decimal number of DDN with at most 8 decimals");
      }
      tx.amount = *amount;
      tx.message = o.message;
      tx.asset = chain::TransferAsset{};
      return util::Status::Ok();
    }
    case TxType::kSecondSignature: {
      chain::SecondSignatureAsset a;
      if (o.new_second_secret_file) {
        DDN_ASSIGN_OR_RETURN(std::string secret, ReadSecretFile(*o.new_second_secret_file));
        a.public_key = crypto::KeyPairFromPassphrase(secret).public_key;
      } else if (o.second_public_key) {
        DDN_ASSIGN_OR_RETURN(a.public_key, ParseKey(*o.second_public_key, "--second-public-key"));
      } else {
        return util::Error(ErrorCode::kMissingField,
                           "give --new-second-secret-file FILE or --second-public-key HEX");
      }
      tx.asset = a;
      return util::Status::Ok();
    }
    case TxType::kDelegate:
      tx.asset = chain::DelegateAsset{o.username};
      return util::Status::Ok();
    case TxType::kVote: {
      chain::VoteAsset a;
      for (const auto& [list, add] : {std::pair{&o.add_votes, true}, {&o.remove_votes, false}}) {
        for (const std::string& hex : *list) {
          DDN_ASSIGN_OR_RETURN(auto key, ParseKey(hex, "delegate public key"));
          a.votes.push_back({add, key});
        }
      }
      tx.asset = a;
      return util::Status::Ok();
    }
    case TxType::kMultisignature: {
      chain::MultisignatureAsset a;
      if (o.min < 0 || o.min > 255 || o.lifetime < 0 || o.lifetime > 255) {
        return util::Error(ErrorCode::kInvalidField, "--min must be 2..16, --lifetime 1..24");
      }
      a.min = static_cast<uint8_t>(o.min);
      a.lifetime = static_cast<uint8_t>(o.lifetime);
      for (const std::string& hex : o.members) {
        DDN_ASSIGN_OR_RETURN(auto key, ParseKey(hex, "--member"));
        a.members.push_back(key);
      }
      tx.asset = a;
      return util::Status::Ok();
    }
  }
  return util::Error(ErrorCode::kUnsupportedType, "unknown type");
}

util::Result<Transaction> BuildTransaction(TxType type, const CreateOptions& o) {
  Transaction tx;
  tx.type = type;
  tx.nethash = o.nethash.value_or(kDefaultNethash);
  const int64_t timestamp = o.timestamp.value_or(NowDdnSeconds());
  if (timestamp < 0 || timestamp > chain::kMaxTimestamp) {
    return util::Error(ErrorCode::kInvalidField, "--timestamp must be 0..2147483647");
  }
  tx.timestamp = static_cast<uint32_t>(timestamp);
  DDN_RETURN_IF_ERROR(FillAsset(type, o, tx));

  DDN_ASSIGN_OR_RETURN(std::string secret, ReadSecret(o.secret_file, "Passphrase"));
  std::optional<crypto::KeyPair> second;
  if (o.second_secret_file) {
    DDN_ASSIGN_OR_RETURN(std::string second_secret, ReadSecretFile(*o.second_secret_file));
    second = crypto::KeyPairFromPassphrase(second_secret);
  }
  const crypto::KeyPair keys = crypto::KeyPairFromPassphrase(secret);
  tx.sender = keys.public_key;
  tx.fee = chain::RequiredFee(tx.type, tx.asset);
  DDN_RETURN_IF_ERROR(chain::CheckTxFields(tx));
  chain::SignTransaction(tx, keys, second);
  for (const std::string& file : o.cosigner_secret_files) {
    DDN_ASSIGN_OR_RETURN(std::string cosigner, ReadSecretFile(file));
    chain::InsertCosignature(tx, chain::Cosign(tx, crypto::KeyPairFromPassphrase(cosigner)));
  }
  DDN_RETURN_IF_ERROR(chain::CheckTxFields(tx));
  return tx;
}

// `tx create <type>` prints the signed transaction; `tx send <type>` also submits it.
void AddCreateCommand(CLI::App& create, TxType type, const std::string& description,
                      int& exit_code, bool send) {
  CreateOptions& o = Options();
  CLI::App* cmd = create.add_subcommand(std::string(chain::TxTypeName(type)), description);
  cmd->add_option("--secret-file", o.secret_file,
                  "File holding the passphrase, verbatim (without it: a terminal prompt)");
  cmd->add_option("--second-secret-file", o.second_secret_file,
                  "File holding the second passphrase, for accounts that registered one");
  cmd->add_option("--nethash", o.nethash,
                  send ? "Network identifier (default: the node's)" : "Network identifier (default: 0ab796cd)");
  cmd->add_option("--timestamp", o.timestamp,
                  "Seconds since 2017-12-20T04:00:00Z (default: now)");
  if (IsAobType(type)) AddAobOptions(cmd, type, o);
  if (type == TxType{assets::lock::kType}) {
    cmd->add_option("--height", o.lock_height,
                    "Lock the balance until this block height (must be above the current "
                    "height and any existing lock)")
        ->required();
  }
  switch (static_cast<uint8_t>(type)) {
    case assets::dao::kOrgType:
      cmd->add_option("--org-id", o.org_id, "Organisation id: 5..20 of a-z 0-9 _")->required();
      cmd->add_option("--name", o.org_name, "Organisation name (unique, at most 64 characters)")
          ->required();
      cmd->add_option("--tags", o.tags, "Comma-separated tags, e.g. chain,dao")->required();
      cmd->add_option("--url", o.url, "Web address (http:// or https://)");
      cmd->add_flag("--update", o.update, "Update an organisation you own (default: register)");
      break;
    case assets::dao::kExchangeType:
      cmd->add_option("--org-id", o.org_id, "Organisation id")->required();
      cmd->add_option("--to", o.to,
                      "Offer: the buyer's address; with --accept: the seller's address")
          ->required();
      cmd->add_option("--price", o.price, "Price in DDN, e.g. 25")->required();
      cmd->add_option("--accept", o.accept_offer,
                      "Accept this offer (its transaction id) and pay the price to the seller");
      break;
    case assets::dao::kContributionType:
      cmd->add_option("--org-id", o.org_id, "Organisation id")->required();
      cmd->add_option("--title", o.title, "Title (at most 128 characters)")->required();
      cmd->add_option("--url", o.url, "Where the contribution is (http:// or https://)")
          ->required();
      cmd->add_option("--price", o.price, "Price asked from the owner, in DDN")->required();
      break;
    case assets::dao::kConfirmationType:
      cmd->add_option("--contribution", o.contribution, "The contribution's transaction id")
          ->required();
      cmd->add_option("--to", o.to, "The contributor's address")->required();
      cmd->add_option("--price", o.price, "The contribution's price in DDN, paid on accept");
      cmd->add_flag("--reject", o.reject, "Reject it (free, pays nothing); default: accept");
      cmd->add_option("--url", o.url, "Web address (http:// or https://)");
      break;
  }
  switch (type) {
    case TxType::kTransfer:
      cmd->add_option("--to", o.to, "Recipient address (D…)")->required();
      cmd->add_option("--amount", o.amount, "Amount in DDN, e.g. 1.5")->required();
      cmd->add_option("--message", o.message, "Message (at most 256 characters)");
      break;
    case TxType::kSecondSignature:
      cmd->add_option("--new-second-secret-file", o.new_second_secret_file,
                      "File holding the second passphrase to register");
      cmd->add_option("--second-public-key", o.second_public_key,
                      "Public key (hex) of the second passphrase to register");
      break;
    case TxType::kDelegate:
      cmd->add_option("--username", o.username, "Delegate name: 1..20 of a-z 0-9 ! @ $ & _ .")
          ->required();
      break;
    case TxType::kVote:
      cmd->add_option("--add", o.add_votes, "Public key (hex) of a delegate to vote for");
      cmd->add_option("--remove", o.remove_votes, "Public key (hex) of a delegate to unvote");
      break;
    case TxType::kMultisignature:
      cmd->add_option("--min", o.min, "Signatures needed, 2..16 (the owner's counts)")->required();
      cmd->add_option("--lifetime", o.lifetime, "Hours a pending transaction waits, 1..24")
          ->required();
      cmd->add_option("--member", o.members, "Public key (hex) of a group member")->required();
      cmd->add_option("--cosigner-secret-file", o.cosigner_secret_files,
                      "File holding a member's passphrase, to add its co-signature now");
      break;
  }
  if (send) AddNodeOption(cmd, o.node);
  cmd->callback([type, send, &exit_code] {
    if (send && !Options().nethash) {
      // Sign for the network the node serves.
      auto client = NodeClient::Create(Options().node);
      auto network = client.ok() ? client->Get("/api/network") : client.status();
      if (!network.ok()) {
        exit_code = PrintError(network.status());
        return;
      }
      if (!(*network)["nethash"].is_string()) {
        exit_code = PrintError(util::Error(ErrorCode::kMalformed, "the node did not say its nethash"));
        return;
      }
      Options().nethash = (*network)["nethash"].get<std::string>();
    }
    auto tx = BuildTransaction(type, Options());
    if (!tx.ok()) {
      exit_code = PrintError(tx.status());
      return;
    }
    if (!send) {
      PrintJson(chain::TxToJson(*tx));
      exit_code = kExitOk;
      return;
    }
    auto client = NodeClient::Create(Options().node);
    if (!client.ok()) {
      exit_code = PrintError(client.status());
      return;
    }
    auto answer = client->Post("/api/transactions", {{"transaction", chain::TxToJson(*tx)}});
    if (!answer.ok()) {
      exit_code = PrintError(answer.status());
      return;
    }
    PrintJson(*answer);
    exit_code = answer->value("success", false) ? kExitOk : kExitInvalid;
  });
}

int Inspect(const std::string& nethash) {
  const std::string input = ReadStdin();
  nlohmann::json out;
  auto json = codec::ParseStrictJson(input);
  util::Status status;
  if (!json.ok()) {
    status = json.status();
    out["id"] = nullptr;
    out["format"] = nullptr;
  } else {
    out["format"] = compat::TxFormatName(compat::DetectTxFormat(*json));
    const auto& j = *json;
    out["id"] = j.is_object() && j.contains("id") && j["id"].is_string() ? j["id"] : nullptr;
    auto any = compat::ParseAnyTx(*json);
    if (!any.ok()) {
      status = any.status();
    } else {
      out["id"] = any->id;
      status = compat::VerifyAnyTxStateless(*any, nethash);
    }
  }
  out["valid"] = status.ok();
  if (!status.ok()) out["error"] = {{"code", status.code_name()}, {"message", status.message()}};
  PrintJson(out);
  return status.ok() ? kExitOk : kExitInvalid;
}

}  // namespace

void AddTxCommands(CLI::App& app, int& exit_code) {
  CLI::App* tx = app.add_subcommand("tx", "Build, sign and inspect transactions");
  tx->require_subcommand(1);

  for (const bool send : {false, true}) {
    CLI::App* group = tx->add_subcommand(
        send ? "send" : "create",
        send ? "Build and sign a transaction locally, submit it to a node (POST "
               "/api/transactions) and print the node's answer"
             : "Build and sign a transaction offline; prints its JSON (docs/protocol.md)");
    group->require_subcommand(1);
    AddCreateCommand(*group, TxType::kTransfer, "Send DDN to an address", exit_code, send);
    AddCreateCommand(*group, TxType::kSecondSignature, "Register a second passphrase", exit_code,
                     send);
    AddCreateCommand(*group, TxType::kDelegate, "Register the account as a delegate", exit_code,
                     send);
    AddCreateCommand(*group, TxType::kVote, "Vote for or against delegates", exit_code, send);
    AddCreateCommand(*group, TxType::kMultisignature,
                     "Turn the account into a multisignature account", exit_code, send);
    AddCreateCommand(*group, TxType{assets::dao::kOrgType},
                     "Register (or with --update change) a DAO organisation (type 40)",
                     exit_code, send);
    AddCreateCommand(*group, TxType{assets::dao::kExchangeType},
                     "Offer an organisation to an account, or accept an offer (type 41)",
                     exit_code, send);
    AddCreateCommand(*group, TxType{assets::dao::kContributionType},
                     "Submit a contribution to an organisation (type 42)", exit_code, send);
    AddCreateCommand(*group, TxType{assets::dao::kConfirmationType},
                     "Accept (paying its price) or reject a contribution (type 43)", exit_code,
                     send);
    AddCreateCommand(*group, TxType{assets::lock::kType},
                     "Lock the account's balance until a height (type 100)", exit_code, send);
    const std::pair<uint8_t, const char*> aob_commands[] = {
        {assets::aob::kIssuerType, "Register the account as an asset issuer (type 60)"},
        {assets::aob::kAssetType, "Register an asset of the account's issuer (type 61)"},
        {assets::aob::kFlagsType, "Set an asset's ACL mode or write it off (type 62)"},
        {assets::aob::kAclType, "Add or remove addresses on an asset's black/white list (type 63)"},
        {assets::aob::kIssueType, "Issue units of an asset up to its maximum (type 64)"},
        {assets::aob::kTransferType, "Send units of an asset to an address (type 65)"},
    };
    for (const auto& [id, description] : aob_commands) {
      AddCreateCommand(*group, TxType{id}, description, exit_code, send);
    }
  }

  static std::string nethash = kDefaultNethash;
  CLI::App* inspect = tx->add_subcommand(
      "inspect",
      "Check one transaction JSON (native or DDN-client legacy) read from stdin without chain "
      "state; prints {id, format, valid, error?}; exit code 0 valid, 1 invalid");
  inspect->add_option("--nethash", nethash, "Network the transaction must be for")
      ->capture_default_str();
  inspect->callback([&exit_code] { exit_code = Inspect(nethash); });
}

}  // namespace ddn::cli
