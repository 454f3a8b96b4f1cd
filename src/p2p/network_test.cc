// The peer network in process, over real loopback HTTP: nodes made of a ChainService (in-memory
// store), a Network and an HttpServer on a free port. They connect through seeds and discovery,
// gossip blocks and transactions, sync a long chain, refuse and ban a hostile peer, and serve
// blocks and common-block queries as docs/p2p.md says.
//
// Clocks: the chain services share one FakeClock, moved a slot at a time by the test, so forging
// is deterministic and every node accepts every slot; the networks run on the wall clock, since
// their status requests, back-offs and bans are real-time behaviour.
#include "p2p/network.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "block/block.h"
#include "chain/tx_codec.h"
#include "chain/tx_rules.h"
#include "chain/tx_signer.h"
#include "crypto/address.h"
#include "http/client.h"
#include "http/server.h"
#include "kernel/chain_service.h"
#include "kernel/genesis.h"
#include "storage/kv_store.h"
#include "util/bytes.h"

namespace ddn::p2p {
namespace {

using nlohmann::json;
using Headers = std::vector<std::pair<std::string, std::string>>;

constexpr int64_t kStartMs = (consensus::kEpochUnixSeconds + 100'000'000) * 1000LL;
constexpr int64_t kSlotMs = 10'000;
constexpr uint64_t kDdn = 100'000'000;
constexpr auto kDeadline = std::chrono::seconds(10);

// Polls `condition` until it holds or `timeout` passes; returns its last value.
bool WaitFor(const std::function<bool()>& condition,
             std::chrono::milliseconds timeout = kDeadline) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= deadline) return condition();
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

// One node. Members are destroyed in reverse order: the server (no more handlers), then the
// network (no more outbound requests), then the chain service they both use.
struct TestNode {
  std::shared_ptr<std::atomic<const Network*>> network_slot =
      std::make_shared<std::atomic<const Network*>>(nullptr);
  std::unique_ptr<kernel::ChainService> service;
  std::unique_ptr<Network> network;
  std::unique_ptr<http::HttpServer> server;

  ~TestNode() {
    if (server) server->Stop();
    if (network) network->Stop();
  }

  uint16_t port() const { return server->port(); }
  std::string address() const { return "127.0.0.1:" + std::to_string(port()); }
  PeerAddress peer_address() const { return {"127.0.0.1", port()}; }

  state::Tip tip() const {
    return service->Read([](const kernel::Chain& c, const kernel::TxPool&) { return c.tip(); });
  }
  uint64_t irreversible() const {
    return service->Read(
        [](const kernel::Chain& c, const kernel::TxPool&) { return c.irreversible_height(); });
  }
  block::Block BlockAt(uint64_t height) const {
    auto found = service->ReadHistory([&](const kernel::Chain& c) { return c.BlockAt(height); });
    EXPECT_TRUE(found.ok() && found->has_value()) << "no block at height " << height;
    return found.ok() && found->has_value() ? **found : block::Block{};
  }
  std::string BlockIdAt(uint64_t height) const {
    return util::ToHex(block::BlockIdHash(BlockAt(height)));
  }
  bool InPool(const std::string& id) const {
    return service->Read(
        [&](const kernel::Chain&, const kernel::TxPool& pool) { return pool.Find(id) != nullptr; });
  }
  bool Confirmed(const std::string& id) const {
    const auto hash = util::FromHexFixed<32>(id);
    if (!hash) return false;
    auto location =
        service->ReadHistory([&](const kernel::Chain& c) { return c.FindTransaction(*hash); });
    return location.ok() && location->has_value();
  }
  bool BannedAny() const {
    for (const auto& p : network->book().All()) {
      if (p.state == PeerState::kBanned) return true;
    }
    return false;
  }
};

std::string Describe(const state::Tip& tip) {
  return "height " + std::to_string(tip.height) + " id " + util::ToHex(tip.id).substr(0, 12);
}

class NetworkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    kernel::GenesisSpec spec;
    spec.nethash = "p2pt0001";
    spec.test_seed = "p2p";
    auto genesis = kernel::CreateGenesis(spec);
    ASSERT_TRUE(genesis.ok()) << genesis.status().ToString();
    genesis_ = std::move(*genesis);
    genesis_id_ = util::ToHex(block::BlockIdHash(genesis_.block));
  }

  struct Setup {
    std::vector<std::string> seeds;  // "ip:port"
    bool forging = false;            // all delegates' secrets
    uint16_t port = 0;               // 0: any free port
    bool launch = true;              // false: the caller forges first, then calls Launch
    std::function<void(NetworkOptions&)> tune;
  };

  std::unique_ptr<TestNode> StartNode(std::vector<std::string> seeds, bool forging = false) {
    return StartNodeWith(Setup{.seeds = std::move(seeds), .forging = forging});
  }

  std::unique_ptr<TestNode> StartNodeWith(Setup setup) {
    auto node = std::make_unique<TestNode>();
    kernel::ChainOptions options;
    options.nethash = genesis_.nethash;
    options.total_supply = kernel::GenesisSpec{}.total_supply;
    auto chain = std::make_unique<kernel::Chain>(storage::NewMemKvStore(), options);
    const util::Status opened = chain->Open(genesis_.block);
    EXPECT_TRUE(opened.ok()) << opened.ToString();
    kernel::ServiceOptions service_options;
    if (setup.forging) service_options.forging_secrets = genesis_.delegate_secrets;
    service_options.may_forge = [slot = node->network_slot] {
      const Network* network = slot->load();
      return network == nullptr || network->MayForge();
    };
    node->service =
        std::make_unique<kernel::ChainService>(std::move(chain), chain_clock_, service_options);

    NetworkOptions network_options;
    network_options.seeds = std::move(setup.seeds);
    network_options.identity = {genesis_.nethash, "0.3.0", 0, "linux"};
    if (setup.tune) setup.tune(network_options);
    node->network =
        std::make_unique<Network>(*node->service, wall_clock_, std::move(network_options));
    node->service->AddObserver(node->network.get());

    http::Router router;
    node->network->RegisterRoutes(router);
    http::ServerOptions server_options;
    server_options.port = setup.port;
    server_options.threads = 2;
    server_options.max_body_bytes = 2u << 20;  // as the node sets it
    node->server = std::make_unique<http::HttpServer>(server_options, std::move(router));
    if (setup.launch) Launch(*node);
    return node;
  }

  // Binds the server, then starts the network with the bound port as its advertised one.
  static void Launch(TestNode& node) {
    const util::Status started = node.server->Start();
    ASSERT_TRUE(started.ok()) << started.ToString();
    node.network->SetAdvertisedPort(node.server->port());
    node.network_slot->store(node.network.get());
    node.network->Start();
  }

  // Moves the shared chain clock one slot on per block and has `node` forge in it.
  void ForgeBlocks(TestNode& node, int count) {
    for (int i = 0; i < count; ++i) {
      chain_clock_.Advance(kSlotMs);
      auto forged = node.service->ForgeIfDue();
      ASSERT_TRUE(forged.ok()) << forged.status().ToString();
      ASSERT_TRUE(*forged) << "block " << i << " of " << count << " was not forged";
    }
  }

  static bool Connected(const std::vector<const TestNode*>& nodes, size_t peers_each) {
    for (const TestNode* n : nodes) {
      if (n->network->connected_peers() != peers_each) return false;
    }
    return true;
  }

  compat::AnyTx Transfer(uint64_t amount, const std::string& to, std::string message = "") {
    chain::Transaction tx;
    tx.message = std::move(message);
    tx.nethash = genesis_.nethash;
    tx.type = chain::TxType::kTransfer;
    tx.timestamp = chain_clock_.NowEpochSeconds() - 5;
    tx.recipient = crypto::AddressHashOf(crypto::KeyPairFromPassphrase(to).public_key);
    tx.amount = amount;
    chain::SignTransaction(tx, crypto::KeyPairFromPassphrase(genesis_.faucet_secret));
    compat::AnyTx any;
    any.id = chain::TxId(tx);
    any.tx = tx;
    return any;
  }

  // The four identity headers of a peer that advertises `port` (values as given). The tests'
  // made-up ports lie below the ephemeral range, so they never name one of the nodes.
  Headers PeerHeaders(const std::string& port, const std::string& nethash = "") const {
    return {{"nethash", nethash.empty() ? genesis_.nethash : nethash},
            {"version", "0.3.0"},
            {"port", port},
            {"os", "linux"}};
  }

  // One request from a hand-written client; status 0 if it could not be made.
  static http::ClientResponse Call(const TestNode& to, const std::string& method,
                                   const std::string& target, const Headers& headers,
                                   std::string body = "") {
    http::HttpClient client(http::ClientOptions{.host = "127.0.0.1", .port = to.port()});
    http::ClientRequest request;
    request.method = method;
    request.target = target;
    request.headers = headers;
    request.body = std::move(body);
    auto response = client.Send(request);
    EXPECT_TRUE(response.ok()) << method << " " << target << ": " << response.status().ToString();
    return response.ok() ? *response : http::ClientResponse{};
  }

  static json Body(const http::ClientResponse& response) {
    return json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  }
  static std::string Code(const http::ClientResponse& response) {
    const json doc = Body(response);
    return doc.is_object() ? doc.value("code", std::string())
                           : std::string("(not JSON) ") + response.body;
  }

  kernel::GenesisOutput genesis_;
  std::string genesis_id_;
  kernel::FakeClock chain_clock_{kStartMs};
  kernel::SystemClock wall_clock_;
};

// A seed and a node that joins it connect both ways; new blocks travel by gossip.
TEST_F(NetworkTest, PeersConnectThroughASeedAndFollowNewBlocks) {
  auto a = StartNode({}, /*forging=*/true);
  auto b = StartNode({a->address()});
  ASSERT_TRUE(WaitFor([&] {
    return Connected({a.get(), b.get()}, 1);
  })) << "A has "
      << a->network->connected_peers() << " peers, B " << b->network->connected_peers();
  const auto b_seen_by_a = a->network->book().Get(b->peer_address());
  ASSERT_TRUE(b_seen_by_a.has_value()) << "A registers B from its requests, by its advertised port";
  EXPECT_EQ(b_seen_by_a->source, "inbound");
  EXPECT_EQ(b_seen_by_a->status.genesis_id, genesis_id_);
  EXPECT_EQ(b->network->book().Get(a->peer_address())->source, "seed");
  EXPECT_TRUE(a->network->MayForge());
  EXPECT_TRUE(b->network->MayForge()) << "its seed was tried, and it is not syncing";

  // A lists B to others, but not to B itself.
  const auto listed = Call(*a, "GET", "/peer/list", PeerHeaders("27000"));
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_EQ(Body(listed)["peers"], json::array({json{{"ip", "127.0.0.1"}, {"port", b->port()}}}))
      << listed.body;
  const auto to_b = Call(*a, "GET", "/peer/list", PeerHeaders(std::to_string(b->port())));
  ASSERT_EQ(to_b.status, 200) << to_b.body;
  EXPECT_TRUE(Body(to_b)["peers"].empty()) << to_b.body;

  ForgeBlocks(*a, 50);
  ASSERT_EQ(a->tip().height, 51u);
  EXPECT_TRUE(WaitFor([&] { return b->tip() == a->tip(); }))
      << "A at " << Describe(a->tip()) << ", B at " << Describe(b->tip());
  EXPECT_EQ(b->irreversible(), a->irreversible());
  EXPECT_FALSE(a->BannedAny());
  EXPECT_FALSE(b->BannedAny());
  EXPECT_TRUE(Connected({a.get(), b.get()}, 1));
}

// A node that joins late downloads the whole chain.
TEST_F(NetworkTest, ANewNodeSyncsALongChainFromItsSeed) {
  // 650 blocks: more than one download batch (500), so the next batch is fetched while one is
  // applied.
  auto a = StartNode({}, /*forging=*/true);
  ForgeBlocks(*a, 650);
  ASSERT_EQ(a->tip().height, 651u);
  ASSERT_GT(a->irreversible(), 550u);
  auto b = StartNode({a->address()});
  EXPECT_TRUE(WaitFor([&] { return b->tip() == a->tip(); }))
      << "A at " << Describe(a->tip()) << ", B at " << Describe(b->tip());
  EXPECT_EQ(b->irreversible(), a->irreversible()) << "same blocks, same finality";
  EXPECT_EQ(b->BlockIdAt(150), a->BlockIdAt(150));
  EXPECT_EQ(b->BlockIdAt(550), a->BlockIdAt(550));
  EXPECT_TRUE(WaitFor([&] { return !b->network->syncing() && b->network->MayForge(); }));
  // After the sync, new blocks reach it by gossip as usual.
  ASSERT_TRUE(WaitFor([&] { return Connected({a.get(), b.get()}, 1); }));
  ForgeBlocks(*a, 3);
  EXPECT_TRUE(WaitFor([&] { return b->tip() == a->tip(); }))
      << "A at " << Describe(a->tip()) << ", B at " << Describe(b->tip());
  EXPECT_FALSE(b->BannedAny());
}

// A transaction submitted to one node reaches the forger's pool and is confirmed on both.
TEST_F(NetworkTest, TransactionsTravelToTheForgerAndAreConfirmedEverywhere) {
  auto a = StartNode({}, /*forging=*/true);
  auto b = StartNode({a->address()});
  ASSERT_TRUE(WaitFor([&] { return Connected({a.get(), b.get()}, 1); }));
  ForgeBlocks(*a, 2);
  ASSERT_TRUE(WaitFor([&] { return b->tip() == a->tip(); }));

  const compat::AnyTx tx = Transfer(5 * kDdn, "carol");
  const std::vector<util::Status> submitted = b->service->Submit({tx});
  ASSERT_EQ(submitted.size(), 1u);
  ASSERT_TRUE(submitted[0].ok()) << submitted[0].ToString();
  ASSERT_TRUE(WaitFor([&] { return a->InPool(tx.id); }))
      << "the transaction did not reach A's pool";

  ForgeBlocks(*a, 1);
  const block::Block forged = a->BlockAt(a->tip().height);
  ASSERT_EQ(forged.transactions.size(), 1u);
  EXPECT_EQ(forged.transactions[0].id, tx.id);
  EXPECT_TRUE(a->Confirmed(tx.id));
  EXPECT_FALSE(a->InPool(tx.id));
  EXPECT_TRUE(WaitFor([&] { return b->Confirmed(tx.id) && !b->InPool(tx.id); }))
      << "B at " << Describe(b->tip()) << ", A at " << Describe(a->tip());
  EXPECT_EQ(b->tip(), a->tip());
  EXPECT_FALSE(a->BannedAny());
  EXPECT_FALSE(b->BannedAny());
}

// A multisignature account's transfer waits in both pools; a co-signature given to either node
// reaches the other's pool entry, and with enough of them the transfer is confirmed everywhere.
TEST_F(NetworkTest, CosignaturesTravelBetweenNodes) {
  auto a = StartNode({}, /*forging=*/true);
  auto b = StartNode({a->address()});
  ASSERT_TRUE(WaitFor([&] { return Connected({a.get(), b.get()}, 1); }));
  const auto owner = crypto::KeyPairFromPassphrase("group owner");
  const std::vector<crypto::KeyPair> members = {crypto::KeyPairFromPassphrase("member one"),
                                                crypto::KeyPairFromPassphrase("member two"),
                                                crypto::KeyPairFromPassphrase("member three")};
  auto signed_tx = [&](chain::Transaction tx, const crypto::KeyPair& sender) {
    tx.nethash = genesis_.nethash;
    tx.timestamp = chain_clock_.NowEpochSeconds() - 5;
    chain::SignTransaction(tx, sender);
    return tx;
  };
  auto any = [](const chain::Transaction& tx) {
    return compat::AnyTx{compat::TxFormat::kNative, tx, chain::TxId(tx), std::nullopt};
  };
  ASSERT_TRUE(a->service->Submit({Transfer(100 * kDdn, "group owner")})[0].ok());
  ForgeBlocks(*a, 1);
  chain::Transaction reg;
  reg.type = chain::TxType::kMultisignature;
  reg.asset = chain::MultisignatureAsset{
      3, 1, {members[0].public_key, members[1].public_key, members[2].public_key}};
  reg = signed_tx(reg, owner);
  for (const auto& m : members) chain::InsertCosignature(reg, chain::Cosign(reg, m));
  const auto registered = a->service->Submit({any(reg)});
  ASSERT_TRUE(registered[0].ok()) << registered[0].ToString();
  ForgeBlocks(*a, 1);
  ASSERT_TRUE(WaitFor([&] { return b->tip() == a->tip(); }));

  chain::Transaction pay;
  pay.type = chain::TxType::kTransfer;
  pay.recipient = crypto::AddressHashOf(crypto::KeyPairFromPassphrase("carol").public_key);
  pay.amount = 7 * kDdn;
  pay = signed_tx(pay, owner);
  const compat::AnyTx tx = any(pay);
  ASSERT_TRUE(b->service->Submit({tx})[0].ok());
  ASSERT_TRUE(WaitFor([&] { return a->InPool(tx.id); })) << "the transaction did not reach A";
  auto cosignatures = [&](const TestNode& n) {
    return n.service->Read([&](const kernel::Chain&, const kernel::TxPool& pool) {
      const kernel::PoolEntry* e = pool.Find(tx.id);
      return e ? e->tx.tx.cosignatures.size() : size_t{0};
    });
  };

  const util::Status first = b->service->AddCosignature(tx.id, chain::Cosign(pay, members[0]));
  ASSERT_TRUE(first.ok()) << first.ToString();
  EXPECT_TRUE(WaitFor([&] { return cosignatures(*a) == 1; })) << "B's co-signature missed A";
  ForgeBlocks(*a, 1);
  EXPECT_FALSE(a->Confirmed(tx.id));  // one co-signature of two: still waiting

  const util::Status second = a->service->AddCosignature(tx.id, chain::Cosign(pay, members[2]));
  ASSERT_TRUE(second.ok()) << second.ToString();
  EXPECT_TRUE(WaitFor([&] { return cosignatures(*b) == 2; })) << "A's co-signature missed B";
  ForgeBlocks(*a, 1);
  EXPECT_TRUE(a->Confirmed(tx.id));
  EXPECT_TRUE(WaitFor([&] { return b->Confirmed(tx.id) && !b->InPool(tx.id); }));
  EXPECT_FALSE(a->BannedAny());
  EXPECT_FALSE(b->BannedAny());
}

// Three nodes: the third knows only the seed and finds the second through the seed's peer list.
TEST_F(NetworkTest, NodesDiscoverEachOtherThroughPeerLists) {
  const auto fast = [](NetworkOptions& o) {
    o.discovery_interval = std::chrono::milliseconds(200);
  };
  auto a = StartNodeWith({.forging = true, .tune = fast});
  auto b = StartNodeWith({.seeds = {a->address()}, .tune = fast});
  ASSERT_TRUE(WaitFor([&] { return Connected({a.get(), b.get()}, 1); }));
  auto c = StartNodeWith({.seeds = {a->address()}, .tune = fast});
  EXPECT_TRUE(WaitFor([&] {
    return Connected({a.get(), b.get(), c.get()}, 2);
  })) << "A "
      << a->network->connected_peers() << ", B " << b->network->connected_peers() << ", C "
      << c->network->connected_peers() << " peers";
  const auto b_seen_by_c = c->network->book().Get(b->peer_address());
  ASSERT_TRUE(b_seen_by_c.has_value());
  EXPECT_TRUE(b_seen_by_c->source == "discovered" || b_seen_by_c->source == "inbound")
      << b_seen_by_c->source;
  EXPECT_FALSE(c->network->book().Get(c->peer_address()).has_value()) << "never itself";

  ForgeBlocks(*a, 5);
  EXPECT_TRUE(WaitFor([&] { return b->tip() == a->tip() && c->tip() == a->tip(); }))
      << "A at " << Describe(a->tip()) << ", B at " << Describe(b->tip()) << ", C at "
      << Describe(c->tip());
}

// A hand-written hostile client: refused with the documented codes, then banned.
TEST_F(NetworkTest, RefusesAndBansAHostilePeer) {
  auto a = StartNode({}, /*forging=*/true);
  ForgeBlocks(*a, 2);
  const state::Tip tip = a->tip();

  // A block with one signature byte flipped.
  block::Block bad = a->BlockAt(3);
  bad.signature[3] ^= 1;
  const json push{{"block", Base64Encode(block::EncodeBlock(bad))}};
  const auto refused = Call(*a, "POST", "/peer/blocks", PeerHeaders("25678"), push.dump());
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(Code(refused), "BAD_SIGNATURE") << refused.body;
  ASSERT_NE(refused.Header("nethash"), nullptr) << "answers carry the node's identity";
  EXPECT_EQ(*refused.Header("nethash"), genesis_.nethash);
  ASSERT_NE(refused.Header("port"), nullptr);
  EXPECT_EQ(*refused.Header("port"), std::to_string(a->port()));
  EXPECT_EQ(a->tip(), tip);

  const auto banned = Call(*a, "GET", "/peer/status", PeerHeaders("25678"));
  EXPECT_EQ(banned.status, 403) << banned.body;
  EXPECT_EQ(Code(banned), "BANNED") << banned.body;
  EXPECT_NE(Body(banned).value("error", std::string()).find("BAD_SIGNATURE"), std::string::npos)
      << banned.body;

  const auto list = Call(*a, "GET", "/api/peers", {});
  ASSERT_EQ(list.status, 200) << list.body;
  const json peers = Body(list)["peers"];
  ASSERT_TRUE(peers.is_array()) << list.body;
  bool listed = false;
  for (const auto& p : peers) {
    if (p.value("ip", "") != "127.0.0.1" || p.value("port", 0) != 25678) continue;
    listed = true;
    EXPECT_EQ(p.value("state", ""), "banned");
    EXPECT_NE(p.value("banReason", std::string()).find("BAD_SIGNATURE"), std::string::npos)
        << p.dump();
    EXPECT_GT(p.value("banUntil", int64_t{0}), wall_clock_.NowUnixMs() + 500'000)
        << "about ten minutes";
    EXPECT_EQ(p.value("status", -1), 0);
  }
  EXPECT_TRUE(listed) << list.body;

  // The ban is on the identity ip:port; another port of the same host is served.
  const auto other = Call(*a, "GET", "/peer/status", PeerHeaders("25677"));
  EXPECT_EQ(other.status, 200) << other.body;

  const auto wrong_network = Call(*a, "GET", "/peer/status", PeerHeaders("25679", "othernet"));
  EXPECT_EQ(wrong_network.status, 400) << wrong_network.body;
  EXPECT_EQ(Code(wrong_network), "WRONG_NETWORK") << wrong_network.body;
  EXPECT_EQ(Call(*a, "GET", "/peer/status", PeerHeaders("25679")).status, 403) << "banned as well";

  Headers partial = PeerHeaders("25680");
  partial.pop_back();  // no os
  const auto missing_os = Call(*a, "GET", "/peer/status", partial);
  EXPECT_EQ(missing_os.status, 400) << missing_os.body;
  EXPECT_EQ(Code(missing_os), "MALFORMED") << missing_os.body;
  partial = PeerHeaders("25683");
  partial.erase(partial.begin());  // no nethash
  const auto missing_nethash = Call(*a, "GET", "/peer/status", partial);
  EXPECT_EQ(missing_nethash.status, 400) << missing_nethash.body;
  EXPECT_EQ(Code(missing_nethash), "MALFORMED") << missing_nethash.body;
  // Without a usable port the sender's identity is ip:0, which the refusal bans.
  const auto no_headers = Call(*a, "GET", "/peer/status", {});
  EXPECT_EQ(no_headers.status, 400) << no_headers.body;
  EXPECT_EQ(Code(no_headers), "MALFORMED") << no_headers.body;
  const auto bad_port = Call(*a, "GET", "/peer/status", PeerHeaders("70000"));
  EXPECT_EQ(bad_port.status, 403) << bad_port.body;
  EXPECT_EQ(Code(bad_port), "BANNED") << bad_port.body;

  const auto bad_base64 =
      Call(*a, "POST", "/peer/blocks", PeerHeaders("25681"), json{{"block", "@@@"}}.dump());
  EXPECT_EQ(bad_base64.status, 400) << bad_base64.body;
  EXPECT_EQ(Code(bad_base64), "MALFORMED") << bad_base64.body;

  // Over the 1 MiB cap of /peer/transactions (but under the server's 2 MiB).
  const json big{{"transactions", json::array({std::string((1u << 20) + 100, 'A')})}};
  const auto too_large = Call(*a, "POST", "/peer/transactions", PeerHeaders("25682"), big.dump());
  EXPECT_EQ(too_large.status, 413) << too_large.body.substr(0, 200);
  EXPECT_EQ(Code(too_large), "PAYLOAD_TOO_LARGE") << too_large.body.substr(0, 200);
  EXPECT_EQ(Call(*a, "GET", "/peer/status", PeerHeaders("25682")).status, 403)
      << "a route cap bans";

  EXPECT_EQ(a->tip(), tip) << "nothing of it reached the chain";
}

// Requests beyond the per-peer rate (200/s, bursts of 400) are refused with 429, without a ban.
// Four connections share one identity, so the flood outruns the refill even on a loaded machine.
TEST_F(NetworkTest, RateLimitsAFloodingPeerWithoutBanningIt) {
  auto a = StartNode({});
  http::ClientRequest request;
  request.target = "/peer/status";
  request.headers = PeerHeaders("25690");
  std::atomic<int> served{0};
  std::atomic<bool> limited{false};
  std::atomic<int> unexpected{0};
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(8);
  std::vector<std::thread> flood;
  for (int t = 0; t < 4; ++t) {
    flood.emplace_back([&] {
      http::HttpClient client(http::ClientOptions{.host = "127.0.0.1", .port = a->port()});
      while (!limited && std::chrono::steady_clock::now() < deadline) {
        auto response = client.Send(request);
        if (response.ok() && response->status == 200) {
          ++served;
        } else if (response.ok() && response->status == 429 && Code(*response) == "RATE_LIMITED") {
          limited = true;
        } else {
          ++unexpected;
        }
      }
    });
  }
  for (auto& t : flood) t.join();
  EXPECT_TRUE(limited) << served << " requests served, none refused";
  EXPECT_EQ(unexpected, 0);
  EXPECT_GE(served, 400) << "the burst";
  http::HttpClient client(http::ClientOptions{.host = "127.0.0.1", .port = a->port()});
  EXPECT_TRUE(WaitFor([&] {
    auto response = client.Send(request);
    return response.ok() && response->status == 200;
  })) << "served again once the bucket refills";
  const auto record = a->network->book().Get({"127.0.0.1", 25690});
  ASSERT_TRUE(record.has_value());
  EXPECT_NE(record->state, PeerState::kBanned);
}

// GET /peer/blocks and POST /peer/blocks/common.
TEST_F(NetworkTest, ServesBlocksAndFindsTheCommonBlock) {
  auto a = StartNode({}, /*forging=*/true);
  ForgeBlocks(*a, 10);
  const Headers honest = PeerHeaders("26000");

  const auto five = Call(*a, "GET", "/peer/blocks?after=" + genesis_id_ + "&limit=5", honest);
  ASSERT_EQ(five.status, 200) << five.body;
  const json blocks = Body(five)["blocks"];
  ASSERT_TRUE(blocks.is_array());
  ASSERT_EQ(blocks.size(), 5u);
  std::string previous = genesis_id_;
  for (size_t i = 0; i < blocks.size(); ++i) {
    auto bytes = Base64Decode(blocks[i].get<std::string>());
    ASSERT_TRUE(bytes.ok()) << i;
    auto decoded = block::DecodeBlock(*bytes);
    ASSERT_TRUE(decoded.ok()) << i << ": " << decoded.status().ToString();
    EXPECT_EQ(decoded->header.height, i + 2);
    EXPECT_EQ(util::ToHex(decoded->header.previous), previous) << "height order, each on the last";
    previous = util::ToHex(block::BlockIdHash(*decoded));
    EXPECT_EQ(previous, a->BlockIdAt(i + 2));
  }

  const auto all = Call(*a, "GET", "/peer/blocks?after=" + genesis_id_, honest);
  ASSERT_EQ(all.status, 200);
  EXPECT_EQ(Body(all)["blocks"].size(), 10u) << "the default limit (200) covers the chain";
  const auto none = Call(*a, "GET", "/peer/blocks?after=" + a->BlockIdAt(11) + "&limit=5", honest);
  ASSERT_EQ(none.status, 200);
  EXPECT_TRUE(Body(none)["blocks"].empty()) << "nothing above the tip";

  const std::string unknown(64, 'e');
  const auto not_found = Call(*a, "GET", "/peer/blocks?after=" + unknown + "&limit=5", honest);
  EXPECT_EQ(not_found.status, 404) << not_found.body;
  EXPECT_EQ(Code(not_found), "NOT_FOUND");
  EXPECT_EQ(Call(*a, "GET", "/peer/status", honest).status, 200) << "an unknown id is no offence";

  const std::string after = "/peer/blocks?after=" + genesis_id_;
  int port = 26001;
  for (const char* limit : {"0", "1001", "abc", "-1"}) {
    const auto refused =
        Call(*a, "GET", after + "&limit=" + limit, PeerHeaders(std::to_string(port++)));
    EXPECT_EQ(refused.status, 400) << "limit=" << limit << ": " << refused.body;
    EXPECT_EQ(Code(refused), "MALFORMED") << "limit=" << limit;
  }
  const auto max = Call(*a, "GET", after + "&limit=1000", honest);
  EXPECT_EQ(max.status, 200) << "1000 is allowed";
  const auto bad_after =
      Call(*a, "GET", "/peer/blocks?after=xyz", PeerHeaders(std::to_string(port++)));
  EXPECT_EQ(bad_after.status, 400);
  EXPECT_EQ(Code(bad_after), "MALFORMED");

  const json ids{{"ids", json::array({unknown, a->BlockIdAt(3), a->BlockIdAt(5), genesis_id_})}};
  const auto common = Call(*a, "POST", "/peer/blocks/common", honest, ids.dump());
  ASSERT_EQ(common.status, 200) << common.body;
  const json found = Body(common)["common"];
  ASSERT_TRUE(found.is_object()) << common.body;
  EXPECT_EQ(found.value("id", ""), a->BlockIdAt(5)) << "the highest listed block on the chain";
  EXPECT_EQ(found.value("height", 0), 5);
  const auto no_common =
      Call(*a, "POST", "/peer/blocks/common", honest, json{{"ids", json::array({unknown})}}.dump());
  ASSERT_EQ(no_common.status, 200) << no_common.body;
  EXPECT_TRUE(Body(no_common)["common"].is_null());
  const auto empty = Call(*a, "POST", "/peer/blocks/common", PeerHeaders(std::to_string(port++)),
                          json{{"ids", json::array()}}.dump());
  EXPECT_EQ(empty.status, 400);
  EXPECT_EQ(Code(empty), "MALFORMED");
}

// The client side of the protocol against a live node.
TEST_F(NetworkTest, PeerClientSpeaksTheProtocol) {
  auto a = StartNode({}, /*forging=*/true);
  ForgeBlocks(*a, 4);
  PeerClient client(a->peer_address(), LocalIdentity{genesis_.nethash, "0.3.0", 26100, "linux"});
  auto status = client.Status(std::chrono::milliseconds(3000));
  ASSERT_TRUE(status.ok()) << status.status().ToString();
  EXPECT_EQ(status->height, 5u);
  EXPECT_EQ(status->head_id, util::ToHex(a->tip().id));
  EXPECT_EQ(status->head_timestamp, a->tip().timestamp);
  EXPECT_EQ(status->genesis_id, genesis_id_);
  EXPECT_EQ(status->nonce.size(), 16u);
  EXPECT_EQ(status->version, "0.3.0");

  auto raw = client.Blocks(genesis_id_, 2, std::chrono::milliseconds(3000));
  ASSERT_TRUE(raw.ok()) << raw.status().ToString();
  ASSERT_EQ(raw->size(), 2u);
  auto second = block::DecodeBlock(util::AsBytes((*raw)[1]));
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->header.height, 3u);

  auto common = client.Common({a->BlockIdAt(4), a->BlockIdAt(2)});
  ASSERT_TRUE(common.ok()) << common.status().ToString();
  ASSERT_TRUE(common->has_value());
  EXPECT_EQ((*common)->height, 4u);

  auto known = client.PushBlock(Base64Encode(block::EncodeBlock(a->BlockAt(3))));
  ASSERT_TRUE(known.ok()) << known.status().ToString();
  EXPECT_EQ(*known, "known");

  auto missing = client.Blocks(std::string(64, 'f'), 2, std::chrono::milliseconds(3000));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), util::ErrorCode::kNotFound);

  PeerClient stranger(a->peer_address(), LocalIdentity{"othernet", "0.3.0", 26101, "linux"});
  auto refused = stranger.Status(std::chrono::milliseconds(3000));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), util::ErrorCode::kWrongNetwork);

  PeerClient nobody({"127.0.0.1", 1}, LocalIdentity{genesis_.nethash, "0.3.0", 26102, "linux"});
  auto unreachable = nobody.Status(std::chrono::milliseconds(1000));
  ASSERT_FALSE(unreachable.ok());
  EXPECT_EQ(unreachable.status().code(), util::ErrorCode::kUnavailable);
}

// POST /peer/transactions: state refusals are reported, not punished; forgeries are.
TEST_F(NetworkTest, TakesPushedTransactionsAndRefusesForgedOnes) {
  auto a = StartNode({}, /*forging=*/true);
  const Headers honest = PeerHeaders("28000");
  const compat::AnyTx tx = Transfer(2 * kDdn, "dave");
  const json push{{"transactions", json::array({Base64Encode(block::EncodeTxEntry(tx))})}};
  const auto first = Call(*a, "POST", "/peer/transactions", honest, push.dump());
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(Body(first).value("accepted", -1), 1) << first.body;
  EXPECT_TRUE(Body(first)["rejected"].empty()) << first.body;
  EXPECT_TRUE(a->InPool(tx.id));

  const auto again = Call(*a, "POST", "/peer/transactions", honest, push.dump());
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(Body(again).value("accepted", -1), 0);
  const json rejected = Body(again)["rejected"];
  ASSERT_EQ(rejected.size(), 1u) << again.body;
  EXPECT_EQ(rejected[0].value("index", -1), 0);
  EXPECT_EQ(rejected[0].value("code", ""), "DUPLICATE");
  EXPECT_EQ(Call(*a, "GET", "/peer/status", honest).status, 200) << "a duplicate is no offence";

  compat::AnyTx forged = Transfer(3 * kDdn, "dave");
  forged.tx.signature[0] ^= 1;
  const json bad{{"transactions", json::array({Base64Encode(block::EncodeTxEntry(tx)),
                                               Base64Encode(block::EncodeTxEntry(forged))})}};
  const auto refused = Call(*a, "POST", "/peer/transactions", PeerHeaders("28001"), bad.dump());
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(Code(refused), "BAD_SIGNATURE") << refused.body;
  EXPECT_FALSE(a->InPool(forged.id));
  EXPECT_EQ(Call(*a, "GET", "/peer/status", PeerHeaders("28001")).status, 403);

  const auto not_base64 = Call(*a, "POST", "/peer/transactions", PeerHeaders("28002"),
                               json{{"transactions", json::array({"%%%"})}}.dump());
  EXPECT_EQ(not_base64.status, 400) << not_base64.body;
  EXPECT_EQ(Code(not_base64), "MALFORMED");
  const auto empty = Call(*a, "POST", "/peer/transactions", PeerHeaders("28003"),
                          json{{"transactions", json::array()}}.dump());
  EXPECT_EQ(empty.status, 400) << empty.body;
  EXPECT_EQ(Code(empty), "MALFORMED");
  const auto not_json = Call(*a, "POST", "/peer/transactions", PeerHeaders("28004"), "{");
  EXPECT_EQ(not_json.status, 400) << not_json.body;
  EXPECT_EQ(Code(not_json), "MALFORMED");
}

// A burst of large transactions: gossip batches up to 1000 of them, and the receiver caps the
// body of /peer/transactions at 1 MiB. Honest nodes must not refuse, let alone ban, each other.
TEST_F(NetworkTest, GossipsABurstOfLargeTransactionsBetweenHonestNodes) {
  auto a = StartNode({}, /*forging=*/true);
  auto b = StartNode({a->address()});
  ASSERT_TRUE(WaitFor([&] { return Connected({a.get(), b.get()}, 1); }));
  // 256 characters of 3 bytes each: a valid message of 768 bytes, about 1.2 KB of base64 per
  // transaction, so 1000 of them are about 1.2 MB.
  std::string message;
  for (size_t i = 0; i < chain::kMaxMessageChars; ++i) message += "\u20ac";
  std::vector<compat::AnyTx> txs;
  for (uint64_t i = 1; i <= kMaxTransactionsPerPush; ++i)
    txs.push_back(Transfer(i, "erin", message));
  const std::vector<util::Status> submitted = b->service->Submit(txs);
  for (size_t i = 0; i < submitted.size(); ++i)
    ASSERT_TRUE(submitted[i].ok()) << i << ": " << submitted[i].ToString();

  auto pool_size = [&] {
    return a->service->Read(
        [](const kernel::Chain&, const kernel::TxPool& pool) { return pool.size(); });
  };
  // Ends early when either side bans the other: then the batch never arrives.
  WaitFor([&] { return pool_size() == txs.size() || a->BannedAny() || b->BannedAny(); });
  const bool arrived = pool_size() == txs.size();
  const auto b_seen_by_a = a->network->book().Get(b->peer_address());
  const auto a_seen_by_b = b->network->book().Get(a->peer_address());
  EXPECT_TRUE(arrived) << "A's pool holds " << pool_size() << " of " << txs.size();
  ASSERT_TRUE(b_seen_by_a.has_value());
  ASSERT_TRUE(a_seen_by_b.has_value());
  EXPECT_NE(b_seen_by_a->state, PeerState::kBanned) << "A banned B: " << b_seen_by_a->ban_reason;
  EXPECT_NE(a_seen_by_b->state, PeerState::kBanned) << "B banned A: " << a_seen_by_b->ban_reason;
}

// Fork choice through the network: a node that comes up with a worse chain of the same height
// (its tip in a later slot) switches to its seed's chain.
TEST_F(NetworkTest, ANodeOnASameHeightForkSwitchesToTheBetterChain) {
  auto a = StartNode({}, /*forging=*/true);
  ForgeBlocks(*a, 3);
  auto b = StartNodeWith({.seeds = {a->address()}, .forging = true, .launch = false});
  const compat::AnyTx tx = Transfer(4 * kDdn, "frank");
  ASSERT_TRUE(b->service->Submit({tx})[0].ok());
  ForgeBlocks(*b, 3);  // the same heights as A's, in later slots
  ASSERT_EQ(b->tip().height, a->tip().height);
  ASSERT_NE(b->tip(), a->tip());
  ASSERT_TRUE(b->Confirmed(tx.id));
  Launch(*b);
  EXPECT_TRUE(WaitFor([&] { return b->tip() == a->tip(); }))
      << "A at " << Describe(a->tip()) << ", B at " << Describe(b->tip());
  EXPECT_FALSE(b->Confirmed(tx.id));
  EXPECT_TRUE(b->InPool(tx.id)) << "the transaction of the abandoned fork is pending again";
  EXPECT_FALSE(a->BannedAny());
  EXPECT_FALSE(b->BannedAny());
}

// The seed itself switches when a node joins with a longer chain from the same genesis block.
TEST_F(NetworkTest, ASeedSwitchesToALongerForkOfAJoiningNode) {
  auto a = StartNode({}, /*forging=*/true);
  ForgeBlocks(*a, 3);
  auto b = StartNodeWith({.seeds = {a->address()}, .forging = true, .launch = false});
  ForgeBlocks(*b, 6);
  const state::Tip longer = b->tip();
  ASSERT_EQ(longer.height, 7u);
  Launch(*b);
  EXPECT_TRUE(WaitFor([&] { return a->tip() == longer; }))
      << "A at " << Describe(a->tip()) << ", B at " << Describe(b->tip());
  EXPECT_EQ(a->BlockIdAt(2), b->BlockIdAt(2));
  // A forges on the chain it switched to, and B follows.
  ASSERT_TRUE(WaitFor([&] { return a->network->MayForge(); }));
  ForgeBlocks(*a, 1);
  EXPECT_EQ(a->tip().height, 8u);
  EXPECT_TRUE(WaitFor([&] { return b->tip() == a->tip(); }))
      << "A at " << Describe(a->tip()) << ", B at " << Describe(b->tip());
  EXPECT_FALSE(a->BannedAny());
  EXPECT_FALSE(b->BannedAny());
}

// A peer that stops answering is disconnected after three failed status requests.
TEST_F(NetworkTest, DisconnectsAPeerThatStopsAnswering) {
  auto a = StartNodeWith(
      {.tune = [](NetworkOptions& o) { o.status_interval = std::chrono::milliseconds(100); }});
  auto b = StartNode({a->address()});
  ASSERT_TRUE(WaitFor([&] { return Connected({a.get(), b.get()}, 1); }));
  const PeerAddress gone = b->peer_address();
  b.reset();
  EXPECT_TRUE(WaitFor([&] { return a->network->connected_peers() == 0; }));
  const auto record = a->network->book().Get(gone);
  ASSERT_TRUE(record.has_value()) << "kept until it failed eight times";
  EXPECT_EQ(record->state, PeerState::kDisconnected);
  EXPECT_GE(record->failures, 3u);
  EXPECT_FALSE(record->last_error.empty());
  EXPECT_GT(record->next_attempt_ms, record->last_seen_ms);
}

// A seed that cannot be reached does not hold forging back for ever.
TEST_F(NetworkTest, ANodeWithADeadSeedStillForges) {
  auto a = StartNode({"127.0.0.1:1"}, /*forging=*/true);
  ASSERT_TRUE(WaitFor([&] { return a->network->MayForge(); }));
  ForgeBlocks(*a, 2);
  EXPECT_EQ(a->tip().height, 3u);
  const auto seed = a->network->book().Get({"127.0.0.1", 1});
  ASSERT_TRUE(seed.has_value());
  EXPECT_EQ(seed->state, PeerState::kDisconnected);
  EXPECT_GE(seed->failures, 1u);
}

// A node given its own address as a seed finds its own nonce and forgets the address.
TEST_F(NetworkTest, ANodeThatDialsItselfForgetsItsOwnAddress) {
  uint16_t port = 0;
  {
    http::HttpServer probe(http::ServerOptions{.threads = 1});
    ASSERT_TRUE(probe.Start().ok());
    port = probe.port();
  }
  const std::string self = "127.0.0.1:" + std::to_string(port);
  auto a = StartNodeWith({.seeds = {self}, .port = port});
  ASSERT_EQ(a->port(), port);
  EXPECT_TRUE(WaitFor([&] {
    return a->network->MayForge() && !a->network->book().Get(a->peer_address());
  })) << "still in its own book: "
      << a->network->book().All().size() << " peers";
  EXPECT_EQ(a->network->connected_peers(), 0u);
}

// A peer that serves a block with a bad signature during a sync is banned, and the block is not
// applied. The peer is played by a hand-written server in front of a real chain.
TEST_F(NetworkTest, BansAPeerThatServesABadBlockDuringTheSync) {
  auto source = StartNodeWith({.forging = true, .launch = false});  // never on the network
  ForgeBlocks(*source, 5);
  std::vector<block::Block> chain;
  for (uint64_t h = 2; h <= 6; ++h) chain.push_back(source->BlockAt(h));
  chain.back().signature[5] ^= 1;
  const state::Tip tip = source->tip();

  http::Router router;
  auto peer = [this](nlohmann::json body, uint16_t* port) {
    http::Response response = http::Json(body);
    response.headers = {{"nethash", genesis_.nethash},
                        {"version", "0.3.0"},
                        {"port", std::to_string(*port)},
                        {"os", "linux"}};
    return response;
  };
  uint16_t liar_port = 0;
  router.Add("GET", "/peer/status", [&, tip](const http::Request&) {
    return peer({{"success", true},
                 {"height", tip.height},
                 {"headId", util::ToHex(tip.id)},
                 {"headTimestamp", tip.timestamp},
                 {"irreversibleHeight", 1},
                 {"irreversibleId", genesis_id_},
                 {"genesisId", genesis_id_},
                 {"nonce", "0123456789abcdef"}},
                &liar_port);
  });
  router.Add("GET", "/peer/list", [&](const http::Request&) {
    return peer({{"success", true}, {"peers", json::array()}}, &liar_port);
  });
  router.Add("POST", "/peer/blocks/common", [&](const http::Request&) {
    return peer({{"success", true}, {"common", {{"id", genesis_id_}, {"height", 1}}}}, &liar_port);
  });
  router.Add("GET", "/peer/blocks", [&](const http::Request& r) {
    json blocks = json::array();
    const std::string* after = r.QueryValue("after");
    if (after && *after == genesis_id_) {
      for (const auto& b : chain) blocks.push_back(Base64Encode(block::EncodeBlock(b)));
    }
    return peer({{"success", true}, {"blocks", blocks}}, &liar_port);
  });
  router.Add("POST", "/peer/blocks", [&](const http::Request&) {
    return peer({{"success", true}, {"result", "known"}}, &liar_port);
  });
  http::HttpServer liar(http::ServerOptions{.threads = 1}, std::move(router));
  ASSERT_TRUE(liar.Start().ok());
  liar_port = liar.port();

  auto b = StartNode({"127.0.0.1:" + std::to_string(liar_port)});
  const PeerAddress liar_address{"127.0.0.1", liar_port};
  EXPECT_TRUE(
      WaitFor([&] { return b->network->book().IsBanned(liar_address, wall_clock_.NowUnixMs()); }));
  const auto record = b->network->book().Get(liar_address);
  ASSERT_TRUE(record.has_value());
  EXPECT_NE(record->ban_reason.find("BAD_SIGNATURE"), std::string::npos) << record->ban_reason;
  EXPECT_LT(b->tip().height, 6u) << "the bad block was applied";
  EXPECT_TRUE(WaitFor([&] { return !b->network->syncing(); }));
}

// POST /peer/blocks: a block from a slot that has not begun here is refused without a ban (the
// sender's clock may simply run ahead); a block that breaks a rule gets its sender banned.
TEST_F(NetworkTest, TellsEarlyBlocksFromInvalidOnes) {
  auto source = StartNodeWith({.forging = true, .launch = false});  // never on the network
  auto a = StartNode({});
  ForgeBlocks(*source, 1);
  const block::Block early = source->BlockAt(2);
  const json push{{"block", Base64Encode(block::EncodeBlock(early))}};
  chain_clock_.Advance(-kSlotMs);
  const auto refused = Call(*a, "POST", "/peer/blocks", PeerHeaders("29000"), push.dump());
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_EQ(Code(refused), "TIMESTAMP_IN_FUTURE") << refused.body;
  chain_clock_.Advance(kSlotMs);
  const auto applied = Call(*a, "POST", "/peer/blocks", PeerHeaders("29000"), push.dump());
  ASSERT_EQ(applied.status, 200) << "not banned: " << applied.body;
  EXPECT_EQ(Body(applied).value("result", ""), "applied");
  EXPECT_EQ(
      Body(Call(*a, "POST", "/peer/blocks", PeerHeaders("29000"), push.dump())).value("result", ""),
      "known");
  EXPECT_EQ(a->tip(), source->tip());

  // A well-signed block with a wrong reward, on A's tip.
  ForgeBlocks(*source, 1);
  block::Block invalid = source->BlockAt(3);
  invalid.header.reward += 1;
  bool sealed = false;
  for (const auto& secret : genesis_.delegate_secrets) {
    const crypto::KeyPair keys = crypto::KeyPairFromPassphrase(secret);
    if (keys.public_key != invalid.header.generator) continue;
    block::SealBlock(invalid, keys);
    sealed = true;
  }
  ASSERT_TRUE(sealed);
  const auto bad = Call(*a, "POST", "/peer/blocks", PeerHeaders("29001"),
                        json{{"block", Base64Encode(block::EncodeBlock(invalid))}}.dump());
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(Code(bad), "INVALID_FIELD") << bad.body;
  EXPECT_EQ(Call(*a, "GET", "/peer/status", PeerHeaders("29001")).status, 403);
  EXPECT_EQ(a->tip().height, 2u);
}

}  // namespace
}  // namespace ddn::p2p
