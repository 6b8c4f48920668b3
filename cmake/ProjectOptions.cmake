# Compiler flags live on INTERFACE targets that each target links, never globally.
add_library(hall_options INTERFACE)
target_compile_features(hall_options INTERFACE cxx_std_20)
# Boost 1.74's asio/awaitable.hpp uses std::exchange without including <utility>.
target_compile_options(hall_options INTERFACE -include utility)

add_library(hall_warnings INTERFACE)
target_compile_options(hall_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Woverloaded-virtual -Wconversion -Wsign-conversion -Wdouble-promotion
  -Wformat=2 -Wimplicit-fallthrough)
if(HALL_WERROR)
  target_compile_options(hall_warnings INTERFACE -Werror)
endif()

if(HALL_SANITIZE)
  target_compile_options(hall_options INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
                                                -fno-sanitize-recover=undefined)
  target_link_options(hall_options INTERFACE -fsanitize=address,undefined)
endif()
