// Closed-loop load over many connections, each keeping up to N requests in flight; the same
// driver measures the hall server and the echo baseline, so their figures compare.
#pragma once

#include <utility>  // before Asio's awaitable.hpp (Boost 1.74)

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "device_link.hpp"
#include "latency.hpp"

namespace hall::bench {

struct LoadOptions {
    int pipeline = 1;     // requests in flight per connection
    double warmup_s = 1;  // run, but not counted
    double seconds = 5;   // the measured window
    double drain_s = 10;  // how long to wait for the last replies
};

struct LoadResult {
    std::uint64_t replies = 0;  // replies received in the measured window
    std::uint64_t errors = 0;   // of which refused
    std::uint64_t events = 0;   // pushed events received in the window
    std::uint64_t request_bytes = 0;
    std::uint64_t reply_bytes = 0;
    std::uint64_t lost = 0;        // connections that broke
    std::uint64_t unanswered = 0;  // requests still without a reply after the drain
    std::string first_error;
    double seconds = 0;
    Latencies latencies;  // of the replies in the window, from sending to receiving
};

// Prints one line of key=value figures, as the driver script reads them.
inline void print_result(const char* name, int clients, int pipeline, LoadResult& r) {
    double n = r.replies ? static_cast<double>(r.replies) : 1;
    std::printf(
        "%s clients=%d pipeline=%d seconds=%.2f replies=%llu rate=%.0f p50_ms=%.3f p99_ms=%.3f "
        "p999_ms=%.3f errors=%llu lost=%llu unanswered=%llu events=%llu request_bytes=%.0f "
        "reply_bytes=%.0f\n",
        name, clients, pipeline, r.seconds, static_cast<unsigned long long>(r.replies),
        static_cast<double>(r.replies) / r.seconds, r.latencies.percentile_ms(0.5),
        r.latencies.percentile_ms(0.99), r.latencies.percentile_ms(0.999),
        static_cast<unsigned long long>(r.errors), static_cast<unsigned long long>(r.lost),
        static_cast<unsigned long long>(r.unanswered), static_cast<unsigned long long>(r.events),
        static_cast<double>(r.request_bytes) / n, static_cast<double>(r.reply_bytes) / n);
    if (!r.first_error.empty())
        std::printf("%s first refusal: %s\n", name, r.first_error.c_str());
    std::fflush(stdout);
}

// Link: awaitable<void> send(const std::string&); awaitable<std::string_view> receive().
// Requests are numbered per connection from 1; a reply names its request by that number.
template <class Link>
class PipelinedLoad {
  public:
    using MakeRequest = std::function<std::string(std::size_t client, std::uint64_t id)>;
    using ReadReply = std::function<std::optional<ReplyInfo>(std::string_view)>;

    PipelinedLoad(LoadOptions options, MakeRequest make_request, ReadReply read)
        : options_(options), make_request_(std::move(make_request)), read_(std::move(read)) {}

    // Runs on open links, one per client, until the measured window and the drain are over.
    net::awaitable<LoadResult> run(std::vector<std::unique_ptr<Link>>& links) {
        auto executor = co_await net::this_coro::executor;
        for (std::size_t i = 0; i < links.size(); ++i)
            clients_.push_back(std::make_unique<Client>(executor, links[i].get(), i));
        for (auto& client : clients_) {
            net::co_spawn(executor, sender(*client), net::detached);
            net::co_spawn(executor, reader(*client), net::detached);
        }
        net::steady_timer timer(executor);
        using seconds = std::chrono::duration<double>;
        auto wait = [&](double s) {
            timer.expires_after(std::chrono::duration_cast<Clock::duration>(seconds(s)));
            return timer.async_wait(net::use_awaitable);
        };
        co_await wait(options_.warmup_s);
        window_start_ = Clock::now();
        measuring_ = true;
        co_await wait(options_.seconds);
        measuring_ = false;
        result_.seconds = seconds(Clock::now() - window_start_).count();
        stopping_ = true;
        for (auto& client : clients_)
            client->slot.cancel();
        auto deadline =
            Clock::now() + std::chrono::duration_cast<Clock::duration>(seconds(options_.drain_s));
        while (Clock::now() < deadline && in_flight() > 0)
            co_await wait(0.01);
        result_.unanswered = in_flight();
        co_return std::move(result_);
    }

  private:
    using Clock = std::chrono::steady_clock;
    struct Client {
        Client(net::any_io_executor executor, Link* to, std::size_t number)
            : link(to), index(number), slot(executor) {}
        Link* link;
        std::size_t index;
        net::steady_timer slot;  // woken when a reply frees a place
        std::unordered_map<std::uint64_t, Clock::time_point> sent;
        std::uint64_t next_id = 1;
        bool broken = false;
    };

    std::uint64_t in_flight() const {
        std::uint64_t n = 0;
        for (const auto& client : clients_)
            n += client->broken ? 0 : client->sent.size();
        return n;
    }

    net::awaitable<void> sender(Client& client) {
        try {
            while (!stopping_ && !client.broken) {
                if (client.sent.size() >= static_cast<std::size_t>(options_.pipeline)) {
                    client.slot.expires_at(Clock::time_point::max());
                    boost::system::error_code ec;
                    co_await client.slot.async_wait(net::redirect_error(net::use_awaitable, ec));
                    continue;
                }
                auto id = client.next_id++;
                auto text = make_request_(client.index, id);
                client.sent.emplace(id, Clock::now());
                if (measuring_)
                    result_.request_bytes += text.size();
                co_await client.link->send(text);
            }
        } catch (const std::exception& e) {
            lose(client, e.what());
        }
    }

    net::awaitable<void> reader(Client& client) {
        try {
            for (;;) {
                auto text = co_await client.link->receive();
                auto now = Clock::now();
                auto info = read_(text);
                if (!info) {
                    if (measuring_)
                        ++result_.events;
                    continue;
                }
                auto it = client.sent.find(info->id);
                if (it == client.sent.end())
                    throw std::runtime_error("a reply to no request: " + std::string(text));
                auto sent_at = it->second;
                client.sent.erase(it);
                client.slot.cancel_one();
                if (measuring_) {
                    ++result_.replies;
                    result_.reply_bytes += text.size();
                    result_.latencies.add(now - sent_at);
                    if (!info->ok) {
                        ++result_.errors;
                        if (result_.first_error.empty())
                            result_.first_error = std::string(text.substr(0, 300));
                    }
                }
                if (stopping_ && client.sent.empty())
                    co_return;
            }
        } catch (const std::exception& e) {
            lose(client, e.what());
        }
    }

    void lose(Client& client, const char* why) {
        if (client.broken || stopping_)
            return;
        client.broken = true;
        ++result_.lost;
        client.slot.cancel();
        std::fprintf(stderr, "connection %zu broke: %s\n", client.index, why);
    }

    LoadOptions options_;
    MakeRequest make_request_;
    ReadReply read_;
    std::vector<std::unique_ptr<Client>> clients_;
    LoadResult result_;
    Clock::time_point window_start_;
    bool measuring_ = false;
    bool stopping_ = false;
};

}  // namespace hall::bench
