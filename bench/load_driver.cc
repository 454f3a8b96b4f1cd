// load_driver: signed transfers pushed into a running node over HTTP, for the intake and
// confirmed-throughput benchmarks (bench/throughput.sh runs it; not part of the test suite).
//
//   load_driver --node URL --secret-file F --count N [--batch 1000] [--connections 4]
//               [--format json|binary] [--wait-confirmed] | --ceiling-only
//
// Before timing, it measures this machine's Ed25519 verify ceiling (libsodium, one core and all
// cores; all cores again after the run, and the ratios use the mean of the two, since a shared
// machine's speed drifts), then signs N native transfers from the faucet and renders every batch body (JSON, or
// binary payload entries), so the timed part is only HTTP and the node. It
// then POSTs the batches to /api/transactions over `connections` kept-alive connections and
// reports intake (transactions the node verified into its pool per second); with
// --wait-confirmed it also waits until the last one is in a block and reports confirmed
// transactions per second from the first submission. Output: one JSON object on stdout.
// Thread safety: a tool; its threads share only atomics and read-only data.
#include <sodium.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <iostream>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "block/block.h"
#include "chain/tx_codec.h"
#include "chain/tx_json.h"
#include "chain/tx_signer.h"
#include "crypto/address.h"
#include "http/client.h"
#include "util/parallel.h"

namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

// Verifications per second for `threads` threads verifying the same signed digest for ~1 s.
double VerifyRate(unsigned threads) {
  const auto keys = ddn::crypto::KeyPairFromPassphrase("ceiling");
  ddn::crypto::Hash256 digest{};
  const auto signature = ddn::crypto::Sign(digest, keys.secret_key);
  std::atomic<uint64_t> done{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> workers;
  const auto start = Clock::now();
  for (unsigned t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      uint64_t n = 0;
      while (!stop.load(std::memory_order_relaxed)) {
        if (ddn::crypto::Verify(digest, signature, keys.public_key)) ++n;
      }
      done += n;
    });
  }
  std::this_thread::sleep_for(std::chrono::seconds(1));
  stop = true;
  for (auto& w : workers) w.join();
  return static_cast<double>(done.load()) / Seconds(start);
}

struct Options {
  std::string node = "http://127.0.0.1:8001";
  std::string secret_file;
  size_t count = 20000;
  size_t batch = 1000;
  size_t connections = 4;
  bool wait_confirmed = false;
  bool ceiling_only = false;
  std::string format = "json";  // json: {"transactions": […]}; binary: application/octet-stream
};

ddn::http::ClientOptions ClientFor(const std::string& url) {
  ddn::http::ClientOptions o;
  std::string rest = url.substr(url.find("://") + 3);
  const auto colon = rest.rfind(':');
  o.host = rest.substr(0, colon);
  o.port = static_cast<uint16_t>(std::stoi(rest.substr(colon + 1)));
  o.request_timeout = std::chrono::seconds(120);
  o.max_response_bytes = 64u << 20;
  return o;
}

json Call(ddn::http::HttpClient& client, const std::string& method, const std::string& target,
          std::string body = "", std::string content_type = "application/json") {
  ddn::http::ClientRequest r;
  r.method = method;
  r.target = target;
  r.body = std::move(body);
  r.content_type = std::move(content_type);
  auto response = client.Send(r);
  if (!response.ok()) throw std::runtime_error(response.status().ToString());
  return json::parse(response->body);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"load_driver - signed transfers into a node over HTTP"};
  Options o;
  app.add_option("--node", o.node);
  app.add_option("--secret-file", o.secret_file);
  app.add_option("--count", o.count);
  app.add_option("--batch", o.batch);
  app.add_option("--connections", o.connections);
  app.add_flag("--wait-confirmed", o.wait_confirmed);
  app.add_option("--format", o.format, "Batch body: json or binary (payload entries)")
      ->check(CLI::IsMember({"json", "binary"}));
  app.add_flag("--ceiling-only", o.ceiling_only, "Only measure and print the verify ceiling");
  CLI11_PARSE(app, argc, argv);
  if (sodium_init() < 0) return 1;
  try {
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    const double ceiling_one = VerifyRate(1);
    const double ceiling_all = VerifyRate(cores);
    if (o.ceiling_only) {
      std::cout << json{{"ceilingOneCore", ceiling_one}, {"ceilingAllCores", ceiling_all}}.dump() << "\n";
      return 0;
    }
    if (o.secret_file.empty()) throw std::runtime_error("--secret-file is required");

    std::ifstream secret_in(o.secret_file);
    std::string secret((std::istreambuf_iterator<char>(secret_in)), std::istreambuf_iterator<char>());
    const auto faucet = ddn::crypto::KeyPairFromPassphrase(secret);
    ddn::http::HttpClient control(ClientFor(o.node));
    const json status = Call(control, "GET", "/api/node/status");
    const std::string nethash = status.at("nethash").get<std::string>();
    const uint32_t now = status.at("headTimestamp").get<uint32_t>();

    // Sign everything first (all cores), then render the batch bodies.
    std::vector<ddn::chain::Transaction> txs(o.count);
    const auto sign_start = Clock::now();
    ddn::util::ParallelFor(o.count, [&](size_t i) {
      ddn::chain::Transaction& tx = txs[i];
      tx.nethash = nethash;
      tx.type = ddn::chain::TxType::kTransfer;
      tx.timestamp = now;
      ddn::crypto::AddressHash to{};
      for (size_t b = 0; b < 8; ++b) to[b] = static_cast<uint8_t>(i >> (8 * b));
      to[19] = 0x5a;
      tx.recipient = to;
      tx.amount = 1000 + i;
      ddn::chain::SignTransaction(tx, faucet);
    });
    const double sign_seconds = Seconds(sign_start);
    std::vector<std::string> bodies;
    const bool binary = o.format == "binary";
    for (size_t start = 0; start < o.count; start += o.batch) {
      const size_t end = std::min(o.count, start + o.batch);
      if (binary) {
        std::string body;
        for (size_t i = start; i < end; ++i) {
          ddn::compat::AnyTx any;
          any.tx = txs[i];
          const ddn::util::Bytes entry = ddn::block::EncodeTxEntry(any);
          body.append(entry.begin(), entry.end());
        }
        bodies.push_back(std::move(body));
        continue;
      }
      json list = json::array();
      for (size_t i = start; i < end; ++i) list.push_back(ddn::chain::TxToJson(txs[i]));
      bodies.push_back(json{{"transactions", std::move(list)}}.dump());
    }
    const std::string content_type = binary ? "application/octet-stream" : "application/json";
    const std::string last_id = ddn::chain::TxId(txs.back());

    // Timed: POST the batches over several kept-alive connections.
    std::atomic<size_t> next{0}, accepted{0}, rejected{0};
    std::atomic<bool> failed{false};
    std::string first_error;
    std::mutex error_mu;
    const auto start = Clock::now();
    std::vector<std::thread> senders;
    for (size_t c = 0; c < o.connections; ++c) {
      senders.emplace_back([&] {
        ddn::http::HttpClient client(ClientFor(o.node));
        for (size_t b; (b = next.fetch_add(1)) < bodies.size();) {
          try {
            const json r = Call(client, "POST", "/api/transactions", bodies[b], content_type);
            accepted += r.value("accepted", json::array()).size();
            const json rej = r.value("rejected", json::array());
            rejected += rej.size();
            if (!rej.empty()) {
              std::lock_guard lock(error_mu);
              if (first_error.empty()) first_error = rej[0].dump();
            }
          } catch (const std::exception& e) {
            failed = true;
            std::lock_guard lock(error_mu);
            if (first_error.empty()) first_error = e.what();
          }
        }
      });
    }
    for (auto& t : senders) t.join();
    const double intake_seconds = Seconds(start);
    json out = {{"transactions", o.count},
                {"format", o.format},
                {"accepted", accepted.load()},
                {"rejected", rejected.load()},
                {"signSeconds", sign_seconds},
                {"intakeSeconds", intake_seconds},
                {"intakePerSecond", accepted.load() / intake_seconds},
                {"ceilingOneCore", ceiling_one}};
    if (!first_error.empty()) out["firstError"] = first_error;
    if (o.wait_confirmed && !failed) {
      for (;;) {
        const json s = Call(control, "GET", "/api/transactions/status?id=" + last_id);
        const std::string state = s.value("state", "");
        if (state == "confirmed") break;
        if (state != "pending") throw std::runtime_error("last transaction is " + s.dump());
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
      const double total = Seconds(start);
      out["confirmedSeconds"] = total;
      out["confirmedPerSecond"] = accepted.load() / total;
      out["confirmedVsCeiling"] = accepted.load() / total;  // divided by the ceiling below
    }
    const double ceiling_after = VerifyRate(cores);
    const double ceiling = (ceiling_all + ceiling_after) / 2;
    out["ceilingAllCoresBefore"] = ceiling_all;
    out["ceilingAllCoresAfter"] = ceiling_after;
    out["ceilingAllCores"] = ceiling;
    out["intakeVsCeiling"] = accepted.load() / intake_seconds / ceiling;
    if (out.contains("confirmedVsCeiling")) {
      out["confirmedVsCeiling"] = out["confirmedVsCeiling"].get<double>() / ceiling;
    }
    std::cout << out.dump() << "\n";
    return failed ? 1 : 0;
  } catch (const std::exception& e) {
    std::cerr << "load_driver: " << e.what() << "\n";
    return 1;
  }
}
