// `ddn evidence register FILE` and `ddn evidence verify FILE`: notarize a file's SHA-256 on the
// chain (type 20, assets/evidence) and check whether a file was notarized. The file is hashed
// locally and only its hash and description travel; the transaction is signed locally.
// (The commands live here rather than in assets/evidence/ because they use the CLI's own
// helpers — NodeClient, secret prompts, JSON output — which belong to this executable.)
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>

#include "assets/evidence/evidence.h"
#include "chain/tx_codec.h"
#include "chain/tx_json.h"
#include "chain/tx_rules.h"
#include "chain/tx_signer.h"
#include "cli_io.h"
#include "commands.h"
#include "consensus/dpos.h"
#include "crypto/address.h"
#include "crypto/hash.h"
#include "node_client.h"

namespace ddn::cli {

using util::ErrorCode;

namespace {

struct EvidenceOptions {
  std::string file;
  std::optional<std::string> title;
  std::optional<std::string> author;
  std::optional<std::string> tags;
  std::optional<std::string> url;
  std::optional<std::string> description;
  std::optional<std::string> type;
  std::optional<std::string> short_hash;
  std::optional<std::string> secret_file;
  std::string node = kDefaultNode;
};

EvidenceOptions& Options() {
  static EvidenceOptions options;
  return options;
}

// Lowercase hex SHA-256 of the file's bytes.
util::Result<std::string> HashFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return util::Error(ErrorCode::kIoError, "cannot read " + path);
  crypto::Sha256Hasher hasher;
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    hasher.Update(util::AsBytes(std::string_view(buffer, static_cast<size_t>(in.gcount()))));
  }
  if (in.bad()) return util::Error(ErrorCode::kIoError, "cannot read " + path);
  return util::ToHex(hasher.Finish());
}

uint32_t NowDdnSeconds() {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return static_cast<uint32_t>(std::chrono::duration_cast<std::chrono::seconds>(now).count() -
                               consensus::kEpochUnixSeconds);
}

util::Result<nlohmann::json> Register(const EvidenceOptions& o) {
  DDN_ASSIGN_OR_RETURN(std::string hash, HashFile(o.file));
  DDN_ASSIGN_OR_RETURN(std::string secret, ReadSecret(o.secret_file, "Passphrase"));
  const crypto::KeyPair keys = crypto::KeyPairFromPassphrase(secret);
  const std::filesystem::path path(o.file);
  std::string extension = path.extension().string();
  if (!extension.empty()) extension.erase(0, 1);

  assets::evidence::Evidence e;
  e.hash = hash;
  e.short_hash = o.short_hash.value_or(hash.substr(0, 16));
  e.title = o.title.value_or(path.filename().string());
  e.author = o.author.value_or(crypto::AddressOf(keys.public_key));
  e.type = o.type.value_or(extension.empty() ? "file" : extension);
  e.tags = o.tags.value_or("");
  e.address = o.url.value_or("");
  e.description = o.description.value_or("");
  e.size = std::to_string(std::filesystem::file_size(path));

  DDN_ASSIGN_OR_RETURN(NodeClient client, NodeClient::Create(o.node));
  DDN_ASSIGN_OR_RETURN(nlohmann::json network, client.Get("/api/network"));
  if (!network["nethash"].is_string()) {
    return util::Error(ErrorCode::kMalformed, "the node did not say its nethash");
  }
  chain::Transaction tx = assets::evidence::MakeTransaction(e);
  tx.nethash = network["nethash"].get<std::string>();
  tx.timestamp = NowDdnSeconds();
  tx.sender = keys.public_key;
  DDN_RETURN_IF_ERROR(chain::CheckTxFields(tx));
  chain::SignTransaction(tx, keys);
  DDN_ASSIGN_OR_RETURN(nlohmann::json answer,
                       client.Post("/api/transactions", {{"transaction", chain::TxToJson(tx)}}));
  if (!answer.value("success", false)) return answer;
  return nlohmann::json{{"success", true},
                        {"transactionId", answer.value("transactionId", chain::TxId(tx))},
                        {"hash", e.hash},
                        {"short_hash", e.short_hash},
                        {"address", crypto::AddressOf(keys.public_key)}};
}

util::Result<nlohmann::json> Verify(const EvidenceOptions& o) {
  DDN_ASSIGN_OR_RETURN(std::string hash, HashFile(o.file));
  DDN_ASSIGN_OR_RETURN(NodeClient client, NodeClient::Create(o.node));
  DDN_ASSIGN_OR_RETURN(nlohmann::json answer, client.Get("/api/evidences/hash/" + hash));
  if (!answer.value("success", false)) {
    return util::Error(util::ErrorCodeFromName(answer.value("code", "INTERNAL")),
                       answer.value("error", "the node refused the query"));
  }
  const nlohmann::json& result = answer["result"];
  if (!result.is_object()) return nlohmann::json{{"registered", false}, {"hash", hash}};
  nlohmann::json out = {{"registered", true},
                        {"hash", hash},
                        {"address", result["address"]},
                        {"height", result["height"]},
                        {"timestamp", result["timestamp"]},
                        {"transactionId", result["transactionId"]}};
  // The record's own fields (title, author, short_hash, …), without overwriting the above.
  for (const auto& [key, value] : result["evidence"].items()) {
    if (!out.contains(key)) out[key] = value;
  }
  if (result["evidence"].contains("address")) out["url"] = result["evidence"]["address"];
  return out;
}

}  // namespace

void AddEvidenceCommands(CLI::App& app, int& exit_code) {
  EvidenceOptions& o = Options();
  CLI::App* group = app.add_subcommand(
      "evidence", "Notarize files on the chain (type 20) and check whether a file was notarized");
  group->require_subcommand(1);

  CLI::App* reg = group->add_subcommand(
      "register",
      "Hash FILE locally (SHA-256), sign an evidence transaction for the node's network and "
      "submit it; prints {success, transactionId, hash, short_hash, address}");
  reg->add_option("FILE", o.file, "The file to notarize")->required();
  reg->add_option("--title", o.title, "Title (default: the file name)");
  reg->add_option("--author", o.author, "Author (default: the sender's address)");
  reg->add_option("--tags", o.tags, "Comma-separated tags");
  reg->add_option("--url", o.url, "Where the data can be found (the asset's `address`)");
  reg->add_option("--description", o.description, "Description");
  reg->add_option("--type", o.type, "Kind of data (default: the file's extension)");
  reg->add_option("--short-hash", o.short_hash,
                  "Short id, unique on the chain (default: the first 16 hex digits of the hash)");
  reg->add_option("--secret-file", o.secret_file,
                  "File holding the passphrase, verbatim (without it: a terminal prompt)");
  AddNodeOption(reg, o.node);
  reg->callback([&exit_code] {
    auto out = Register(Options());
    if (!out.ok()) {
      exit_code = PrintError(out.status());
      return;
    }
    PrintJson(*out);
    exit_code = out->value("success", false) ? kExitOk : kExitInvalid;
  });

  CLI::App* verify = group->add_subcommand(
      "verify",
      "Hash FILE locally and ask the node whether that hash is registered; prints {registered, "
      "hash, address, height, timestamp, transactionId, title, …}; exit 0 either way");
  verify->add_option("FILE", o.file, "The file to check")->required();
  AddNodeOption(verify, o.node);
  verify->callback([&exit_code] {
    auto out = Verify(Options());
    if (!out.ok()) {
      exit_code = PrintError(out.status());
      return;
    }
    PrintJson(*out);
    exit_code = kExitOk;
  });
}

}  // namespace ddn::cli
