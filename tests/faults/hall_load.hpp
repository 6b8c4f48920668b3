// Kiosks and counters at full speed against a real hall_server: each device reconnects by itself
// when the server goes away, retries what was not answered, and writes down what the server
// acknowledged, so that a check can hold the database to it afterwards.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "ws_client.hpp"

namespace hall::testing {

struct LoadPlan {
    std::vector<std::string> kiosk_tokens;
    std::vector<std::string> counter_tokens;  // each a counter device of its own window
    std::vector<std::string> queues;          // kiosks issue to these in turn
    std::int64_t operations = 1000;           // acknowledged changes, all devices together
    int no_show_every = 7;                    // every Nth called ticket is marked a no-show
    int most_waiting = 400;                   // kiosks pause while more tickets wait than this
};

// What the server acknowledged, as the devices saw it.
struct Ledger {
    struct Issued {
        std::string key;
        std::int64_t id = 0;
        std::string number, queue;
    };
    struct Called {
        std::string number;
        int window = 0;
    };
    struct Ended {
        std::string number;
        std::string state;  // finished or no_show
    };

    std::mutex mutex;
    std::vector<Issued> issued;
    std::vector<Called> called;
    std::vector<Ended> ended;
    std::vector<std::string> unexpected;      // replies no device should have had (first 20)
    std::atomic<std::int64_t> operations{0};  // acknowledged changes
    std::atomic<std::int64_t> retried{0};     // issues sent again after a lost connection
    std::atomic<std::int64_t> resynced{0};    // counters that read their window back
    std::atomic<std::int64_t> reconnects{0};
    // Tickets waiting, as the devices know it: kiosks add their issues, counters take off their
    // calls, and set it from the server's queues whenever they read the state back.
    std::atomic<std::int64_t> waiting{0};

    void note_unexpected(const std::string& what) {
        std::lock_guard lock(mutex);
        if (unexpected.size() < 20)
            unexpected.push_back(what);
    }
};

// One device's connection: connects (again) to whatever port the server listens on now.
class Link {
  public:
    Link(std::function<unsigned short()> port, std::string token, Ledger& ledger,
         const std::atomic<bool>& stop)
        : port_(std::move(port)), token_(std::move(token)), ledger_(ledger), stop_(stop) {}

    // The reply, or nothing if the connection was lost before it came (the request may or may
    // not have been carried out); the next call reconnects first. Rate-limited requests changed
    // nothing and are sent again after a pause.
    std::optional<nlohmann::json> request(const nlohmann::json& message) {
        for (;;) {
            if (!connect())
                return std::nullopt;
            try {
                auto reply = device_->request(message);
                if (reply["ok"] == false && reply["error"]["code"] == "rate_limited") {
                    std::this_thread::sleep_for(std::chrono::milliseconds(25));
                    continue;
                }
                return reply;
            } catch (const std::exception&) {
                device_.reset();
                return std::nullopt;
            }
        }
    }
    // True after a (re)connection, until the device asks again.
    bool fresh() {
        bool was = fresh_;
        fresh_ = false;
        return was;
    }
    bool stopped() const { return stop_.load(); }
    // The device's window (counters), from its hello.
    int window() const { return window_; }

  private:
    bool connect() {
        while (!device_) {
            if (stop_)
                return false;
            auto port = port_();
            try {
                if (port != 0) {
                    auto device = std::make_unique<WsDevice>(port);
                    auto hello = device->hello(token_);
                    device->keep_events(false);
                    if (hello["ok"] == true) {
                        window_ = hello["result"]["window"].is_number()
                                      ? hello["result"]["window"].get<int>()
                                      : 0;
                        device_ = std::move(device);
                        fresh_ = true;
                        ++ledger_.reconnects;
                        break;
                    }
                }
            } catch (const std::exception&) {
                // Not listening yet, or gone again while saying hello.
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return true;
    }

    std::function<unsigned short()> port_;
    std::string token_;
    Ledger& ledger_;
    const std::atomic<bool>& stop_;
    std::unique_ptr<WsDevice> device_;
    bool fresh_ = false;
    int window_ = 0;
};

// The devices' threads; they run until the plan's operations are acknowledged or stop().
class HallLoad {
  public:
    HallLoad(LoadPlan plan, std::function<unsigned short()> port)
        : plan_(std::move(plan)), port_(std::move(port)) {}
    ~HallLoad() { stop(); }
    HallLoad(const HallLoad&) = delete;
    HallLoad& operator=(const HallLoad&) = delete;

    void start() {
        for (std::size_t k = 0; k < plan_.kiosk_tokens.size(); ++k)
            threads_.emplace_back([this, k] { kiosk(k); });
        for (std::size_t c = 0; c < plan_.counter_tokens.size(); ++c)
            threads_.emplace_back([this, c] { counter(c); });
    }
    bool done() const { return ledger_.operations >= plan_.operations; }
    void stop() {
        stop_ = true;
        for (auto& thread : threads_)
            thread.join();
        threads_.clear();
    }
    Ledger& ledger() { return ledger_; }

  private:
    bool running() const { return !stop_ && !done(); }

    void kiosk(std::size_t k) {
        Link link(port_, plan_.kiosk_tokens[k], ledger_, stop_);
        std::string name = "kiosk-" + std::to_string(k);
        for (std::int64_t n = 0; running();) {
            if (ledger_.waiting > plan_.most_waiting) {
                std::this_thread::sleep_for(std::chrono::milliseconds(2));
                continue;
            }
            // The same key and queue again after a lost reply: never a second ticket.
            std::string key = name + "-" + std::to_string(n);
            const auto& queue =
                plan_.queues[(k + static_cast<std::size_t>(n)) % plan_.queues.size()];
            auto reply =
                link.request({{"op", "issue"}, {"queue", queue}, {"idempotency_key", key}});
            if (!reply) {
                ++ledger_.retried;
                continue;
            }
            ++n;
            if ((*reply)["ok"] != true) {
                ledger_.note_unexpected(reply->dump());
                continue;
            }
            const auto& ticket = (*reply)["result"]["ticket"];
            {
                std::lock_guard lock(ledger_.mutex);
                ledger_.issued.push_back({key, ticket["id"].get<std::int64_t>(),
                                          ticket["number"].get<std::string>(), queue});
            }
            ++ledger_.waiting;
            ++ledger_.operations;
        }
    }

    // Calls, starts and finishes (or marks a no-show) in a loop; after a lost connection or a
    // refusal it reads its window back from the server and goes on from there.
    void counter(std::size_t c) {
        Link link(port_, plan_.counter_tokens[c], ledger_, stop_);
        std::optional<nlohmann::json> current;  // the window's ticket, as last known
        int window = 0;
        std::int64_t calls = 0;
        auto resync = [&]() -> bool {
            auto state = link.request({{"op", "state"}});
            if (!state || (*state)["ok"] != true)
                return false;
            current.reset();
            std::int64_t waiting = 0;
            for (const auto& q : (*state)["result"]["queues"])
                waiting += q["waiting"].get<std::int64_t>();
            ledger_.waiting = waiting;
            for (const auto& w : (*state)["result"]["windows"])
                if (w["window"] == window && !w["current"].is_null())
                    current = w["current"];
            ++ledger_.resynced;
            return true;
        };
        std::map<std::string, std::string> first_item;  // queue -> an item it serves
        for (;;) {
            auto catalog = link.request({{"op", "catalog"}});
            if (catalog && (*catalog)["ok"] == true) {
                for (const auto& q : (*catalog)["result"]["queues"])
                    first_item[q["code"].get<std::string>()] = q["items"].at(0).get<std::string>();
                break;
            }
            if (link.stopped())
                return;
        }
        window = link.window();
        resync();
        while (running()) {
            if (link.fresh() && !resync())
                continue;
            std::optional<nlohmann::json> reply;
            std::string state = current ? (*current)["state"].get<std::string>() : "";
            if (!current) {
                reply = link.request({{"op", "call_next"}});
            } else if (state == "called" && ++calls % plan_.no_show_every == 0) {
                reply = link.request({{"op", "no_show"}});
            } else if (state == "called") {
                reply = link.request({{"op", "start"}});
            } else if (state == "serving") {
                auto queue = (*current)["queue"].get<std::string>();
                reply = link.request({{"op", "finish"}, {"items", {first_item[queue]}}});
            } else {
                current.reset();  // ended meanwhile (a no-show, the day's close)
                continue;
            }
            if (!reply) {
                // Lost with its reply: whether it was carried out, the window now says.
                while (running() && !resync()) {
                }
                link.fresh();
                continue;
            }
            if ((*reply)["ok"] != true) {
                ledger_.note_unexpected(reply->dump());
                resync();
                continue;
            }
            const auto& ticket = (*reply)["result"]["ticket"];
            if (ticket.is_null()) {
                // Nobody waits: ask again a little later, as a counter's staff would, instead of
                // flooding the server with empty calls while the kiosks catch up.
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
                continue;
            }
            auto number = ticket["number"].get<std::string>();
            auto now = ticket["state"].get<std::string>();
            {
                std::lock_guard lock(ledger_.mutex);
                if (!current)
                    ledger_.called.push_back({number, window});
                else if (now == "finished" || now == "no_show")
                    ledger_.ended.push_back({number, now});
            }
            if (!current)
                --ledger_.waiting;
            if (now == "finished" || now == "no_show") {
                current.reset();
            } else {
                current = ticket;
            }
            ++ledger_.operations;
        }
    }

    LoadPlan plan_;
    std::function<unsigned short()> port_;
    Ledger ledger_;
    std::atomic<bool> stop_{false};
    std::vector<std::thread> threads_;
};

}  // namespace hall::testing
