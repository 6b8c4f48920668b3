// Runs the real hall_server binary in tests: subcommands to completion, or serve on a free port.
#pragma once

#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

extern char** environ;

namespace hall::testing {

struct RunResult {
    int status = -1;
    std::string output;  // stdout and stderr together
};

// Starts hall_server with the arguments; its stdout and stderr go to one pipe.
inline pid_t spawn_server(const std::vector<std::string>& args, int& out_fd) {
    int pipe_fds[2];
    if (pipe(pipe_fds) != 0)
        throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 1);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 2);
    posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
    std::vector<std::string> all{HALL_SERVER_BINARY};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : all)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    int rc = posix_spawn(&pid, HALL_SERVER_BINARY, &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(pipe_fds[1]);
    if (rc != 0)
        throw std::runtime_error("cannot start " HALL_SERVER_BINARY);
    out_fd = pipe_fds[0];
    return pid;
}

// Runs a subcommand to its end and returns its exit status and output.
inline RunResult run_server_command(const std::vector<std::string>& args) {
    int fd = -1;
    pid_t pid = spawn_server(args, fd);
    RunResult result;
    char buffer[4096];
    for (ssize_t n; (n = read(fd, buffer, sizeof buffer)) > 0;)
        result.output.append(buffer, static_cast<std::size_t>(n));
    close(fd);
    int status = 0;
    waitpid(pid, &status, 0);
    result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

// Registers a device with `hall_server device add` and returns its token (NAME.SECRET).
inline std::string register_device(const std::string& db, const std::string& role, int window,
                                   const std::string& name) {
    std::vector<std::string> args{"device", "add", "--db", db, "--role", role};
    if (window > 0) {
        args.push_back("--window");
        args.push_back(std::to_string(window));
    }
    args.push_back(name);
    auto result = run_server_command(args);
    if (result.status != 0)
        throw std::runtime_error("device add failed: " + result.output);
    // The token is the line that starts with the device's name and a dot.
    auto at = result.output.find(name + ".");
    if (at == std::string::npos)
        throw std::runtime_error("device add printed no token: " + result.output);
    auto end = result.output.find_first_of("\r\n", at);
    return result.output.substr(at, end == std::string::npos ? std::string::npos : end - at);
}

// A database at `db` holding the demo catalog (assets/demo-catalog), by `hall_server import`.
inline void import_demo_catalog(const std::string& db) {
    auto result = run_server_command(
        {"import", "--db", db, std::string(HALL_SOURCE_DIR) + "/assets/demo-catalog"});
    if (result.status != 0)
        throw std::runtime_error("import failed: " + result.output);
}

// `hall_server serve` on a free loopback port, stopped (SIGTERM) when it goes out of scope.
class RunningServer {
  public:
    // `extra` goes after serve's own arguments (--config FILE, ...).
    explicit RunningServer(const std::string& db, const std::vector<std::string>& extra = {},
                           const std::string& scheme = "http") {
        std::vector<std::string> args{"serve", "--db", db, "--listen", "127.0.0.1:0"};
        args.insert(args.end(), extra.begin(), extra.end());
        pid_ = spawn_server(args, fd_);
        const std::string serving = "serving on " + scheme + "://127.0.0.1:";
        // The server prints "... serving on http://127.0.0.1:PORT" once it listens.
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        while (port_ == 0) {
            if (std::chrono::steady_clock::now() > deadline)
                throw std::runtime_error("hall_server did not start: " + output_);
            pollfd p{fd_, POLLIN, 0};
            if (poll(&p, 1, 100) <= 0)
                continue;
            char buffer[1024];
            ssize_t n = read(fd_, buffer, sizeof buffer);
            if (n <= 0)
                throw std::runtime_error("hall_server exited: " + output_);
            output_.append(buffer, static_cast<std::size_t>(n));
            auto at = output_.find(serving);
            if (at != std::string::npos && output_.find('\n', at) != std::string::npos)
                port_ = static_cast<unsigned short>(std::stoi(output_.substr(at + serving.size())));
        }
    }
    ~RunningServer() {
        if (pid_ > 0)
            stop(SIGTERM);
        if (fd_ >= 0)
            close(fd_);
    }
    RunningServer(const RunningServer&) = delete;
    RunningServer& operator=(const RunningServer&) = delete;

    unsigned short port() const { return port_; }
    pid_t pid() const { return pid_; }
    // What the server printed until it listened.
    const std::string& output() const { return output_; }

    // Sends the signal and returns the exit status (-signal if killed by it).
    int stop(int signal) {
        kill(pid_, signal);
        int status = 0;
        waitpid(pid_, &status, 0);
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
    }

    struct Reply {
        unsigned status = 0;
        std::string body;
    };
    Reply http(boost::beast::http::verb method, const std::string& target,
               const std::string& body = {}) const {
        namespace http = boost::beast::http;
        boost::asio::io_context io;
        boost::asio::ip::tcp::socket socket(io);
        socket.connect({boost::asio::ip::make_address("127.0.0.1"), port_});
        http::request<http::string_body> request(method, target, 11);
        request.set(http::field::host, "127.0.0.1");
        if (!body.empty()) {
            request.set(http::field::content_type, "application/json");
            request.body() = body;
        }
        request.prepare_payload();
        http::write(socket, request);
        boost::beast::flat_buffer buffer;
        http::response<http::string_body> response;
        http::read(socket, buffer, response);
        return {response.result_int(), response.body()};
    }

  private:
    pid_t pid_ = -1;
    int fd_ = -1;
    unsigned short port_ = 0;
    std::string output_;
};

}  // namespace hall::testing

namespace hall::testing {

// Registers a device with `hall_server device add` and returns its token.
inline std::string add_device(const std::string& db, const std::string& name,
                              const std::string& role, int window = 0) {
    std::vector<std::string> args{"device", "add", "--db", db, "--role", role};
    if (window > 0) {
        args.push_back("--window");
        args.push_back(std::to_string(window));
    }
    args.push_back(name);
    auto result = run_server_command(args);
    if (result.status != 0)
        throw std::runtime_error("device add failed: " + result.output);
    auto token = result.output;
    while (!token.empty() && (token.back() == '\n' || token.back() == '\r'))
        token.pop_back();
    return token;
}

}  // namespace hall::testing
