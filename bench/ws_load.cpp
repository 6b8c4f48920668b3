// Durable ticket issuing over the WebSocket: many kiosks issue tickets as fast as the server
// answers; throughput and latency from request to durable reply.
#include <utility>  // before Asio's awaitable.hpp (Boost 1.74)

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <unistd.h>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <exception>
#include <string>
#include <vector>

#include "bench_args.hpp"
#include "device_link.hpp"
#include "io_main.hpp"
#include "pipelined_load.hpp"

using namespace hall::bench;

namespace {

constexpr const char* help = R"(usage: hall_bench_ws_load --port PORT --tokens FILE [options]

Opens one WebSocket per kiosk token (hello), reads the catalog's queues, then every kiosk
issues tickets over all queues in turn, keeping up to --pipeline requests in flight, each with
an idempotency key. Prints one line: replies, rate (replies/s), p50/p99/p999 latency (ms).

  --port PORT        hall_server's port on 127.0.0.1
  --tokens FILE      kiosk device tokens, one a line
  --clients N        kiosks to use (default: every token)
  --pipeline N       requests in flight per kiosk, at most 64 (default 1)
  --warmup S         seconds run before measuring (default 1)
  --seconds S        seconds measured (default 5)
)";

net::awaitable<int> run(const Args& args) {
    auto executor = co_await net::this_coro::executor;
    net::ip::tcp::endpoint server(net::ip::make_address("127.0.0.1"),
                                  static_cast<unsigned short>(std::stoi(args.required("port"))));
    auto tokens = read_tokens(args.required("tokens"));
    auto clients =
        static_cast<std::size_t>(args.integer("clients", static_cast<long>(tokens.size())));
    if (clients == 0 || clients > tokens.size())
        throw std::runtime_error("--clients must be 1 to the number of tokens (" +
                                 std::to_string(tokens.size()) + ")");
    std::vector<std::unique_ptr<DeviceLink>> links;
    for (std::size_t i = 0; i < clients; ++i) {
        links.push_back(std::make_unique<DeviceLink>(executor));
        co_await links.back()->open(server, tokens[i]);
    }
    nlohmann::json ask = {{"op", "catalog"}};
    auto catalog = co_await links.front()->request(ask);
    std::vector<std::string> queues;
    for (const auto& queue : catalog["result"]["queues"])
        queues.push_back(queue["code"].get<std::string>());
    if (queues.empty())
        throw std::runtime_error("the catalog has no queues");

    LoadOptions options;
    options.pipeline = static_cast<int>(args.integer("pipeline", 1));
    options.warmup_s = args.number("warmup", 1);
    options.seconds = args.number("seconds", 5);
    // Keys are unique per device and day: this run's own prefix keeps reruns apart.
    const std::string run_tag =
        std::to_string(::getpid()) + "-" + std::to_string(std::time(nullptr));
    auto make_request = [&](std::size_t client, std::uint64_t id) {
        const auto& queue = queues[(client + id) % queues.size()];
        return "{\"id\":" + std::to_string(id) + ",\"op\":\"issue\",\"queue\":\"" + queue +
               "\",\"idempotency_key\":\"" + run_tag + "-" + std::to_string(id) + "\"}";
    };
    PipelinedLoad<DeviceLink> load(options, make_request, read_reply);
    auto result = co_await load.run(links);
    print_result("ws_load", static_cast<int>(clients), options.pipeline, result);
    co_return result.lost || result.unanswered ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
    Args args(argc, argv, help, {"port", "tokens", "clients", "pipeline", "warmup", "seconds"});
    run_on_io("hall_bench_ws_load", [&] { return run(args); });
}
