// Runs the real hall_server binary in tests: subcommands to completion, or serve on a free port.
#pragma once

#include <sys/types.h>

#include <csignal>  // the signals stop() sends

#include <string>
#include <string_view>
#include <vector>

#include "http_client.hpp"

namespace hall::testing {

struct RunResult {
    int status = -1;
    std::string output;  // stdout and stderr together
};

// Starts hall_server with the arguments; its stdout and stderr go to one pipe, returned in
// out_fd.
pid_t spawn_server(const std::vector<std::string>& args, int& out_fd);

// Runs a subcommand to its end and returns its exit status and output.
RunResult run_server_command(const std::vector<std::string>& args);

// Registers a device with `hall_server device add` and returns its token (NAME.SECRET), the
// line of the output that starts with the device's name and a dot.
std::string register_device(const std::string& db, const std::string& role, int window,
                            const std::string& name);

// Registers a device with `hall_server device add` and returns its whole output, trimmed.
std::string add_device(const std::string& db, const std::string& name, const std::string& role,
                       int window = 0);

// A database at `db` holding the demo catalog (assets/demo-catalog), by `hall_server import`.
void import_demo_catalog(const std::string& db);

// The clock a test's server follows. By default a test clock standing at test_clock_start, a
// weekday morning, unless `extra` starts it elsewhere: on the system's clock a test that runs in
// the demo hall's last minute of the day (23:59 in Asia/Shanghai, 15:59 UTC) meets the day's
// close, and one across midnight a new day. `system` is for the tests of the real clock itself.
enum class ServerClock { test, system };
inline constexpr const char* test_clock_start = "2026-03-02T10:00";

// `hall_server serve` on a free loopback port, stopped (SIGTERM) when it goes out of scope.
class RunningServer {
  public:
    // `extra` goes after serve's own arguments (--config FILE, ...).
    explicit RunningServer(const std::string& db, const std::vector<std::string>& extra = {},
                           const std::string& scheme = "http",
                           ServerClock clock = ServerClock::test);
    ~RunningServer();
    RunningServer(const RunningServer&) = delete;
    RunningServer& operator=(const RunningServer&) = delete;

    unsigned short port() const { return port_; }
    pid_t pid() const { return pid_; }
    // What the server printed until it listened.
    const std::string& output() const { return output_; }

    // Sends the signal and returns the exit status (-signal if killed by it).
    int stop(int signal);

    // One request on a connection of its own (METHOD: "GET", "POST", ...).
    HttpReply http(std::string_view method, const std::string& target,
                   const std::string& body = {}) const {
        return http_request(port_, method, target, body);
    }

  private:
    pid_t pid_ = -1;
    int fd_ = -1;
    unsigned short port_ = 0;
    std::string output_;
};

}  // namespace hall::testing
