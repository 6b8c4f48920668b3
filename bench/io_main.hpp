// The main loop of a benchmark program: one io thread runs the program's coroutine.
#pragma once

#include <utility>  // before Asio's awaitable.hpp (Boost 1.74)

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <functional>

namespace hall::bench {

// Runs `program` (which returns the exit status) and exits. Connections may still have reads
// pending then: the process leaves without tearing them down one by one.
[[noreturn]] inline void run_on_io(const char* name,
                                   std::function<boost::asio::awaitable<int>()> program) {
    boost::asio::io_context io(1);
    int exit_code = 2;
    boost::asio::co_spawn(io, program(), [&](std::exception_ptr error, int status) {
        if (error) {
            try {
                std::rethrow_exception(error);
            } catch (const std::exception& e) {
                std::fprintf(stderr, "%s: %s\n", name, e.what());
            }
        } else {
            exit_code = status;
        }
        io.stop();
    });
    io.run();
    std::fflush(stdout);
    std::fflush(stderr);
    std::_Exit(exit_code);
}

}  // namespace hall::bench
