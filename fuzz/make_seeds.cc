// Writes the seed corpora of the fuzz targets: valid signed native transactions of every type
// (binary for fuzz_tx_binary, JSON for fuzz_tx_json) and legacy plus native JSON for
// fuzz_legacy_json, and blocks holding them for fuzz_block, under OUT_DIR/<target>/. Every seed is checked to parse and verify before
// it is written, so a format change that breaks the samples is caught here.
// Usage: fuzz_make_seeds OUT_DIR   (exit status 0 on success)
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "block/block.h"
#include "chain/tx_codec.h"
#include "chain/tx_json.h"
#include "chain/tx_rules.h"
#include "compat/any_tx.h"
#include "sample_txs.h"

namespace {

namespace fs = std::filesystem;
using namespace ddn;

bool WriteFile(const fs::path& path, std::string_view content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  return static_cast<bool>(out);
}

bool Fail(const std::string& what) {
  std::fprintf(stderr, "fuzz_make_seeds: %s\n", what.c_str());
  return false;
}

bool CheckJsonSeed(const std::string& name, const std::string& text) {
  auto json = codec::ParseStrictJson(text);
  if (!json.ok()) return Fail(name + ": " + json.status().ToString());
  auto any = compat::ParseAnyTx(*json);
  if (!any.ok()) return Fail(name + ": " + any.status().ToString());
  const util::Status verified = compat::VerifyAnyTxStateless(*any, samples::kNethash);
  if (!verified.ok()) return Fail(name + ": " + verified.ToString());
  return true;
}

bool WriteSeeds(const fs::path& out) {
  const fs::path binary_dir = out / "fuzz_tx_binary";
  const fs::path json_dir = out / "fuzz_tx_json";
  const fs::path legacy_dir = out / "fuzz_legacy_json";
  const fs::path block_dir = out / "fuzz_block";
  for (const fs::path& dir : {binary_dir, json_dir, legacy_dir, block_dir}) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return Fail("cannot create " + dir.string() + ": " + ec.message());
  }
  bool ok = true;
  // Blocks: an empty one and one holding every native sample.
  block::Block full;
  full.header.nethash = samples::kNethash;
  full.header.height = 2;
  full.header.timestamp = 10;
  for (const auto& [name, tx] : samples::NativeSamples()) {
    full.transactions.push_back(compat::AnyTx{compat::TxFormat::kNative, tx, chain::TxId(tx), std::nullopt});
  }
  block::Block empty = full;
  empty.transactions.clear();
  const auto generator = crypto::KeyPairFromPassphrase("fuzz seed generator");
  for (const auto& [b, name] : {std::pair{&empty, "empty"}, std::pair{&full, "full"}}) {
    block::SealBlock(*b, generator);
    const util::Bytes bytes = block::EncodeBlock(*b);
    if (!block::DecodeBlock(bytes).ok()) ok = Fail(std::string("block ") + name + " does not decode");
    ok = WriteFile(block_dir / (std::string(name) + ".bin"),
                   std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size())) && ok;
  }
  for (const auto& [name, tx] : samples::NativeSamples()) {
    const util::Bytes bytes = chain::EncodeTransaction(tx);
    auto decoded = chain::DecodeTransaction(bytes);
    if (!decoded.ok()) ok = Fail(name + ": " + decoded.status().ToString());
    const util::Status verified = chain::VerifyTxSignatures(tx);
    if (!verified.ok()) ok = Fail(name + ": " + verified.ToString());
    const std::string compact = chain::TxToJson(tx).dump();
    const std::string pretty = chain::TxToJson(tx).dump(2);
    ok = CheckJsonSeed(name, compact) && ok;
    ok = WriteFile(binary_dir / (name + ".bin"),
                   std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size())) &&
         ok;
    ok = WriteFile(json_dir / (name + ".json"), compact) && ok;
    ok = WriteFile(json_dir / (name + "_pretty.json"), pretty) && ok;
    ok = WriteFile(legacy_dir / (name + "_native.json"), compact) && ok;
  }
  for (const auto& [name, json] : samples::LegacySamples()) {
    const std::string text = json.dump();
    ok = CheckJsonSeed(name, text) && ok;
    ok = WriteFile(legacy_dir / (name + ".json"), text) && ok;
  }
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUT_DIR\n", argv[0]);
    return 2;
  }
  return WriteSeeds(argv[1]) ? 0 : 1;
}
