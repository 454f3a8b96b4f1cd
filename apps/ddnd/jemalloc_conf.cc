// jemalloc's options for ddnd, read by jemalloc when it starts (compiled only when ddnd links
// jemalloc, see DDN_JEMALLOC). A background thread hands freed memory back to the system within
// about a second: without it, an idle node keeps the pages of its last busy moment (opening a
// chain of a million accounts left 63-70 MB resident instead of 36 MB).
extern "C" {
// NOLINTNEXTLINE(cppcoreguidelines-avoid-non-const-global-variables): jemalloc's interface
const char* malloc_conf = "background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0";
}
