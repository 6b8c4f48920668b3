// An event: one thing that happened in the hall, appended to the log and never changed.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ticket.hpp"

namespace hall {

enum class EventType {
    ticket_issued,
    ticket_called,
    ticket_recalled,
    service_started,
    visit_finished,
    item_handled,
    ticket_no_show,
    ticket_cancelled,
    ticket_transferred,
    ticket_parked,
    ticket_unserved,
    ticket_rated,
    staff_login,
    staff_logout,
    break_started,
    break_ended,
    day_closed,
    notice_posted,  // a manager's notice to every device, shown for the rest of the day
};

std::string_view to_string(EventType type);
std::optional<EventType> parse_event_type(std::string_view text);

struct Event {
    std::int64_t seq = 0;  // the hall's own sequence number, gap-free
    std::string day;       // the hall's local day the event belongs to
    std::int64_t at_ms = 0;
    EventType type = EventType::ticket_issued;
    std::optional<std::int64_t> ticket_id;
    std::string queue;
    std::optional<int> window;
    std::string staff;
    std::string device;
    nlohmann::json data = nlohmann::json::object();  // type-specific fields (docs/storage.md)

    // The ticket as it stands after this event, for the current-state table. Not part of the
    // log: replaying the log rebuilds it.
    std::optional<Ticket> ticket_after;
};

}  // namespace hall
