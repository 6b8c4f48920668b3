// Plays the hall's day (core/hall_day_shape.hpp) over the devices' links: kiosks issue, staff
// log in and serve at their counters, rating pads rate, the manager moves the test clock.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <queue>
#include <string>
#include <tuple>
#include <vector>

#include "catalog.hpp"
#include "device_link.hpp"
#include "hall_calendar.hpp"
#include "hall_day_shape.hpp"
#include "sim_counts.hpp"

namespace hall::sim {

struct Links {
    std::shared_ptr<DeviceLink> manager;
    std::vector<std::shared_ptr<DeviceLink>> kiosks;
    std::vector<std::shared_ptr<DeviceLink>> boards;
    std::map<int, std::shared_ptr<DeviceLink>> counters;  // by window
    std::map<int, std::shared_ptr<DeviceLink>> ratings;   // by window
};

struct PlayOptions {
    std::int64_t step_ms = 30'000;  // the test clock moves in steps of this much hall time
    double speed = 0;               // hall time per real time (1: real time); 0: as fast as it goes
    std::string pin;                // every staff member's PIN in the simulator's hall
};

// Time moves in steps: the manager sets the test clock to the step's time, then every happening
// due by then sends its requests at once (pipelined, over all the links), and the step ends when
// every request is answered. Within a step the hall's clock stands still, so the simulator knows
// the time of everything the server recorded. Lives on the io thread.
class SimulatedHall {
  public:
    SimulatedHall(boost::asio::io_context& io, const Catalog& catalog, HallDayShape& shape,
                  Links& links, SimCounts& counts, PlayOptions options);

    // Plays one open day: logins from 08:25, the visits, and the day's close at the catalog's
    // close time, which the server carries out when the clock passes it.
    boost::asio::awaitable<void> play_day(const std::string& day, int visits, int day_index);
    // Moves the test clock (and waits for the server's reply).
    boost::asio::awaitable<void> set_clock(std::int64_t ms);
    // Requests refused unexpectedly, and other things that went wrong.
    const std::vector<std::string>& problems() const { return problems_; }

    // Where the steps' real time went: moving the test clock (one round trip on the manager's
    // link, after the pacing wait when paced), and waiting for the replies to the step's requests
    // and to the requests those replies led to.
    struct StepTimes {
        std::int64_t steps = 0;
        double clock_s = 0;
        double replies_s = 0;
    };
    const StepTimes& step_times() const { return step_times_; }

  private:
    // transferring: the transfer was sent and its reply not read yet. Another window may call
    // the ticket in the same instant, and its reply may arrive first (each link is its own
    // connection).
    enum class State { waiting, called, serving, transferring, done };
    struct SimTicket {
        std::string number;
        std::string queue;
        std::int64_t issued_ms = 0;
        std::int64_t last_call_ms = 0;
        std::int64_t started_ms = 0;
        bool called_before = false;
        State state = State::waiting;
    };
    struct WindowPlay {
        std::string staff;  // empty: nobody logged in
        std::int64_t login_ms = 0;
        std::int64_t break_from_ms = 0;
        bool idle = false;
        bool lunch = false;
        bool had_lunch = false;
        std::string current;  // the ticket number at the window
    };
    struct Happening {
        std::int64_t at_ms;
        std::uint64_t order;
        std::function<void()> action;
    };
    struct Later {
        bool operator()(const Happening& a, const Happening& b) const {
            return std::tie(a.at_ms, a.order) > std::tie(b.at_ms, b.order);
        }
    };

    void at_ms(std::int64_t when, std::function<void()> action);
    void after(double minutes, std::function<void()> action);
    boost::asio::awaitable<void> all_answered();
    boost::asio::awaitable<nlohmann::json> ask(DeviceLink& link, nlohmann::json message);
    void send(DeviceLink& link, nlohmann::json message,
              std::function<void(const nlohmann::json& result)> on_ok,
              std::function<bool(const std::string& code)> expected_refusal = {});
    void problem(std::string text);

    // Counts a figure for the hall, the queue's zone and queue, and the window and its staff.
    void count(const std::string& metric, const std::string& queue, int window,
               std::int64_t value = 1);

    void login(int window, const std::string& staff);
    void arrive();
    void cancel(const std::string& number);
    void wake(const std::string& queue);
    void poll(int window);
    void on_called(int window, const nlohmann::json& ticket);
    void recall(int window);
    void no_show(int window);
    void start(int window);
    void end_service(int window);
    void finished(int window, SimTicket& ticket, const SimulatedFinish& done);
    void end_break(int window);
    void close_day();

    boost::asio::io_context& io_;
    const Catalog& catalog_;
    HallCalendar calendar_;
    HallDayShape& shape_;
    Links& links_;
    SimCounts& counts_;
    PlayOptions options_;

    std::string day_;
    int day_index_ = 0;
    std::int64_t now_ms_ = 0;  // the test clock, as last set
    std::priority_queue<Happening, std::vector<Happening>, Later> happenings_;
    std::uint64_t next_order_ = 0;
    std::map<std::string, SimTicket> tickets_;  // today's, by number
    std::map<int, WindowPlay> windows_;
    std::size_t next_kiosk_ = 0;
    std::int64_t next_visit_ = 0;
    boost::asio::steady_timer answered_;
    std::optional<std::int64_t> paced_from_ms_;
    std::chrono::steady_clock::time_point paced_from_;
    std::vector<std::string> problems_;
    StepTimes step_times_;
};

}  // namespace hall::sim
