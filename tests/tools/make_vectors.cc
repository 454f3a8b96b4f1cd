// ddn-make-vectors: writes the cross-implementation vectors (tests/vectors/native.json) to stdout.
// Regenerate after a deliberate format change:
//   build/bin/ddn-make-vectors > tests/vectors/native.json
#include <iostream>

#include "vector_builder.h"

int main() {
  nlohmann::json vectors = nlohmann::json::array();
  for (const auto& input : ddn::testing::StandardVectorInputs()) {
    auto tx = ddn::testing::BuildFromFields(input);
    if (!tx.ok()) {
      std::cerr << input.name << ": " << tx.status().ToString() << "\n";
      return 1;
    }
    vectors.push_back(ddn::testing::MakeVector(input, *tx));
  }
  std::cout << nlohmann::json{{"format", "ddn-native-tx-1"}, {"vectors", vectors}}.dump(2) << "\n";
  return 0;
}
