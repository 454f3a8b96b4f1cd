// Registration of the `ddn` CLI's command groups. Each group adds its subcommands to the app;
// a command's callback stores the process exit code in `exit_code`.
#pragma once

#include <CLI/CLI.hpp>

namespace ddn::cli {

void AddAccountCommands(CLI::App& app, int& exit_code);
void AddTxCommands(CLI::App& app, int& exit_code);
void AddEvidenceCommands(CLI::App& app, int& exit_code);
void AddMultisigCommands(CLI::App& app, int& exit_code);
void AddGenesisCommand(CLI::App& app, int& exit_code);
void AddLocalnetCommand(CLI::App& app, int& exit_code);
// After AddAccountCommands (adds `account balance`).
void AddQueryCommands(CLI::App& app, int& exit_code);

}  // namespace ddn::cli
