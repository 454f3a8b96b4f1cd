#include "node/node.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include <spdlog/spdlog.h>

#include "assets/registry.h"
#include "assets/routes.h"
#include "crypto/address.h"
#include "ddn_version.h"
#include "node/network_files.h"
#include "storage/kv_store.h"

namespace ddn::node {

using util::ErrorCode;

util::Result<kernel::ChainOptions> ChainOptionsOf(const NodeConfig& config) {
  kernel::ChainOptions options;
  options.nethash = config.nethash;
  options.params.block_interval = config.block_interval;
  options.params.delegates = config.delegates;
  options.params.max_txs_per_block = config.max_txs_per_block;
  options.params.max_payload_bytes = config.max_payload_bytes;
  options.total_supply = config.total_supply;
  auto foundation = crypto::ParseAddress(config.foundation);
  if (!foundation) return util::Error(ErrorCode::kInvalidField, "config: network.foundation address");
  options.foundation = *foundation;
  return options;
}

Node::Node(NodeConfig config) : config_(std::move(config)) { assets::RegisterAll(); }

Node::~Node() { Stop(); }

util::Status Node::Start() {
  DDN_ASSIGN_OR_RETURN(block::Block genesis, ReadGenesisFile(config_.genesis_file));
  DDN_ASSIGN_OR_RETURN(kernel::ChainOptions options, ChainOptionsOf(config_));

  std::error_code ec;
  std::filesystem::create_directories(config_.data_dir, ec);
  if (ec) return util::Error(ErrorCode::kIoError, "cannot create " + config_.data_dir);
  DDN_ASSIGN_OR_RETURN(auto store, storage::OpenRocksDbStore(config_.data_dir));
  auto chain = std::make_unique<kernel::Chain>(std::move(store), options);
  DDN_RETURN_IF_ERROR(chain->Open(genesis));
  spdlog::info("chain {} at height {}", config_.nethash, chain->tip().height);

  kernel::ServiceOptions service_options;
  service_options.forging_secrets = config_.forging_secrets;
  service_options.pool.max_transactions = config_.max_pool_transactions;
  service_options.pool.expiry_seconds = config_.pool_expiry_seconds;
  if (const auto colon = config_.test_crash_at.rfind(':'); colon != std::string::npos) {
    const std::string point = config_.test_crash_at.substr(0, colon);
    auto remaining = std::make_shared<std::atomic<long>>(
        std::strtol(config_.test_crash_at.c_str() + colon + 1, nullptr, 10));
    spdlog::warn("test fault injection: SIGKILL at {} #{}", point, remaining->load());
    service_options.fault_hook = [point, remaining](std::string_view at) {
      if (at == point && remaining->fetch_sub(1) == 1) ::kill(::getpid(), SIGKILL);
    };
  }
  // The network holds forging back while it syncs; it exists only after the service, so the
  // service asks through a slot filled below.
  auto network_slot = std::make_shared<std::atomic<const p2p::Network*>>(nullptr);
  service_options.may_forge = [network_slot] {
    const p2p::Network* network = network_slot->load();
    return network == nullptr || network->MayForge();
  };
  service_ = std::make_unique<kernel::ChainService>(std::move(chain), clock_, service_options);
  if (const std::string warning = service_->pool_restore_warning(); !warning.empty()) {
    spdlog::warn("pool: {}", warning);
  }
  p2p::NetworkOptions network_options;
  network_options.seeds = config_.peers;
  network_options.identity = {config_.nethash, DDN_VERSION,
                              config_.public_port ? config_.public_port : config_.port, "linux"};
  network_options.max_peers = config_.max_peers;
  network_options.ban_duration = std::chrono::seconds(config_.ban_seconds);
  network_options.log = [](std::string_view level, std::string_view message) {
    spdlog::log(spdlog::level::from_str(std::string(level)), "p2p: {}", message);
  };

  http::ServerOptions server_options;
  server_options.bind_address = config_.bind;
  server_options.port = config_.port;
  // Bounded worst-case buffering: 1024 connections x 2 MiB (a batch of 1000 transactions is
  // well under 1 MiB of JSON).
  server_options.max_body_bytes = 2u << 20;
  server_options.max_connections = 1024;
  // Handlers block: a submission waits for the chain lock while a block is built and committed.
  // Twice as many I/O threads as cores keep other submissions verifying signatures meanwhile,
  // so the cores do not idle behind the forger.
  server_options.threads = std::max(4u, 2 * std::thread::hardware_concurrency());
  server_options.log = [](std::string_view m) { spdlog::warn("http: {}", m); };
  http::Router router;
  router.SetErrorObserver([](const http::Request& r, std::string_view what) {
    spdlog::error("handler {} {} failed: {}", r.method, r.path, what);
  });
  api::ApiContext ctx;
  ctx.service = service_.get();
  ctx.version = DDN_VERSION;
  // Handlers copy the context when registered, and /metrics reads the server's counters, so
  // they get a pointer to a slot that is filled once the server exists.
  ctx.server_slot = std::make_shared<const http::HttpServer*>(nullptr);
  ctx.network_status = [network_slot] {
    const p2p::Network* network = network_slot->load();
    if (!network) return nlohmann::json{{"peers", 0}, {"syncing", false}};
    uint64_t best = 0;
    for (const auto& p : network->book().Connected()) best = std::max(best, p.status.height);
    return nlohmann::json{{"peers", network->connected_peers()}, {"syncing", network->syncing()}, {"bestPeerHeight", best}};
  };
  api::RegisterApi(router, ctx);
  assets::AddAssetRoutes(router, ctx);
  DDN_RETURN_IF_ERROR(StartServer(server_options, std::move(router), std::move(network_options), network_slot));
  *ctx.server_slot = server_.get();
  network_->Start();
  const auto tick = std::chrono::milliseconds(std::min<uint32_t>(100, config_.block_interval * 100));
  service_->Start(tick);
  spdlog::info("API on http://{}:{} ({} forging delegates)", config_.bind, server_->port(),
               service_->ForgingKeys().size());
  return util::Status::Ok();
}

util::Status Node::StartServer(const http::ServerOptions& server_options, http::Router router,
                               p2p::NetworkOptions network_options,
                               const std::shared_ptr<std::atomic<const p2p::Network*>>& network_slot) {
  // The advertised port is the bound one when the config asks for any free port (0).
  const bool any_port = network_options.identity.port == 0;
  network_ = std::make_unique<p2p::Network>(*service_, clock_, std::move(network_options));
  network_->RegisterRoutes(router);
  server_ = std::make_unique<http::HttpServer>(server_options, std::move(router));
  // Observers are registered before any handler can run (the list is not locked).
  events_ = std::make_unique<api::EventPublisher>(*server_, config_.delegates);
  service_->AddObserver(events_.get());
  service_->AddObserver(network_.get());
  DDN_RETURN_IF_ERROR(server_->Start());
  if (any_port) network_->SetAdvertisedPort(server_->port());
  network_slot->store(network_.get());
  return util::Status::Ok();
}

void Node::Stop() {
  if (service_) service_->Stop();
  if (network_) network_->Stop();
  if (server_) server_->Stop();
}

uint16_t Node::api_port() const { return server_ ? server_->port() : 0; }

std::optional<util::Status> Node::fatal_error() const {
  return service_ ? service_->fatal_error() : std::nullopt;
}

util::Result<NodeConfig> PrepareDevnet(const std::string& dir, uint32_t block_interval,
                                       uint16_t port) {
  const std::string config_path = (std::filesystem::path(dir) / "config.toml").string();
  if (!std::filesystem::exists(config_path)) {
    DDN_ASSIGN_OR_RETURN(NewNetwork net, CreateNetwork(101, block_interval, ""));
    DDN_RETURN_IF_ERROR(WriteNetwork(net, dir, "chain", port));
    std::ofstream devnet(std::filesystem::path(dir) / "devnet.json");
    devnet << SecretsJson(net);
    if (!devnet) return util::Error(ErrorCode::kIoError, "cannot write devnet.json");
    spdlog::info("created devnet {} in {}", net.genesis.nethash, dir);
  }
  return LoadNodeConfig(config_path);
}

}  // namespace ddn::node
