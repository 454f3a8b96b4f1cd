#include "crypto/sodium_init.h"

#include <sodium.h>

#include <cstdlib>

namespace ddn::crypto {

void EnsureSodium() {
  static const bool initialised = sodium_init() >= 0;
  if (!initialised) std::abort();
}

}  // namespace ddn::crypto
