// Which figures each event counts toward.
#include "tally.hpp"

#include <cstdio>

#include "duration_classes.hpp"

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
    // A wait or service period in its histogram class: fine classes for the hall, zone, queue
    // and window, bands for the staff member (duration_classes.hpp says why).
    auto count_duration = [&](bool wait, std::int64_t ms) {
        const auto fine =
            duration_class_metric(wait ? wait_class_prefix : service_class_prefix, ms);
        b.add("hall", "", fine);
        if (!zone.empty())
            b.add("zone", zone, fine);
        if (!e.queue.empty())
            b.add("queue", e.queue, fine);
        if (e.window)
            b.add("window", window, fine);
        if (!e.staff.empty())
            b.add("staff", e.staff,
                  duration_class_metric(wait ? wait_band_prefix : service_band_prefix, ms,
                                        DurationScale::coarse));
    };

    switch (e.type) {
        case EventType::ticket_issued: {
            count("issued", 1, false);
            auto priority = d.value("priority", "none");
            if (priority != "none")
                count("issued_priority", 1, false);
            if (d.value("channel", "kiosk") == "appointment")
                count("issued_appointment", 1, false);
            if (d.contains("hour")) {
                char hour[8];
                std::snprintf(hour, sizeof hour, "%02d", d["hour"].get<int>());
                b.add("hour", hour, "issued");
            }
            break;
        }
        case EventType::ticket_called:
            if (d.value("first", false)) {
                count("called");
                count("wait_ms", d.value("wait_ms", std::int64_t{0}));
                count_duration(true, d.value("wait_ms", std::int64_t{0}));
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
            count_duration(false, d.value("service_ms", std::int64_t{0}));
            if (d.contains("package")) {
                const std::string package = d["package"].get<std::string>();
                const bool multi = d.value("departments", 0) > 1;
                count("packages");
                b.add("package", package, "packages");
                if (multi) {
                    count("packages_multi_department");
                    b.add("package", package, "packages_multi_department");
                }
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
            // Wait and service of the visits that handled the item, and of those that
            // handled the department's items (a visit counts once per department).
            const std::int64_t service_ms =
                d.value("finished_ms", std::int64_t{0}) - d.value("started_ms", std::int64_t{0});
            const bool first_of_department = d.value("first_of_department", false);
            b.add("item", item, "service_ms", service_ms);
            b.add("item", item,
                  duration_class_metric(service_band_prefix, service_ms, DurationScale::coarse));
            if (first_of_department) {
                b.add("department", department, "visits");
                b.add("department", department, "service_ms", service_ms);
                b.add("department", department,
                      duration_class_metric(service_class_prefix, service_ms));
            }
            if (d.contains("wait_ms")) {
                const std::int64_t wait_ms = d["wait_ms"].get<std::int64_t>();
                b.add("item", item, "wait_ms", wait_ms);
                b.add("item", item,
                      duration_class_metric(wait_band_prefix, wait_ms, DurationScale::coarse));
                if (first_of_department) {
                    b.add("department", department, "wait_ms", wait_ms);
                    b.add("department", department,
                          duration_class_metric(wait_class_prefix, wait_ms));
                }
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
            // A transfer from service ends a service period at this window.
            if (d.contains("service_ms")) {
                count("service_ms", d["service_ms"].get<std::int64_t>());
                count_duration(false, d["service_ms"].get<std::int64_t>());
            }
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
