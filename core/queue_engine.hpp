// The queue engine: the hall's rules for tickets, windows and staff, as plain C++ with no I/O.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "catalog.hpp"
#include "clock.hpp"
#include "event.hpp"
#include "hall_calendar.hpp"
#include "ticket.hpp"

namespace hall {

// Why a command was refused. A refused command changed nothing. Codes are stable
// (docs/protocol.md lists them); messages are for people.
struct Refusal {
    std::string code;
    std::string message;
};

// What a command did: the events to make durable (in order) and the ticket concerned, or the
// refusal. An accepted command may have no events (a repeated issue, an empty queue).
struct Outcome {
    std::optional<Refusal> refusal;
    std::vector<Event> events;
    std::optional<Ticket> ticket;
    bool ok() const { return !refusal; }
};

struct IssueRequest {
    std::string queue;
    Priority priority = Priority::none;
    Channel channel = Channel::kiosk;
    std::string idempotency_key;  // a retried request with the same key gets the same ticket
    std::string status_key;       // the unguessable key of the ticket's status page
    std::string appointment;      // booking code, for appointment check-ins
    std::string item;             // the item the visitor chose at the kiosk, if any
    std::string device;
    std::string staff;  // for tickets issued by staff
};

struct FinishRequest {
    std::vector<std::string> items;  // item codes handled; may be empty when package is set
    std::string package;             // an enterprise package handled as one case
};

struct TransferRequest {
    std::string to_queue;            // empty: keep the ticket's queue
    std::optional<int> to_window;    // a window in particular, if any
    std::vector<std::string> items;  // items already handled here before passing it on
};

struct Estimate {
    int ahead = 0;  // tickets expected to be called before this one
    std::int64_t expected_wait_ms = 0;
    int open_windows = 0;  // windows open now serving the ticket's queue
};

struct QueueStatus {
    std::string queue;
    int waiting = 0;
    int priority_waiting = 0;
    int open_windows = 0;
    std::int64_t longest_wait_ms = 0;
    std::int64_t mean_service_ms = 0;  // of recent visits, or the catalog's expectation
};

struct WindowStatus {
    int number = 0;
    std::string staff;  // empty: nobody logged in
    bool on_break = false;
    std::string break_reason;
    std::optional<Ticket> current;
    std::vector<Ticket> parked;
    int served_today = 0;  // visits finished at this window today, whoever was logged in
    // The visit that last finished here, while it is not rated: what its rating pad rates.
    std::optional<Ticket> unrated;
};

// A call as the boards list it, newest first: the day's last calls are part of what a restart
// rebuilds from the log, like the queues.
struct ShownCall {
    std::int64_t seq = 0;  // of the event
    std::string number;
    int window = 0;
    std::string zone;
    std::string queue;
    bool recall = false;
    std::int64_t at_ms = 0;
};

// The call a ticket_called or ticket_recalled event shows.
ShownCall shown_call(const Event& call);

// A manager's notice, shown on every device for the rest of its day.
struct Notice {
    std::int64_t seq = 0;  // of the event
    std::string text;
    std::int64_t at_ms = 0;
};

// The notice a notice_posted event posts.
Notice posted_notice(const Event& notice);

// Owns today's queues. Not thread-safe: one thread drives it (the server's io thread).
// Every change goes through apply(event): commands validate, then apply the events they
// emit, and replay() applies stored events, so a restart rebuilds exactly the same state.
class QueueEngine {
  public:
    struct Start {
        std::int64_t next_seq = 1;        // the log's next sequence number
        std::int64_t next_ticket_id = 1;  // tickets are numbered across days
        std::string day;                  // the open day to resume; empty: the clock's today
    };

    QueueEngine(const Catalog& catalog, const Clock& clock, Start start);

    // Applies a stored event of the open day, in log order.
    void replay(const Event& event);

    Outcome issue(const IssueRequest& request);
    Outcome call_next(int window, std::string_view device = {});
    Outcome call_ticket(int window, std::string_view number, std::string_view device = {});
    Outcome recall(int window, std::string_view device = {});
    Outcome start_service(int window, std::string_view device = {});
    Outcome finish(int window, const FinishRequest& request, std::string_view device = {});
    Outcome no_show(int window, std::string_view device = {});
    Outcome park(int window, std::string_view device = {});
    Outcome call_parked(int window, std::string_view number, std::string_view device = {});
    Outcome transfer(int window, const TransferRequest& request, std::string_view device = {});
    Outcome cancel(std::string_view number, std::string_view device = {});
    Outcome rate(int window, int grade, std::string_view reason, std::string_view device = {});
    Outcome login(int window, std::string_view staff, std::string_view device = {});
    Outcome logout(int window, std::string_view device = {});
    Outcome start_break(int window, std::string_view reason, std::string_view device = {});
    Outcome end_break(int window, std::string_view device = {});
    // Records a manager's notice (text checked by the caller). A closed day takes notices too:
    // they are its own until the next day begins.
    Outcome post_notice(std::string_view text, std::string_view device = {});
    // Closes the open day now: every open ticket becomes unserved, everyone is logged out.
    Outcome close_day(std::string_view device = {});
    // Closes the day once its close time has passed and moves to a new day when the clock has.
    // The server calls it periodically; every command calls it first.
    Outcome tick();

    const std::string& day() const { return day_; }
    bool day_closed() const { return closed_; }
    std::int64_t next_seq() const { return next_seq_; }
    std::int64_t next_ticket_id() const { return next_ticket_id_; }
    const HallCalendar& calendar() const { return calendar_; }
    const Catalog& catalog() const { return catalog_; }

    const Ticket* find_ticket(std::string_view number) const;
    const Ticket* find_ticket(std::int64_t id) const;
    // Today's tickets, in issue order.
    std::vector<const Ticket*> tickets() const;
    // The waiting tickets of a queue, in the order a strict window would call them.
    std::vector<const Ticket*> waiting(std::string_view queue) const;
    Estimate estimate(const Ticket& ticket) const;
    std::vector<QueueStatus> queue_statuses() const;
    WindowStatus window_status(int window) const;
    // The day's last calls (at most recent_call_count) and notices (at most notice_count),
    // newest first. Like all of the engine's state, they may be ahead of the disk: the newest
    // may not be durable yet.
    const std::deque<ShownCall>& recent_calls() const { return recent_calls_; }
    const std::deque<Notice>& notices() const { return notices_; }
    static constexpr std::size_t recent_call_count = 10;
    static constexpr std::size_t notice_count = 5;

  private:
    struct QueueState {
        std::vector<std::int64_t> waiting;  // ticket ids in order of entry
        // The waiting tickets' orders by strict class (returning and priority first, see
        // strict_class), each sorted: how many are ahead of a ticket is counted in log time.
        std::array<std::vector<std::int64_t>, 4> orders_by_class;
        int next_number = 1;
        std::deque<std::int64_t> recent_service_ms;
    };
    struct WindowState {
        std::string staff;
        std::int64_t login_ms = 0;
        bool on_break = false;
        std::string break_reason;
        std::int64_t break_ms = 0;
        std::optional<std::int64_t> current;
        std::vector<std::int64_t> parked;
        std::optional<std::int64_t> last_finished;
        int served = 0;                  // visits finished here today
        int normals_since_priority = 0;  // interleave bookkeeping
        int priorities_in_run = 0;
    };
    struct Pick {
        std::int64_t ticket = 0;
        std::string why;  // directed, returning, priority, normal
    };

    void apply(const Event& event);
    Event make_event(EventType type, std::string_view device) const;
    void emit(Outcome& outcome, Event event);
    // emit, and the outcome's ticket is the event's ticket as the event left it.
    void emit_for_ticket(Outcome& outcome, Event event);
    // An event about `ticket` at `window`, by the staff member logged in there.
    Event window_event(EventType type, int window, const Ticket& ticket,
                       std::string_view device) const;
    void reset_for(const std::string& day);
    void close_into(Outcome& outcome, std::string_view device);

    Ticket* ticket_mut(std::int64_t id);
    QueueState& queue_state(const std::string& queue);
    std::optional<Refusal> ready_to_call(int window) const;
    // ready_to_call, and the window holds a ticket (current_ticket is not null).
    std::optional<Refusal> ready_to_act(int window) const;
    // Refuses while the window still holds a ticket.
    std::optional<Refusal> check_free(int window) const;
    std::optional<Refusal> check_window(int window) const;
    const Ticket* current_ticket(int window) const;
    std::optional<Pick> pick_next(int window) const;
    bool eligible_at(const Ticket& ticket, int window) const;
    int open_windows(std::string_view queue) const;
    int priority_run_of(int window) const;
    std::int64_t mean_service_ms(std::string_view queue) const;
    void emit_call(Outcome& outcome, int window, const Ticket& ticket, std::string_view why,
                   std::string_view device);
    std::optional<Refusal> check_items(const std::vector<std::string>& items) const;
    void emit_items(Outcome& outcome, int window, const Ticket& ticket,
                    const std::vector<std::string>& items, const std::string& package,
                    std::string_view device);
    void enqueue(QueueState& queue, const Ticket& ticket);
    void remove_waiting(const Ticket& ticket);

    // Makes `day` the engine's day, with the moments tick() compares the clock with: every
    // request ticks, and the calendar's conversions cost more than the rest of it.
    void begin_day(const std::string& day);

    const Catalog& catalog_;
    const Clock& clock_;
    HallCalendar calendar_;
    std::string day_;
    bool closed_ = false;
    std::int64_t close_ms_ = 0;     // the day's close time
    std::int64_t next_day_ms_ = 0;  // the first moment of the day after
    std::int64_t next_seq_;
    std::int64_t next_ticket_id_;
    std::map<std::int64_t, Ticket> tickets_;
    std::unordered_map<std::string, std::int64_t> by_number_;
    std::unordered_map<std::string, std::int64_t> by_idempotency_key_;
    // Today's booking codes that were checked in: a booking is used once.
    std::unordered_map<std::string, std::int64_t> by_appointment_;
    std::map<std::string, QueueState, std::less<>> queues_;
    // The waiting tickets transferred to one window in particular, in any queue: few, and what
    // each call looks at first.
    std::vector<std::int64_t> directed_waiting_;
    std::map<int, WindowState> windows_;
    std::unordered_map<std::string, int> staff_window_;
    std::set<std::int64_t> rated_;
    std::deque<ShownCall> recent_calls_;
    std::deque<Notice> notices_;
};

}  // namespace hall
