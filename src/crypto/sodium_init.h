// Initialises libsodium once per process before first use.
// Thread safety: safe to call from any thread, any number of times.
#pragma once

namespace ddn::crypto {

// Calls sodium_init(); aborts the process if libsodium cannot be initialised.
void EnsureSodium();

}  // namespace ddn::crypto
