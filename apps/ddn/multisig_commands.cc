// `ddn multisig sign`: a member of a multisignature group co-signs a transaction of the group's
// account. The transaction comes from the node's pool (--tx ID) or a file (--tx-file); the CLI
// checks it locally (its id, the sender's signature), shows what is being signed, and signs
// with the member's passphrase on this machine. Only the signature ever travels (--send posts it
// to POST /api/multisignatures/sign); the passphrase never leaves the process.
#include <fstream>
#include <iterator>
#include <optional>
#include <string>

#include "chain/tx_codec.h"
#include "cli_io.h"
#include "commands.h"
#include "compat/any_tx.h"
#include "crypto/address.h"
#include "crypto/ed25519.h"
#include "node_client.h"
#include "util/amount.h"
#include "util/bytes.h"

namespace ddn::cli {

using util::ErrorCode;

namespace {

struct SignOptions {
  std::optional<std::string> tx_id;
  std::optional<std::string> tx_file;
  std::optional<std::string> secret_file;
  std::string node = kDefaultNode;
  bool send = false;
};

SignOptions& Options() {
  static SignOptions options;
  return options;
}

util::Result<nlohmann::json> ReadJsonFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return util::Error(ErrorCode::kIoError, "cannot read " + path);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto json = nlohmann::json::parse(text, nullptr, false);
  if (json.is_discarded()) return util::Error(ErrorCode::kMalformed, path + " is not JSON");
  return json;
}

util::Status NodeRefusal(const nlohmann::json& answer, const std::string& what) {
  const std::string code = answer.contains("code") && answer["code"].is_string()
                               ? answer["code"].get<std::string>()
                               : "INTERNAL";
  const std::string error = answer.contains("error") && answer["error"].is_string()
                                ? answer["error"].get<std::string>()
                                : "the node refused";
  return util::Error(util::ErrorCodeFromName(code), what + ": " + error);
}

// The transaction to co-sign, as JSON: the file's content (a transaction, or {"transaction": …}
// as `ddn tx create` and the API print it) or the node's pool entry.
util::Result<nlohmann::json> FetchTransaction(const SignOptions& o) {
  nlohmann::json doc;
  if (o.tx_file) {
    DDN_ASSIGN_OR_RETURN(doc, ReadJsonFile(*o.tx_file));
  } else {
    DDN_ASSIGN_OR_RETURN(NodeClient client, NodeClient::Create(o.node));
    DDN_ASSIGN_OR_RETURN(doc, client.Get("/api/transactions/unconfirmed/get?id=" + *o.tx_id));
    if (!doc.value("success", false)) {
      return NodeRefusal(doc, "the node has no pending transaction " + *o.tx_id);
    }
  }
  if (doc.is_object() && doc.contains("transaction")) doc = doc["transaction"];
  if (!doc.is_object()) return util::Error(ErrorCode::kMalformed, "no transaction object");
  // Fields the API adds to a pending transaction; they are not part of it.
  doc.erase("senderId");
  doc.erase("format");
  return doc;
}

// Base units as DDN text: 150000000 -> "1.5".
std::string DdnText(uint64_t base_units) {
  std::string text = std::to_string(base_units / util::kBaseUnitsPerDdn);
  std::string fraction = std::to_string(base_units % util::kBaseUnitsPerDdn);
  fraction.insert(0, 8 - fraction.size(), '0');
  while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
  return fraction.empty() ? text : text + "." + fraction;
}

nlohmann::json Summary(const compat::AnyTx& any) {
  const chain::Transaction& tx = any.tx;
  nlohmann::json s = {{"type", static_cast<int>(tx.type)},
                      {"typeName", std::string(chain::TxTypeName(tx.type))},
                      {"format", compat::TxFormatName(any.format)},
                      {"nethash", tx.nethash},
                      {"senderPublicKey", util::ToHex(tx.sender)},
                      {"senderId", crypto::AddressOf(tx.sender)},
                      {"amount", util::FormatAmount(tx.amount)},  // base units, as the API
                      {"amountDDN", DdnText(tx.amount)},
                      {"fee", util::FormatAmount(tx.fee)},
                      {"feeDDN", DdnText(tx.fee)},
                      {"timestamp", tx.timestamp},
                      {"cosignatures", tx.cosignatures.size()}};
  if (tx.recipient) s["recipientId"] = crypto::AddressFromHash(*tx.recipient);
  if (!tx.message.empty()) s["message"] = tx.message;
  return s;
}

util::Result<nlohmann::json> Sign(const SignOptions& o) {
  if (o.tx_id.has_value() == o.tx_file.has_value()) {
    return util::Error(ErrorCode::kInvalidField, "give exactly one of --tx ID and --tx-file FILE");
  }
  DDN_ASSIGN_OR_RETURN(nlohmann::json doc, FetchTransaction(o));
  DDN_ASSIGN_OR_RETURN(compat::AnyTx any, compat::ParseAnyTx(doc));
  // What is signed is what was checked here: the id is recomputed from the content, so a node
  // cannot pass off another transaction under the requested id.
  if (o.tx_id && any.id != *o.tx_id) {
    return util::Error(ErrorCode::kInvalidField,
                       "the node's transaction has id " + any.id + ", not " + *o.tx_id);
  }
  DDN_RETURN_IF_ERROR(compat::VerifyAnyTxStateless(any, any.tx.nethash));

  DDN_ASSIGN_OR_RETURN(std::string secret, ReadSecret(o.secret_file, "Passphrase"));
  const crypto::KeyPair keys = crypto::KeyPairFromPassphrase(secret);
  const chain::Hash256 digest = compat::AnySignDigest(any);
  const chain::Signature signature = crypto::Sign(digest, keys.secret_key);
  nlohmann::json out = {{"transactionId", any.id},
                        {"publicKey", util::ToHex(keys.public_key)},
                        {"signature", util::ToHex(signature)},
                        {"transaction", Summary(any)}};
  if (!o.send) return out;

  DDN_ASSIGN_OR_RETURN(NodeClient client, NodeClient::Create(o.node));
  DDN_ASSIGN_OR_RETURN(nlohmann::json answer, client.Post("/api/multisignatures/sign",
                                                          {{"transactionId", any.id},
                                                           {"signature", util::ToHex(signature)}}));
  if (!answer.value("success", false)) {
    return NodeRefusal(answer, "the node refused the co-signature");
  }
  out["sent"] = true;
  return out;
}

}  // namespace

void AddMultisigCommands(CLI::App& app, int& exit_code) {
  SignOptions& o = Options();
  CLI::App* group = app.add_subcommand(
      "multisig", "Co-sign transactions of multisignature accounts (the passphrase stays local)");
  group->require_subcommand(1);

  CLI::App* sign = group->add_subcommand(
      "sign",
      "Check a pending transaction of a multisignature account and co-sign it locally; prints "
      "{transactionId, publicKey, signature, transaction: summary}; with --send also posts the "
      "signature (never the passphrase) to POST /api/multisignatures/sign");
  sign->add_option("--tx", o.tx_id, "Id of the transaction in the node's pool");
  sign->add_option("--tx-file", o.tx_file,
                   "File holding the transaction as JSON (or {\"transaction\": …})");
  sign->add_option("--secret-file", o.secret_file,
                   "File holding the member's passphrase, verbatim (without it: a terminal "
                   "prompt)");
  sign->add_flag("--send", o.send, "Post the co-signature to the node");
  AddNodeOption(sign, o.node);
  sign->callback([&exit_code] {
    auto out = Sign(Options());
    if (!out.ok()) {
      exit_code = PrintError(out.status(), out.status().code() == ErrorCode::kIoError ||
                                                   out.status().code() == ErrorCode::kUnavailable
                                               ? kExitError
                                               : kExitInvalid);
      return;
    }
    PrintJson(*out);
    exit_code = kExitOk;
  });
}

}  // namespace ddn::cli
