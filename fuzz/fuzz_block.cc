// libFuzzer target: the native block decoder (block/block.h), the first thing that touches a
// block a peer pushes or serves (docs/p2p.md). Invariants on every input DecodeBlock accepts:
//   * EncodeBlock gives back exactly the input bytes (one encoding per block);
//   * the header-only decoder agrees with the full one;
//   * the JSON view and the signature checks run without crashing.
// Any input: DecodeBlockHeader never crashes, nor does DecodeTxEntries (the binary batch of
// POST /api/transactions), whose decoded entries each carry an id.
#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "assets/registry.h"
#include "block/block.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  ddn::assets::RegisterAll();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ddn;
  const util::ByteSpan input(data, size);
  auto header = block::DecodeBlockHeader(input);
  if (auto entries = block::DecodeTxEntries(input, 1000); entries.ok()) {
    for (const auto& e : *entries) {
      if (e.ok()) FUZZ_CHECK(e->id.size() == 64);
    }
  }
  auto decoded = block::DecodeBlock(input);
  if (!decoded.ok()) return 0;
  FUZZ_CHECK(header.ok());
  FUZZ_CHECK(header->header == decoded->header && header->signature == decoded->signature);
  const util::Bytes encoded = block::EncodeBlock(*decoded);
  FUZZ_CHECK(encoded.size() == size && std::equal(encoded.begin(), encoded.end(), data));
  FUZZ_CHECK(block::BlockId(*decoded).size() == 64);
  (void)block::BlockToJson(*decoded, true).dump();
  (void)block::VerifyBlockSignature(*decoded);
  for (const auto& tx : decoded->transactions) (void)compat::VerifyAnyTxStateless(tx, decoded->header.nethash);
  return 0;
}
