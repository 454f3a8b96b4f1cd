// Input and output helpers of the `ddn` CLI: passphrases from files or a terminal prompt (never
// from argv), JSON on stdout, errors as {"error": {"code", "message"}} with a non-zero exit.
// Thread safety: single-threaded program.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "util/status.h"

namespace ddn::cli {

// Exit codes of every command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitInvalid = 1;  // the input was read but is not valid
inline constexpr int kExitError = 2;    // usage, I/O or other failure

// The file's bytes verbatim (no trimming: a trailing newline is part of the passphrase).
util::Result<std::string> ReadSecretFile(const std::string& path);
// The file when a path is given; otherwise a no-echo prompt on the terminal.
util::Result<std::string> ReadSecret(const std::optional<std::string>& path, const char* prompt);
// All of standard input.
std::string ReadStdin();

void PrintJson(const nlohmann::json& value);
// Prints the error as JSON and returns kExitError (or `exit_code`).
int PrintError(const util::Status& status, int exit_code = kExitError);

}  // namespace ddn::cli
