// Builds native transactions from the "fields + secrets" description used by the shared
// cross-implementation vectors (tests/vectors/native.json) and by the JS SDK's createTransaction.
// Test support only. Thread safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "chain/transaction.h"
#include "util/status.h"

namespace ddn::testing {

struct VectorInput {
  std::string name;
  std::string secret;
  std::optional<std::string> second_secret;
  std::vector<std::string> cosigners;
  nlohmann::json fields;  // {type, nethash, timestamp, recipientId?, amount?, message?, asset?}
};

util::Result<chain::Transaction> BuildFromFields(const VectorInput& input);
// The complete vector object: input plus json, bodyHex, signDigest, txHex, id.
nlohmann::json MakeVector(const VectorInput& input, const chain::Transaction& tx);
// The inputs of tests/vectors/native.json.
std::vector<VectorInput> StandardVectorInputs();

}  // namespace ddn::testing
