// Files of a new network, written by `ddn genesis` and by `ddnd --dev` on first start:
//   genesis.block  the genesis block, binary (docs/protocol.md §8)
//   config.toml    a node config that forges with every delegate
//   secrets.json   {"nethash", "genesis": {secret,address}, "faucet": {secret,address},
//                   "foundation": {secret,address}, "delegates": [{secret, publicKey, address}…]}
// (`ddnd --dev` also writes the same content as devnet.json.)
// Thread safety: file I/O, no shared state.
#pragma once

#include <string>

#include "block/block.h"
#include "kernel/genesis.h"
#include "node/node_config.h"

namespace ddn::node {

struct NewNetwork {
  kernel::GenesisOutput genesis;
  std::string foundation_secret;
  NodeConfig config;
};

util::Result<NewNetwork> CreateNetwork(uint32_t delegates, uint32_t block_interval,
                                       const std::string& nethash);
// Writes genesis.block, config.toml and secrets.json into dir (created if missing); the
// config's data_dir is `data_dir` (relative to dir unless absolute).
util::Status WriteNetwork(const NewNetwork& network, const std::string& dir,
                          const std::string& data_dir, uint16_t port);

util::Result<block::Block> ReadGenesisFile(const std::string& path);
// The secrets.json / devnet.json document.
std::string SecretsJson(const NewNetwork& network);

}  // namespace ddn::node
