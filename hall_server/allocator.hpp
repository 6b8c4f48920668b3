// Which memory allocator the server runs on, for its start-up log.
#pragma once

#include <string>

namespace hall::server {

// "mimalloc 2.0.9" in a normal build; the C library's in a sanitizer build, where the
// sanitizers bring their own (hall_server/CMakeLists.txt).
std::string allocator_name();

}  // namespace hall::server
