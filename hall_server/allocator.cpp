// The server's allocator. Linking mimalloc replaces malloc and operator new for the whole
// process: the server allocates for every message, event and reply, and mimalloc does that in
// about a sixth fewer instructions than the C library's (BENCHMARKS.md, "mimalloc").
#include "allocator.hpp"

#ifdef HALL_MIMALLOC
#include <mimalloc.h>
#endif

namespace hall::server {

std::string allocator_name() {
#ifdef HALL_MIMALLOC
    const int v = mi_version();  // e.g. 209 for 2.0.9
    return "mimalloc " + std::to_string(v / 100) + "." + std::to_string(v / 10 % 10) + "." +
           std::to_string(v % 10);
#else
    return "the C library's malloc";
#endif
}

}  // namespace hall::server
