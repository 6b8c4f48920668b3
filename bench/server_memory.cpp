// Memory of a running hall_server (resident set, from /proc) with many devices connected.
#include <utility>  // before Asio's awaitable.hpp (Boost 1.74)

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>

#include <cstdio>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "bench_args.hpp"
#include "device_link.hpp"
#include "io_main.hpp"

using namespace hall::bench;

namespace {

constexpr const char* help =
    R"(usage: hall_bench_server_memory --port PORT --pid PID --tokens FILE [options]

Reads the server's resident memory, connects one WebSocket per token (hello; every device keeps
reading its events), lets a kiosk among them issue --tickets tickets so that events flow to
the devices, waits --settle seconds and reads the memory again.

  --port PORT      hall_server's port on 127.0.0.1
  --pid PID        hall_server's process id
  --tokens FILE    device tokens, one a line, any roles
  --tickets N      tickets issued while all are connected (default 100)
  --settle S       seconds to wait before the reading (default 2)
)";

// VmRSS and VmHWM of a process, in kB.
std::pair<long, long> resident_kb(long pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    if (!status)
        throw std::runtime_error("no process " + std::to_string(pid));
    long rss = 0;
    long peak = 0;
    for (std::string line; std::getline(status, line);) {
        if (line.starts_with("VmRSS:"))
            rss = std::stol(line.substr(6));
        else if (line.starts_with("VmHWM:"))
            peak = std::stol(line.substr(6));
    }
    return {rss, peak};
}

net::awaitable<void> drain(DeviceLink& link, std::size_t& lost) {
    try {
        for (;;)
            co_await link.receive();
    } catch (const std::exception&) {
        ++lost;
    }
}

net::awaitable<int> run(const Args& args) {
    auto executor = co_await net::this_coro::executor;
    net::ip::tcp::endpoint server(net::ip::make_address("127.0.0.1"),
                                  static_cast<unsigned short>(std::stoi(args.required("port"))));
    const long pid = std::stol(args.required("pid"));
    auto tokens = read_tokens(args.required("tokens"));
    auto [before, peak_before] = resident_kb(pid);

    std::vector<std::unique_ptr<DeviceLink>> links;
    DeviceLink* kiosk = nullptr;
    std::size_t lost = 0;
    std::map<std::string, int> roles;
    for (const auto& token : tokens) {
        links.push_back(std::make_unique<DeviceLink>(executor));
        co_await links.back()->open(server, token);
        ++roles[links.back()->role()];
        if (!kiosk && links.back()->role() == "kiosk")
            kiosk = links.back().get();
        else
            net::co_spawn(executor, drain(*links.back(), lost), net::detached);
    }
    const long tickets = kiosk ? args.integer("tickets", 100) : 0;
    if (kiosk) {
        nlohmann::json ask = {{"op", "catalog"}};
        auto catalog = co_await kiosk->request(ask);
        const auto& queues = catalog["result"]["queues"];
        for (long i = 0; i < tickets; ++i) {
            nlohmann::json issue = {
                {"op", "issue"},
                {"queue", queues[static_cast<std::size_t>(i) % queues.size()]["code"]}};
            auto reply = co_await kiosk->request(issue);
            if (reply.value("ok", false) != true)
                throw std::runtime_error("issue refused: " + reply.dump());
        }
        net::co_spawn(executor, drain(*kiosk, lost), net::detached);
    }
    net::steady_timer settle(executor);
    settle.expires_after(
        std::chrono::milliseconds(static_cast<long>(args.number("settle", 2) * 1000)));
    co_await settle.async_wait(net::use_awaitable);
    auto [after, peak] = resident_kb(pid);
    std::string mix;
    for (const auto& [role, n] : roles)
        mix += (mix.empty() ? "" : ",") + role + ":" + std::to_string(n);
    std::printf(
        "server_memory devices=%zu roles=%s tickets=%ld rss_before_kb=%ld rss_kb=%ld "
        "peak_kb=%ld lost=%zu\n",
        links.size(), mix.c_str(), tickets, before, after, peak, lost);
    (void)peak_before;
    co_return lost ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
    Args args(argc, argv, help, {"port", "pid", "tokens", "tickets", "settle"});
    run_on_io("hall_bench_server_memory", [&] { return run(args); });
}
