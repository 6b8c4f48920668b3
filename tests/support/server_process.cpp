#include "server_process.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include "child_process.hpp"

namespace hall::testing {

pid_t spawn_server(const std::vector<std::string>& args, int& out_fd) {
    int pipe_fds[2];
    if (pipe(pipe_fds) != 0)
        throw std::runtime_error("pipe failed");
    pid_t pid = -1;
    try {
        pid = spawn_process(HALL_SERVER_BINARY, args, pipe_fds[1], pipe_fds[0]);
    } catch (...) {
        close(pipe_fds[0]);
        close(pipe_fds[1]);
        throw;
    }
    close(pipe_fds[1]);
    out_fd = pipe_fds[0];
    return pid;
}

RunResult run_server_command(const std::vector<std::string>& args) {
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

namespace {
RunResult device_add(const std::string& db, const std::string& role, int window,
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
    return result;
}
}  // namespace

std::string register_device(const std::string& db, const std::string& role, int window,
                            const std::string& name) {
    const auto output = device_add(db, role, window, name).output;
    auto at = output.find(name + ".");
    if (at == std::string::npos)
        throw std::runtime_error("device add printed no token: " + output);
    auto end = output.find_first_of("\r\n", at);
    return output.substr(at, end == std::string::npos ? std::string::npos : end - at);
}

std::string add_device(const std::string& db, const std::string& name, const std::string& role,
                       int window) {
    auto token = device_add(db, role, window, name).output;
    while (!token.empty() && (token.back() == '\n' || token.back() == '\r'))
        token.pop_back();
    return token;
}

void import_demo_catalog(const std::string& db) {
    auto result = run_server_command(
        {"import", "--db", db, std::string(HALL_SOURCE_DIR) + "/assets/demo-catalog"});
    if (result.status != 0)
        throw std::runtime_error("import failed: " + result.output);
}

RunningServer::RunningServer(const std::string& db, const std::vector<std::string>& extra,
                             const std::string& scheme, ServerClock clock) {
    std::vector<std::string> args{"serve", "--db", db, "--listen", "127.0.0.1:0"};
    args.insert(args.end(), extra.begin(), extra.end());
    if (clock == ServerClock::test &&
        std::find(extra.begin(), extra.end(), "--test-clock") == extra.end()) {
        args.push_back("--test-clock");
        args.push_back(test_clock_start);
    }
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

RunningServer::~RunningServer() {
    if (pid_ > 0)
        stop(SIGTERM);
    if (fd_ >= 0)
        close(fd_);
}

int RunningServer::stop(int signal) {
    kill(pid_, signal);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

}  // namespace hall::testing
