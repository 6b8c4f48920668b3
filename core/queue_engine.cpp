// The queue engine's rules: who is called next, what each transition requires, the day's close.
#include "queue_engine.hpp"

#include <algorithm>
#include <cstdio>
#include <tuple>

namespace hall {

namespace {

constexpr std::size_t recent_service_window = 20;
constexpr int max_grade = 5;
constexpr int first_bad_grade = 4;  // 不满意 and 非常不满意 are bad reviews

Refusal refuse(std::string code, std::string message) {
    return Refusal{std::move(code), std::move(message)};
}

// Refuses a command. The outcome keeps the events of a day close that happened before it.
Outcome refused(Outcome& outcome, Refusal refusal) {
    outcome.refusal = std::move(refusal);
    outcome.ticket.reset();
    return std::move(outcome);
}

Outcome refused(Outcome& outcome, std::string code, std::string message) {
    return refused(outcome, refuse(std::move(code), std::move(message)));
}

std::string window_name(int window) {
    return std::to_string(window) + "号窗口";
}

Refusal bad_transition(const Ticket& ticket, std::string_view action, std::string_view needs) {
    return refuse("invalid_transition", "ticket " + ticket.number + " is " +
                                            std::string(to_string(ticket.state)) + "; only " +
                                            std::string(needs) + " can be " + std::string(action));
}

std::string format_number(const std::string& prefix, int n) {
    char digits[16];
    std::snprintf(digits, sizeof digits, "%03d", n);
    return prefix + digits;
}

// Strict order: transferred-in tickets first, then priority, then first come first served.
auto strict_rank(const Ticket& t) {
    return std::make_tuple(t.returning ? 0 : 1, t.priority != Priority::none ? 0 : 1, t.order);
}

// The first two parts of the strict rank as one number, 0 (returning priority) to 3 (normal).
std::size_t strict_class(const Ticket& t) {
    return (t.returning ? 0U : 2U) + (t.priority != Priority::none ? 0U : 1U);
}

// Keeps the newest `count` entries, newest first.
template <class T>
void push_newest(std::deque<T>& list, T entry, std::size_t count) {
    list.push_front(std::move(entry));
    if (list.size() > count)
        list.pop_back();
}

}  // namespace

ShownCall shown_call(const Event& call) {
    return ShownCall{call.seq,
                     call.data.value("number", ""),
                     call.window.value_or(0),
                     call.data.value("zone", ""),
                     call.queue,
                     call.type == EventType::ticket_recalled,
                     call.at_ms};
}

Notice posted_notice(const Event& notice) {
    return Notice{notice.seq, notice.data.value("text", ""), notice.at_ms};
}

QueueEngine::QueueEngine(const Catalog& catalog, const Clock& clock, Start start)
    : catalog_(catalog),
      clock_(clock),
      calendar_(catalog.hall.time_zone),
      next_seq_(start.next_seq),
      next_ticket_id_(start.next_ticket_id) {
    begin_day(start.day.empty() ? calendar_.day_of(clock_.now_ms()) : start.day);
}

// ---------------------------------------------------------------------------------------------
// Applying events: the only place state changes.

void QueueEngine::replay(const Event& event) {
    apply(event);
}

void QueueEngine::apply(const Event& e) {
    next_seq_ = std::max(next_seq_, e.seq + 1);
    const auto& d = e.data;
    Ticket* t = e.ticket_id ? ticket_mut(*e.ticket_id) : nullptr;
    auto clear_current = [&](int window) {
        auto& w = windows_[window];
        if (t && w.current == t->id)
            w.current.reset();
    };

    switch (e.type) {
        case EventType::ticket_issued: {
            Ticket ticket;
            ticket.id = *e.ticket_id;
            ticket.day = e.day;
            ticket.number = d.at("number").get<std::string>();
            ticket.queue = e.queue;
            ticket.zone = d.value("zone", "");
            ticket.priority = parse_priority(d.value("priority", "none")).value_or(Priority::none);
            ticket.channel = parse_channel(d.value("channel", "kiosk")).value_or(Channel::kiosk);
            ticket.issued_ms = ticket.enqueued_ms = e.at_ms;
            ticket.order = e.seq;
            ticket.idempotency_key = d.value("idempotency_key", "");
            ticket.status_key = d.value("status_key", "");
            ticket.appointment = d.value("appointment", "");
            ticket.item = d.value("item", "");
            next_ticket_id_ = std::max(next_ticket_id_, ticket.id + 1);
            auto& q = queue_state(ticket.queue);
            enqueue(q, ticket);
            q.next_number = std::max(q.next_number, d.value("n", 0) + 1);
            by_number_[ticket.number] = ticket.id;
            if (!ticket.idempotency_key.empty())
                by_idempotency_key_[ticket.idempotency_key] = ticket.id;
            if (!ticket.appointment.empty())
                by_appointment_.emplace(ticket.appointment, ticket.id);
            tickets_.emplace(ticket.id, std::move(ticket));
            break;
        }
        case EventType::ticket_called: {
            push_newest(recent_calls_, shown_call(e), recent_call_count);
            if (!t || !e.window)
                break;
            auto& w = windows_[*e.window];
            if (t->state == TicketState::waiting)
                remove_waiting(*t);
            if (t->state == TicketState::parked && t->window) {
                auto& parked = windows_[*t->window].parked;
                parked.erase(std::remove(parked.begin(), parked.end(), t->id), parked.end());
            }
            t->state = TicketState::called;
            if (!t->called_ms)
                t->called_ms = e.at_ms;
            t->last_called_ms = e.at_ms;
            t->recalls_since_call = 0;
            t->window = *e.window;
            t->staff = e.staff;
            t->directed_window.reset();
            w.current = t->id;
            auto why = d.value("why", "");
            if (why == "priority") {
                if (++w.priorities_in_run >= priority_run_of(*e.window)) {
                    w.priorities_in_run = 0;
                    w.normals_since_priority = 0;
                }
            } else if (why == "normal") {
                ++w.normals_since_priority;
                w.priorities_in_run = 0;
            }
            break;
        }
        case EventType::ticket_recalled:
            push_newest(recent_calls_, shown_call(e), recent_call_count);
            if (!t)
                break;
            ++t->recalls;
            ++t->recalls_since_call;
            t->last_called_ms = e.at_ms;
            break;
        case EventType::service_started:
            if (!t)
                break;
            t->state = TicketState::serving;
            t->started_ms = e.at_ms;
            break;
        case EventType::visit_finished: {
            if (!t || !e.window)
                break;
            t->state = TicketState::finished;
            t->finished_ms = e.at_ms;
            clear_current(*e.window);
            windows_[*e.window].last_finished = t->id;
            ++windows_[*e.window].served;
            auto& recent = queue_state(t->queue).recent_service_ms;
            recent.push_back(d.value("service_ms", std::int64_t{0}));
            if (recent.size() > recent_service_window)
                recent.pop_front();
            break;
        }
        case EventType::item_handled: {
            if (!t)
                break;
            auto department = d.value("department", std::string());
            auto& handled = t->departments_handled;
            if (std::find(handled.begin(), handled.end(), department) == handled.end())
                handled.push_back(std::move(department));
            break;
        }
        case EventType::ticket_no_show:
            if (!t || !e.window)
                break;
            t->state = TicketState::no_show;
            t->finished_ms = e.at_ms;
            clear_current(*e.window);
            break;
        case EventType::ticket_cancelled:
            if (!t)
                break;
            if (t->state == TicketState::waiting)
                remove_waiting(*t);
            if (t->state == TicketState::parked && t->window) {
                auto& parked = windows_[*t->window].parked;
                parked.erase(std::remove(parked.begin(), parked.end(), t->id), parked.end());
            }
            t->state = TicketState::cancelled;
            t->finished_ms = e.at_ms;
            break;
        case EventType::ticket_transferred: {
            if (!t || !e.window)
                break;
            clear_current(*e.window);
            t->state = TicketState::waiting;
            t->queue = d.value("to_queue", t->queue);
            t->zone = d.value("to_zone", t->zone);
            t->returning = true;
            if (d.contains("to_window"))
                t->directed_window = d["to_window"].get<int>();
            else
                t->directed_window.reset();
            t->enqueued_ms = e.at_ms;
            t->order = e.seq;
            ++t->transfers;
            enqueue(queue_state(t->queue), *t);
            break;
        }
        case EventType::ticket_parked:
            if (!t || !e.window)
                break;
            clear_current(*e.window);
            t->state = TicketState::parked;
            windows_[*e.window].parked.push_back(t->id);
            break;
        case EventType::ticket_unserved:
            if (!t)
                break;
            if (t->state == TicketState::waiting)
                remove_waiting(*t);
            if (t->window) {
                auto& w = windows_[*t->window];
                if (w.current == t->id)
                    w.current.reset();
                w.parked.erase(std::remove(w.parked.begin(), w.parked.end(), t->id),
                               w.parked.end());
            }
            t->state = TicketState::unserved;
            t->finished_ms = e.at_ms;
            break;
        case EventType::ticket_rated:
            if (t)
                rated_.insert(t->id);
            break;
        case EventType::staff_login: {
            if (!e.window)
                break;
            auto& w = windows_[*e.window];
            w.staff = e.staff;
            w.login_ms = e.at_ms;
            w.on_break = false;
            staff_window_[e.staff] = *e.window;
            break;
        }
        case EventType::staff_logout: {
            if (!e.window)
                break;
            auto& w = windows_[*e.window];
            staff_window_.erase(w.staff);
            w.staff.clear();
            w.on_break = false;
            break;
        }
        case EventType::break_started: {
            if (!e.window)
                break;
            auto& w = windows_[*e.window];
            w.on_break = true;
            w.break_reason = d.value("reason", "");
            w.break_ms = e.at_ms;
            break;
        }
        case EventType::break_ended:
            if (!e.window)
                break;
            windows_[*e.window].on_break = false;
            windows_[*e.window].break_reason.clear();
            break;
        case EventType::day_closed:
            closed_ = true;
            break;
        case EventType::notice_posted:
            push_newest(notices_, posted_notice(e), notice_count);
            break;
    }
}

// ---------------------------------------------------------------------------------------------
// Helpers.

Ticket* QueueEngine::ticket_mut(std::int64_t id) {
    auto it = tickets_.find(id);
    return it == tickets_.end() ? nullptr : &it->second;
}

QueueEngine::QueueState& QueueEngine::queue_state(const std::string& queue) {
    return queues_[queue];
}

// A ticket enters at the end: its order (the event's seq) is the largest yet, so every list
// stays sorted by appending.
void QueueEngine::enqueue(QueueState& queue, const Ticket& ticket) {
    queue.waiting.push_back(ticket.id);
    queue.orders_by_class[strict_class(ticket)].push_back(ticket.order);
    if (ticket.directed_window)
        directed_waiting_.push_back(ticket.id);
}

void QueueEngine::remove_waiting(const Ticket& ticket) {
    auto& q = queues_[ticket.queue];
    auto& waiting = q.waiting;
    const auto before = waiting.size();
    waiting.erase(std::remove(waiting.begin(), waiting.end(), ticket.id), waiting.end());
    if (waiting.size() == before)
        return;
    if (ticket.directed_window)
        directed_waiting_.erase(
            std::remove(directed_waiting_.begin(), directed_waiting_.end(), ticket.id),
            directed_waiting_.end());
    // Looked up by order in every class: orders are unique within the queue.
    for (auto& orders : q.orders_by_class) {
        auto at = std::lower_bound(orders.begin(), orders.end(), ticket.order);
        if (at != orders.end() && *at == ticket.order) {
            orders.erase(at);
            return;
        }
    }
}

int QueueEngine::priority_run_of(int window) const {
    const auto* w = catalog_.window(window);
    return w ? w->rule.priority_run : 1;
}

Event QueueEngine::make_event(EventType type, std::string_view device) const {
    Event e;
    e.seq = next_seq_;
    e.day = day_;
    e.at_ms = clock_.now_ms();
    e.type = type;
    e.device = std::string(device);
    return e;
}

void QueueEngine::emit(Outcome& outcome, Event event) {
    event.seq = next_seq_;
    apply(event);
    if (event.ticket_id) {
        if (const auto* t = find_ticket(*event.ticket_id))
            event.ticket_after = *t;
    }
    outcome.events.push_back(std::move(event));
}

void QueueEngine::emit_for_ticket(Outcome& outcome, Event event) {
    emit(outcome, std::move(event));
    outcome.ticket = outcome.events.back().ticket_after;
}

Event QueueEngine::window_event(EventType type, int window, const Ticket& ticket,
                                std::string_view device) const {
    Event e = make_event(type, device);
    e.ticket_id = ticket.id;
    e.queue = ticket.queue;
    e.window = window;
    e.staff = windows_.at(window).staff;
    return e;
}

const Ticket* QueueEngine::find_ticket(std::string_view number) const {
    auto it = by_number_.find(std::string(number));
    return it == by_number_.end() ? nullptr : find_ticket(it->second);
}

const Ticket* QueueEngine::find_ticket(std::int64_t id) const {
    auto it = tickets_.find(id);
    return it == tickets_.end() ? nullptr : &it->second;
}

std::vector<const Ticket*> QueueEngine::tickets() const {
    std::vector<const Ticket*> all;
    all.reserve(tickets_.size());
    for (const auto& [id, t] : tickets_)
        all.push_back(&t);
    return all;
}

std::optional<Refusal> QueueEngine::check_window(int window) const {
    if (!catalog_.window(window))
        return refuse("unknown_window", "there is no window " + std::to_string(window));
    return std::nullopt;
}

std::optional<Refusal> QueueEngine::ready_to_call(int window) const {
    if (auto r = check_window(window))
        return r;
    auto it = windows_.find(window);
    if (it == windows_.end() || it->second.staff.empty())
        return refuse("not_logged_in", "nobody is logged in at " + window_name(window));
    if (it->second.on_break)
        return refuse("on_break", window_name(window) + " is on a break");
    return std::nullopt;
}

std::optional<Refusal> QueueEngine::ready_to_act(int window) const {
    if (auto r = ready_to_call(window))
        return r;
    if (!current_ticket(window))
        return refuse("no_current_ticket", window_name(window) + " holds no ticket");
    return std::nullopt;
}

std::optional<Refusal> QueueEngine::check_free(int window) const {
    if (const auto* current = current_ticket(window))
        return refuse("window_busy", window_name(window) + " still holds ticket " +
                                         current->number + "; finish, transfer or park it first");
    return std::nullopt;
}

const Ticket* QueueEngine::current_ticket(int window) const {
    auto it = windows_.find(window);
    if (it == windows_.end() || !it->second.current)
        return nullptr;
    return find_ticket(*it->second.current);
}

int QueueEngine::open_windows(std::string_view queue) const {
    int open = 0;
    for (const auto& [number, state] : windows_) {
        if (state.staff.empty() || state.on_break)
            continue;
        const auto* w = catalog_.window(number);
        if (w && std::find(w->queues.begin(), w->queues.end(), queue) != w->queues.end())
            ++open;
    }
    return open;
}

std::int64_t QueueEngine::mean_service_ms(std::string_view queue) const {
    auto it = queues_.find(queue);
    if (it != queues_.end() && !it->second.recent_service_ms.empty()) {
        std::int64_t sum = 0;
        for (auto ms : it->second.recent_service_ms)
            sum += ms;
        return sum / static_cast<std::int64_t>(it->second.recent_service_ms.size());
    }
    const auto* q = catalog_.queue(queue);
    return (q ? q->service_min : 8) * 60'000LL;
}

// ---------------------------------------------------------------------------------------------
// Choosing the next ticket.

bool QueueEngine::eligible_at(const Ticket& ticket, int window) const {
    return !ticket.directed_window || *ticket.directed_window == window;
}

std::optional<QueueEngine::Pick> QueueEngine::pick_next(int window) const {
    const auto* w = catalog_.window(window);
    const std::int64_t now = clock_.now_ms();

    // A ticket transferred to this window in particular comes first, from whichever queue.
    const Ticket* directed = nullptr;
    for (auto id : directed_waiting_) {
        const auto& t = tickets_.at(id);
        if (t.directed_window == window && (!directed || t.order < directed->order))
            directed = &t;
    }
    if (directed)
        return Pick{directed->id, "directed"};

    // The heads of one queue, per class, among the tickets this window may take.
    struct Heads {
        const Ticket* returning = nullptr;
        const Ticket* priority = nullptr;
        const Ticket* normal = nullptr;
        bool any() const { return returning || priority || normal; }
    };
    // The waiting list is in order of entry, so the first eligible ticket of each strict class
    // is its head, and the walk stops once every class that has anyone has its head: a queue of
    // thousands costs a few steps, not a walk to its end.
    auto heads_of = [&](const std::string& queue) {
        Heads h;
        auto it = queues_.find(queue);
        if (it == queues_.end())
            return h;
        const auto& q = it->second;
        std::array<const Ticket*, 4> heads{};
        std::array<bool, 4> wanted{};
        int left = 0;
        for (std::size_t c = 0; c < wanted.size(); ++c) {
            wanted[c] = !q.orders_by_class[c].empty();
            left += wanted[c] ? 1 : 0;
        }
        for (auto id : q.waiting) {
            if (left == 0)
                break;
            const auto& t = tickets_.at(id);
            const auto c = strict_class(t);
            if (!wanted[c] || !eligible_at(t, window))
                continue;
            heads[c] = &t;
            wanted[c] = false;
            --left;
        }
        // Of the tickets transferred in, a priority one first, as strict order counts them ahead.
        h.returning = heads[0] ? heads[0] : heads[1];
        h.priority = heads[2];
        h.normal = heads[3];
        return h;
    };

    std::vector<std::string> candidates = w->queues;
    // "Serve queue X first once its longest wait exceeds N minutes."
    for (const auto& rule : w->serve_first) {
        auto h = heads_of(rule.queue);
        std::int64_t longest = 0;
        for (const Ticket* t : {h.returning, h.priority, h.normal})
            if (t)
                longest = std::max(longest, now - t->enqueued_ms);
        if (longest > rule.after_min * 60'000LL) {
            candidates = {rule.queue};
            break;
        }
    }

    if (w->rule.kind == CallingRule::Kind::weighted) {
        // A ticket transferred in (returning) first, from the earliest of the window's queues
        // that holds one: it was served already.
        std::vector<Heads> heads;
        heads.reserve(candidates.size());
        for (const auto& queue : candidates) {
            heads.push_back(heads_of(queue));
            if (heads.back().returning)
                return Pick{heads.back().returning->id, "returning"};
        }
        // Then across all the window's queues: the longest wait wins, a priority ticket's wait
        // counting `weight` times; ties go to the earlier queue in the window's order.
        const Ticket* best = nullptr;
        double best_score = -1;
        std::string why;
        for (const auto& h : heads) {
            for (auto [t, factor, label] : {std::tuple{h.priority, w->rule.weight, "priority"},
                                            std::tuple{h.normal, 1.0, "normal"}}) {
                if (!t)
                    continue;
                double score = static_cast<double>(now - t->enqueued_ms + 1) * factor;
                if (score > best_score) {
                    best = t;
                    best_score = score;
                    why = label;
                }
            }
        }
        if (!best)
            return std::nullopt;
        return Pick{best->id, why};
    }

    // Strict and interleave: the first queue in the window's order that has anyone waiting.
    for (const auto& queue : candidates) {
        auto h = heads_of(queue);
        if (!h.any())
            continue;
        if (h.returning)
            return Pick{h.returning->id, "returning"};
        if (!h.priority)
            return Pick{h.normal->id, "normal"};
        if (!h.normal)
            return Pick{h.priority->id, "priority"};
        if (w->rule.kind == CallingRule::Kind::strict)
            return Pick{h.priority->id, "priority"};
        const auto& state = windows_.at(window);
        bool priority_turn =
            state.priorities_in_run > 0 || state.normals_since_priority >= w->rule.normal_run;
        return priority_turn ? Pick{h.priority->id, "priority"} : Pick{h.normal->id, "normal"};
    }
    return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// Commands.

Outcome QueueEngine::issue(const IssueRequest& request) {
    Outcome outcome = tick();
    const auto* queue = catalog_.queue(request.queue);
    if (!queue)
        return refused(outcome, "unknown_queue", "there is no queue \"" + request.queue + "\"");
    // A check-in without a priority of its own has the appointment's: worked out first, so
    // that a retried check-in matches the ticket it made.
    Priority priority = request.priority;
    if (request.channel == Channel::appointment && priority == Priority::none)
        priority = Priority::appointment;
    if (!request.idempotency_key.empty()) {
        auto it = by_idempotency_key_.find(request.idempotency_key);
        if (it != by_idempotency_key_.end()) {
            const auto& existing = tickets_.at(it->second);
            if (existing.channel != request.channel ||
                (existing.transfers == 0 && existing.queue != request.queue) ||
                existing.priority != priority || existing.appointment != request.appointment ||
                existing.item != request.item)
                return refused(outcome, "idempotency_conflict",
                               "this idempotency key was used for another request (ticket " +
                                   existing.number + ")");
            outcome.ticket = existing;
            return outcome;
        }
    }
    if (closed_)
        return refused(outcome, "day_closed",
                       "the hall has closed for the day; tickets are issued again "
                       "tomorrow");
    if (request.channel == Channel::appointment && request.appointment.empty())
        return refused(outcome, "appointment_required",
                       "an appointment check-in needs its booking code");
    if (!request.appointment.empty()) {
        auto used = by_appointment_.find(request.appointment);
        if (used != by_appointment_.end())
            return refused(outcome, "appointment_used",
                           "this booking code was checked in today already (ticket " +
                               tickets_.at(used->second).number + ")");
    }
    if (priority != Priority::none &&
        std::find(queue->priority_classes.begin(), queue->priority_classes.end(), priority) ==
            queue->priority_classes.end())
        return refused(outcome, "priority_not_accepted",
                       "queue " + queue->name + " does not accept " +
                           std::string(to_string(priority)) + " priority");
    if (request.channel == Channel::staff && request.staff.empty())
        return refused(outcome, "staff_required",
                       "a ticket issued by staff names the staff member");
    if (!request.item.empty()) {
        if (!catalog_.item(request.item))
            return refused(outcome, "unknown_item", "there is no item \"" + request.item + "\"");
        if (std::find(queue->items.begin(), queue->items.end(), request.item) == queue->items.end())
            return refused(outcome, "item_not_in_queue",
                           "queue " + queue->name + " does not handle item " + request.item);
    }

    auto& q = queues_[queue->code];
    int n = q.next_number;
    Event e = make_event(EventType::ticket_issued, request.device);
    e.ticket_id = next_ticket_id_;
    e.queue = queue->code;
    e.staff = request.staff;
    e.data = {{"number", format_number(queue->prefix, n)},
              {"n", n},
              {"zone", queue->zone},
              {"priority", to_string(priority)},
              {"channel", to_string(request.channel)},
              // Local hour of issue: arrivals by hour need the hall's time zone, which only
              // the engine holds; the tallies are counted from the event alone.
              {"hour", calendar_.minute_of_day(e.at_ms) / 60}};
    if (!request.idempotency_key.empty())
        e.data["idempotency_key"] = request.idempotency_key;
    if (!request.status_key.empty())
        e.data["status_key"] = request.status_key;
    if (!request.appointment.empty())
        e.data["appointment"] = request.appointment;
    if (!request.item.empty())
        e.data["item"] = request.item;
    emit_for_ticket(outcome, std::move(e));
    return outcome;
}

void QueueEngine::emit_call(Outcome& outcome, int window, const Ticket& ticket,
                            std::string_view why, std::string_view device) {
    Event e = window_event(EventType::ticket_called, window, ticket, device);
    e.data = {{"number", ticket.number}, {"zone", ticket.zone}, {"why", why}};
    if (!ticket.called_ms) {
        std::int64_t wait = e.at_ms - ticket.issued_ms;
        const auto* q = catalog_.queue(ticket.queue);
        e.data["first"] = true;
        e.data["wait_ms"] = wait;
        e.data["within_target"] = q && wait <= q->target_wait_min * 60'000LL;
    }
    emit_for_ticket(outcome, std::move(e));
}

Outcome QueueEngine::call_next(int window, std::string_view device) {
    Outcome outcome = tick();
    if (auto r = ready_to_call(window))
        return refused(outcome, *r);
    if (auto r = check_free(window))
        return refused(outcome, *r);
    auto pick = pick_next(window);
    if (!pick)
        return outcome;  // nobody waiting: accepted, nothing called
    emit_call(outcome, window, tickets_.at(pick->ticket), pick->why, device);
    return outcome;
}

Outcome QueueEngine::call_ticket(int window, std::string_view number, std::string_view device) {
    Outcome outcome = tick();
    if (auto r = ready_to_call(window))
        return refused(outcome, *r);
    const auto* t = find_ticket(number);
    if (!t)
        return refused(outcome, "unknown_ticket",
                       "there is no ticket " + std::string(number) + " today");
    if (auto r = check_free(window))
        return refused(outcome, *r);
    if (t->state != TicketState::waiting)
        return refused(outcome, bad_transition(*t, "called", "a waiting ticket"));
    const auto* w = catalog_.window(window);
    bool serves = std::find(w->queues.begin(), w->queues.end(), t->queue) != w->queues.end();
    if (!eligible_at(*t, window) || (!serves && t->directed_window != window))
        return refused(outcome, "not_for_this_window",
                       "ticket " + t->number + " is not for " + window_name(window));
    emit_call(outcome, window, *t, "chosen", device);
    return outcome;
}

Outcome QueueEngine::recall(int window, std::string_view device) {
    Outcome outcome = tick();
    if (auto r = ready_to_act(window))
        return refused(outcome, *r);
    const auto* t = current_ticket(window);
    if (t->state != TicketState::called)
        return refused(outcome, bad_transition(*t, "recalled", "a called ticket"));
    // Each call has its own recalls: a ticket transferred, or set aside and called back, may be
    // recalled again at the window that calls it.
    if (t->recalls_since_call >= catalog_.hall.recall_limit)
        return refused(outcome, "recall_limit_reached",
                       "ticket " + t->number + " was recalled " +
                           std::to_string(t->recalls_since_call) +
                           " times since its call; mark it as a no-show");
    Event e = window_event(EventType::ticket_recalled, window, *t, device);
    e.data = {{"number", t->number}, {"zone", t->zone}, {"recalls", t->recalls + 1}};
    emit_for_ticket(outcome, std::move(e));
    return outcome;
}

Outcome QueueEngine::start_service(int window, std::string_view device) {
    Outcome outcome = tick();
    if (auto r = ready_to_act(window))
        return refused(outcome, *r);
    const auto* t = current_ticket(window);
    if (t->state != TicketState::called)
        return refused(outcome, bad_transition(*t, "started", "a called ticket"));
    Event e = window_event(EventType::service_started, window, *t, device);
    e.data = {{"number", t->number},
              {"zone", t->zone},
              {"walk_ms", e.at_ms - t->last_called_ms.value_or(e.at_ms)}};
    emit_for_ticket(outcome, std::move(e));
    return outcome;
}

std::optional<Refusal> QueueEngine::check_items(const std::vector<std::string>& items) const {
    std::set<std::string> seen;
    for (const auto& code : items) {
        if (!catalog_.item(code))
            return refuse("unknown_item", "there is no item \"" + code + "\"");
        if (!seen.insert(code).second)
            return refuse("duplicate_item", "item \"" + code + "\" is listed twice");
    }
    return std::nullopt;
}

void QueueEngine::emit_items(Outcome& outcome, int window, const Ticket& ticket,
                             const std::vector<std::string>& items, const std::string& package,
                             std::string_view device) {
    const auto* w = catalog_.window(window);
    std::set<std::string> departments;
    for (const auto& code : items) {
        const auto* item = catalog_.item(code);
        const auto* dept = catalog_.department(item->department);
        // The visit's wait, and which item first counts the visit for its department, so
        // that waits and visits can be told per department and item from these events alone:
        // the first of the department in this visit, items handled before a transfer included.
        const bool first_of_department =
            departments.insert(item->department).second &&
            std::find(ticket.departments_handled.begin(), ticket.departments_handled.end(),
                      item->department) == ticket.departments_handled.end();
        Event e = window_event(EventType::item_handled, window, ticket, device);
        e.data = {{"number", ticket.number},
                  {"item", code},
                  {"department", item->department},
                  {"zone", dept ? dept->zone : ticket.zone},
                  {"queue_zone", ticket.zone},
                  {"agency", w->agency},
                  {"started_ms", ticket.started_ms.value_or(e.at_ms)},
                  {"finished_ms", e.at_ms}};
        if (ticket.called_ms)
            e.data["wait_ms"] = *ticket.called_ms - ticket.issued_ms;
        if (first_of_department)
            e.data["first_of_department"] = true;
        if (!package.empty())
            e.data["package"] = package;
        emit(outcome, std::move(e));
    }
}

Outcome QueueEngine::finish(int window, const FinishRequest& request, std::string_view device) {
    Outcome outcome = tick();
    if (auto r = ready_to_act(window))
        return refused(outcome, *r);
    const auto* t = current_ticket(window);
    if (t->state != TicketState::serving)
        return refused(outcome, bad_transition(*t, "finished", "a ticket being served"));
    std::vector<std::string> items = request.items;
    const Package* package = nullptr;
    if (!request.package.empty()) {
        package = catalog_.package(request.package);
        if (!package)
            return refused(outcome, "unknown_package",
                           "there is no package \"" + request.package + "\"");
        if (items.empty())
            items = package->items;
        for (const auto& code : items)
            if (std::find(package->items.begin(), package->items.end(), code) ==
                package->items.end())
                return refused(outcome, "item_not_in_package",
                               "item \"" + code + "\" is not part of " + package->name);
    }
    if (items.empty())
        return refused(outcome, "items_required",
                       "a finished visit records at least one item handled");
    if (auto r = check_items(items))
        return refused(outcome, *r);

    std::set<std::string> departments;
    for (const auto& code : items)
        departments.insert(catalog_.item(code)->department);
    const Ticket ticket = *t;
    emit_items(outcome, window, ticket, items, request.package, device);
    Event e = window_event(EventType::visit_finished, window, ticket, device);
    e.data = {{"number", ticket.number},
              {"zone", ticket.zone},
              {"items", items},
              {"departments", departments.size()},
              {"agency", catalog_.window(window)->agency},
              {"service_ms", e.at_ms - ticket.started_ms.value_or(e.at_ms)}};
    if (package)
        e.data["package"] = package->code;
    emit_for_ticket(outcome, std::move(e));
    return outcome;
}

Outcome QueueEngine::no_show(int window, std::string_view device) {
    Outcome outcome = tick();
    if (auto r = ready_to_act(window))
        return refused(outcome, *r);
    const auto* t = current_ticket(window);
    if (t->state != TicketState::called)
        return refused(outcome, bad_transition(*t, "marked a no-show", "a called ticket"));
    Event e = window_event(EventType::ticket_no_show, window, *t, device);
    e.data = {{"number", t->number}, {"zone", t->zone}, {"recalls", t->recalls}};
    emit_for_ticket(outcome, std::move(e));
    return outcome;
}

Outcome QueueEngine::park(int window, std::string_view device) {
    Outcome outcome = tick();
    if (auto r = ready_to_act(window))
        return refused(outcome, *r);
    const auto* t = current_ticket(window);
    if (t->state != TicketState::called && t->state != TicketState::serving)
        return refused(outcome, bad_transition(*t, "parked", "a called or served ticket"));
    Event e = window_event(EventType::ticket_parked, window, *t, device);
    e.data = {{"number", t->number}, {"zone", t->zone}};
    emit_for_ticket(outcome, std::move(e));
    return outcome;
}

Outcome QueueEngine::call_parked(int window, std::string_view number, std::string_view device) {
    Outcome outcome = tick();
    if (auto r = ready_to_call(window))
        return refused(outcome, *r);
    const auto* t = find_ticket(number);
    if (!t)
        return refused(outcome, "unknown_ticket",
                       "there is no ticket " + std::string(number) + " today");
    if (t->state != TicketState::parked)
        return refused(outcome, bad_transition(*t, "called back", "a parked ticket"));
    if (t->window != window)
        return refused(
            outcome, "not_parked_here",
            "ticket " + t->number + " is parked at " + window_name(t->window.value_or(0)));
    if (auto r = check_free(window))
        return refused(outcome, *r);
    emit_call(outcome, window, *t, "parked", device);
    return outcome;
}

Outcome QueueEngine::transfer(int window, const TransferRequest& request, std::string_view device) {
    Outcome outcome = tick();
    if (auto r = ready_to_act(window))
        return refused(outcome, *r);
    const auto* t = current_ticket(window);
    if (t->state != TicketState::called && t->state != TicketState::serving)
        return refused(outcome, bad_transition(*t, "transferred", "a called or served ticket"));
    if (request.to_queue.empty() && !request.to_window)
        return refused(outcome, "transfer_target_required", "a transfer names a queue or a window");
    const Queue* to_queue = catalog_.queue(request.to_queue.empty() ? t->queue : request.to_queue);
    if (!to_queue)
        return refused(outcome, "unknown_queue", "there is no queue \"" + request.to_queue + "\"");
    if (request.to_window) {
        const auto* target = catalog_.window(*request.to_window);
        if (!target)
            return refused(outcome, "unknown_window",
                           "there is no window " + std::to_string(*request.to_window));
        if (*request.to_window == window)
            return refused(outcome, "same_window",
                           "a ticket cannot be transferred to its own window");
        if (request.to_queue.empty() &&
            std::find(target->queues.begin(), target->queues.end(), to_queue->code) ==
                target->queues.end() &&
            !target->queues.empty())
            to_queue = catalog_.queue(target->queues.front());
    } else if (to_queue->code == t->queue) {
        return refused(outcome, "same_queue",
                       "ticket " + t->number + " is already in " + to_queue->name);
    }
    if (!request.items.empty()) {
        if (t->state != TicketState::serving)
            return refused(outcome, "items_need_service",
                           "items are recorded for a ticket being served");
        if (auto r = check_items(request.items))
            return refused(outcome, *r);
    }
    const Ticket ticket = *t;
    emit_items(outcome, window, ticket, request.items, {}, device);
    Event e = window_event(EventType::ticket_transferred, window, ticket, device);
    e.data = {{"number", ticket.number},
              {"zone", ticket.zone},
              {"to_queue", to_queue->code},
              {"to_zone", to_queue->zone}};
    if (request.to_window)
        e.data["to_window"] = *request.to_window;
    if (ticket.state == TicketState::serving)
        e.data["service_ms"] = e.at_ms - ticket.started_ms.value_or(e.at_ms);
    emit_for_ticket(outcome, std::move(e));
    return outcome;
}

Outcome QueueEngine::cancel(std::string_view number, std::string_view device) {
    Outcome outcome = tick();
    const auto* t = find_ticket(number);
    if (!t)
        return refused(outcome, "unknown_ticket",
                       "there is no ticket " + std::string(number) + " today");
    if (t->state != TicketState::waiting && t->state != TicketState::parked)
        return refused(outcome, bad_transition(*t, "cancelled", "a waiting or parked ticket"));
    Event e = make_event(EventType::ticket_cancelled, device);
    e.ticket_id = t->id;
    e.queue = t->queue;
    e.data = {{"number", t->number}, {"zone", t->zone}};
    emit_for_ticket(outcome, std::move(e));
    return outcome;
}

Outcome QueueEngine::rate(int window, int grade, std::string_view reason, std::string_view device) {
    Outcome outcome = tick();
    if (auto r = check_window(window))
        return refused(outcome, *r);
    if (grade < 1 || grade > max_grade)
        return refused(outcome, "invalid_grade", "a grade is 1 (非常满意) to 5 (非常不满意)");
    auto it = windows_.find(window);
    if (it == windows_.end() || !it->second.last_finished)
        return refused(outcome, "nothing_to_rate",
                       "no visit has finished at " + window_name(window));
    const auto& t = tickets_.at(*it->second.last_finished);
    if (rated_.count(t.id))
        return refused(outcome, "already_rated",
                       "the visit of ticket " + t.number + " is already rated");
    if (grade >= first_bad_grade && reason.empty())
        return refused(outcome, "reason_required", "a bad review gives its reason");
    Event e = make_event(EventType::ticket_rated, device);
    e.ticket_id = t.id;
    e.queue = t.queue;
    e.window = window;
    e.staff = t.staff.value_or("");
    e.data = {{"number", t.number}, {"zone", t.zone}, {"grade", grade}};
    if (!reason.empty())
        e.data["reason"] = std::string(reason);
    emit_for_ticket(outcome, std::move(e));
    return outcome;
}

Outcome QueueEngine::login(int window, std::string_view staff, std::string_view device) {
    Outcome outcome = tick();
    // The close ended every session; one begun after it would run into the next day, whose
    // start forgets it, and never be counted.
    if (closed_)
        return refused(outcome, "day_closed",
                       "the day " + day_ + " is closed: log in again on the next day");
    if (auto r = check_window(window))
        return refused(outcome, *r);
    if (!catalog_.staff_member(staff))
        return refused(outcome, "unknown_staff",
                       "there is no staff member \"" + std::string(staff) + "\"");
    auto at = staff_window_.find(std::string(staff));
    // Already here: a terminal that restarted or lost a reply logs in again, and nothing changes.
    if (at != staff_window_.end() && at->second == window)
        return outcome;
    if (at != staff_window_.end())
        return refused(
            outcome, "already_logged_in",
            "staff member " + std::string(staff) + " is logged in at " + window_name(at->second));
    auto it = windows_.find(window);
    if (it != windows_.end() && !it->second.staff.empty())
        return refused(outcome, "window_occupied",
                       window_name(window) + " is in use by staff member " + it->second.staff);
    Event e = make_event(EventType::staff_login, device);
    e.window = window;
    e.staff = std::string(staff);
    emit(outcome, std::move(e));
    return outcome;
}

Outcome QueueEngine::logout(int window, std::string_view device) {
    Outcome outcome = tick();
    if (auto r = check_window(window))
        return refused(outcome, *r);
    auto it = windows_.find(window);
    if (it == windows_.end() || it->second.staff.empty())
        return refused(outcome, "not_logged_in", "nobody is logged in at " + window_name(window));
    if (auto r = check_free(window))
        return refused(outcome, *r);
    if (it->second.on_break) {
        Event e = make_event(EventType::break_ended, device);
        e.window = window;
        e.staff = it->second.staff;
        e.data = {{"break_ms", e.at_ms - it->second.break_ms}};
        emit(outcome, std::move(e));
    }
    Event e = make_event(EventType::staff_logout, device);
    e.window = window;
    e.staff = it->second.staff;
    e.data = {{"logged_in_ms", e.at_ms - it->second.login_ms}};
    emit(outcome, std::move(e));
    return outcome;
}

Outcome QueueEngine::start_break(int window, std::string_view reason, std::string_view device) {
    Outcome outcome = tick();
    if (auto r = ready_to_call(window))
        return refused(outcome, *r);
    if (reason.empty())
        return refused(outcome, "reason_required", "a break gives its reason");
    if (auto r = check_free(window))
        return refused(outcome, *r);
    Event e = make_event(EventType::break_started, device);
    e.window = window;
    e.staff = windows_.at(window).staff;
    e.data = {{"reason", std::string(reason)}};
    emit(outcome, std::move(e));
    return outcome;
}

Outcome QueueEngine::end_break(int window, std::string_view device) {
    Outcome outcome = tick();
    if (auto r = check_window(window))
        return refused(outcome, *r);
    auto it = windows_.find(window);
    if (it == windows_.end() || it->second.staff.empty())
        return refused(outcome, "not_logged_in", "nobody is logged in at " + window_name(window));
    if (!it->second.on_break)
        return refused(outcome, "not_on_break", window_name(window) + " is not on a break");
    Event e = make_event(EventType::break_ended, device);
    e.window = window;
    e.staff = it->second.staff;
    e.data = {{"break_ms", e.at_ms - it->second.break_ms}};
    emit(outcome, std::move(e));
    return outcome;
}

// ---------------------------------------------------------------------------------------------
// The day.

void QueueEngine::close_into(Outcome& outcome, std::string_view device) {
    // The close happens at the day's close time, or now if the day is closed before it: a close
    // that runs late (the server was down at that time, or a test clock jumped past it) must
    // not count the night as time logged in, nor date the day's last events on the next day.
    // Every event of the close carries that moment: the tickets it leaves unserved, the breaks
    // and sessions it ends, the close itself.
    const std::int64_t close_at = std::min(clock_.now_ms(), close_ms_);
    auto close_event = [&](EventType type) {
        Event e = make_event(type, device);
        e.at_ms = close_at;
        return e;
    };
    int unserved = 0;
    for (const auto& [id, t] : tickets_) {
        if (is_final(t.state))
            continue;
        Event e = close_event(EventType::ticket_unserved);
        e.ticket_id = id;
        e.queue = t.queue;
        e.window = t.window;
        e.data = {{"number", t.number}, {"zone", t.zone}, {"was", to_string(t.state)}};
        emit(outcome, std::move(e));
        ++unserved;
    }
    for (const auto& [number, w] : windows_) {
        if (w.staff.empty())
            continue;
        if (w.on_break) {
            Event e = close_event(EventType::break_ended);
            e.window = number;
            e.staff = w.staff;
            e.data = {{"break_ms", std::max<std::int64_t>(0, close_at - w.break_ms)}};
            emit(outcome, std::move(e));
        }
        Event e = close_event(EventType::staff_logout);
        e.window = number;
        e.staff = w.staff;
        e.data = {{"logged_in_ms", std::max<std::int64_t>(0, close_at - w.login_ms)},
                  {"at_close", true}};
        emit(outcome, std::move(e));
    }
    Event e = close_event(EventType::day_closed);
    e.data = {{"unserved", unserved}, {"issued", tickets_.size()}};
    emit(outcome, std::move(e));
}

Outcome QueueEngine::post_notice(std::string_view text, std::string_view device) {
    Outcome outcome = tick();
    Event e = make_event(EventType::notice_posted, device);
    e.data = {{"text", std::string(text)}};
    emit(outcome, std::move(e));
    return outcome;
}

Outcome QueueEngine::close_day(std::string_view device) {
    Outcome outcome = tick();
    if (closed_)
        return refused(outcome, "day_closed", "the day " + day_ + " is closed already");
    close_into(outcome, device);
    return outcome;
}

void QueueEngine::begin_day(const std::string& day) {
    day_ = day;
    close_ms_ = calendar_.at(day_, catalog_.hall.day_close_min);
    next_day_ms_ = calendar_.at(calendar_.next_day(day_), 0);
}

Outcome QueueEngine::tick() {
    Outcome outcome;
    const std::int64_t now = clock_.now_ms();
    if (!closed_ && now >= close_ms_)
        close_into(outcome, "day-close");
    // Past the day's last moment, the clock's day is a later one.
    if (closed_ && now >= next_day_ms_)
        reset_for(calendar_.day_of(now));
    return outcome;
}

void QueueEngine::reset_for(const std::string& day) {
    begin_day(day);
    closed_ = false;
    tickets_.clear();
    by_number_.clear();
    by_idempotency_key_.clear();
    by_appointment_.clear();
    queues_.clear();
    directed_waiting_.clear();
    windows_.clear();
    staff_window_.clear();
    rated_.clear();
    recent_calls_.clear();
    notices_.clear();
}

// ---------------------------------------------------------------------------------------------
// Reads.

std::vector<const Ticket*> QueueEngine::waiting(std::string_view queue) const {
    std::vector<const Ticket*> list;
    auto it = queues_.find(queue);
    if (it == queues_.end())
        return list;
    for (auto id : it->second.waiting)
        list.push_back(&tickets_.at(id));
    std::sort(list.begin(), list.end(),
              [](const Ticket* a, const Ticket* b) { return strict_rank(*a) < strict_rank(*b); });
    return list;
}

Estimate QueueEngine::estimate(const Ticket& ticket) const {
    Estimate estimate;
    estimate.open_windows = open_windows(ticket.queue);
    if (ticket.state != TicketState::waiting)
        return estimate;
    // Everyone of a better strict rank is ahead: every ticket of a better class, and those of
    // its own class that entered before it. An issue asks this of every new ticket, and a queue
    // can hold thousands, so it is counted from the sorted orders, never by walking the queue.
    auto it = queues_.find(ticket.queue);
    if (it != queues_.end()) {
        const auto& classes = it->second.orders_by_class;
        const auto own = strict_class(ticket);
        std::size_t ahead = 0;
        for (std::size_t c = 0; c < own; ++c)
            ahead += classes[c].size();
        const auto& orders = classes[own];
        ahead += static_cast<std::size_t>(
            std::lower_bound(orders.begin(), orders.end(), ticket.order) - orders.begin());
        estimate.ahead = static_cast<int>(ahead);
    }
    std::int64_t windows = std::max(1, estimate.open_windows);
    estimate.expected_wait_ms = estimate.ahead * mean_service_ms(ticket.queue) / windows;
    return estimate;
}

std::vector<QueueStatus> QueueEngine::queue_statuses() const {
    std::vector<QueueStatus> statuses;
    const std::int64_t now = clock_.now_ms();
    for (const auto& queue : catalog_.queues) {
        QueueStatus s;
        s.queue = queue.code;
        s.open_windows = open_windows(queue.code);
        s.mean_service_ms = mean_service_ms(queue.code);
        auto it = queues_.find(queue.code);
        if (it != queues_.end() && !it->second.waiting.empty()) {
            const auto& q = it->second;
            s.waiting = static_cast<int>(q.waiting.size());
            s.priority_waiting =
                static_cast<int>(q.orders_by_class[0].size() + q.orders_by_class[2].size());
            // The first to enter has waited longest.
            s.longest_wait_ms =
                std::max<std::int64_t>(0, now - tickets_.at(q.waiting.front()).enqueued_ms);
        }
        statuses.push_back(s);
    }
    return statuses;
}

WindowStatus QueueEngine::window_status(int window) const {
    WindowStatus status;
    status.number = window;
    auto it = windows_.find(window);
    if (it == windows_.end())
        return status;
    status.staff = it->second.staff;
    status.on_break = it->second.on_break;
    status.break_reason = it->second.break_reason;
    status.served_today = it->second.served;
    if (const auto* t = current_ticket(window))
        status.current = *t;
    for (auto id : it->second.parked)
        status.parked.push_back(tickets_.at(id));
    if (const auto last = it->second.last_finished; last && !rated_.count(*last))
        status.unrated = tickets_.at(*last);
    return status;
}

}  // namespace hall
