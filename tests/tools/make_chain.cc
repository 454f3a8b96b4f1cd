// ddn-make-chain: creates a new network with a long chain already on disk, for tests that need a
// node with history (sync of a fresh node, deep queries) without waiting for it to be forged.
//
//   ddn-make-chain --dir DIR --blocks N [--txs-per-block K] [--delegates D] [--block-interval S]
//
// DIR receives what `ddn genesis --out DIR` writes (genesis.block, config.toml forging with every
// delegate and data_dir "data", secrets.json), and DIR/data a RocksDB chain of N + 1 blocks: the
// genesis block (timestamp 0, the DDN epoch) and blocks in the consecutive slots 1..N, each forged
// by its slot's owner and holding K native transfers from the faucet to fresh random addresses.
// All these slots lie in the past, so `ddnd --config DIR/config.toml` opens at height N + 1 and
// goes on forging at the current slot. Prints {"dir", "nethash", "height", "transactions",
// "seconds"}.
//
// The blocks are written without a sync per block (only the last commit is synced): the output is
// scratch data for tests, and a run that dies half-way leaves a directory to delete, not a node.
#include <chrono>
#include <filesystem>
#include <iostream>
#include <map>
#include <random>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "chain/tx_codec.h"
#include "chain/tx_signer.h"
#include "consensus/dpos.h"
#include "crypto/address.h"
#include "kernel/chain.h"
#include "node/network_files.h"
#include "node/node.h"
#include "storage/kv_store.h"

namespace {

using ddn::util::Status;

// A KvStore that forwards to another and writes without sync until the last batch is due:
// the chain's per-block durability is not wanted while a whole chain is generated.
class DeferredSyncStore final : public ddn::storage::KvStore {
 public:
  explicit DeferredSyncStore(std::unique_ptr<ddn::storage::KvStore> inner)
      : inner_(std::move(inner)) {}

  // From now on writes are synced (a synced write also makes every earlier one durable).
  void SyncFromNowOn() { sync_ = true; }

  ddn::util::Result<std::optional<std::string>> Get(std::string_view key) const override {
    return inner_->Get(key);
  }
  Status Write(const ddn::storage::WriteBatch& batch, bool sync) override {
    return inner_->Write(batch, sync && sync_);
  }
  Status Scan(std::string_view prefix, bool reverse,
              const ddn::storage::ScanVisitor& visit) const override {
    return inner_->Scan(prefix, reverse, visit);
  }

 private:
  std::unique_ptr<ddn::storage::KvStore> inner_;
  bool sync_ = false;
};

struct Options {
  std::string dir;
  uint64_t blocks = 0;
  uint32_t txs_per_block = 0;
  uint32_t delegates = 101;
  uint32_t block_interval = 10;
};

struct Totals {
  std::string nethash;
  uint64_t height = 0;
  uint64_t transactions = 0;
};

// K transfers from the faucet, all with ids distinct from each other and from every earlier
// batch (random recipients, and amounts that count up with `serial`).
std::vector<ddn::compat::AnyTx> FaucetTransfers(const std::string& nethash,
                                                const ddn::crypto::KeyPair& faucet,
                                                uint32_t timestamp, uint32_t count,
                                                uint64_t& serial, std::mt19937_64& random) {
  std::vector<ddn::compat::AnyTx> txs;
  txs.reserve(count);
  for (uint32_t i = 0; i < count; ++i) {
    ddn::chain::Transaction tx;
    tx.nethash = nethash;
    tx.type = ddn::chain::TxType::kTransfer;
    tx.timestamp = timestamp;
    ddn::chain::AddressHash to;
    for (auto& b : to) b = static_cast<uint8_t>(random());
    tx.recipient = to;
    tx.amount = 100'000'000 + ++serial;  // 1 DDN and a few base units
    ddn::chain::SignTransaction(tx, faucet);
    ddn::compat::AnyTx any;
    any.id = ddn::chain::TxId(tx);
    any.tx = std::move(tx);
    txs.push_back(std::move(any));
  }
  return txs;
}

ddn::util::Result<Totals> MakeChain(const Options& o) {
  using ddn::util::ErrorCode;
  const std::filesystem::path dir(o.dir);
  if (std::filesystem::exists(dir / "data")) {
    return ddn::util::Error(ErrorCode::kInvalidField, (dir / "data").string() + " already exists");
  }
  DDN_ASSIGN_OR_RETURN(ddn::node::NewNetwork net,
                       ddn::node::CreateNetwork(o.delegates, o.block_interval, ""));
  DDN_RETURN_IF_ERROR(ddn::node::WriteNetwork(net, o.dir, "data", 8001));

  DDN_ASSIGN_OR_RETURN(ddn::kernel::ChainOptions options, ddn::node::ChainOptionsOf(net.config));

  DDN_ASSIGN_OR_RETURN(auto rocks, ddn::storage::OpenRocksDbStore((dir / "data").string()));
  auto store = std::make_unique<DeferredSyncStore>(std::move(rocks));
  DeferredSyncStore* deferred = store.get();
  if (o.blocks == 0) deferred->SyncFromNowOn();  // the genesis commit is the last one
  ddn::kernel::Chain chain(std::move(store), options);
  DDN_RETURN_IF_ERROR(chain.Open(net.genesis.block));

  std::map<ddn::chain::PublicKey, ddn::crypto::KeyPair> delegate_keys;
  for (const auto& secret : net.genesis.delegate_secrets) {
    const auto keys = ddn::crypto::KeyPairFromPassphrase(secret);
    delegate_keys.emplace(keys.public_key, keys);
  }
  const auto faucet = ddn::crypto::KeyPairFromPassphrase(net.genesis.faucet_secret);
  std::mt19937_64 random(std::random_device{}());
  uint64_t serial = 0;
  Totals totals;
  totals.nethash = net.genesis.nethash;
  const uint64_t first_slot = ddn::consensus::SlotOf(chain.tip().timestamp, options.params) + 1;
  for (uint64_t slot = first_slot; slot < first_slot + o.blocks; ++slot) {
    const uint32_t timestamp = ddn::consensus::SlotTime(slot, options.params);
    const auto txs =
        FaucetTransfers(options.nethash, faucet, timestamp, o.txs_per_block, serial, random);
    DDN_ASSIGN_OR_RETURN(ddn::chain::PublicKey owner, chain.SlotOwner(slot));
    std::vector<std::pair<std::string, Status>> skipped;
    DDN_ASSIGN_OR_RETURN(ddn::block::Block block,
                         chain.BuildBlock(slot, delegate_keys.at(owner), txs, &skipped));
    if (!skipped.empty()) {
      return Status(skipped.front().second.code(),
                    "transfer " + skipped.front().first + ": " + skipped.front().second.message());
    }
    if (slot + 1 == first_slot + o.blocks) deferred->SyncFromNowOn();
    // Every signature was made here a moment ago; the node that opens the chain trusts its store.
    DDN_RETURN_IF_ERROR(chain.ApplyBlock(block, {.verify_signatures = false, .current_slot = slot}));
    totals.transactions += block.transactions.size();
  }
  totals.height = chain.tip().height;
  return totals;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"ddn-make-chain - a new network with N blocks already forged (test data)"};
  Options o;
  app.add_option("--dir", o.dir, "Directory to write (as `ddn genesis --out`), plus DIR/data")
      ->required();
  app.add_option("--blocks", o.blocks, "Blocks to forge after the genesis block")->required();
  app.add_option("--txs-per-block", o.txs_per_block, "Faucet transfers per block (0..500)")
      ->capture_default_str()
      ->check(CLI::Range(0, 500));
  app.add_option("--delegates", o.delegates, "Number of delegates")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));
  app.add_option("--block-interval", o.block_interval, "Seconds per slot")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  CLI11_PARSE(app, argc, argv);

  const auto start = std::chrono::steady_clock::now();
  auto totals = MakeChain(o);
  if (!totals.ok()) {
    std::cerr << "ddn-make-chain: " << totals.status().ToString() << "\n";
    return 1;
  }
  const std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - start;
  std::cout << nlohmann::json{{"dir", o.dir},
                              {"nethash", totals->nethash},
                              {"height", totals->height},
                              {"transactions", totals->transactions},
                              {"seconds", seconds.count()}}
                   .dump()
            << "\n";
  return 0;
}
