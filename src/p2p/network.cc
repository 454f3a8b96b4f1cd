#include "p2p/network.h"

#include <random>
#include <set>

#include "crypto/hash.h"
#include "kernel/fork_choice.h"
#include "state/keys.h"
#include "util/bytes.h"

namespace ddn::p2p {

using util::ErrorCode;

namespace {
constexpr size_t kLinkQueueLimit = 64;
constexpr auto kTxGossipDelay = std::chrono::milliseconds(50);

std::string RandomNonce() {
  std::random_device rd;
  const uint64_t v = (static_cast<uint64_t>(rd()) << 32) ^ rd();
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(v));
  return text;
}
}  // namespace

// The source of the block or transactions being processed on this thread (set by the peer
// routes around calls into the chain service), so gossip does not echo them back.
thread_local const PeerAddress* t_gossip_source = nullptr;

Network::Network(kernel::ChainService& service, const kernel::Clock& clock, NetworkOptions options)
    : service_(service),
      clock_(clock),
      options_(std::move(options)),
      book_(PeerBookOptions{.max_peers = options_.max_peers}),
      advertised_port_(options_.identity.port),
      nonce_(RandomNonce()) {
  auto genesis = service_.ReadHistory([](const kernel::Chain& c) { return c.db().Read(state::keys::Genesis()); });
  if (genesis.ok() && *genesis) genesis_id_ = util::ToHex(util::AsBytes(**genesis));
  for (const auto& seed : options_.seeds) {
    auto address = ParsePeerAddress(seed);
    if (!address.ok()) {
      Log("warn", "ignoring seed: " + address.status().message());
      continue;
    }
    seeds_.push_back(*address);
    book_.Learn(*address, "seed", NowMs());
  }
}

Network::~Network() { Stop(); }

void Network::Log(std::string_view level, std::string_view message) const {
  if (options_.log) options_.log(level, message);
}

bool Network::MayForge() const { return seeds_tried_.load() && !syncing_.load(); }

void Network::Start() {
  std::lock_guard lock(stop_mu_);
  if (started_) return;
  started_ = true;
  if (seeds_.empty()) seeds_tried_ = true;
  for (size_t i = 0; i < options_.outbound_threads; ++i) {
    workers_.emplace_back([this] {
      for (;;) {
        std::function<void()> task;
        {
          std::unique_lock lock(work_mu_);
          work_cv_.wait(lock, [this] { return stopping_ || !work_.empty(); });
          if (work_.empty()) return;  // stopping
          task = std::move(work_.front());
          work_.pop_front();
        }
        task();
      }
    });
  }
  maintenance_ = std::thread([this] { MaintenanceLoop(); });
  sync_ = std::thread([this] { SyncLoop(); });
  gossip_ = std::thread([this] { GossipLoop(); });
}

void Network::Stop() {
  {
    std::lock_guard lock(stop_mu_);
    if (stopping_) return;
    stopping_ = true;
  }
  {
    std::lock_guard lock(work_mu_);  // workers test stopping_ under this mutex
    work_.clear();
  }
  work_cv_.notify_all();
  stop_cv_.notify_all();
  {
    std::lock_guard lock(sync_mu_);
  }
  sync_cv_.notify_all();
  {
    std::lock_guard lock(gossip_mu_);
  }
  gossip_cv_.notify_all();
  for (auto* t : {&maintenance_, &sync_, &gossip_}) {
    if (t->joinable()) t->join();
  }
  for (auto& w : workers_) {
    if (w.joinable()) w.join();
  }
}

LocalIdentity Network::Identity() const {
  LocalIdentity identity = options_.identity;
  identity.port = advertised_port_.load();
  return identity;
}

std::shared_ptr<Network::Link> Network::LinkFor(const PeerAddress& address) {
  std::lock_guard lock(links_mu_);
  auto& link = links_[address];
  if (!link) link = std::make_shared<Link>(address, Identity());
  return link;
}

void Network::Post(const PeerAddress& address, std::function<void(PeerClient&)> job) {
  auto link = LinkFor(address);
  {
    std::lock_guard lock(link->mu);
    if (link->queue.size() >= kLinkQueueLimit) return;  // the peer is too slow: it will sync
    link->queue.push_back(std::move(job));
    if (link->busy) return;
    link->busy = true;
  }
  ScheduleDrain(link);
}

void Network::ScheduleDrain(const std::shared_ptr<Link>& link) {
  std::lock_guard lock(work_mu_);
  if (stopping_) return;
  // One job per turn, then the link goes to the back of the line: a slow peer holds at most
  // one worker at a time and the others keep serving the rest.
  work_.push_back([this, link] {
    std::function<void(PeerClient&)> next;
    {
      std::lock_guard lock(link->mu);
      next = std::move(link->queue.front());
      link->queue.pop_front();
    }
    next(link->client);
    {
      std::lock_guard lock(link->mu);
      if (link->queue.empty()) {
        link->busy = false;
        return;
      }
    }
    ScheduleDrain(link);
  });
  work_cv_.notify_one();
}

void Network::Punish(const PeerAddress& address, const util::Status& why) {
  const int64_t now = NowMs();
  if (IsMisbehaviour(why.code())) {
    const int64_t until = now + std::chrono::duration_cast<std::chrono::milliseconds>(options_.ban_duration).count();
    book_.Ban(address, why.ToString(), until, now);
    Log("warn", "banned peer " + address.ToString() + " until " + std::to_string(until / 1000) + ": " + why.ToString());
  } else {
    book_.OnFailure(address, why.ToString(), now);
  }
}

// ---- maintenance ----

void Network::RequestStatus(const PeerAddress& address) {
  auto link = LinkFor(address);
  if (link->status_pending.exchange(true)) return;  // one status request in flight per peer
  Post(address, [this, address, link](PeerClient& client) {
    struct Done {
      std::atomic<bool>& flag;
      ~Done() { flag = false; }
    } done{link->status_pending};
    const auto started = std::chrono::steady_clock::now();
    auto status = client.Status(std::chrono::milliseconds(3000));
    const double latency =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    if (!status.ok()) {
      Punish(address, status.status());
      return;
    }
    if (status->nonce == nonce_) {
      book_.Forget(address);  // we dialled ourselves
      return;
    }
    if (status->genesis_id != genesis_id_) {
      Punish(address, util::Error(ErrorCode::kWrongNetwork, "another genesis block"));
      return;
    }
    const bool was_connected = [&] {
      auto r = book_.Get(address);
      return r && r->state == PeerState::kConnected;
    }();
    book_.OnStatus(address, *status, latency, NowMs());
    auto r = book_.Get(address);
    if (!was_connected && r && r->state == PeerState::kConnected) {
      Log("info", "connected to peer " + address.ToString() + " at height " + std::to_string(status->height));
    }
    if (BetterPeerExists()) {
      std::lock_guard lock(sync_mu_);
      sync_wanted_ = true;
      sync_cv_.notify_one();
    }
  });
}

void Network::ContactSeeds() {
  // Forging waits until every seed answered or failed once (bounded by the request timeouts).
  auto remaining = std::make_shared<std::atomic<size_t>>(seeds_.size());
  for (const auto& seed : seeds_) {
    Post(seed, [this, seed, remaining](PeerClient&) {
      RequestStatus(seed);  // queued right behind this job on the same link
      Post(seed, [this, remaining](PeerClient&) {
        if (remaining->fetch_sub(1) != 1) return;
        // Every seed answered or failed: one sync round, then forging may start.
        std::lock_guard lock(sync_mu_);
        sync_wanted_ = true;
        initial_sync_ = true;
        sync_cv_.notify_one();
      });
    });
  }
}

void Network::Discover() {
  auto connected = book_.Connected();
  if (connected.empty()) return;
  static thread_local std::mt19937 rng{std::random_device{}()};
  const PeerAddress from = connected[rng() % connected.size()].address;
  Post(from, [this, from](PeerClient& client) {
    auto peers = client.List();
    if (!peers.ok()) {
      Punish(from, peers.status());
      return;
    }
    for (const auto& p : *peers) {
      if (p.port == advertised_port_.load() && (p.ip == "127.0.0.1" || p.ip == "::1")) continue;
      if (book_.Learn(p, "discovered", NowMs())) Log("debug", "learnt peer " + p.ToString() + " from " + from.ToString());
    }
  });
}

bool Network::BetterPeerExists() const {
  const state::Tip tip = service_.Read([](const kernel::Chain& c, const kernel::TxPool&) { return c.tip(); });
  const kernel::TipSummary ours{tip.height, tip.timestamp, tip.id};
  for (const auto& p : book_.Connected()) {
    kernel::TipSummary theirs{p.status.height, p.status.head_timestamp,
                              util::FromHexFixed<32>(p.status.head_id).value_or(chain::Hash256{})};
    if (kernel::IsBetterTip(theirs, ours)) return true;
  }
  return false;
}

void Network::MaintenanceLoop() {
  ContactSeeds();
  int64_t last_status = 0, last_discovery = 0;
  std::unique_lock lock(stop_mu_);
  while (!stopping_) {
    lock.unlock();
    const int64_t now = NowMs();
    if (now - last_status >= options_.status_interval.count()) {
      last_status = now;
      for (const auto& p : book_.Connected()) RequestStatus(p.address);
    }
    for (const auto& address : book_.DueForAttempt(now)) {
      if (book_.connected_count() >= options_.max_peers) break;
      RequestStatus(address);
    }
    if (now - last_discovery >= options_.discovery_interval.count()) {
      last_discovery = now;
      Discover();
    }
    const uint64_t height = service_.Read([](const kernel::Chain& c, const kernel::TxPool&) { return c.tip().height; });
    book_.CheckStuck(height, now);
    PruneLinks();
    lock.lock();
    stop_cv_.wait_for(lock, std::chrono::milliseconds(500), [this] { return stopping_.load(); });
  }
}

void Network::PruneLinks() {
  std::set<PeerAddress> known;
  for (const auto& p : book_.All()) known.insert(p.address);
  std::lock_guard lock(links_mu_);
  for (auto it = links_.begin(); it != links_.end();) {
    std::lock_guard link_lock(it->second->mu);
    if (!known.count(it->first) && !it->second->busy) {
      it = links_.erase(it);
    } else {
      ++it;
    }
  }
}

// ---- gossip ----

void Network::OnBlockApplied(const block::Block& block) {
  // Only fresh blocks travel by gossip; old ones (synced) reach lagging peers by their sync.
  const uint64_t slot = consensus::SlotOf(block.header.timestamp, service_.chain_options().params);
  if (slot + 2 < service_.CurrentSlot()) return;
  PendingBlock pending{Base64Encode(block::EncodeBlock(block)), std::nullopt};
  if (t_gossip_source) pending.source = *t_gossip_source;
  {
    std::lock_guard lock(gossip_mu_);
    pending_blocks_.push_back(std::move(pending));
  }
  gossip_cv_.notify_one();
}

void Network::OnTransactionAccepted(const compat::AnyTx& tx) {
  PendingTx pending{Base64Encode(block::EncodeTxEntry(tx)), std::nullopt};
  if (t_gossip_source) pending.source = *t_gossip_source;
  std::lock_guard lock(gossip_mu_);
  pending_txs_.push_back(std::move(pending));
  if (pending_txs_.size() == 1 || pending_txs_.size() >= kMaxTransactionsPerPush) gossip_cv_.notify_one();
}

void Network::OnCosignatureAdded(const std::string& tx_id, const chain::Signature& signature) {
  PendingSignature pending{{{"transaction", tx_id}, {"signature", util::ToHex(signature)}},
                           std::nullopt};
  if (t_gossip_source) pending.source = *t_gossip_source;
  std::lock_guard lock(gossip_mu_);
  pending_signatures_.push_back(std::move(pending));
  if (pending_signatures_.size() == 1 || pending_signatures_.size() >= kMaxSignaturesPerPush) {
    gossip_cv_.notify_one();
  }
}

void Network::GossipLoop() {
  std::unique_lock lock(gossip_mu_);
  for (;;) {
    gossip_cv_.wait(lock, [this] {
      return stopping_ || !pending_blocks_.empty() || !pending_txs_.empty() ||
             !pending_signatures_.empty();
    });
    if (stopping_) return;
    if (pending_blocks_.empty() && pending_txs_.size() < kMaxTransactionsPerPush &&
        pending_signatures_.size() < kMaxSignaturesPerPush) {
      // Let a batch gather (a block, a full batch, or stopping ends the wait early).
      gossip_cv_.wait_for(lock, kTxGossipDelay, [this] {
        return stopping_ || !pending_blocks_.empty() ||
               pending_txs_.size() >= kMaxTransactionsPerPush ||
               pending_signatures_.size() >= kMaxSignaturesPerPush;
      });
      if (stopping_) return;
    }
    std::deque<PendingBlock> blocks;
    blocks.swap(pending_blocks_);
    std::vector<PendingTx> txs;
    txs.swap(pending_txs_);
    std::vector<PendingSignature> signatures;
    signatures.swap(pending_signatures_);
    lock.unlock();
    const auto peers = book_.Connected();
    for (const auto& block : blocks) {
      auto shared = std::make_shared<const std::string>(block.base64);
      for (const auto& p : peers) {
        if (block.source && *block.source == p.address) continue;
        const PeerAddress to = p.address;
        Post(to, [this, to, shared](PeerClient& client) {
          auto result = client.PushBlock(*shared);
          if (!result.ok()) Punish(to, result.status());
        });
      }
    }
    for (const auto& p : peers) {
      // Messages of at most 1000 entries and well under the receiver's 1 MiB body cap.
      std::vector<std::shared_ptr<std::vector<std::string>>> messages;
      size_t bytes = 0;
      for (const auto& tx : txs) {
        if (tx.source && *tx.source == p.address) continue;
        if (messages.empty() || messages.back()->size() >= kMaxTransactionsPerPush ||
            bytes + tx.entry_base64.size() + 4 > kMaxTransactionsBody - (64u << 10)) {
          messages.push_back(std::make_shared<std::vector<std::string>>());
          bytes = 0;
        }
        messages.back()->push_back(tx.entry_base64);
        bytes += tx.entry_base64.size() + 4;
      }
      const PeerAddress to = p.address;
      for (auto& entries : messages) {
        Post(to, [this, to, entries](PeerClient& client) {
          auto result = client.PushTransactions(*entries);
          if (!result.ok()) Punish(to, result.status());
        });
      }
      // Co-signatures after the transactions, on the same ordered link: a peer that gets a
      // waiting transaction in this round has it before its co-signatures arrive.
      std::vector<std::shared_ptr<nlohmann::json>> signature_messages;
      for (const auto& sig : signatures) {
        if (sig.source && *sig.source == p.address) continue;
        if (signature_messages.empty() ||
            signature_messages.back()->size() >= kMaxSignaturesPerPush) {
          signature_messages.push_back(std::make_shared<nlohmann::json>(nlohmann::json::array()));
        }
        signature_messages.back()->push_back(sig.entry);
      }
      for (auto& entries : signature_messages) {
        Post(to, [this, to, entries](PeerClient& client) {
          auto result = client.PushSignatures(*entries);
          if (!result.ok()) Punish(to, result.status());
        });
      }
    }
    lock.lock();
  }
}

}  // namespace ddn::p2p
