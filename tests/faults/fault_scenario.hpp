// A run of the fault tests and benches, start to finish: the demo hall, its devices, a load with
// kill -9 at random moments, the day's close, and the check of every invariant.
#pragma once

#include <signal.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "fault_hall.hpp"
#include "hall_invariants.hpp"
#include "hall_load.hpp"

namespace hall::testing {

struct ScenarioPlan {
    int kiosks = 6;
    int counters = 6;                // at the demo hall's first windows that are not agency windows
    std::int64_t operations = 5000;  // the load stops once this many changes are acknowledged
    int kills = 0;  // if not 0: kill -9 and restart this many times, and stop the load after
    int kill_after_ms_min = 500;   // the load runs this long at least before each kill
    int kill_after_ms_max = 2500;  // and at most
    unsigned seed = 1;
};

struct ScenarioResult {
    std::int64_t operations = 0;  // acknowledged changes
    std::int64_t issued = 0, called = 0, ended = 0;
    std::int64_t retried = 0, reconnects = 0;
    int kills = 0;
    double load_seconds = 0;              // from the start of the load to its end
    std::vector<std::string> unexpected;  // replies no device should have had
    std::vector<std::string> broken;      // invariants that do not hold
    int verify_status = -1;               // hall_server verify's exit status
    std::string verify_output;
};

// How long the load may go without a change acknowledged before the run gives up on it.
constexpr auto no_progress_limit = std::chrono::seconds(60);

// Runs the plan on a fresh hall in `db` (a path in a scratch directory).
inline ScenarioResult run_fault_scenario(const std::string& db, const ScenarioPlan& plan) {
    FaultHall hall(db);
    LoadPlan load_plan;
    load_plan.operations = plan.operations;
    for (int k = 0; k < plan.kiosks; ++k)
        load_plan.kiosk_tokens.push_back(hall.add_device("kiosk-" + std::to_string(k), "kiosk"));
    auto manager = hall.add_device("manager-1", "manager");
    hall.start();

    // The counters: the first windows that are not agency windows, their staff logged in.
    std::vector<int> windows;
    std::set<std::string> queues;
    {
        WsDevice reader(hall.port());
        reader.hello(manager);
        auto catalog = reader.request({{"op", "catalog"}})["result"];
        for (const auto& w : catalog["windows"]) {
            if (w["agency"] == true || static_cast<int>(windows.size()) == plan.counters)
                continue;
            windows.push_back(w["number"].get<int>());
            for (const auto& q : w["queues"])
                queues.insert(q.get<std::string>());
        }
    }
    load_plan.queues.assign(queues.begin(), queues.end());
    for (std::size_t i = 0; i < windows.size(); ++i) {
        auto token =
            hall.add_device("counter-" + std::to_string(windows[i]), "counter", windows[i]);
        WsDevice counter(hall.port());
        counter.hello(token);
        auto serial = std::to_string(i + 1);
        auto staff = "S" + std::string(3 - std::min<std::size_t>(3, serial.size()), '0') + serial;
        auto login = counter.request({{"op", "login"}, {"staff", staff}, {"pin", "1234"}});
        if (login["ok"] != true)
            throw std::runtime_error("login failed: " + login.dump());
        load_plan.counter_tokens.push_back(token);
    }

    ScenarioResult result;
    auto started = std::chrono::steady_clock::now();
    HallLoad load(load_plan, [&hall] { return hall.port(); });
    load.start();
    std::mt19937 random(plan.seed);
    std::uniform_int_distribution<int> pause(plan.kill_after_ms_min, plan.kill_after_ms_max);
    for (int k = 0; k < plan.kills && !load.done(); ++k) {
        std::this_thread::sleep_for(std::chrono::milliseconds(pause(random)));
        hall.kill();
        ++result.kills;
        hall.start();
    }
    if (plan.kills > 0) {
        // The load goes on a while after the last restart, then stops.
        std::this_thread::sleep_for(std::chrono::milliseconds(pause(random)));
    } else {
        // A load that stops making progress ends the run with a finding instead of hanging it.
        auto last_progress = std::chrono::steady_clock::now();
        std::int64_t last_operations = 0;
        while (!load.done()) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            const auto now = std::chrono::steady_clock::now();
            if (const std::int64_t operations = load.ledger().operations;
                operations != last_operations) {
                last_operations = operations;
                last_progress = now;
            } else if (now - last_progress > no_progress_limit) {
                result.unexpected.push_back("the load made no progress for " +
                                            std::to_string(no_progress_limit.count()) + " s, at " +
                                            std::to_string(operations) + " changes");
                break;
            }
        }
    }
    load.stop();
    result.load_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

    // The day's close ends every visit still open; then the server stops cleanly.
    {
        WsDevice closer(hall.port());
        closer.hello(manager);
        auto closed = closer.request({{"op", "close_day"}});
        if (closed["ok"] != true)
            result.unexpected.push_back("close_day: " + closed.dump());
    }
    if (int status = hall.stop(); status != 0)
        result.unexpected.push_back("the server exited with " + std::to_string(status));

    auto& ledger = load.ledger();
    result.operations = ledger.operations;
    result.issued = static_cast<std::int64_t>(ledger.issued.size());
    result.called = static_cast<std::int64_t>(ledger.called.size());
    result.ended = static_cast<std::int64_t>(ledger.ended.size());
    result.retried = ledger.retried;
    result.reconnects = ledger.reconnects;
    result.unexpected.insert(result.unexpected.end(), ledger.unexpected.begin(),
                             ledger.unexpected.end());
    result.broken = hall_invariant_violations(db, ledger);
    auto verified = run_server_command({"verify", "--db", db});
    result.verify_status = verified.status;
    result.verify_output = verified.output;
    return result;
}

}  // namespace hall::testing
