// Which figures each event counts toward.
#include "tally.hpp"

namespace hall {

namespace {
struct Builder {
    std::vector<TallyDelta> out;
    void add(std::string dimension, std::string key, const std::string& metric,
             std::int64_t value = 1) {
        if (value == 0)
            return;
        out.push_back({std::move(dimension), std::move(key), metric, value});
    }
};
}  // namespace

std::vector<TallyDelta> tally_deltas(const Event& e) {
    Builder b;
    const auto& d = e.data;
    const std::string zone = d.value("zone", "");
    const std::string window = e.window ? std::to_string(*e.window) : std::string();
    // A figure counted for the hall, its zone and queue, and the window and staff involved.
    auto count = [&](const std::string& metric, std::int64_t value = 1, bool at_window = true) {
        b.add("hall", "", metric, value);
        if (!zone.empty())
            b.add("zone", zone, metric, value);
        if (!e.queue.empty())
            b.add("queue", e.queue, metric, value);
        if (at_window && e.window)
            b.add("window", window, metric, value);
        if (at_window && !e.staff.empty())
            b.add("staff", e.staff, metric, value);
    };

    switch (e.type) {
        case EventType::ticket_issued: {
            count("issued", 1, false);
            auto priority = d.value("priority", "none");
            if (priority != "none")
                count("issued_priority", 1, false);
            if (d.value("channel", "kiosk") == "appointment")
                count("issued_appointment", 1, false);
            break;
        }
        case EventType::ticket_called:
            if (d.value("first", false)) {
                count("called");
                count("wait_ms", d.value("wait_ms", std::int64_t{0}));
                if (d.value("within_target", false))
                    count("within_target");
            }
            break;
        case EventType::ticket_recalled:
            count("recalls");
            break;
        case EventType::service_started:
            count("started");
            count("walk_ms", d.value("walk_ms", std::int64_t{0}));
            break;
        case EventType::visit_finished:
            count("served");
            count("service_ms", d.value("service_ms", std::int64_t{0}));
            if (d.contains("package")) {
                count("packages");
                if (d.value("departments", 0) > 1)
                    count("packages_multi_department");
            }
            break;
        case EventType::item_handled: {
            const std::string item = d.value("item", "");
            const std::string department = d.value("department", "");
            const bool agency = d.value("agency", false);
            // Items count toward the zone of their department, not of the queue.
            for (const auto& metric :
                 {std::string("items_handled"), std::string(agency ? "agency_cases" : "")}) {
                if (metric.empty())
                    continue;
                b.add("hall", "", metric);
                b.add("zone", zone, metric);
                b.add("department", department, metric);
                b.add("queue", e.queue, metric);
                b.add("item", item, metric);
                if (e.window)
                    b.add("window", window, metric);
                if (!e.staff.empty())
                    b.add("staff", e.staff, metric);
            }
            break;
        }
        case EventType::ticket_no_show:
            count("no_show");
            break;
        case EventType::ticket_cancelled:
            count("cancelled", 1, false);
            break;
        case EventType::ticket_transferred:
            count("transferred");
            count("service_ms", d.value("service_ms", std::int64_t{0}));
            break;
        case EventType::ticket_parked:
            count("parked");
            break;
        case EventType::ticket_unserved:
            count("unserved", 1, false);
            break;
        case EventType::ticket_rated: {
            int grade = d.value("grade", 0);
            count("rating_" + std::to_string(grade));
            count(grade <= 3 ? "good_reviews" : "bad_reviews");
            break;
        }
        case EventType::staff_logout:
            b.add("window", window, "logged_in_ms", d.value("logged_in_ms", std::int64_t{0}));
            b.add("staff", e.staff, "logged_in_ms", d.value("logged_in_ms", std::int64_t{0}));
            break;
        case EventType::break_ended:
            b.add("window", window, "break_ms", d.value("break_ms", std::int64_t{0}));
            b.add("staff", e.staff, "break_ms", d.value("break_ms", std::int64_t{0}));
            break;
        case EventType::staff_login:
        case EventType::break_started:
        case EventType::day_closed:
            break;
    }
    return std::move(b.out);
}

void add_to(TallyTable& table, const Event& event) {
    for (auto& delta : tally_deltas(event))
        table[{event.day, delta.dimension, delta.key, delta.metric}] += delta.value;
}

}  // namespace hall
