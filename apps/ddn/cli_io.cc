#include "cli_io.h"

#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

namespace ddn::cli {

using util::ErrorCode;

util::Result<std::string> ReadSecretFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return util::Error(ErrorCode::kIoError, "cannot open secret file " + path);
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return util::Error(ErrorCode::kIoError, "cannot read secret file " + path);
  return data;
}

util::Result<std::string> ReadSecret(const std::optional<std::string>& path, const char* prompt) {
  if (path) return ReadSecretFile(*path);
  FILE* tty = std::fopen("/dev/tty", "r+");
  if (!tty) {
    return util::Error(ErrorCode::kInvalidField,
                       "no terminal to prompt for the passphrase: pass --secret-file FILE");
  }
  std::fprintf(tty, "%s: ", prompt);
  std::fflush(tty);
  termios old_mode{};
  const bool have_mode = tcgetattr(fileno(tty), &old_mode) == 0;
  if (have_mode) {
    termios quiet = old_mode;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(fileno(tty), TCSAFLUSH, &quiet);
  }
  std::string line;
  int c;
  while ((c = std::fgetc(tty)) != EOF && c != '\n') line.push_back(static_cast<char>(c));
  if (have_mode) tcsetattr(fileno(tty), TCSAFLUSH, &old_mode);
  std::fprintf(tty, "\n");
  std::fclose(tty);
  return line;
}

std::string ReadStdin() {
  std::ostringstream buffer;
  buffer << std::cin.rdbuf();
  return buffer.str();
}

void PrintJson(const nlohmann::json& value) {
  std::cout << value.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << std::endl;
}

int PrintError(const util::Status& status, int exit_code) {
  PrintJson({{"error", {{"code", status.code_name()}, {"message", status.message()}}}});
  return exit_code;
}

}  // namespace ddn::cli
