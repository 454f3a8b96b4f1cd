// Creation of a new network: passphrases for its delegates, a faucet and the genesis account,
// and the genesis block that funds them, registers the delegates and votes them in.
//
// The genesis account starts with the whole supply (Chain credits the genesis generator); the
// block holds ordinary signed native transactions, each paying its normal fee:
//   1. a transfer of `delegate_funds` to every delegate, and of `faucet_funds` to the faucet;
//   2. every delegate's registration (username genesis_<i>, signed by the delegate);
//   3. votes of the genesis account for every delegate (33 per transaction).
// Thread safety: pure functions (passphrases come from the OS random source).
#pragma once

#include <string>
#include <vector>

#include "block/block.h"

namespace ddn::kernel {

struct GenesisSpec {
  std::string nethash;                              // empty: a fresh random one
  uint32_t delegates = 101;
  uint64_t total_supply = 10'000'000'000'000'000;   // 10^8 DDN
  uint64_t delegate_funds = 1'000'000'000'000;      // 10,000 DDN each
  uint64_t faucet_funds = 1'000'000'000'000'000;    // 10,000,000 DDN
  // Deterministic passphrases "<seed> <role> <i>" instead of random mnemonics (tests only).
  std::string test_seed;
};

struct GenesisOutput {
  std::string nethash;
  block::Block block;
  std::string genesis_secret;
  std::string faucet_secret;
  std::vector<std::string> delegate_secrets;
};

util::Result<GenesisOutput> CreateGenesis(const GenesisSpec& spec);

// 8 random characters of [a-z0-9], as DDN's CLI makes them.
std::string RandomNethash();

}  // namespace ddn::kernel
