// ddnd: the DDN node. `ddnd --config FILE` runs a node of an existing network;
// `ddnd --dev [--data-dir DIR] [--port P] [--block-interval S]` creates (on first start) and runs
// a single-node devnet with 101 local delegates and a funded faucet (DIR/devnet.json).
// SIGINT/SIGTERM stop it cleanly; after a crash it restarts from its last committed block.
#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <iostream>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "ddn_version.h"
#include "node/node.h"

int main(int argc, char** argv) {
  CLI::App app{"ddnd - the DDN node"};
  app.set_version_flag("--version", std::string("ddnd ") + DDN_VERSION);
  std::string config_path, data_dir = "devnet", bind, log_level, peers;
  bool dev = false;
  std::optional<uint16_t> port;
  uint32_t block_interval = 10;
  app.add_option("--config", config_path, "Node config file (TOML, docs/node.md)");
  app.add_flag("--dev", dev, "Run a single-node devnet, created in --data-dir on first start");
  app.add_option("--data-dir", data_dir, "Devnet directory (with --dev)")->capture_default_str();
  app.add_option("--port", port, "API port (overrides the config)");
  app.add_option("--bind", bind, "API bind address (overrides the config)");
  app.add_option("--block-interval", block_interval, "Seconds per slot of a new devnet")
      ->capture_default_str();
  app.add_option("--log-level", log_level, "trace, debug, info, warn, error");
  app.add_option("--peers", peers, "Seed peers host:port,… (their API ports; overrides the config)");
  CLI11_PARSE(app, argc, argv);
  if (dev == !config_path.empty()) {
    std::cerr << "give exactly one of --dev or --config FILE (see --help)\n";
    return 2;
  }
  // Signals are taken synchronously by the main thread only.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto config = dev ? ddn::node::PrepareDevnet(data_dir, block_interval, port.value_or(8001))
                    : ddn::node::LoadNodeConfig(config_path);
  if (!config.ok()) {
    std::cerr << "ddnd: " << config.status().ToString() << "\n";
    return 1;
  }
  if (port) config->port = *port;
  if (!bind.empty()) config->bind = bind;
  if (!log_level.empty()) config->log_level = log_level;
  if (!peers.empty()) {
    config->peers.clear();
    for (size_t start = 0; start <= peers.size();) {
      const size_t comma = std::min(peers.find(',', start), peers.size());
      if (comma > start) config->peers.push_back(peers.substr(start, comma - start));
      start = comma + 1;
    }
  }
  if (const char* crash = std::getenv("DDN_TEST_CRASH_AT")) config->test_crash_at = crash;
  spdlog::set_level(spdlog::level::from_str(config->log_level));

  ddn::node::Node node(*config);
  if (auto s = node.Start(); !s.ok()) {
    spdlog::error("cannot start: {}", s.ToString());
    return 1;
  }
  timespec wait{0, 200'000'000};
  for (;;) {
    const int sig = sigtimedwait(&signals, nullptr, &wait);
    if (sig == SIGINT || sig == SIGTERM) {
      spdlog::info("signal {}: stopping", sig);
      break;
    }
    if (auto fatal = node.fatal_error()) {
      spdlog::critical("stopping on a storage failure: {}", fatal->ToString());
      node.Stop();
      return 3;
    }
  }
  node.Stop();
  spdlog::info("stopped");
  return 0;
}
