// Names of event types, as stored in the log.
#include "event.hpp"

#include <array>
#include <utility>

namespace hall {

namespace {
constexpr std::array<std::pair<EventType, std::string_view>, 18> event_names{{
    {EventType::ticket_issued, "ticket_issued"},
    {EventType::ticket_called, "ticket_called"},
    {EventType::ticket_recalled, "ticket_recalled"},
    {EventType::service_started, "service_started"},
    {EventType::visit_finished, "visit_finished"},
    {EventType::item_handled, "item_handled"},
    {EventType::ticket_no_show, "ticket_no_show"},
    {EventType::ticket_cancelled, "ticket_cancelled"},
    {EventType::ticket_transferred, "ticket_transferred"},
    {EventType::ticket_parked, "ticket_parked"},
    {EventType::ticket_unserved, "ticket_unserved"},
    {EventType::ticket_rated, "ticket_rated"},
    {EventType::staff_login, "staff_login"},
    {EventType::staff_logout, "staff_logout"},
    {EventType::break_started, "break_started"},
    {EventType::break_ended, "break_ended"},
    {EventType::day_closed, "day_closed"},
    {EventType::notice_posted, "notice_posted"},
}};
}  // namespace

std::string_view to_string(EventType type) {
    for (auto [t, name] : event_names)
        if (t == type)
            return name;
    return "unknown";
}

std::optional<EventType> parse_event_type(std::string_view text) {
    for (auto [t, name] : event_names)
        if (name == text)
            return t;
    return std::nullopt;
}

}  // namespace hall
