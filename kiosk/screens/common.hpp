// Pieces several screens share: the header bar, clock text, paging buttons, ticket requests.
#pragma once

#include <string>

#include "screen.hpp"

namespace kiosk {

// "2026-11-27 09:12" in local time, which the App sets to the hall's zone (hall_time_zone.hpp).
std::string clock_text(std::int64_t ms);
std::string time_of_day(std::int64_t ms);
// Whole minutes, rounded up: "about 3 minutes" should never say 0 when there is a wait.
int minutes_rounded_up(std::int64_t ms);

// The red bar across the top with a title on the left and the clock on the right; returns the
// area below it. `title_whole`, if given, says whether the title fitted uncut.
Rect add_header(WidgetList& widgets, Context& ctx, Rect area, const std::string& title, int height,
                bool* title_whole = nullptr);
// "1号窗口" for this device's window; the hall's name (or nothing) while the server has not said
// which window the device belongs to, never "0号窗口".
std::string device_window_title(const Context& ctx);
// The names of the catalog's queues (items) with these codes, in their order; a code the
// catalog does not know is left out. Screens fit one text size to them (shared_look).
std::vector<std::string> queue_names(const hall::Catalog& catalog,
                                     const std::vector<std::string>& codes);
std::vector<std::string> item_names(const hall::Catalog& catalog,
                                    const std::vector<std::string>& codes);
std::vector<std::string> department_names(const hall::Catalog& catalog,
                                          const std::vector<std::string>& codes);
// The codes of a department's items, in catalog order.
std::vector<std::string> department_items(const hall::Catalog& catalog,
                                          std::string_view department);
// An item's promised time limit: "承诺时限：即办", "承诺时限：5 个工作日".
std::string time_limit_text(const Strings& s, const hall::Item& item);

// A swipe turns a paged list's page: up or left for the next, as on a phone. True if it did.
bool turn_page_on_swipe(const Input& input, Pager& pager);

// Back and Home along the bottom of `area` in the first two of `parts` equal places, with a gap
// above them; `area` keeps what is left. Returns the places, for a screen's own buttons.
std::vector<Rect> add_back_home(WidgetList& widgets, Context& ctx, Rect& area, int unit,
                                int parts = 2);

// Previous / page n of m / next along the bottom of a paged list.
void add_pager(WidgetList& widgets, Context& ctx, Rect area, Pager& pager, Screen& screen);

// A line for refusals and progress; nothing when text is empty.
void add_message(WidgetList& widgets, Rect area, const std::string& text, Color color);

// The http(s) address of the server's public pages, from the WebSocket URL.
std::string public_base_url(const std::string& server);

// What a visitor asks a ticket for.
struct TicketAsk {
    std::string queue;
    hall::Priority priority = hall::Priority::none;
    std::string appointment;  // a booking code: a check-in
    std::string item;         // the item whose guide the ticket was taken from
};
// Sends `issue` (or `check_in` with a booking code) and shows the ticket screen when the server
// has confirmed it; `failed` gets the refusal.
void request_ticket(Context& ctx, const TicketAsk& ask, std::function<void(const Reply&)> failed);

std::unique_ptr<Screen> make_ticket_zone(Context& context, std::string zone);
std::unique_ptr<Screen> make_ticket_department(Context& context, std::string department);
std::unique_ptr<Screen> make_ticket_high_frequency(Context& context);
std::unique_ptr<Screen> make_ticket_guide(Context& context, std::string item);
// The green channel's choice for a ticket of `queue`, taken from the guide of `item` if any.
std::unique_ptr<Screen> make_ticket_priority(Context& context, std::string queue,
                                             std::string item = {});
std::unique_ptr<Screen> make_ticket_appointment(Context& context);
std::unique_ptr<Screen> make_ticket_issued(Context& context, nlohmann::json ticket,
                                           std::string status_url);

// The counter's screens over its main one. Each action done there calls `done` with the words
// that say what it did, or "" where the main screen shows it (a ticket called back, a visit
// finished, a break begun), so that the main screen's message line is the latest action's.
std::unique_ptr<Screen> make_counter_items(Context& context,
                                           std::function<void(const std::string&)> done);
// Transfer targets, searchable; a transfer's words: "A001 已转至 B 卫生健康与教育".
std::unique_ptr<Screen> make_counter_transfer(Context& context,
                                              std::function<void(const std::string&)> done);
std::unique_ptr<Screen> make_counter_break(Context& context,
                                           std::function<void(const std::string&)> done);
std::unique_ptr<Screen> make_counter_parked(Context& context,
                                            std::function<void(const std::string&)> done);
// The enterprise packages, searchable; `chosen` gets the package's code ("" for none).
std::unique_ptr<Screen> make_counter_package(Context& context,
                                             std::function<void(const std::string&)> chosen);

// How long the rating screen waits for a grade before it goes back to rest.
inline constexpr std::chrono::milliseconds rating_wait{60'000};
// The rating screen for `visit`, waiting `left` at most.
std::unique_ptr<Screen> make_rating_rate(Context& context, VisitFinished visit,
                                         std::chrono::milliseconds left = rating_wait);
std::unique_ptr<Screen> make_rating_thanks(Context& context);

// The priority classes a queue offers at the kiosk (appointments go through check-in).
std::vector<hall::Priority> green_channel_classes(const hall::Queue& queue);
const char* priority_label(const Strings& s, hall::Priority priority);
// How a ticket of this priority class ("elderly", as the protocol writes it) is marked on the
// ticket and at the counter: "绿色通道 · 老年人", "预约"; "" for an ordinary ticket.
std::string priority_mark(const Strings& s, const std::string& priority);

}  // namespace kiosk
