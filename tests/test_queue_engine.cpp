// The queue engine's rules: numbers, transitions, calling rules, idempotency, day close.
#include <catch2/catch.hpp>

#include "hall_fixture.hpp"
#include "protocol_json.hpp"
#include "queue_engine.hpp"

using namespace hall;
using hall::testing::morning;
using hall::testing::small_hall;

namespace {

struct Hall {
    Catalog catalog = small_hall();
    ManualClock clock{morning(catalog)};
    QueueEngine engine{catalog, clock, {}};

    Ticket issue(const std::string& queue, Priority priority = Priority::none) {
        IssueRequest request;
        request.queue = queue;
        request.priority = priority;
        auto outcome = engine.issue(request);
        INFO((outcome.refusal ? outcome.refusal->message : std::string()));
        REQUIRE(outcome.ok());
        REQUIRE(outcome.ticket);
        return *outcome.ticket;
    }
    void open(int window, const std::string& staff) { REQUIRE(engine.login(window, staff).ok()); }
    std::string call(int window) {
        auto outcome = engine.call_next(window);
        REQUIRE(outcome.ok());
        return outcome.ticket ? outcome.ticket->number : std::string("-");
    }
    // Calls the next ticket and finishes it at once, returning its number.
    std::string serve_next(int window) {
        auto number = call(window);
        if (number == "-")
            return number;
        REQUIRE(engine.start_service(window).ok());
        REQUIRE(
            engine
                .finish(window,
                        {{engine.catalog().queue(engine.find_ticket(number)->queue)->items.front()},
                         {}})
                .ok());
        return number;
    }
    TicketState state(const std::string& number) { return engine.find_ticket(number)->state; }
};

void require_refused(const Outcome& outcome, const std::string& code) {
    REQUIRE_FALSE(outcome.ok());
    CHECK(outcome.refusal->code == code);
    CHECK_FALSE(outcome.refusal->message.empty());
    CHECK(outcome.events.empty());
}

}  // namespace

TEST_CASE("tickets are numbered per queue with the queue's prefix, zero-padded") {
    Hall h;
    CHECK(h.issue("QA").number == "A001");
    CHECK(h.issue("QA").number == "A002");
    CHECK(h.issue("QB").number == "B001");
    CHECK(h.issue("QA").number == "A003");
    CHECK(h.issue("QC").number == "C001");
}

TEST_CASE("numbers go past 999 without repeating") {
    Hall h;
    std::set<std::string> seen;
    for (int i = 0; i < 1005; ++i)
        CHECK(seen.insert(h.issue("QA").number).second);
    CHECK(seen.count("A999"));
    CHECK(seen.count("A1000"));
}

TEST_CASE("numbers start again at 001 on the next day, and ticket ids never repeat") {
    Hall h;
    auto first = h.issue("QA");
    h.issue("QA");
    h.clock.set(morning(h.catalog, "2026-11-28"));
    auto next_day = h.issue("QA");
    CHECK(next_day.number == "A001");
    CHECK(next_day.day == "2026-11-28");
    CHECK(next_day.id > first.id + 1);
}

TEST_CASE("an unknown queue is refused and changes nothing") {
    Hall h;
    IssueRequest request;
    request.queue = "NOPE";
    require_refused(h.engine.issue(request), "unknown_queue");
    CHECK(h.issue("QA").number == "A001");
}

TEST_CASE("a queue refuses a priority class it does not accept") {
    Hall h;
    IssueRequest request;
    request.queue = "QC";
    request.priority = Priority::elderly;
    require_refused(h.engine.issue(request), "priority_not_accepted");
}

TEST_CASE("an appointment check-in needs its booking code and gets appointment priority") {
    Hall h;
    IssueRequest request;
    request.queue = "QA";
    request.channel = Channel::appointment;
    require_refused(h.engine.issue(request), "appointment_required");
    request.appointment = "YY20261127001";
    auto outcome = h.engine.issue(request);
    REQUIRE(outcome.ok());
    CHECK(outcome.ticket->priority == Priority::appointment);
    CHECK(outcome.ticket->appointment == "YY20261127001");
}

TEST_CASE("a booking code checks in once a day") {
    Hall h;
    IssueRequest request;
    request.queue = "QA";
    request.channel = Channel::appointment;
    request.appointment = "YY20261127004";
    request.idempotency_key = "kiosk-1:a";
    auto first = h.engine.issue(request);
    REQUIRE(first.ok());
    // Another check-in with the same code, at the same queue or another, issues nothing.
    request.idempotency_key = "kiosk-2:b";
    auto again = h.engine.issue(request);
    require_refused(again, "appointment_used");
    CHECK(again.events.empty());
    request.queue = "QB";
    require_refused(h.engine.issue(request), "appointment_used");
    // The first kiosk's retry still gets its ticket back.
    request.queue = "QA";
    request.idempotency_key = "kiosk-1:a";
    auto retried = h.engine.issue(request);
    REQUIRE(retried.ok());
    CHECK(retried.ticket->id == first.ticket->id);
    // A restart rebuilds the day from its log, and with it the codes used.
    QueueEngine restarted(h.catalog, h.clock, {1, 1, h.engine.day()});
    for (const auto& e : first.events)
        restarted.replay(e);
    request.idempotency_key = "kiosk-3:c";
    require_refused(restarted.issue(request), "appointment_used");
}

TEST_CASE("a retried check-in with the same idempotency key returns the same ticket") {
    Hall h;
    IssueRequest request;
    request.queue = "QA";
    request.channel = Channel::appointment;
    request.appointment = "YY20261127002";
    request.idempotency_key = "kiosk-1:c1";
    auto first = h.engine.issue(request);
    REQUIRE(first.ok());
    auto retried = h.engine.issue(request);
    REQUIRE(retried.ok());
    CHECK(retried.events.empty());
    CHECK(retried.ticket->id == first.ticket->id);
    CHECK(retried.ticket->priority == Priority::appointment);
    auto other_booking = request;  // the same key for another booking is another request
    other_booking.appointment = "YY20261127003";
    require_refused(h.engine.issue(other_booking), "idempotency_conflict");
    request.channel = Channel::kiosk;  // the same key for a plain ticket is another request
    require_refused(h.engine.issue(request), "idempotency_conflict");
}

TEST_CASE("a retried issue with the same idempotency key returns the same ticket") {
    Hall h;
    IssueRequest request;
    request.queue = "QA";
    request.idempotency_key = "kiosk-1:7f3a";
    auto first = h.engine.issue(request);
    REQUIRE(first.ok());
    CHECK(first.events.size() == 1);
    auto again = h.engine.issue(request);
    REQUIRE(again.ok());
    CHECK(again.events.empty());
    CHECK(again.ticket->number == first.ticket->number);
    CHECK(again.ticket->id == first.ticket->id);
    CHECK(h.issue("QA").number == "A002");

    SECTION("the same key for another request is a conflict") {
        request.queue = "QB";
        require_refused(h.engine.issue(request), "idempotency_conflict");
    }
}

TEST_CASE("a ticket goes waiting, called, serving, finished") {
    Hall h;
    auto t = h.issue("QA");
    CHECK(t.state == TicketState::waiting);
    h.open(1, "S1");
    h.clock.advance_min(4);
    auto called = h.engine.call_next(1);
    REQUIRE(called.ok());
    CHECK(called.ticket->number == "A001");
    CHECK(called.ticket->state == TicketState::called);
    CHECK(called.events.front().data["wait_ms"] == 4 * 60'000);
    h.clock.advance_min(1);
    REQUIRE(h.engine.start_service(1).ok());
    CHECK(h.state("A001") == TicketState::serving);
    h.clock.advance_min(6);
    auto finished = h.engine.finish(1, {{"I1", "I2"}, {}});
    REQUIRE(finished.ok());
    CHECK(h.state("A001") == TicketState::finished);
    // Two items handled, then the visit.
    REQUIRE(finished.events.size() == 3);
    CHECK(finished.events[0].type == EventType::item_handled);
    CHECK(finished.events[0].data["department"] == "D1");
    CHECK(finished.events[0].staff == "S1");
    CHECK(finished.events[2].type == EventType::visit_finished);
    CHECK(finished.events[2].data["service_ms"] == 6 * 60'000);
    CHECK(h.engine.window_status(1).current == std::nullopt);
}

TEST_CASE("a staff member logging in again at their own window changes nothing") {
    Hall h;
    h.open(1, "S1");
    auto again = h.engine.login(1, "S1");
    REQUIRE(again.ok());
    CHECK(again.events.empty());
    CHECK(h.engine.window_status(1).staff == "S1");
    require_refused(h.engine.login(3, "S1"), "already_logged_in");
    require_refused(h.engine.login(1, "S2"), "window_occupied");
}

TEST_CASE("a called ticket may be recalled up to the limit, then marked a no-show") {
    Hall h;
    h.issue("QA");
    h.open(1, "S1");
    h.call(1);
    REQUIRE(h.engine.recall(1).ok());
    REQUIRE(h.engine.recall(1).ok());
    CHECK(h.engine.find_ticket("A001")->recalls == 2);
    require_refused(h.engine.recall(1), "recall_limit_reached");
    CHECK(h.state("A001") == TicketState::called);
    REQUIRE(h.engine.no_show(1).ok());
    CHECK(h.state("A001") == TicketState::no_show);
    CHECK(h.call(1) == "-");
}

TEST_CASE("each call of a ticket has its own recalls: after a transfer or a call back") {
    Hall h;
    h.issue("QB");
    h.open(4, "S1");  // serves QB, then QA
    h.open(1, "S2");  // serves QA
    CHECK(h.call(4) == "B001");
    REQUIRE(h.engine.recall(4).ok());
    REQUIRE(h.engine.recall(4).ok());
    require_refused(h.engine.recall(4), "recall_limit_reached");
    REQUIRE(h.engine.start_service(4).ok());
    TransferRequest to_qa;
    to_qa.to_queue = "QA";
    REQUIRE(h.engine.transfer(4, to_qa).ok());

    // The window the citizen was sent to calls them anew, with recalls of its own.
    CHECK(h.call(1) == "B001");
    REQUIRE(h.engine.recall(1).ok());
    REQUIRE(h.engine.recall(1).ok());
    require_refused(h.engine.recall(1), "recall_limit_reached");
    CHECK(h.engine.find_ticket("B001")->recalls == 4);  // the visit's, as the ticket shows

    REQUIRE(h.engine.park(1).ok());
    REQUIRE(h.engine.call_parked(1, "B001").ok());
    REQUIRE(h.engine.recall(1).ok());
    CHECK(h.engine.find_ticket("B001")->recalls_since_call == 1);
}

TEST_CASE("a recalled ticket keeps its place at the window") {
    Hall h;
    h.issue("QA");
    h.issue("QA");
    h.open(1, "S1");
    h.call(1);
    REQUIRE(h.engine.recall(1).ok());
    CHECK(h.engine.window_status(1).current->number == "A001");
    CHECK(h.engine.waiting("QA").front()->number == "A002");
}

TEST_CASE("a parked ticket is set aside and called back by its window") {
    Hall h;
    h.issue("QA");
    h.issue("QA");
    h.open(1, "S1");
    h.open(3, "S2");
    h.call(1);
    REQUIRE(h.engine.park(1).ok());
    CHECK(h.state("A001") == TicketState::parked);
    CHECK(h.engine.window_status(1).parked.size() == 1);
    CHECK(h.call(1) == "A002");
    require_refused(h.engine.call_parked(1, "A001"), "window_busy");
    REQUIRE(h.engine.start_service(1).ok());
    REQUIRE(h.engine.finish(1, {{"I1"}, {}}).ok());
    require_refused(h.engine.call_parked(3, "A001"), "not_parked_here");
    auto back = h.engine.call_parked(1, "A001");
    REQUIRE(back.ok());
    CHECK(back.ticket->state == TicketState::called);
    CHECK(h.engine.window_status(1).parked.empty());
}

TEST_CASE("a transferred ticket keeps its number and goes ahead in the new queue") {
    Hall h;
    h.issue("QB");
    h.issue("QB");
    h.issue("QA");
    h.open(4, "S1");  // serves QB, then QA
    h.open(1, "S2");  // serves QA
    CHECK(h.call(4) == "B001");
    REQUIRE(h.engine.start_service(4).ok());
    TransferRequest to_qa;
    to_qa.to_queue = "QA";
    to_qa.items = {"I2"};
    auto moved = h.engine.transfer(4, to_qa);
    REQUIRE(moved.ok());
    CHECK(moved.events.front().type == EventType::item_handled);
    CHECK(moved.ticket->number == "B001");
    CHECK(moved.ticket->queue == "QA");
    CHECK(moved.ticket->state == TicketState::waiting);
    CHECK(moved.ticket->transfers == 1);
    CHECK(h.call(1) == "B001");  // ahead of A001, which was issued after it was

    // The visit counts once toward department D1, whose item I2 it handled before the transfer.
    CHECK(moved.events.front().data.value("first_of_department", false));
    REQUIRE(h.engine.start_service(1).ok());
    auto finished = h.engine.finish(1, {{"I1", "I3"}, {}});  // D1 again, then D2
    REQUIRE(finished.ok());
    std::map<std::string, bool> first;
    for (const auto& e : finished.events)
        if (e.type == EventType::item_handled)
            first[e.data.at("item").get<std::string>()] =
                e.data.value("first_of_department", false);
    CHECK_FALSE(first.at("I1"));
    CHECK(first.at("I3"));
    // Kept by apply(), so a restart's replay of the log rebuilds it.
    CHECK(h.engine.find_ticket("B001")->departments_handled ==
          std::vector<std::string>{"D1", "D2"});
}

TEST_CASE("of the tickets transferred in, a priority one is called first, as people ahead say") {
    Hall h;
    h.issue("QA");                     // A001
    h.issue("QA", Priority::elderly);  // A002
    h.open(1, "S1");                   // serves QA
    TransferRequest to_qb;
    to_qb.to_queue = "QB";
    REQUIRE(h.engine.call_ticket(1, "A001").ok());
    REQUIRE(h.engine.transfer(1, to_qb).ok());
    REQUIRE(h.engine.call_ticket(1, "A002").ok());
    REQUIRE(h.engine.transfer(1, to_qb).ok());
    h.issue("QB");  // B001, not transferred
    CHECK(h.engine.estimate(*h.engine.find_ticket("A002")).ahead == 0);
    CHECK(h.engine.estimate(*h.engine.find_ticket("A001")).ahead == 1);
    CHECK(h.engine.estimate(*h.engine.find_ticket("B001")).ahead == 2);
    h.open(4, "S2");  // serves QB, then QA
    CHECK(h.call(4) == "A002");
    h.open(2, "S3");  // interleave 2:1 over QA, QB: returning tickets go first all the same
    CHECK(h.call(2) == "A001");
}

TEST_CASE("a ticket transferred to a window is called by that window only") {
    Hall h;
    h.issue("QA");
    h.issue("QA");
    h.open(1, "S1");
    h.open(3, "S2");
    h.call(1);
    TransferRequest to_window;
    to_window.to_window = 3;
    REQUIRE(h.engine.transfer(1, to_window).ok());
    CHECK(h.call(1) == "A002");
    CHECK(h.call(3) == "A001");
}

TEST_CASE("transfers to nowhere, the same queue or the same window are refused") {
    Hall h;
    h.issue("QA");
    h.open(1, "S1");
    h.call(1);
    require_refused(h.engine.transfer(1, {}), "transfer_target_required");
    TransferRequest same;
    same.to_queue = "QA";
    require_refused(h.engine.transfer(1, same), "same_queue");
    TransferRequest self;
    self.to_window = 1;
    require_refused(h.engine.transfer(1, self), "same_window");
    TransferRequest nowhere;
    nowhere.to_queue = "QZ";
    require_refused(h.engine.transfer(1, nowhere), "unknown_queue");
    TransferRequest items_unserved;
    items_unserved.to_queue = "QB";
    items_unserved.items = {"I1"};
    require_refused(h.engine.transfer(1, items_unserved), "items_need_service");
    CHECK(h.state("A001") == TicketState::called);
}

TEST_CASE("a waiting ticket can be cancelled; a called one cannot") {
    Hall h;
    h.issue("QA");
    h.issue("QA");
    REQUIRE(h.engine.cancel("A002").ok());
    CHECK(h.state("A002") == TicketState::cancelled);
    h.open(1, "S1");
    CHECK(h.call(1) == "A001");
    require_refused(h.engine.cancel("A001"), "invalid_transition");
    require_refused(h.engine.cancel("A002"), "invalid_transition");
    require_refused(h.engine.cancel("Z999"), "unknown_ticket");
    REQUIRE(h.engine.no_show(1).ok());
    CHECK(h.call(1) == "-");
}

TEST_CASE("every transition not allowed from the current state is refused and changes nothing") {
    // For each state a window's current ticket can be in, the window commands that do not apply.
    Hall h;
    h.open(1, "S1");
    h.issue("QA");

    // No ticket at the window at all.
    require_refused(h.engine.recall(1), "no_current_ticket");
    require_refused(h.engine.start_service(1), "no_current_ticket");
    require_refused(h.engine.finish(1, {{"I1"}, {}}), "no_current_ticket");
    require_refused(h.engine.no_show(1), "no_current_ticket");
    require_refused(h.engine.park(1), "no_current_ticket");
    TransferRequest to_qb;
    to_qb.to_queue = "QB";
    require_refused(h.engine.transfer(1, to_qb), "no_current_ticket");
    require_refused(h.engine.call_parked(1, "A001"), "invalid_transition");

    // Called: it cannot be finished before service starts.
    h.call(1);
    require_refused(h.engine.finish(1, {{"I1"}, {}}), "invalid_transition");
    require_refused(h.engine.call_next(1), "window_busy");
    require_refused(h.engine.logout(1), "window_busy");
    require_refused(h.engine.start_break(1, "lunch"), "window_busy");
    CHECK(h.state("A001") == TicketState::called);

    // Serving: no recall, no second start, no no-show, no cancel.
    REQUIRE(h.engine.start_service(1).ok());
    require_refused(h.engine.recall(1), "invalid_transition");
    require_refused(h.engine.start_service(1), "invalid_transition");
    require_refused(h.engine.no_show(1), "invalid_transition");
    require_refused(h.engine.cancel("A001"), "invalid_transition");
    require_refused(h.engine.finish(1, {{}, {}}), "items_required");
    require_refused(h.engine.finish(1, {{"NOPE"}, {}}), "unknown_item");
    require_refused(h.engine.finish(1, {{"I1", "I1"}, {}}), "duplicate_item");
    require_refused(h.engine.finish(1, {{}, "NOPE"}), "unknown_package");
    require_refused(h.engine.finish(1, {{"I2"}, "P1"}), "item_not_in_package");
    CHECK(h.state("A001") == TicketState::serving);

    // Finished: nothing more can happen to it.
    REQUIRE(h.engine.finish(1, {{"I1"}, {}}).ok());
    require_refused(h.engine.recall(1), "no_current_ticket");
    require_refused(h.engine.cancel("A001"), "invalid_transition");
    require_refused(h.engine.call_ticket(1, "A001"), "invalid_transition");
    require_refused(h.engine.call_parked(1, "A001"), "invalid_transition");
    CHECK(h.state("A001") == TicketState::finished);
}

TEST_CASE("a window needs someone logged in, not on a break, to call") {
    Hall h;
    h.issue("QA");
    require_refused(h.engine.call_next(1), "not_logged_in");
    require_refused(h.engine.call_next(99), "unknown_window");
    require_refused(h.engine.login(1, "S99"), "unknown_staff");
    h.open(1, "S1");
    require_refused(h.engine.login(1, "S2"), "window_occupied");
    require_refused(h.engine.login(3, "S1"), "already_logged_in");
    require_refused(h.engine.start_break(1, ""), "reason_required");
    REQUIRE(h.engine.start_break(1, "午餐").ok());
    require_refused(h.engine.call_next(1), "on_break");
    REQUIRE(h.engine.end_break(1).ok());
    require_refused(h.engine.end_break(1), "not_on_break");
    CHECK(h.call(1) == "A001");
}

TEST_CASE("logging out while on a break ends the break first, with both durations") {
    Hall h;
    h.open(1, "S1");
    h.clock.advance_min(30);
    REQUIRE(h.engine.start_break(1, "午餐").ok());
    h.clock.advance_min(10);
    auto out = h.engine.logout(1);
    REQUIRE(out.ok());
    REQUIRE(out.events.size() == 2);
    CHECK(out.events[0].type == EventType::break_ended);
    CHECK(out.events[0].data["break_ms"] == 10 * 60'000);
    CHECK(out.events[1].data["logged_in_ms"] == 40 * 60'000);
    CHECK(h.engine.window_status(1).staff.empty());
}

TEST_CASE("strict precedence calls every priority ticket before normal ones") {
    Hall h;
    h.issue("QA");
    h.issue("QA");
    h.issue("QA", Priority::elderly);
    h.issue("QA", Priority::military);
    h.open(1, "S1");
    CHECK(h.serve_next(1) == "A003");
    CHECK(h.serve_next(1) == "A004");
    CHECK(h.serve_next(1) == "A001");
    CHECK(h.serve_next(1) == "A002");
    CHECK(h.serve_next(1) == "-");
}

TEST_CASE("interleave 2:1 calls two normal tickets, then one priority ticket") {
    Hall h;
    for (int i = 0; i < 6; ++i)
        h.issue("QA");
    for (int i = 0; i < 3; ++i)
        h.issue("QA", Priority::disabled);
    h.open(2, "S1");
    std::vector<std::string> order;
    for (int i = 0; i < 9; ++i)
        order.push_back(h.serve_next(2));
    CHECK(order == std::vector<std::string>{"A001", "A002", "A007", "A003", "A004", "A008", "A005",
                                            "A006", "A009"});
}

TEST_CASE("interleave serves the other class when one runs dry") {
    Hall h;
    h.issue("QA", Priority::elderly);
    h.issue("QA", Priority::elderly);
    h.issue("QA");
    h.open(2, "S1");
    CHECK(h.serve_next(2) == "A003");  // normal's turn
    CHECK(h.serve_next(2) == "A001");  // only priority left
    CHECK(h.serve_next(2) == "A002");
}

TEST_CASE("interleave counts the normal calls since the last priority run, not a fixed cycle") {
    Hall h;  // window 2: interleave 2:1
    for (int i = 0; i < 4; ++i)
        h.issue("QA");
    h.open(2, "S1");
    for (int i = 0; i < 4; ++i)
        h.serve_next(2);               // four normal calls, nobody of priority waiting
    h.issue("QA");                     // A005
    h.issue("QA", Priority::elderly);  // A006
    h.issue("QA");                     // A007
    h.issue("QA", Priority::elderly);  // A008
    h.issue("QA");                     // A009
    h.issue("QA");                     // A010
    std::vector<std::string> order;
    for (int i = 0; i < 6; ++i)
        order.push_back(h.serve_next(2));
    // The count stood at 4, past 2: the first priority ticket goes at once, then 2 normal ones.
    CHECK(order == std::vector<std::string>{"A006", "A005", "A007", "A008", "A009", "A010"});
}

TEST_CASE("weighting by waiting time lets a long-waiting normal ticket go first") {
    Hall h;         // window 3: weighted 2
    h.issue("QA");  // waits 30 minutes
    h.clock.advance_min(20);
    h.issue("QA", Priority::elderly);  // waits 10 minutes, counted twice: 20 < 30
    h.clock.advance_min(10);
    h.open(3, "S1");
    CHECK(h.serve_next(3) == "A001");
    CHECK(h.serve_next(3) == "A002");

    h.issue("QA");  // waits 10 minutes
    h.clock.advance_min(4);
    h.issue("QA", Priority::elderly);  // waits 6 minutes, counted twice: 12 > 10
    h.clock.advance_min(6);
    CHECK(h.serve_next(3) == "A004");
}

TEST_CASE("under weighting, a ticket transferred in goes first from any of the window's queues") {
    Hall h;
    h.catalog.windows[2].queues = {"QA", "QB"};  // window 3, weighted 2
    h.catalog.index();
    h.issue("QA");
    h.issue("QA");
    h.clock.advance_min(30);
    h.open(1, "S1");  // serves QA
    CHECK(h.call(1) == "A001");
    TransferRequest to_qb;
    to_qb.to_queue = "QB";
    REQUIRE(h.engine.transfer(1, to_qb).ok());  // A001 returns, in QB
    h.clock.advance_min(1);
    h.open(3, "S2");
    // A002 has waited 31 minutes in the window's first queue, A001 only since its transfer.
    CHECK(h.call(3) == "A001");
    CHECK(h.call(1) == "A002");
}

TEST_CASE("a window takes its queues in order of preference") {
    Hall h;  // window 4 serves QB, then QA
    h.issue("QA");
    h.issue("QB");
    h.open(4, "S1");
    CHECK(h.serve_next(4) == "B001");
    CHECK(h.serve_next(4) == "A001");
}

TEST_CASE("serve-first: a queue whose longest wait passes its limit is served first") {
    Hall h;  // window 4: QB, then QA; QA first once its longest wait exceeds 20 minutes
    h.issue("QA");
    h.clock.advance_min(15);
    h.issue("QB");
    h.issue("QB");
    h.open(4, "S1");
    CHECK(h.serve_next(4) == "B001");  // A001 has waited 15 minutes
    h.clock.advance_min(6);
    CHECK(h.serve_next(4) == "A001");  // now 21 minutes
    CHECK(h.serve_next(4) == "B002");
}

TEST_CASE("no ticket is called by two windows") {
    Hall h;
    h.issue("QA");
    h.open(1, "S1");
    h.open(3, "S2");
    CHECK(h.call(1) == "A001");
    CHECK(h.call(3) == "-");
    require_refused(h.engine.call_ticket(3, "A001"), "invalid_transition");
}

TEST_CASE("people ahead and the expected wait follow the queue and the open windows") {
    Hall h;  // QA's expected service time is 5 minutes
    h.issue("QA");
    h.issue("QA");
    auto third = h.issue("QA");
    auto e = h.engine.estimate(*h.engine.find_ticket(third.number));
    CHECK(e.ahead == 2);
    CHECK(e.open_windows == 0);
    CHECK(e.expected_wait_ms == 2 * 5 * 60'000);
    h.open(1, "S1");
    h.open(3, "S2");
    e = h.engine.estimate(*h.engine.find_ticket(third.number));
    CHECK(e.open_windows == 2);
    CHECK(e.expected_wait_ms == 5 * 60'000);
    auto elderly = h.issue("QA", Priority::elderly);
    CHECK(h.engine.estimate(*h.engine.find_ticket(elderly.number)).ahead == 0);
    CHECK(h.engine.estimate(*h.engine.find_ticket(third.number)).ahead == 3);
}

TEST_CASE("people ahead counts every better-ranked ticket after transfers, priorities and calls") {
    Hall h;
    for (int i = 0; i < 12; ++i)
        h.issue("QA", i % 4 == 1 ? Priority::elderly : Priority::none);
    for (int i = 0; i < 3; ++i)
        h.issue("QB", i == 2 ? Priority::disabled : Priority::none);
    h.open(4, "S1");  // serves QB, then QA
    h.open(1, "S2");  // serves QA
    // Two of QB's tickets come into QA ahead of everyone, and two of QA's are called away.
    for (int i = 0; i < 2; ++i) {
        REQUIRE(h.call(4) != "-");
        REQUIRE(h.engine.start_service(4).ok());
        TransferRequest to_qa;
        to_qa.to_queue = "QA";
        to_qa.items = {"I2"};
        REQUIRE(h.engine.transfer(4, to_qa).ok());
    }
    REQUIRE(h.serve_next(1) != "-");
    h.issue("QA");
    // The count is the ticket's place in the order a strict window calls the queue.
    const auto line = h.engine.waiting("QA");
    REQUIRE(line.size() == 12 + 2 - 1 + 1);
    for (std::size_t place = 0; place < line.size(); ++place) {
        INFO(line[place]->number);
        CHECK(h.engine.estimate(*line[place]).ahead == static_cast<int>(place));
    }
    const auto statuses = h.engine.queue_statuses();
    const auto qa = std::find_if(statuses.begin(), statuses.end(),
                                 [](const QueueStatus& s) { return s.queue == "QA"; });
    REQUIRE(qa != statuses.end());
    CHECK(qa->waiting == 14);
    CHECK(qa->priority_waiting == std::count_if(line.begin(), line.end(), [](const Ticket* t) {
              return t->priority != Priority::none;
          }));
    CHECK(qa->priority_waiting >= 3);
}

TEST_CASE("a finished visit is rated once at its window; a bad review needs its reason") {
    Hall h;
    h.issue("QA");
    h.open(1, "S1");
    require_refused(h.engine.rate(1, 1, ""), "nothing_to_rate");
    h.serve_next(1);
    require_refused(h.engine.rate(1, 0, ""), "invalid_grade");
    require_refused(h.engine.rate(1, 6, ""), "invalid_grade");
    require_refused(h.engine.rate(1, 4, ""), "reason_required");
    auto rated = h.engine.rate(1, 4, "等待时间太长");
    REQUIRE(rated.ok());
    CHECK(rated.events.front().staff == "S1");
    require_refused(h.engine.rate(1, 1, ""), "already_rated");
}

TEST_CASE("a package records its items as one case, at an agency window an agency case") {
    Hall h;
    h.issue("QC");
    h.open(5, "S1");
    h.call(5);
    REQUIRE(h.engine.start_service(5).ok());
    auto done = h.engine.finish(5, {{}, "P1"});
    REQUIRE(done.ok());
    REQUIRE(done.events.size() == 3);
    CHECK(done.events[0].data["agency"] == true);
    CHECK(done.events[0].data["package"] == "P1");
    CHECK(done.events[2].data["departments"] == 2);
}

TEST_CASE("day close at the configured time closes open tickets as unserved and keeps them") {
    Hall h;
    h.issue("QA");
    h.issue("QA");
    h.issue("QB");
    h.open(1, "S1");
    h.call(1);
    h.clock.set(morning(h.catalog, "2026-11-27", 17 * 60 + 59));
    CHECK(h.engine.tick().events.empty());
    h.clock.set(morning(h.catalog, "2026-11-27", 18 * 60));
    auto closed = h.engine.tick();
    CHECK(h.engine.day_closed());
    CHECK(closed.events.back().type == EventType::day_closed);
    CHECK(closed.events.back().data["unserved"] == 3);
    for (auto number : {"A001", "A002", "B001"})
        CHECK(h.state(number) == TicketState::unserved);
    CHECK(h.engine.window_status(1).staff.empty());
    IssueRequest late;
    late.queue = "QA";
    require_refused(h.engine.issue(late), "day_closed");
    require_refused(h.engine.login(1, "S1"), "day_closed");  // its session would be lost
    require_refused(h.engine.close_day(), "day_closed");
    CHECK(h.engine.tickets().size() == 3);
}

TEST_CASE("a day closed late ends its sessions at the day's close time, not the night after") {
    // The server was down at the close time (or a test clock jumped past it): the close runs the
    // next morning, and the staff still logged in are counted until 18:00, not until then.
    Hall h;
    h.open(1, "S1");  // at 09:00
    h.open(2, "S2");
    h.issue("QA");
    h.clock.set(morning(h.catalog, "2026-11-27", 10 * 60));
    REQUIRE(h.engine.start_break(2, "会议").ok());
    h.clock.set(morning(h.catalog, "2026-11-28", 7 * 60));
    auto closed = h.engine.tick();
    REQUIRE(h.engine.day_closed() == false);  // already the next day
    std::map<int, std::int64_t> logged_in, on_break;
    int unserved = 0;
    for (const auto& e : closed.events) {
        // Every event of the close is of the day it closes, at its close time: the ticket left
        // unserved too, whose finished_ms says so.
        INFO(to_string(e.type));
        CHECK(e.day == "2026-11-27");
        CHECK(e.at_ms == morning(h.catalog, "2026-11-27", 18 * 60));
        unserved += e.type == EventType::ticket_unserved;
        if (e.type == EventType::staff_logout)
            logged_in[*e.window] = e.data.at("logged_in_ms").get<std::int64_t>();
        if (e.type == EventType::break_ended)
            on_break[*e.window] = e.data.at("break_ms").get<std::int64_t>();
    }
    CHECK(logged_in.at(1) == 9 * 3'600'000);  // 09:00 to 18:00
    CHECK(logged_in.at(2) == 9 * 3'600'000);
    CHECK(on_break.at(2) == 8 * 3'600'000);  // 10:00 to 18:00
    CHECK(unserved == 1);

    SECTION("a manager's close before the close time ends them when it is made") {
        Hall early;
        early.open(1, "S1");
        early.clock.set(morning(early.catalog, "2026-11-27", 12 * 60));
        auto now = early.engine.close_day();
        REQUIRE(now.ok());
        for (const auto& e : now.events)
            if (e.type == EventType::staff_logout)
                CHECK(e.data.at("logged_in_ms") == 3 * 3'600'000);
    }
}

TEST_CASE("the first command of a new day closes the previous day first") {
    Hall h;
    h.issue("QA");
    h.clock.set(morning(h.catalog, "2026-11-28"));
    IssueRequest request;
    request.queue = "QA";
    auto outcome = h.engine.issue(request);
    REQUIRE(outcome.ok());
    REQUIRE(outcome.events.size() == 3);
    CHECK(outcome.events[0].type == EventType::ticket_unserved);
    CHECK(outcome.events[0].day == "2026-11-27");
    CHECK(outcome.events[1].type == EventType::day_closed);
    CHECK(outcome.events[2].day == "2026-11-28");
    CHECK(outcome.ticket->number == "A001");
}

TEST_CASE("replaying the log rebuilds exactly the same queues") {
    Hall h;
    std::vector<Event> log;
    auto keep = [&](Outcome o) {
        REQUIRE(o.ok());
        for (auto& e : o.events)
            log.push_back(e);
        return o;
    };
    IssueRequest r;
    r.queue = "QA";
    for (int i = 0; i < 5; ++i)
        keep(h.engine.issue(r));
    r.priority = Priority::elderly;
    keep(h.engine.issue(r));
    r.queue = "QB";
    r.priority = Priority::none;
    keep(h.engine.issue(r));
    keep(h.engine.login(2, "S1"));
    keep(h.engine.login(1, "S2"));
    keep(h.engine.call_next(2));
    keep(h.engine.start_service(2));
    keep(h.engine.finish(2, {{"I1"}, {}}));
    keep(h.engine.call_next(2));
    keep(h.engine.park(2));
    keep(h.engine.call_next(1));
    keep(h.engine.recall(1));
    keep(h.engine.call_next(2));  // interleave counters matter from here on

    QueueEngine again(h.catalog, h.clock, {1, 1, log.front().day});
    for (const auto& e : log)
        again.replay(e);
    CHECK(again.next_seq() == h.engine.next_seq());
    CHECK(again.next_ticket_id() == h.engine.next_ticket_id());
    for (const auto* t : h.engine.tickets()) {
        const auto* u = again.find_ticket(t->number);
        REQUIRE(u);
        CHECK(u->state == t->state);
        CHECK(u->queue == t->queue);
        CHECK(u->window == t->window);
        CHECK(u->recalls == t->recalls);
        CHECK(u->recalls_since_call == t->recalls_since_call);
        CHECK(u->order == t->order);
    }
    for (int w : {1, 2}) {
        CHECK(again.window_status(w).staff == h.engine.window_status(w).staff);
        CHECK(again.window_status(w).parked.size() == h.engine.window_status(w).parked.size());
    }
    // Both call the same tickets next, in the same order.
    keep(h.engine.start_service(2));
    keep(h.engine.finish(2, {{"I1"}, {}}));
    REQUIRE(again.start_service(2).ok());
    REQUIRE(again.finish(2, {{"I1"}, {}}).ok());
    for (int i = 0; i < 3; ++i) {
        auto a = h.engine.call_next(2);
        auto b = again.call_next(2);
        REQUIRE(a.ok());
        REQUIRE(b.ok());
        CHECK(a.ticket.has_value() == b.ticket.has_value());
        if (a.ticket && b.ticket)
            CHECK(a.ticket->number == b.ticket->number);
        if (a.ticket) {
            REQUIRE(h.engine.start_service(2).ok());
            REQUIRE(h.engine.finish(2, {{"I1"}, {}}).ok());
            REQUIRE(again.start_service(2).ok());
            REQUIRE(again.finish(2, {{"I1"}, {}}).ok());
        }
    }
}

TEST_CASE("a window counts the visits it finished today, across logins, replay and a new day") {
    Hall h;
    for (int i = 0; i < 4; ++i)
        h.issue("QA");
    h.open(1, "S1");
    h.serve_next(1);
    h.serve_next(1);
    // A no-show and a transfer are no visits served.
    h.call(1);
    REQUIRE(h.engine.no_show(1).ok());
    CHECK(h.engine.window_status(1).served_today == 2);
    REQUIRE(h.engine.logout(1).ok());
    h.open(1, "S2");
    h.serve_next(1);
    CHECK(h.engine.window_status(1).served_today == 3);
    CHECK(h.engine.window_status(2).served_today == 0);
    CHECK(window_status_json(h.engine.window_status(1), h.catalog)["served_today"] == 3);

    // Rebuilt from the log after a restart, it is the same.
    QueueEngine again(h.catalog, h.clock, {1, 1, h.engine.day()});
    Hall source;
    std::vector<Event> log;
    auto keep = [&](Outcome o) {
        REQUIRE(o.ok());
        log.insert(log.end(), o.events.begin(), o.events.end());
    };
    IssueRequest r;
    r.queue = "QA";
    keep(source.engine.issue(r));
    keep(source.engine.login(1, "S1"));
    keep(source.engine.call_next(1));
    keep(source.engine.start_service(1));
    keep(source.engine.finish(1, {{source.catalog.queue("QA")->items.front()}, {}}));
    for (const auto& e : log)
        again.replay(e);
    CHECK(again.window_status(1).served_today == 1);

    // The next day starts again from 0.
    h.clock.set(morning(h.catalog, "2026-11-28"));
    h.issue("QA");
    CHECK(h.engine.window_status(1).served_today == 0);
}

TEST_CASE(
    "the day's last calls and notices: newest first, at most 10 and 5, shown once published") {
    Hall h;
    for (int i = 0; i < 12; ++i)
        h.issue("QA");
    h.open(1, "S1");
    for (int i = 0; i < 11; ++i)
        h.serve_next(1);
    const auto called = h.engine.call_next(1);
    REQUIRE(called.ok());
    REQUIRE(h.engine.recall(1).ok());
    REQUIRE(h.engine.recent_calls().size() == QueueEngine::recent_call_count);
    CHECK(h.engine.recent_calls()[0].recall);
    CHECK(h.engine.recent_calls()[0].number == "A012");
    CHECK_FALSE(h.engine.recent_calls()[1].recall);
    CHECK(h.engine.recent_calls()[1].number == "A012");
    CHECK(h.engine.recent_calls()[2].number == "A011");
    for (int i = 1; i <= 6; ++i)
        REQUIRE(h.engine.post_notice("通知" + std::to_string(i)).ok());
    REQUIRE(h.engine.notices().size() == QueueEngine::notice_count);
    CHECK(h.engine.notices().front().text == "通知6");
    CHECK(h.engine.notices().back().text == "通知2");

    // A snapshot shows only what was published: the call of A012 and what came after it are
    // not, until their events are.
    const auto before_call = called.events.front().seq - 1;
    auto state = hall_state_json(h.engine, before_call);
    REQUIRE(state["recent_calls"].size() == 8);
    CHECK(state["recent_calls"][0]["number"] == "A011");
    CHECK(state["recent_calls"][0]["window_name"] == "1号窗口");
    CHECK(state["notices"].empty());
    state = hall_state_json(h.engine, h.engine.next_seq() - 1);
    CHECK(state["recent_calls"].size() == 10);
    CHECK(state["recent_calls"][0]["recall"] == true);
    CHECK(state["notices"].size() == 5);
    CHECK(state["notices"][0]["text"] == "通知6");
}
