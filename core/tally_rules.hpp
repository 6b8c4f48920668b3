// Which figures each event counts toward: the one rule behind the tallies the store keeps (through
// add_to, tally.hpp) and behind `verify`'s recount from the log, so that both always count alike.
#pragma once

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string_view>

#include "event.hpp"
#include "tally_names.hpp"

namespace hall {

// The columns of an event the rule reads; the rest comes from its data.
struct EventSubject {
    EventType type = EventType::ticket_issued;
    std::string_view queue;
    std::optional<int> window;
    std::string_view staff;
};

// Calls add(dimension, key, metric, value) for each figure the event adds to (never for 0).
//
// Data reads the event's data object: text(name), integer(name) and boolean(name) return the
// field, nullopt when absent, and throw when it holds another type. It is a template so that an
// event in memory is read with nlohmann-json and the log read back with simdjson, by one rule.
template <class Data, class Add>
void count_event(const EventSubject& e, const Data& d, Add&& add) {
    using D = TallyDimension;
    using M = TallyMetric;
    const std::string_view zone = d.text("zone").value_or("");
    char window_text[16];
    std::string_view window;
    if (e.window) {
        const auto end =
            std::to_chars(window_text, window_text + sizeof window_text, *e.window).ptr;
        window = std::string_view(window_text, static_cast<std::size_t>(end - window_text));
    }
    auto put = [&](D dimension, std::string_view key, M metric, std::int64_t value = 1) {
        if (value != 0)
            add(dimension, key, metric, value);
    };
    // A figure counted for the hall, its zone and queue, and the window and staff involved.
    auto count = [&](M metric, std::int64_t value = 1, bool at_window = true) {
        put(D::hall, "", metric, value);
        if (!zone.empty())
            put(D::zone, zone, metric, value);
        if (!e.queue.empty())
            put(D::queue, e.queue, metric, value);
        if (at_window && e.window)
            put(D::window, window, metric, value);
        if (at_window && !e.staff.empty())
            put(D::staff, e.staff, metric, value);
    };
    // A wait or service period in its histogram class: fine classes for the hall, zone, queue
    // and window, bands for the staff member (duration_classes.hpp says why).
    auto count_duration = [&](bool wait, std::int64_t ms) {
        const auto fine =
            duration_tally(wait ? DurationTally::wait_class : DurationTally::service_class, ms);
        put(D::hall, "", fine);
        if (!zone.empty())
            put(D::zone, zone, fine);
        if (!e.queue.empty())
            put(D::queue, e.queue, fine);
        if (e.window)
            put(D::window, window, fine);
        if (!e.staff.empty())
            put(D::staff, e.staff,
                duration_tally(wait ? DurationTally::wait_band : DurationTally::service_band, ms));
    };

    switch (e.type) {
        case EventType::ticket_issued: {
            count(M::issued, 1, false);
            if (d.text("priority").value_or("none") != "none")
                count(M::issued_priority, 1, false);
            if (d.text("channel").value_or("kiosk") == "appointment")
                count(M::issued_appointment, 1, false);
            if (auto hour = d.integer("hour")) {
                char text[24];
                std::snprintf(text, sizeof text, "%02d", static_cast<int>(*hour));
                put(D::hour, text, M::issued);
            }
            break;
        }
        case EventType::ticket_called:
            if (d.boolean("first").value_or(false)) {
                const auto wait_ms = d.integer("wait_ms").value_or(0);
                count(M::called);
                count(M::wait_ms, wait_ms);
                count_duration(true, wait_ms);
                if (d.boolean("within_target").value_or(false))
                    count(M::within_target);
            }
            break;
        case EventType::ticket_recalled:
            count(M::recalls);
            break;
        case EventType::service_started:
            count(M::started);
            count(M::walk_ms, d.integer("walk_ms").value_or(0));
            break;
        case EventType::visit_finished: {
            const auto service_ms = d.integer("service_ms").value_or(0);
            count(M::served);
            count(M::service_ms, service_ms);
            count_duration(false, service_ms);
            if (auto package = d.text("package")) {
                const bool multi = d.integer("departments").value_or(0) > 1;
                count(M::packages);
                put(D::package, *package, M::packages);
                if (multi) {
                    count(M::packages_multi_department);
                    put(D::package, *package, M::packages_multi_department);
                }
            }
            break;
        }
        case EventType::item_handled: {
            const std::string_view item = d.text("item").value_or("");
            const std::string_view department = d.text("department").value_or("");
            const bool agency = d.boolean("agency").value_or(false);
            // Items count toward the zone of their department, not of the queue.
            for (const auto metric : {M::items_handled, M::agency_cases}) {
                if (metric == M::agency_cases && !agency)
                    continue;
                put(D::hall, "", metric);
                put(D::zone, zone, metric);
                put(D::department, department, metric);
                put(D::queue, e.queue, metric);
                put(D::item, item, metric);
                if (e.window)
                    put(D::window, window, metric);
                if (!e.staff.empty())
                    put(D::staff, e.staff, metric);
            }
            // Wait and service of the visits that handled the item, and of those that
            // handled the department's items (a visit counts once per department).
            const std::int64_t service_ms =
                d.integer("finished_ms").value_or(0) - d.integer("started_ms").value_or(0);
            const bool first_of_department = d.boolean("first_of_department").value_or(false);
            put(D::item, item, M::service_ms, service_ms);
            put(D::item, item, duration_tally(DurationTally::service_band, service_ms));
            if (first_of_department) {
                put(D::department, department, M::visits);
                put(D::department, department, M::service_ms, service_ms);
                put(D::department, department,
                    duration_tally(DurationTally::service_class, service_ms));
            }
            if (auto wait_ms = d.integer("wait_ms")) {
                put(D::item, item, M::wait_ms, *wait_ms);
                put(D::item, item, duration_tally(DurationTally::wait_band, *wait_ms));
                if (first_of_department) {
                    put(D::department, department, M::wait_ms, *wait_ms);
                    put(D::department, department,
                        duration_tally(DurationTally::wait_class, *wait_ms));
                }
            }
            break;
        }
        case EventType::ticket_no_show:
            count(M::no_show);
            break;
        case EventType::ticket_cancelled:
            count(M::cancelled, 1, false);
            break;
        case EventType::ticket_transferred:
            count(M::transferred);
            // A transfer from service ends a service period at this window.
            if (auto service_ms = d.integer("service_ms")) {
                count(M::service_ms, *service_ms);
                count_duration(false, *service_ms);
            }
            break;
        case EventType::ticket_parked:
            count(M::parked);
            break;
        case EventType::ticket_unserved:
            count(M::unserved, 1, false);
            break;
        case EventType::ticket_rated: {
            const auto grade = d.integer("grade").value_or(0);
            count(grade >= 1 && grade <= 5
                      ? static_cast<M>(static_cast<int>(M::rating_1) + static_cast<int>(grade) - 1)
                      : M::rating_invalid);
            count(grade <= 3 ? M::good_reviews : M::bad_reviews);
            break;
        }
        case EventType::staff_logout: {
            const auto logged_in_ms = d.integer("logged_in_ms").value_or(0);
            put(D::window, window, M::logged_in_ms, logged_in_ms);
            put(D::staff, e.staff, M::logged_in_ms, logged_in_ms);
            break;
        }
        case EventType::break_ended: {
            const auto break_ms = d.integer("break_ms").value_or(0);
            put(D::window, window, M::break_ms, break_ms);
            put(D::staff, e.staff, M::break_ms, break_ms);
            break;
        }
        case EventType::staff_login:
        case EventType::break_started:
        case EventType::day_closed:
        case EventType::notice_posted:
            break;
    }
}

}  // namespace hall
