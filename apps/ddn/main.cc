// ddn: the DDN command-line tool. Keys, offline signing and inspection of transactions, queries
// against a node, new networks and local multi-node networks.
// Every command prints JSON on stdout; see `ddn --help` and `ddn <command> --help`.
#include <CLI/CLI.hpp>

#include "assets/registry.h"
#include "commands.h"
#include "ddn_version.h"

int main(int argc, char** argv) {
  ddn::assets::RegisterAll();
  CLI::App app{
      "ddn - DDN command-line tool: keys, offline signing, transaction inspection, local networks"};
  app.set_version_flag("--version", std::string("ddn ") + DDN_VERSION);
  app.require_subcommand(1);
  int exit_code = 0;
  ddn::cli::AddAccountCommands(app, exit_code);
  ddn::cli::AddTxCommands(app, exit_code);
  ddn::cli::AddEvidenceCommands(app, exit_code);
  ddn::cli::AddMultisigCommands(app, exit_code);
  ddn::cli::AddGenesisCommand(app, exit_code);
  ddn::cli::AddLocalnetCommand(app, exit_code);
  ddn::cli::AddQueryCommands(app, exit_code);
  CLI11_PARSE(app, argc, argv);
  return exit_code;
}
