// The baseline for call-to-board: a plain Asio server that, asked over one connection, writes a
// message to each of N other connections over loopback TCP, and a client that times the message
// to the last of them, driven the same way as hall_bench_board_fanout.
#include <utility>  // before Asio's awaitable.hpp (Boost 1.74)

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "bench_args.hpp"
#include "io_main.hpp"
#include "latency.hpp"

using namespace hall::bench;
namespace net = boost::asio;
using net::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

constexpr const char* help = R"(usage: hall_bench_fanout_baseline [options]

A tiny server on its own io thread (as hall_server has one) and a client on another, over
loopback TCP. The client opens --count board connections and one caller connection. Each round,
the caller sends a line; the server answers it and writes one message of --bytes to every board
connection (one write each, the same buffer for all); the round's time runs from the caller's
line until the message has arrived at every board. Prints p50/p99/max over the rounds, as
hall_bench_board_fanout does.

  --count N          board connections (default 10)
  --bytes N          size of the message each board gets (default 200)
  --rounds N         rounds measured (default 200)
  --interval-ms N    pause between rounds (default 20)
)";

// The server: the first connection is the caller, every later one a board.
class FanoutServer {
  public:
    FanoutServer(tcp::acceptor& acceptor, std::size_t boards, std::size_t bytes)
        : acceptor_(acceptor), boards_(boards), message_(bytes - 1, 'x') {
        message_.push_back('\n');
    }

    net::awaitable<void> run() {
        try {
            auto caller = co_await acceptor_.async_accept(net::use_awaitable);
            caller.set_option(tcp::no_delay(true));
            for (std::size_t i = 0; i < boards_; ++i) {
                board_sockets_.push_back(co_await acceptor_.async_accept(net::use_awaitable));
                board_sockets_.back().set_option(tcp::no_delay(true));
            }
            std::string in;
            const std::string ok = "ok\n";
            for (;;) {
                auto n = co_await net::async_read_until(caller, net::dynamic_buffer(in), '\n',
                                                        net::use_awaitable);
                in.erase(0, n);
                co_await net::async_write(caller, net::buffer(ok), net::use_awaitable);
                for (auto& board : board_sockets_)
                    net::async_write(board, net::buffer(message_), [](auto, auto) {});
            }
        } catch (const std::exception&) {
            // The client left.
        }
    }

  private:
    tcp::acceptor& acceptor_;
    std::size_t boards_;
    std::string message_;
    std::vector<tcp::socket> board_sockets_;
};

// The client: a reader per board noting when each round's message arrived at the last board.
class Boards {
  public:
    Boards(net::any_io_executor executor, std::size_t count) : count_(count), done_(executor) {}

    net::awaitable<void> read(tcp::socket& socket) {
        std::string in;
        try {
            for (;;) {
                auto n = co_await net::async_read_until(socket, net::dynamic_buffer(in), '\n',
                                                        net::use_awaitable);
                in.erase(0, n);
                last_ = Clock::now();
                if (++arrived_ == count_)
                    done_.cancel();
            }
        } catch (const std::exception& e) {
            ++lost_;
            std::fprintf(stderr, "a board's connection broke: %s\n", e.what());
        }
    }

    // Waits until every board has this round's message; false after the timeout.
    net::awaitable<bool> wait_all(std::chrono::seconds timeout) {
        auto deadline = Clock::now() + timeout;
        while (arrived_ < count_ && Clock::now() < deadline) {
            done_.expires_at(deadline);
            boost::system::error_code ec;
            co_await done_.async_wait(net::redirect_error(net::use_awaitable, ec));
        }
        co_return arrived_ >= count_;
    }
    void next_round() { arrived_ = 0; }
    Clock::time_point last() const { return last_; }
    std::size_t lost() const { return lost_; }

  private:
    std::size_t count_;
    std::size_t arrived_ = 0;
    Clock::time_point last_;
    net::steady_timer done_;
    std::size_t lost_ = 0;
};

net::awaitable<int> run(const Args& args, tcp::endpoint server) {
    auto executor = co_await net::this_coro::executor;
    const auto count = static_cast<std::size_t>(args.integer("count", 10));
    const auto rounds = static_cast<int>(args.integer("rounds", 200));
    const auto interval = std::chrono::milliseconds(args.integer("interval-ms", 20));

    tcp::socket caller(executor);
    co_await caller.async_connect(server, net::use_awaitable);
    caller.set_option(tcp::no_delay(true));
    Boards boards(executor, count);
    std::vector<std::unique_ptr<tcp::socket>> sockets;
    for (std::size_t i = 0; i < count; ++i) {
        sockets.push_back(std::make_unique<tcp::socket>(executor));
        co_await sockets.back()->async_connect(server, net::use_awaitable);
        sockets.back()->set_option(tcp::no_delay(true));
        net::co_spawn(executor, boards.read(*sockets.back()), net::detached);
    }

    Latencies to_boards;
    Latencies to_reply;
    int missed = 0;
    const std::string call = "call\n";
    std::string in;
    net::steady_timer pause(executor);
    for (int round = 0; round < rounds; ++round) {
        boards.next_round();
        auto sent = Clock::now();
        co_await net::async_write(caller, net::buffer(call), net::use_awaitable);
        auto n = co_await net::async_read_until(caller, net::dynamic_buffer(in), '\n',
                                                net::use_awaitable);
        in.erase(0, n);
        to_reply.add(Clock::now() - sent);
        if (co_await boards.wait_all(std::chrono::seconds(10)))
            to_boards.add(boards.last() - sent);
        else
            ++missed;
        pause.expires_after(interval);
        co_await pause.async_wait(net::use_awaitable);
    }
    print_fanout("fanout_baseline", count, rounds, to_boards, to_reply, missed, boards.lost());
    std::printf("\n");
    co_return missed || boards.lost() ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
    Args args(argc, argv, help, {"count", "bytes", "rounds", "interval-ms"});
    const auto count = static_cast<std::size_t>(std::max(1L, args.integer("count", 10)));
    const auto bytes = static_cast<std::size_t>(std::max(2L, args.integer("bytes", 200)));

    net::io_context server_io(1);
    tcp::acceptor acceptor(server_io, {net::ip::make_address("127.0.0.1"), 0});
    FanoutServer fanout(acceptor, count, bytes);
    net::co_spawn(server_io, fanout.run(), net::detached);
    std::thread server_thread([&] { server_io.run(); });

    run_on_io("hall_bench_fanout_baseline", [&] { return run(args, acceptor.local_endpoint()); });
}
