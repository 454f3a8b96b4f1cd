// FUZZ_CHECK: the invariant assertion of the libFuzzer targets. A violated invariant prints the
// condition and location to stderr and aborts, which libFuzzer reports as a crash and saves the
// input under the artifact prefix. Active in every build type (unlike assert()).
// Thread safety: stateless.
#pragma once

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(cond)                                                                   \
  do {                                                                                     \
    if (!(cond)) {                                                                         \
      std::fprintf(stderr, "FUZZ_CHECK failed: %s at %s:%d\n", #cond, __FILE__, __LINE__); \
      std::abort();                                                                        \
    }                                                                                      \
  } while (0)
