// Network: the node's place in the peer-to-peer network (docs/p2p.md §4).
//
// It serves the peer protocol (/peer/…) and /api/peers on the node's router, and runs:
//  * a maintenance thread (every 500 ms): status requests to connected peers (every 2 s) and to
//    disconnected ones whose back-off passed, peer-list discovery (every 5 s), dropping stuck
//    peers, and waking the sync when a peer reports a better chain;
//  * a sync thread: common-block search, batched downloads (the next batch is fetched while the
//    current one is applied), fork switches, moving to another peer when one fails or lies;
//  * a gossip thread: new blocks are pushed at once, new transactions and multisignature
//    co-signatures in batches every 50 ms (transactions before co-signatures);
//  * outbound requests run on a small worker pool, one queue per peer, so a slow peer only
//    delays itself.
// Misbehaving peers (docs/p2p.md §2) are banned for `ban_duration`.
// Forging is held back while the node syncs, and at start until every seed was asked for its
// status and one sync round followed.
// Thread safety: all public methods are safe to call concurrently. Observer callbacks come from
// the chain service's threads and only queue work.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "http/router.h"
#include "kernel/chain_service.h"
#include "kernel/clock.h"
#include "p2p/peer_book.h"
#include "p2p/peer_client.h"
#include "p2p/protocol.h"

namespace ddn::p2p {

struct NetworkOptions {
  std::vector<std::string> seeds;  // "host:port"
  LocalIdentity identity;          // nethash, version, advertised port, os
  size_t max_peers = 20;
  std::chrono::seconds ban_duration{600};
  std::chrono::milliseconds status_interval{2000};
  std::chrono::milliseconds discovery_interval{5000};
  size_t outbound_threads = 8;
  // Diagnostics sink (bans, forks, sync progress); must be thread-safe.
  std::function<void(std::string_view level, std::string_view message)> log;
};

class Network final : public kernel::ChainObserver {
 public:
  Network(kernel::ChainService& service, const kernel::Clock& clock, NetworkOptions options);
  ~Network() override;  // Stop()
  Network(const Network&) = delete;
  Network& operator=(const Network&) = delete;

  // Adds /peer/* and /api/peers* to `router` (before the server starts).
  void RegisterRoutes(http::Router& router);
  // The port announced to peers, when it is known only once the server is bound (before Start).
  void SetAdvertisedPort(uint16_t port) { advertised_port_ = port; }
  void Start();
  void Stop();

  // For ServiceOptions::may_forge.
  bool MayForge() const;
  bool syncing() const { return syncing_.load(); }
  size_t connected_peers() const { return book_.connected_count(); }
  const PeerBook& book() const { return book_; }

  void OnBlockApplied(const block::Block& block) override;
  void OnTransactionAccepted(const compat::AnyTx& tx) override;
  void OnCosignatureAdded(const std::string& tx_id, const chain::Signature& signature) override;

 private:
  // Outbound requests to one peer: its client and a queue of jobs drained by one worker at a
  // time (so a peer's requests stay in order and a slow peer holds at most one worker).
  struct Link {
    Link(PeerAddress address, LocalIdentity identity) : client(std::move(address), std::move(identity)) {}
    PeerClient client;
    std::mutex mu;
    std::deque<std::function<void(PeerClient&)>> queue;
    bool busy = false;                       // a drain of the queue is scheduled or running
    std::atomic<bool> status_pending{false};  // a status request is queued or in flight
  };

  int64_t NowMs() const { return clock_.NowUnixMs(); }
  LocalIdentity Identity() const;
  void Log(std::string_view level, std::string_view message) const;
  std::shared_ptr<Link> LinkFor(const PeerAddress& address);
  // Queues `job` on the peer's link (dropped when the link's queue is full).
  void Post(const PeerAddress& address, std::function<void(PeerClient&)> job);
  void ScheduleDrain(const std::shared_ptr<Link>& link);
  void Punish(const PeerAddress& address, const util::Status& why);
  // Drops the links of peers the book no longer knows.
  void PruneLinks();

  // Maintenance.
  void MaintenanceLoop();
  void ContactSeeds();
  void RequestStatus(const PeerAddress& address);
  void Discover();
  // Whether some connected peer has a better chain than ours (then the sync is woken).
  bool BetterPeerExists() const;

  // Sync (sync.cc).
  void SyncLoop();
  void SyncOnce();
  util::Status SyncFrom(const PeerAddress& peer);
  util::Result<CommonBlock> FindCommon(PeerClient& client);
  // Downloads and decodes the blocks after `after_id` from `preferred`, or another peer if it
  // fails; `served_by` says who delivered.
  util::Result<std::vector<block::Block>> Download(const std::string& after_id,
                                                   const PeerAddress& preferred,
                                                   PeerAddress* served_by);

  // Gossip.
  void GossipLoop();

  kernel::ChainService& service_;
  const kernel::Clock& clock_;
  NetworkOptions options_;
  PeerBook book_;
  std::atomic<uint16_t> advertised_port_;
  std::string nonce_;
  std::string genesis_id_;
  std::vector<PeerAddress> seeds_;

  std::mutex links_mu_;
  std::map<PeerAddress, std::shared_ptr<Link>> links_;

  // Outbound worker pool.
  std::mutex work_mu_;
  std::condition_variable work_cv_;
  std::deque<std::function<void()>> work_;
  std::vector<std::thread> workers_;

  // Gossip queues.
  std::mutex gossip_mu_;
  std::condition_variable gossip_cv_;
  struct PendingTx {
    std::string entry_base64;
    std::optional<PeerAddress> source;
  };
  std::vector<PendingTx> pending_txs_;
  struct PendingSignature {
    nlohmann::json entry;  // {"transaction": id, "signature": hex} (docs/p2p.md, /peer/signatures)
    std::optional<PeerAddress> source;
  };
  std::vector<PendingSignature> pending_signatures_;
  struct PendingBlock {
    std::string base64;
    std::optional<PeerAddress> source;
  };
  std::deque<PendingBlock> pending_blocks_;

  std::mutex sync_mu_;
  std::condition_variable sync_cv_;
  bool sync_wanted_ = false;
  bool initial_sync_ = false;  // the seeds were contacted: the next sync round enables forging
  std::atomic<bool> syncing_{false};
  std::atomic<bool> seeds_tried_{false};

  std::mutex stop_mu_;
  std::condition_variable stop_cv_;
  std::atomic<bool> stopping_{false};
  bool started_ = false;
  std::thread maintenance_, sync_, gossip_;
};

}  // namespace ddn::p2p
