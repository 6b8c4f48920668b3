// A ticket: one visit to the hall, from issue to its end.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog.hpp"

namespace hall {

//  waiting → called → serving → finished
//  called → no_show;  waiting|parked → cancelled;  called|serving → parked → called;
//  called|serving → (transferred) → waiting;  any open state → unserved (at day close)
enum class TicketState { waiting, called, serving, parked, finished, no_show, cancelled, unserved };

enum class Channel { kiosk, appointment, staff };

std::string_view to_string(TicketState state);
std::optional<TicketState> parse_ticket_state(std::string_view text);
std::string_view to_string(Channel channel);
std::optional<Channel> parse_channel(std::string_view text);

// True for the states a ticket never leaves.
bool is_final(TicketState state);

struct Ticket {
    std::int64_t id = 0;
    std::string day;
    std::string number;  // prefix + zero-padded sequence, e.g. "B023"
    std::string queue;   // current queue (changes on transfer)
    std::string zone;
    Priority priority = Priority::none;
    Channel channel = Channel::kiosk;
    TicketState state = TicketState::waiting;
    std::int64_t issued_ms = 0;
    std::int64_t enqueued_ms = 0;  // entered its current queue (issue or transfer)
    std::int64_t order = 0;        // the engine's sequence when enqueued: FIFO within a class
    std::optional<std::int64_t> called_ms;  // first call
    std::optional<std::int64_t> last_called_ms;
    std::optional<std::int64_t> started_ms;
    std::optional<std::int64_t> finished_ms;
    std::optional<int> window;  // the window holding it, or that last held it
    std::optional<std::string> staff;
    std::optional<int> directed_window;  // transferred to one window in particular
    bool returning = false;              // transferred in: served ahead of first-timers
    int recalls = 0;                     // in the whole visit
    int recalls_since_call = 0;          // since its latest call: what recall_limit bounds
    int transfers = 0;
    std::string idempotency_key;
    std::string status_key;
    std::string appointment;
    std::string item;  // the service item chosen with the ticket (its guide at the kiosk), if any
    // The departments of the items handled so far in this visit, before a transfer too: a visit
    // counts once toward each department's visits, however many times it handled its items.
    std::vector<std::string> departments_handled;
};

}  // namespace hall
