#include "node/network_files.h"

#include <filesystem>
#include <fstream>
#include <iterator>

#include "crypto/address.h"
#include "crypto/bip39.h"

namespace ddn::node {

using util::ErrorCode;

namespace {

nlohmann::json Identity(const std::string& secret) {
  const auto keys = crypto::KeyPairFromPassphrase(secret);
  return {{"secret", secret},
          {"address", crypto::AddressOf(keys.public_key)},
          {"publicKey", util::ToHex(keys.public_key)}};
}

util::Status WriteFile(const std::filesystem::path& path, std::string_view data) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(data.data(), static_cast<std::streamsize>(data.size()));
  out.close();
  if (!out) return util::Error(ErrorCode::kIoError, "cannot write " + path.string());
  return util::Status::Ok();
}

}  // namespace

util::Result<NewNetwork> CreateNetwork(uint32_t delegates, uint32_t block_interval,
                                       const std::string& nethash) {
  kernel::GenesisSpec spec;
  spec.delegates = delegates;
  spec.nethash = nethash;
  NewNetwork net;
  DDN_ASSIGN_OR_RETURN(net.genesis, kernel::CreateGenesis(spec));
  net.foundation_secret = crypto::GenerateMnemonic();
  NodeConfig& c = net.config;
  c.nethash = net.genesis.nethash;
  c.block_interval = block_interval;
  c.delegates = delegates;
  c.total_supply = spec.total_supply;
  c.foundation = crypto::AddressOf(crypto::KeyPairFromPassphrase(net.foundation_secret).public_key);
  c.forging_secrets = net.genesis.delegate_secrets;
  return net;
}

std::string SecretsJson(const NewNetwork& net) {
  nlohmann::json delegates = nlohmann::json::array();
  for (const auto& s : net.genesis.delegate_secrets) delegates.push_back(Identity(s));
  const nlohmann::json doc = {
      {"nethash", net.genesis.nethash},
      {"genesis", Identity(net.genesis.genesis_secret)},
      {"faucet", Identity(net.genesis.faucet_secret)},
      {"foundation", Identity(net.foundation_secret)},
      {"delegates", delegates},
  };
  return doc.dump(2) + "\n";
}

util::Status WriteNetwork(const NewNetwork& net, const std::string& dir,
                          const std::string& data_dir, uint16_t port) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return util::Error(ErrorCode::kIoError, "cannot create " + dir + ": " + ec.message());
  const std::filesystem::path base(dir);
  const util::Bytes block = block::EncodeBlock(net.genesis.block);
  DDN_RETURN_IF_ERROR(WriteFile(base / "genesis.block",
                                std::string_view(reinterpret_cast<const char*>(block.data()),
                                                 block.size())));
  DDN_RETURN_IF_ERROR(WriteFile(base / "secrets.json", SecretsJson(net)));
  std::filesystem::permissions(base / "secrets.json", std::filesystem::perms::owner_read |
                                                          std::filesystem::perms::owner_write,
                               ec);
  NodeConfig c = net.config;
  c.genesis_file = "genesis.block";
  c.data_dir = data_dir;
  c.port = port;
  return SaveNodeConfig(c, (base / "config.toml").string());
}

util::Result<block::Block> ReadGenesisFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return util::Error(ErrorCode::kIoError, "cannot read genesis file " + path);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto block = block::DecodeBlock(util::AsBytes(bytes));
  if (!block.ok()) {
    return util::Error(block.status().code(), "genesis file " + path + ": " + block.status().message());
  }
  return block;
}

}  // namespace ddn::node
