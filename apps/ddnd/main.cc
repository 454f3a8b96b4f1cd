// ddnd: the DDN node. In this revision it only reports its version; the chain, the API and the
// peer network arrive with the single-node chain.
#include <CLI/CLI.hpp>

#include <iostream>

#include "ddn_version.h"

int main(int argc, char** argv) {
  CLI::App app{"ddnd - the DDN node"};
  app.set_version_flag("--version", std::string("ddnd ") + DDN_VERSION);
  CLI11_PARSE(app, argc, argv);
  std::cout << "ddnd " << DDN_VERSION
            << " (this build has no chain yet: only keys, transactions and the CLI)\n";
  return 0;
}
