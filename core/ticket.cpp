// Names of ticket states and channels, as they appear in the database and the protocol.
#include "ticket.hpp"

#include <array>
#include <utility>

namespace hall {

namespace {
constexpr std::array<std::pair<TicketState, std::string_view>, 8> state_names{{
    {TicketState::waiting, "waiting"},
    {TicketState::called, "called"},
    {TicketState::serving, "serving"},
    {TicketState::parked, "parked"},
    {TicketState::finished, "finished"},
    {TicketState::no_show, "no_show"},
    {TicketState::cancelled, "cancelled"},
    {TicketState::unserved, "unserved"},
}};
constexpr std::array<std::pair<Channel, std::string_view>, 3> channel_names{{
    {Channel::kiosk, "kiosk"},
    {Channel::appointment, "appointment"},
    {Channel::staff, "staff"},
}};
}  // namespace

std::string_view to_string(TicketState state) {
    for (auto [s, name] : state_names)
        if (s == state)
            return name;
    return "waiting";
}

std::optional<TicketState> parse_ticket_state(std::string_view text) {
    for (auto [s, name] : state_names)
        if (name == text)
            return s;
    return std::nullopt;
}

std::string_view to_string(Channel channel) {
    for (auto [c, name] : channel_names)
        if (c == channel)
            return name;
    return "kiosk";
}

std::optional<Channel> parse_channel(std::string_view text) {
    for (auto [c, name] : channel_names)
        if (name == text)
            return c;
    return std::nullopt;
}

bool is_final(TicketState state) {
    return state == TicketState::finished || state == TicketState::no_show ||
           state == TicketState::cancelled || state == TicketState::unserved;
}

}  // namespace hall
