// The baseline for the WebSocket benchmark: a plain Asio echo server and client over loopback
// TCP, with the hall's message sizes, concurrency and pipelining, driven the same way.
#include <utility>  // before Asio's awaitable.hpp (Boost 1.74)

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>

#include <charconv>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "bench_args.hpp"
#include "io_main.hpp"
#include "pipelined_load.hpp"

using namespace hall::bench;
using net::ip::tcp;

namespace {

constexpr const char* help = R"(usage: hall_bench_echo_baseline [options]

A tiny echo server on its own io thread (as hall_server has one) and a client on another, over
loopback TCP. A request is a line of --request-bytes; the server answers each with a line of
--reply-bytes that starts with the request's number. Prints one line as hall_bench_ws_load does.

  --clients N        connections (default 1)
  --pipeline N       requests in flight per connection (default 1)
  --request-bytes N  size of a request (default 90)
  --reply-bytes N    size of a reply (default 700)
  --warmup S         seconds run before measuring (default 1)
  --seconds S        seconds measured (default 5)
)";

// One connection of the echo server: answers each line in order.
net::awaitable<void> echo_session(tcp::socket socket, std::size_t reply_bytes) {
    try {
        socket.set_option(tcp::no_delay(true));
        std::string in;
        std::string reply;
        for (;;) {
            auto n = co_await net::async_read_until(socket, net::dynamic_buffer(in), '\n',
                                                    net::use_awaitable);
            // The request echoed, padded (or cut) to the reply's size, its number kept first.
            reply.assign(in, 0, n - 1);
            reply.resize(reply_bytes - 1, ' ');
            reply.push_back('\n');
            in.erase(0, n);
            co_await net::async_write(socket, net::buffer(reply), net::use_awaitable);
        }
    } catch (const std::exception&) {
        // The client left.
    }
}

net::awaitable<void> echo_server(tcp::acceptor& acceptor, std::size_t reply_bytes) {
    for (;;) {
        auto socket = co_await acceptor.async_accept(net::use_awaitable);
        net::co_spawn(acceptor.get_executor(), echo_session(std::move(socket), reply_bytes),
                      net::detached);
    }
}

// The client's side of one connection, in the shape PipelinedLoad drives.
class EchoLink {
  public:
    explicit EchoLink(net::any_io_executor executor) : socket_(std::move(executor)) {}

    net::awaitable<void> open(tcp::endpoint server) {
        co_await socket_.async_connect(server, net::use_awaitable);
        socket_.set_option(tcp::no_delay(true));
    }
    net::awaitable<void> send(const std::string& text) {
        co_await net::async_write(socket_, net::buffer(text), net::use_awaitable);
    }
    net::awaitable<std::string_view> receive() {
        in_.erase(0, used_);
        used_ = co_await net::async_read_until(socket_, net::dynamic_buffer(in_), '\n',
                                               net::use_awaitable);
        co_return std::string_view(in_.data(), used_);
    }

  private:
    tcp::socket socket_;
    std::string in_;
    std::size_t used_ = 0;
};

std::optional<ReplyInfo> read_echo(std::string_view text) {
    ReplyInfo info;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), info.id);
    if (error != std::errc())
        throw std::runtime_error("an echo without a number");
    info.ok = true;
    return info;
}

net::awaitable<int> run(const Args& args, tcp::endpoint server) {
    auto executor = co_await net::this_coro::executor;
    const auto clients = static_cast<std::size_t>(args.integer("clients", 1));
    const auto request_bytes = static_cast<std::size_t>(args.integer("request-bytes", 90));
    std::vector<std::unique_ptr<EchoLink>> links;
    for (std::size_t i = 0; i < clients; ++i) {
        links.push_back(std::make_unique<EchoLink>(executor));
        co_await links.back()->open(server);
    }
    LoadOptions options;
    options.pipeline = static_cast<int>(args.integer("pipeline", 1));
    options.warmup_s = args.number("warmup", 1);
    options.seconds = args.number("seconds", 5);
    auto make_request = [&](std::size_t, std::uint64_t id) {
        std::string text = std::to_string(id);
        text.resize(std::max(request_bytes, text.size() + 2) - 1, ' ');
        text.push_back('\n');
        return text;
    };
    PipelinedLoad<EchoLink> load(options, make_request, read_echo);
    auto result = co_await load.run(links);
    print_result("echo", static_cast<int>(clients), options.pipeline, result);
    co_return result.lost || result.unanswered ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
    Args args(argc, argv, help,
              {"clients", "pipeline", "request-bytes", "reply-bytes", "warmup", "seconds"});
    const auto reply_bytes =
        static_cast<std::size_t>(std::max(32L, args.integer("reply-bytes", 700)));

    net::io_context server_io(1);
    tcp::acceptor acceptor(server_io, {net::ip::make_address("127.0.0.1"), 0});
    net::co_spawn(server_io, echo_server(acceptor, reply_bytes), net::detached);
    std::thread server_thread([&] { server_io.run(); });

    run_on_io("hall_bench_echo_baseline", [&] { return run(args, acceptor.local_endpoint()); });
}
