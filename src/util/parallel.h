// ParallelFor: runs fn(0..n-1) on a process-wide pool of worker threads (one per core) and the
// calling thread, returning when all calls are done. Used for signature verification.
// Thread safety: may be called from several threads at once; fn must be safe to run concurrently
// for distinct indices.
#pragma once

#include <cstddef>
#include <functional>

namespace ddn::util {

void ParallelFor(size_t n, const std::function<void(size_t)>& fn);

}  // namespace ddn::util
