// `ddn account new` and `ddn account derive`.
#include "cli_io.h"
#include "commands.h"
#include "crypto/address.h"
#include "crypto/bip39.h"
#include "crypto/ed25519.h"
#include "util/bytes.h"

namespace ddn::cli {

namespace {
nlohmann::json KeyJson(const crypto::KeyPair& keys) {
  return {{"publicKey", util::ToHex(keys.public_key)},
          {"address", crypto::AddressOf(keys.public_key)}};
}
}  // namespace

void AddAccountCommands(CLI::App& app, int& exit_code) {
  CLI::App* account = app.add_subcommand("account", "Create accounts and derive their keys");
  account->require_subcommand(1);

  CLI::App* create = account->add_subcommand(
      "new", "Create a fresh 12-word BIP39 passphrase; prints {secret, publicKey, address}");
  create->callback([&exit_code] {
    const std::string secret = crypto::GenerateMnemonic();
    nlohmann::json out = KeyJson(crypto::KeyPairFromPassphrase(secret));
    out["secret"] = secret;
    PrintJson(out);
    exit_code = kExitOk;
  });

  static std::string secret_file;  // CLI11 writes options into storage that outlives parsing
  CLI::App* derive = account->add_subcommand(
      "derive",
      "Print {publicKey, address} of the passphrase in a file. The file's bytes are the "
      "passphrase verbatim: a trailing newline counts (write it with printf, not echo)");
  derive->add_option("--secret-file", secret_file, "File holding the passphrase")->required();
  derive->callback([&exit_code] {
    auto secret = ReadSecretFile(secret_file);
    if (!secret.ok()) {
      exit_code = PrintError(secret.status());
      return;
    }
    PrintJson(KeyJson(crypto::KeyPairFromPassphrase(*secret)));
    exit_code = kExitOk;
  });
}

}  // namespace ddn::cli
