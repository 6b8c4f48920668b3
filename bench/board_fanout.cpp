// Call-to-board: the time from a window's call request to the call event arriving at every
// one of N connected boards.
#include <utility>  // before Asio's awaitable.hpp (Boost 1.74)

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <unordered_map>
#include <vector>

#include "bench_args.hpp"
#include "device_link.hpp"
#include "io_main.hpp"
#include "latency.hpp"

using namespace hall::bench;
using Clock = std::chrono::steady_clock;
using nlohmann::json;

namespace {

constexpr const char* help =
    R"(usage: hall_bench_board_fanout --port PORT --boards FILE --counter TOKEN --kiosk TOKEN [options]

Connects the boards (hello), logs the counter's staff member in at its window, lets the kiosk
issue a ticket for every round into the window's first queue, then for each round: the counter
sends call_next, and the round's time runs until the call event has arrived at every board;
then the counter marks a no-show and waits --interval-ms. Prints p50/p99/max over the rounds.

  --port PORT        hall_server's port on 127.0.0.1
  --boards FILE      board device tokens, one a line
  --count N          boards to use (default: every token)
  --counter TOKEN    a counter device's token (its window is called from)
  --kiosk TOKEN      a kiosk device's token (issues the tickets)
  --staff ID         staff member to log in (default S001)
  --pin PIN          the staff member's PIN (default 1234)
  --rounds N         calls measured (default 200)
  --interval-ms N    pause between rounds (default 20)
)";

// When a call reached how many boards, and when the last of them.
struct Arrival {
    std::size_t boards = 0;
    Clock::time_point last;
};

class Fanout {
  public:
    Fanout(net::any_io_executor executor, std::size_t boards) : boards_(boards), done_(executor) {}

    // A board's reader: notes the arrival of every call event.
    net::awaitable<void> board(DeviceLink& link) {
        try {
            for (;;) {
                auto text = co_await link.receive();
                if (!text.ends_with(",\"event\":\"call\"}"))
                    continue;
                constexpr std::string_view key = "\"number\":\"";
                auto at = text.find(key);
                if (at == std::string_view::npos)
                    continue;
                at += key.size();
                std::string number(text.substr(at, text.find('"', at) - at));
                call_bytes_ = text.size();
                auto& arrival = arrivals_[number];
                arrival.last = Clock::now();
                if (++arrival.boards == boards_)
                    done_.cancel();
            }
        } catch (const std::exception& e) {
            ++lost_;
            std::fprintf(stderr, "a board's connection broke: %s\n", e.what());
        }
    }

    // Waits until every board has the call of `number`; false after the timeout.
    net::awaitable<bool> wait_for(const std::string& number, std::chrono::seconds timeout) {
        auto deadline = Clock::now() + timeout;
        while (arrivals_[number].boards < boards_ && Clock::now() < deadline) {
            done_.expires_at(deadline);
            boost::system::error_code ec;
            co_await done_.async_wait(net::redirect_error(net::use_awaitable, ec));
        }
        co_return arrivals_[number].boards >= boards_;
    }

    const Arrival& arrival(const std::string& number) { return arrivals_[number]; }
    std::size_t lost() const { return lost_; }
    // The size of a call event's text (the baseline sends messages of this size).
    std::size_t call_bytes() const { return call_bytes_; }

  private:
    std::size_t boards_;
    std::size_t call_bytes_ = 0;
    net::steady_timer done_;
    std::unordered_map<std::string, Arrival> arrivals_;
    std::size_t lost_ = 0;
};

// A request retried while the device's rate limit refuses it.
net::awaitable<json> request(DeviceLink& link, const json& message) {
    net::steady_timer pause(co_await net::this_coro::executor);
    for (;;) {
        auto reply = co_await link.request(message);
        if (reply.value("ok", false) != true &&
            reply["error"].value("code", "") == "rate_limited") {
            pause.expires_after(std::chrono::milliseconds(200));
            co_await pause.async_wait(net::use_awaitable);
            continue;
        }
        co_return reply;
    }
}

net::awaitable<void> drain(DeviceLink& link) {
    try {
        for (;;)
            co_await link.receive();
    } catch (const std::exception&) {
    }
}

net::awaitable<int> run(const Args& args) {
    auto executor = co_await net::this_coro::executor;
    net::ip::tcp::endpoint server(net::ip::make_address("127.0.0.1"),
                                  static_cast<unsigned short>(std::stoi(args.required("port"))));
    auto tokens = read_tokens(args.required("boards"));
    auto count = static_cast<std::size_t>(args.integer("count", static_cast<long>(tokens.size())));
    if (count == 0 || count > tokens.size())
        throw std::runtime_error("--count must be 1 to the number of board tokens");
    const auto rounds = static_cast<int>(args.integer("rounds", 200));
    const auto interval = std::chrono::milliseconds(args.integer("interval-ms", 20));

    DeviceLink counter(executor);
    co_await counter.open(server, args.required("counter"));
    DeviceLink kiosk(executor);
    co_await kiosk.open(server, args.required("kiosk"));
    const json ask = {{"op", "catalog"}};
    auto catalog = co_await kiosk.request(ask);
    std::string queue;
    for (const auto& w : catalog["result"]["windows"])
        if (w.value("number", 0) == counter.window())
            queue = w["queues"][0].get<std::string>();
    if (queue.empty())
        throw std::runtime_error("the counter's window has no queue");

    // Requests are named first: g++ 12 cannot keep a braced list alive across co_await.
    const json logout = {{"op", "logout"}};
    const json login_request = {
        {"op", "login"}, {"staff", args.text("staff", "S001")}, {"pin", args.text("pin", "1234")}};
    const json call_next = {{"op", "call_next"}};
    const json no_show = {{"op", "no_show"}};
    const json issue = {{"op", "issue"}, {"queue", queue}};
    co_await request(counter, logout);
    auto login = co_await request(counter, login_request);
    if (login.value("ok", false) != true)
        throw std::runtime_error("login refused: " + login.dump());
    co_await request(counter, no_show);  // whatever an earlier run left called
    for (int i = 0; i < rounds; ++i) {
        auto issued = co_await request(kiosk, issue);
        if (issued.value("ok", false) != true)
            throw std::runtime_error("issue refused: " + issued.dump());
    }
    net::co_spawn(executor, drain(kiosk), net::detached);

    Fanout fanout(executor, count);
    std::vector<std::unique_ptr<DeviceLink>> boards;
    for (std::size_t i = 0; i < count; ++i) {
        boards.push_back(std::make_unique<DeviceLink>(executor));
        co_await boards.back()->open(server, tokens[i]);
        net::co_spawn(executor, fanout.board(*boards.back()), net::detached);
    }

    Latencies to_boards;
    Latencies to_reply;
    int missed = 0;
    net::steady_timer pause(executor);
    for (int round = 0; round < rounds; ++round) {
        auto sent = Clock::now();
        auto called = co_await request(counter, call_next);
        auto replied = Clock::now();
        if (called.value("ok", false) != true || called["result"]["ticket"].is_null())
            throw std::runtime_error("call_next gave no ticket: " + called.dump());
        auto number = called["result"]["ticket"]["number"].get<std::string>();
        to_reply.add(replied - sent);
        if (co_await fanout.wait_for(number, std::chrono::seconds(10)))
            to_boards.add(fanout.arrival(number).last - sent);
        else
            ++missed;
        co_await request(counter, no_show);
        pause.expires_after(interval);
        co_await pause.async_wait(net::use_awaitable);
    }
    print_fanout("board_fanout", count, rounds, to_boards, to_reply, missed, fanout.lost());
    std::printf(" call_bytes=%zu\n", fanout.call_bytes());
    co_return missed || fanout.lost() ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
    Args args(
        argc, argv, help,
        {"port", "boards", "count", "counter", "kiosk", "staff", "pin", "rounds", "interval-ms"});
    run_on_io("hall_bench_board_fanout", [&] { return run(args); });
}
