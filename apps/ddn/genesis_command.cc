// `ddn genesis`: creates a new network (genesis block, passphrases, node config).
#include "cli_io.h"
#include "commands.h"
#include "node/network_files.h"

namespace ddn::cli {

void AddGenesisCommand(CLI::App& app, int& exit_code) {
  struct Options {
    uint32_t delegates = 101;
    uint32_t block_interval = 10;
    std::string out;
    std::string nethash;
    uint16_t port = 8001;
  };
  static Options o;
  CLI::App* cmd = app.add_subcommand(
      "genesis",
      "Create a new network in DIR: genesis.block, config.toml (forging with every delegate) and "
      "secrets.json (passphrases of the delegates, the faucet, the genesis and foundation "
      "accounts); prints {nethash, dir, config, faucet:{address}}");
  cmd->add_option("--delegates", o.delegates, "Number of delegates (1..1000)")
      ->capture_default_str();
  cmd->add_option("--out", o.out, "Directory to write")->required();
  cmd->add_option("--block-interval", o.block_interval, "Seconds per slot")->capture_default_str();
  cmd->add_option("--nethash", o.nethash, "Network id (default: 8 random [a-z0-9])");
  cmd->add_option("--port", o.port, "API port written into config.toml")->capture_default_str();
  cmd->callback([&exit_code] {
    if (o.block_interval == 0) {
      exit_code = PrintError(util::Error(util::ErrorCode::kInvalidField, "--block-interval > 0"));
      return;
    }
    auto net = node::CreateNetwork(o.delegates, o.block_interval, o.nethash);
    if (!net.ok()) {
      exit_code = PrintError(net.status());
      return;
    }
    if (auto s = node::WriteNetwork(*net, o.out, "data", o.port); !s.ok()) {
      exit_code = PrintError(s);
      return;
    }
    PrintJson({{"nethash", net->genesis.nethash},
               {"dir", o.out},
               {"config", o.out + "/config.toml"},
               {"delegates", o.delegates},
               {"faucet", {{"address", nlohmann::json::parse(node::SecretsJson(*net))["faucet"]["address"]}}}});
    exit_code = kExitOk;
  });
}

}  // namespace ddn::cli
