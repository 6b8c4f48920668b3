// Start-up time of hall_server: from starting the process to /healthz answering 200.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "bench_args.hpp"
#include "latency.hpp"

extern char** environ;

namespace {

namespace net = boost::asio;
namespace http = boost::beast::http;
using Clock = std::chrono::steady_clock;

constexpr const char* help = R"(usage: hall_bench_startup --server BINARY --db PATH [options]

Starts `BINARY serve --db PATH` on a free loopback port --runs times; each time asks /healthz
every half millisecond from the moment the process is started until it answers 200, then
stops the server with SIGTERM. Prints the median, fastest and slowest start. The server may
write to PATH (today's day, migrations): give it a copy.

  --server BINARY   hall_server
  --db PATH         the database
  --runs N          starts measured (default 5)
  --extra ARGS      more arguments for serve, one string split at spaces (e.g. "--config F")
)";

unsigned short free_port() {
    net::io_context io;
    net::ip::tcp::acceptor acceptor(io, {net::ip::make_address("127.0.0.1"), 0});
    return acceptor.local_endpoint().port();
}

bool healthy(net::io_context& io, unsigned short port) {
    boost::system::error_code ec;
    net::ip::tcp::socket socket(io);
    socket.connect({net::ip::make_address("127.0.0.1"), port}, ec);
    if (ec)
        return false;
    http::request<http::empty_body> request(http::verb::get, "/healthz", 11);
    request.set(http::field::host, "127.0.0.1");
    http::write(socket, request, ec);
    if (ec)
        return false;
    boost::beast::flat_buffer buffer;
    http::response<http::string_body> response;
    http::read(socket, buffer, response, ec);
    return !ec && response.result_int() == 200;
}

}  // namespace

int main(int argc, char** argv) {
    hall::bench::Args args(argc, argv, help, {"server", "db", "runs", "extra"});
    const std::string server = args.required("server");
    const std::string db = args.required("db");
    const long runs = std::max(1L, args.integer("runs", 5));
    std::vector<std::string> extra;
    {
        std::string all = args.text("extra", "");
        for (std::size_t at = 0; at < all.size();) {
            auto end = all.find(' ', at);
            if (end == std::string::npos)
                end = all.size();
            if (end > at)
                extra.push_back(all.substr(at, end - at));
            at = end + 1;
        }
    }
    hall::bench::Latencies starts;
    net::io_context io;
    for (long run = 0; run < runs; ++run) {
        const auto port = free_port();
        std::vector<std::string> words{server, "serve",    "--db",
                                       db,     "--listen", "127.0.0.1:" + std::to_string(port)};
        words.insert(words.end(), extra.begin(), extra.end());
        std::vector<char*> argv_server;
        for (auto& w : words)
            argv_server.push_back(w.data());
        argv_server.push_back(nullptr);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
        pid_t pid = 0;
        const auto started = Clock::now();
        if (posix_spawn(&pid, server.c_str(), &actions, nullptr, argv_server.data(), environ) !=
            0) {
            std::fprintf(stderr, "cannot start %s\n", server.c_str());
            return 1;
        }
        posix_spawn_file_actions_destroy(&actions);
        bool up = false;
        while (Clock::now() - started < std::chrono::seconds(60)) {
            if (healthy(io, port)) {
                up = true;
                break;
            }
            int status = 0;
            if (waitpid(pid, &status, WNOHANG) == pid) {
                std::fprintf(stderr, "hall_server exited before answering (status %d)\n", status);
                return 1;
            }
            std::this_thread::sleep_for(std::chrono::microseconds(500));
        }
        const auto answered = Clock::now();
        kill(pid, SIGTERM);
        int status = 0;
        waitpid(pid, &status, 0);
        if (!up) {
            std::fprintf(stderr, "hall_server did not answer /healthz within 60 s\n");
            return 1;
        }
        starts.add(answered - started);
    }
    std::printf("startup db=%s runs=%ld median_ms=%.1f fastest_ms=%.1f slowest_ms=%.1f\n",
                db.c_str(), runs, starts.percentile_ms(0.5), starts.percentile_ms(0.0),
                starts.percentile_ms(1.0));
    return 0;
}
