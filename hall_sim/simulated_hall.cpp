// The simulated hall's devices at work: the same flow as the year generator's windows, but every
// action is a request to the real server, and every figure is counted from its replies.
#include "simulated_hall.hpp"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <cstdio>
#include <set>

namespace hall::sim {

namespace net = boost::asio;
using nlohmann::json;

namespace {
constexpr std::int64_t minute_ms = 60'000;
}  // namespace

SimulatedHall::SimulatedHall(net::io_context& io, const Catalog& catalog, HallDayShape& shape,
                             Links& links, SimCounts& counts, PlayOptions options)
    : io_(io),
      catalog_(catalog),
      calendar_(catalog.hall.time_zone),
      shape_(shape),
      links_(links),
      counts_(counts),
      options_(std::move(options)),
      answered_(io) {
    DeviceLink::when_all_answered([this] { answered_.cancel(); });
}

void SimulatedHall::at_ms(std::int64_t when, std::function<void()> action) {
    happenings_.push({when, next_order_++, std::move(action)});
}

void SimulatedHall::after(double minutes, std::function<void()> action) {
    at_ms(now_ms_ + static_cast<std::int64_t>(minutes * minute_ms), std::move(action));
}

void SimulatedHall::problem(std::string text) {
    if (problems_.size() < 1000)
        std::fprintf(stderr, "hall_sim: %s %s\n", day_.c_str(), text.c_str());
    problems_.push_back(std::move(text));
}

net::awaitable<void> SimulatedHall::all_answered() {
    while (DeviceLink::in_flight() > 0) {
        answered_.expires_at(std::chrono::steady_clock::time_point::max());
        boost::system::error_code ec;
        co_await answered_.async_wait(net::redirect_error(net::use_awaitable, ec));
    }
}

net::awaitable<json> SimulatedHall::ask(DeviceLink& link, json message) {
    auto reply = std::make_shared<std::optional<json>>();
    net::steady_timer signal(io_, std::chrono::steady_clock::time_point::max());
    link.request(std::move(message), [reply, &signal](const json& r) {
        *reply = r;
        signal.cancel();
    });
    while (!*reply) {
        boost::system::error_code ec;
        co_await signal.async_wait(net::redirect_error(net::use_awaitable, ec));
    }
    co_return std::move(**reply);
}

void SimulatedHall::send(DeviceLink& link, json message, std::function<void(const json&)> on_ok,
                         std::function<bool(const std::string&)> expected_refusal) {
    ++counts_.requests;
    const std::string op = message.value("op", "");
    link.request(std::move(message),
                 [this, op, on_ok = std::move(on_ok), expected = std::move(expected_refusal),
                  device = link.device()](const json& reply) {
                     if (reply.value("ok", false)) {
                         if (on_ok)
                             on_ok(reply.contains("result") ? reply["result"] : json());
                         return;
                     }
                     const std::string code = reply["error"].value("code", "");
                     if (!expected || !expected(code))
                         problem(device + " " + op + " refused: " + reply["error"].dump());
                 });
}

net::awaitable<void> SimulatedHall::set_clock(std::int64_t ms) {
    // A reply may have made something due at once: the clock is already there.
    if (ms == now_ms_)
        co_return;
    if (options_.speed > 0) {
        // Paced: the step's hall time is reached in real time divided by the speed.
        if (!paced_from_ms_) {
            paced_from_ms_ = ms;
            paced_from_ = std::chrono::steady_clock::now();
        }
        const auto due =
            paced_from_ + std::chrono::microseconds(static_cast<std::int64_t>(
                              static_cast<double>(ms - *paced_from_ms_) * 1000 / options_.speed));
        net::steady_timer wait(io_, due);
        boost::system::error_code ec;
        co_await wait.async_wait(net::redirect_error(net::use_awaitable, ec));
    }
    // Built apart: g++ 12 cannot take a braced list as a coroutine's argument.
    json message = {{"op", "test_clock"}, {"at", ms}};
    auto reply = co_await ask(*links_.manager, std::move(message));
    if (!reply.value("ok", false))
        throw std::runtime_error("the server refused the test clock: " + reply.dump());
    now_ms_ = ms;
}

void SimulatedHall::count(const std::string& metric, const std::string& queue, int window,
                          std::int64_t value) {
    counts_.add("hall", "", metric, value);
    if (const auto* q = catalog_.queue(queue)) {
        counts_.add("zone", q->zone, metric, value);
        counts_.add("queue", queue, metric, value);
    }
    if (window > 0) {
        counts_.add("window", std::to_string(window), metric, value);
        const auto& staff = windows_[window].staff;
        if (!staff.empty())
            counts_.add("staff", staff, metric, value);
    }
}

net::awaitable<void> SimulatedHall::play_day(const std::string& day, int visits, int day_index) {
    day_ = day;
    day_index_ = day_index;
    tickets_.clear();
    windows_.clear();
    happenings_ = {};
    shape_.prepare_day(day);

    for (std::size_t i = 0; i < catalog_.windows.size(); ++i) {
        const int number = catalog_.windows[i].number;
        windows_[number].lunch = HallDayShape::takes_lunch(i, day_index);
        at_ms(calendar_.at(day, HallDayShape::login_minute(i)),
              [this, number, id = shape_.staff_at(i, day_index).id] { login(number, id); });
    }
    const std::int64_t midnight = calendar_.at(day, 0);
    for (int v = 0; v < visits; ++v) {
        const double m = shape_.arrival_minute();
        at_ms(midnight + static_cast<std::int64_t>(m * minute_ms), [this] { arrive(); });
    }

    const std::int64_t close_ms = calendar_.at(day, catalog_.hall.day_close_min);
    while (!happenings_.empty()) {
        const std::int64_t step = options_.step_ms;
        const std::int64_t t = (happenings_.top().at_ms + step - 1) / step * step;
        // The server closes the day as the clock reaches its close: what is due then is too late.
        if (t >= close_ms)
            break;
        const auto step_started = std::chrono::steady_clock::now();
        co_await set_clock(t);
        const auto clock_set = std::chrono::steady_clock::now();
        while (!happenings_.empty() && happenings_.top().at_ms <= t) {
            auto action = happenings_.top().action;
            happenings_.pop();
            action();
        }
        co_await all_answered();
        ++step_times_.steps;
        step_times_.clock_s += std::chrono::duration<double>(clock_set - step_started).count();
        step_times_.replies_s +=
            std::chrono::duration<double>(std::chrono::steady_clock::now() - clock_set).count();
    }
    happenings_ = {};
    co_await set_clock(close_ms);
    close_day();
}

void SimulatedHall::close_day() {
    // Every ticket still open is unserved; everyone still logged in is logged out at the close.
    for (auto& [number, t] : tickets_) {
        if (t.state == State::done)
            continue;
        t.state = State::done;
        count("unserved", t.queue, 0);
        ++counts_.days[day_].unserved;
    }
    for (auto& [number, w] : windows_) {
        if (w.staff.empty())
            continue;
        counts_.add("window", std::to_string(number), "logged_in_ms", now_ms_ - w.login_ms);
        counts_.add("staff", w.staff, "logged_in_ms", now_ms_ - w.login_ms);
        w.staff.clear();
    }
}

void SimulatedHall::login(int window, const std::string& staff) {
    auto& link = *links_.counters.at(window);
    send(link, {{"op", "login"}, {"staff", staff}, {"pin", options_.pin}},
         [this, window, staff](const json&) {
             auto& w = windows_[window];
             w.staff = staff;
             w.login_ms = now_ms_;
             poll(window);
         });
}

void SimulatedHall::arrive() {
    const auto a = shape_.arrival();
    const auto cancel_after = shape_.cancel_after_min();
    const auto visit = next_visit_++;
    json message = {{"op", a.appointment ? "check_in" : "issue"},
                    {"queue", a.queue},
                    {"idempotency_key", "v" + std::to_string(visit)}};
    if (a.appointment)
        message["appointment"] = "YY" + std::to_string(visit);
    if (a.priority != Priority::none)
        message["priority"] = std::string(to_string(a.priority));
    auto& kiosk = *links_.kiosks[next_kiosk_++ % links_.kiosks.size()];
    // As in the year generator, a visitor whose queue takes no appointments goes away.
    auto no_appointments = [](const std::string& code) { return code == "priority_not_accepted"; };
    send(
        kiosk, std::move(message),
        [this, a, cancel_after](const json& result) {
            const auto& ticket = result["ticket"];
            SimTicket t;
            t.number = ticket["number"].get<std::string>();
            t.queue = ticket["queue"].get<std::string>();
            t.issued_ms = now_ms_;
            if (t.queue != a.queue)
                problem("ticket " + t.number + " was issued for " + t.queue + ", not " + a.queue);
            count("issued", t.queue, 0);
            // An appointment is a priority class of its own (docs/queue-rules.md).
            if (a.priority != Priority::none || a.appointment)
                count("issued_priority", t.queue, 0);
            if (a.appointment)
                count("issued_appointment", t.queue, 0);
            char hour[16];
            std::snprintf(hour, sizeof hour, "%02d", calendar_.minute_of_day(now_ms_) / 60);
            counts_.add("hour", hour, "issued");
            ++counts_.days[day_].issued;
            const auto number = t.number;
            const auto queue = t.queue;
            // A window may have called it already: its reply can overtake this one.
            tickets_.try_emplace(number, std::move(t));
            if (cancel_after)
                after(*cancel_after, [this, number] { cancel(number); });
            wake(queue);
        },
        no_appointments);
}

void SimulatedHall::cancel(const std::string& number) {
    send(
        *links_.manager, {{"op", "cancel"}, {"number", number}},
        [this, number](const json&) {
            auto& t = tickets_.at(number);
            if (t.state != State::waiting)
                problem("ticket " + number + " was cancelled while at a window");
            t.state = State::done;
            count("cancelled", t.queue, 0);
            ++counts_.days[day_].cancelled;
        },
        // Called in the meantime: too late to cancel.
        [](const std::string& code) { return code == "invalid_transition"; });
}

void SimulatedHall::wake(const std::string& queue) {
    auto it = shape_.windows_of().find(queue);
    if (it == shape_.windows_of().end())
        return;
    for (int number : it->second) {
        auto& w = windows_[number];
        if (w.idle && !w.staff.empty()) {
            w.idle = false;
            poll(number);
            return;
        }
    }
}

void SimulatedHall::poll(int window) {
    auto& w = windows_[window];
    if (w.staff.empty())
        return;
    auto& link = *links_.counters.at(window);
    if (w.lunch && !w.had_lunch &&
        calendar_.minute_of_day(now_ms_) >= HallDayShape::lunch_from_minute) {
        w.had_lunch = true;
        const double minutes = shape_.lunch_minutes();
        send(link, {{"op", "break_start"}, {"reason", "午休"}},
             [this, window, minutes](const json&) {
                 windows_[window].break_from_ms = now_ms_;
                 after(minutes, [this, window] { end_break(window); });
             });
        return;
    }
    send(link, {{"op", "call_next"}}, [this, window](const json& result) {
        if (result["ticket"].is_null()) {
            windows_[window].idle = true;
            return;
        }
        on_called(window, result["ticket"]);
    });
}

void SimulatedHall::on_called(int window, const json& ticket) {
    const auto number = ticket["number"].get<std::string>();
    auto it = tickets_.find(number);
    if (it == tickets_.end()) {
        // Issued in this step, its kiosk's reply still on the way.
        SimTicket issued;
        issued.number = number;
        issued.queue = ticket["queue"].get<std::string>();
        issued.issued_ms = ticket["issued_ms"].get<std::int64_t>();
        if (issued.issued_ms != now_ms_)
            problem("window " + std::to_string(window) + " was given ticket " + number +
                    ", which no kiosk here issued");
        it = tickets_.emplace(number, std::move(issued)).first;
    }
    auto& t = it->second;
    if (t.state != State::waiting && t.state != State::transferring)
        problem("ticket " + number + " was called while not waiting");
    if (!t.called_before) {
        t.called_before = true;
        count("called", t.queue, window);
        count("wait_ms", t.queue, window, now_ms_ - t.issued_ms);
    }
    t.state = State::called;
    t.last_call_ms = now_ms_;
    ++counts_.calls;
    windows_[window].current = number;
    if (shape_.no_show()) {
        after(HallDayShape::recall_after_min, [this, window] { recall(window); });
        after(HallDayShape::no_show_after_min, [this, window] { no_show(window); });
        return;
    }
    const double walk = shape_.walk_minutes();
    after(walk, [this, window] { start(window); });
    const double minutes = shape_.service_minutes(t.queue);
    after(walk + minutes, [this, window] { end_service(window); });
}

void SimulatedHall::recall(int window) {
    send(*links_.counters.at(window), {{"op", "recall"}}, [this, window](const json&) {
        auto& t = tickets_.at(windows_[window].current);
        count("recalls", t.queue, window);
        t.last_call_ms = now_ms_;
        ++counts_.calls;
    });
}

void SimulatedHall::no_show(int window) {
    send(*links_.counters.at(window), {{"op", "no_show"}}, [this, window](const json&) {
        auto& w = windows_[window];
        auto& t = tickets_.at(w.current);
        count("no_show", t.queue, window);
        ++counts_.days[day_].no_show;
        t.state = State::done;
        w.current.clear();
        poll(window);
    });
}

void SimulatedHall::start(int window) {
    send(*links_.counters.at(window), {{"op", "start"}}, [this, window](const json&) {
        auto& t = tickets_.at(windows_[window].current);
        // The server counts the walk for the hall, queue, window and staff, not the zone.
        for (const auto& [metric, value] :
             {std::pair<std::string, std::int64_t>{"started", 1},
              std::pair<std::string, std::int64_t>{"walk_ms", now_ms_ - t.last_call_ms}}) {
            counts_.add("hall", "", metric, value);
            counts_.add("queue", t.queue, metric, value);
            counts_.add("window", std::to_string(window), metric, value);
            counts_.add("staff", windows_[window].staff, metric, value);
        }
        t.started_ms = now_ms_;
        t.state = State::serving;
    });
}

void SimulatedHall::end_service(int window) {
    auto& link = *links_.counters.at(window);
    const auto number = windows_[window].current;
    const auto queue = tickets_.at(number).queue;
    if (auto to_queue = shape_.transfer_to(queue)) {
        tickets_.at(number).state = State::transferring;
        send(link, {{"op", "transfer"}, {"to_queue", *to_queue}},
             [this, window, number, to = *to_queue](const json&) {
                 auto& t = tickets_.at(number);
                 count("transferred", t.queue, window);
                 count("service_ms", t.queue, window, now_ms_ - t.started_ms);
                 counts_.add("hall", "", "service_periods");
                 t.queue = to;
                 if (t.state == State::transferring)
                     t.state = State::waiting;  // else already called at its new window
                 windows_[window].current.clear();
                 wake(to);
                 after(HallDayShape::next_call_after_min, [this, window] { poll(window); });
             });
        return;
    }
    const auto done = shape_.finish(queue);
    json message = {{"op", "finish"}, {"items", done.items}};
    if (!done.package.empty())
        message["package"] = done.package;
    send(link, std::move(message), [this, window, number, done](const json&) {
        finished(window, tickets_.at(number), done);
        windows_[window].current.clear();
        if (auto rating = shape_.rating()) {
            json rate = {{"op", "rate"}, {"grade", rating->grade}};
            if (!rating->reason.empty())
                rate["reason"] = rating->reason;
            const auto staff = windows_[window].staff;
            send(
                *links_.ratings.at(window), std::move(rate),
                [this, window, queue = tickets_.at(number).queue, staff, r = *rating](const json&) {
                    count("rating_" + std::to_string(r.grade), queue, window);
                    count(r.grade <= 3 ? "good_reviews" : "bad_reviews", queue, window);
                    if (r.grade >= 4)
                        counts_.bad_reviews.push_back({day_, window, staff, r.grade, r.reason});
                });
        }
        after(HallDayShape::next_call_after_min, [this, window] { poll(window); });
    });
}

void SimulatedHall::finished(int window, SimTicket& t, const SimulatedFinish& done) {
    t.state = State::done;
    count("served", t.queue, window);
    count("service_ms", t.queue, window, now_ms_ - t.started_ms);
    counts_.add("hall", "", "service_periods");
    ++counts_.days[day_].served;
    const bool agency = catalog_.window(window)->agency;
    const auto& items = done.items.empty() && !done.package.empty()
                            ? catalog_.package(done.package)->items
                            : done.items;
    const auto& staff = windows_[window].staff;
    const auto window_key = std::to_string(window);
    std::set<std::string> departments;
    for (const auto& code : items) {
        const auto* item = catalog_.item(code);
        const auto* department = catalog_.department(item->department);
        for (const char* metric : {"items_handled", agency ? "agency_cases" : nullptr}) {
            if (!metric)
                continue;
            counts_.add("hall", "", metric);
            counts_.add("zone", department->zone, metric);
            counts_.add("department", item->department, metric);
            counts_.add("queue", t.queue, metric);
            counts_.add("item", code, metric);
            counts_.add("window", window_key, metric);
            counts_.add("staff", staff, metric);
        }
        if (departments.insert(item->department).second)
            counts_.add("department", item->department, "visits");
        ++counts_.days[day_].items_handled;
    }
    if (!done.package.empty()) {
        count("packages", t.queue, window);
        counts_.add("package", done.package, "packages");
        if (departments.size() > 1) {
            count("packages_multi_department", t.queue, window);
            counts_.add("package", done.package, "packages_multi_department");
        }
    }
}

void SimulatedHall::end_break(int window) {
    send(*links_.counters.at(window), {{"op", "break_end"}}, [this, window](const json&) {
        auto& w = windows_[window];
        counts_.add("window", std::to_string(window), "break_ms", now_ms_ - w.break_from_ms);
        counts_.add("staff", w.staff, "break_ms", now_ms_ - w.break_from_ms);
        poll(window);
    });
}

}  // namespace hall::sim
