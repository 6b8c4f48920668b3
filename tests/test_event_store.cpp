// The durable store: events, state and tallies in one transaction; restart recovery.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <future>
#include <optional>
#include <thread>

#include "event_store.hpp"
#include "group_commit.hpp"
#include "hall_fixture.hpp"
#include "migrations.hpp"
#include "queue_engine.hpp"

using namespace hall;
using hall::testing::morning;
using hall::testing::small_hall;
using hall::testing::TempDir;

namespace {

// Drives an engine and writes every accepted command's events to a real database file.
struct DurableHall {
    explicit DurableHall(const std::string& path, std::int64_t now)
        : db(path), clock(now), engine(make_engine()) {}

    QueueEngine make_engine() {
        migrate(db);
        EventStore store(db);
        const auto start = store.resume();
        QueueEngine e(catalog, clock, start);
        store.replay_day(start.day, e);
        return e;
    }
    Outcome keep(Outcome outcome) {
        EventStore(db).append_durably(outcome.events);
        return outcome;
    }

    Catalog catalog = small_hall();
    sql::Database db;
    ManualClock clock;
    QueueEngine engine;
};

std::int64_t count(sql::Database& db, const std::string& query) {
    auto s = db.prepare(query);
    s.step();
    return s.int64(0);
}

}  // namespace

TEST_CASE("migrations are applied once and recorded") {
    TempDir dir;
    sql::Database db(dir.file("hall.db"));
    migrate(db);
    migrate(db);
    CHECK(count(db, "SELECT COUNT(*) FROM schema_migrations") ==
          static_cast<std::int64_t>(migrations().size()));
    auto mode = db.prepare("PRAGMA journal_mode");
    mode.step();
    CHECK(mode.text(0) == "wal");
}

TEST_CASE("after a restart the server rebuilds today's queues exactly as they were") {
    TempDir dir;
    auto path = dir.file("hall.db");
    const auto start = morning(small_hall());
    std::vector<std::string> expected_next;
    {
        DurableHall h(path, start);
        IssueRequest r;
        r.queue = "QA";
        for (int i = 0; i < 4; ++i)
            h.keep(h.engine.issue(r));
        r.priority = Priority::elderly;
        h.keep(h.engine.issue(r));
        r.queue = "QB";
        r.priority = Priority::none;
        r.idempotency_key = "kiosk-1:abc";
        h.keep(h.engine.issue(r));
        h.keep(h.engine.login(2, "S1"));
        h.keep(h.engine.call_next(2));  // A005 (normal turn: A001)
        h.keep(h.engine.start_service(2));
        h.keep(h.engine.finish(2, {{"I1"}, {}}));
        h.keep(h.engine.call_next(2));
        h.keep(h.engine.park(2));
        h.keep(h.engine.call_next(2));
        // The database file is closed here, as if the server had been killed.
    }
    DurableHall a(path, start + 60'000);
    DurableHall b(path, start + 60'000);  // a second recovery gives the same again
    for (auto* h : {&a, &b}) {
        CHECK(h->engine.tickets().size() == 6);
        CHECK(h->engine.find_ticket("A001")->state == TicketState::finished);
        CHECK(h->engine.find_ticket("A002")->state == TicketState::parked);
        CHECK(h->engine.window_status(2).staff == "S1");
        CHECK(h->engine.window_status(2).current->number ==
              a.engine.window_status(2).current->number);
    }
    // The same numbers continue; the idempotency key is still known.
    IssueRequest r;
    r.queue = "QB";
    r.idempotency_key = "kiosk-1:abc";
    auto retried = a.engine.issue(r);
    REQUIRE(retried.ok());
    CHECK(retried.events.empty());
    CHECK(retried.ticket->number == "B001");
    r.idempotency_key.clear();
    CHECK(a.keep(a.engine.issue(r)).ticket->number == "B002");
    r.queue = "QA";
    CHECK(a.keep(a.engine.issue(r)).ticket->number == "A006");
}

TEST_CASE("a day closed early stays closed after a restart, as it was when it closed") {
    TempDir dir;
    auto path = dir.file("hall.db");
    const auto start = morning(small_hall());
    {
        DurableHall h(path, start);
        IssueRequest r;
        r.queue = "QA";
        r.idempotency_key = "kiosk-1:a";
        h.keep(h.engine.issue(r));
        r.idempotency_key.clear();
        h.keep(h.engine.issue(r));
        h.keep(h.engine.issue(r));
        h.keep(h.engine.login(1, "S1"));
        h.keep(h.engine.call_next(1));
        h.keep(h.engine.start_service(1));
        h.keep(h.engine.finish(1, {{"I1"}, {}}));
        h.keep(h.engine.call_next(1));
        h.keep(h.engine.recall(1));
        h.keep(h.engine.post_notice("系统升级，下午暂停取号"));
        h.keep(h.engine.close_day());
        h.keep(h.engine.post_notice("明天8:30开门"));  // a closed day takes notices
    }
    // Restarted at 15:00, before the day's own close time (18:00).
    DurableHall h(path, morning(small_hall(), "2026-11-27", 15 * 60));
    CHECK(h.engine.day() == "2026-11-27");
    CHECK(h.engine.day_closed());
    IssueRequest r;
    r.queue = "QA";
    auto refused = h.keep(h.engine.issue(r));
    REQUIRE(refused.refusal);
    CHECK(refused.refusal->code == "day_closed");
    CHECK(refused.events.empty());
    // A retried issue still gets the ticket it made, and the window's count of visits served
    // is the day's.
    r.idempotency_key = "kiosk-1:a";
    auto retried = h.keep(h.engine.issue(r));
    REQUIRE(retried.ok());
    CHECK(retried.ticket->number == "A001");
    CHECK(retried.events.empty());
    r.idempotency_key.clear();
    CHECK(h.engine.window_status(1).served_today == 1);
    // Its close time passes: it is not closed a second time.
    h.clock.set(morning(small_hall(), "2026-11-27", 18 * 60 + 1));
    CHECK(h.keep(h.engine.tick()).events.empty());
    CHECK(count(h.db, "SELECT COUNT(*) FROM events WHERE type = 'day_closed'") == 1);
    REQUIRE(h.engine.recent_calls().size() == 3);  // the calls and a recall, newest first
    CHECK(h.engine.recent_calls()[0].recall);
    CHECK(h.engine.recent_calls()[0].number == "A002");
    CHECK(h.engine.recent_calls()[0].window == 1);
    CHECK_FALSE(h.engine.recent_calls()[1].recall);
    CHECK(h.engine.recent_calls()[2].number == "A001");
    REQUIRE(h.engine.notices().size() == 2);
    CHECK(h.engine.notices()[0].text == "明天8:30开门");
    CHECK(h.engine.notices()[1].text == "系统升级，下午暂停取号");
    // The next day starts with neither.
    h.clock.set(morning(small_hall(), "2026-11-28"));
    CHECK(h.keep(h.engine.tick()).events.empty());
    CHECK(h.engine.day() == "2026-11-28");
    CHECK_FALSE(h.engine.day_closed());
    CHECK(h.engine.recent_calls().empty());
    CHECK(h.engine.notices().empty());
    CHECK(h.keep(h.engine.issue(r)).ticket->number == "A001");
}

TEST_CASE("a restart after midnight closes the previous day, then starts the new one") {
    TempDir dir;
    auto path = dir.file("hall.db");
    const auto start = morning(small_hall());
    {
        DurableHall h(path, start);
        IssueRequest r;
        r.queue = "QA";
        h.keep(h.engine.issue(r));
        h.keep(h.engine.issue(r));
    }
    DurableHall h(path, morning(small_hall(), "2026-11-28"));
    CHECK(h.engine.day() == "2026-11-27");  // resumed where the log left off
    h.keep(h.engine.tick());
    CHECK(h.engine.day() == "2026-11-28");
    CHECK(count(h.db, "SELECT COUNT(*) FROM tickets WHERE state = 'unserved'") == 2);
    CHECK(count(h.db, "SELECT unserved FROM day_closes WHERE day = '2026-11-27'") == 2);
    IssueRequest r;
    r.queue = "QA";
    CHECK(h.keep(h.engine.issue(r)).ticket->number == "A001");
    // Nothing is deleted: both days' tickets are there.
    CHECK(count(h.db, "SELECT COUNT(*) FROM tickets") == 3);
}

TEST_CASE("the stored tallies equal a recount from the log") {
    TempDir dir;
    DurableHall h(dir.file("hall.db"), morning(small_hall()));
    IssueRequest r;
    r.queue = "QA";
    for (int i = 0; i < 6; ++i)
        h.keep(h.engine.issue(r));
    r.queue = "QC";
    h.keep(h.engine.issue(r));
    h.keep(h.engine.login(1, "S1"));
    h.keep(h.engine.login(5, "S2"));
    for (int i = 0; i < 3; ++i) {
        h.clock.advance_min(3);
        h.keep(h.engine.call_next(1));
        h.keep(h.engine.start_service(1));
        h.clock.advance_min(5);
        h.keep(h.engine.finish(1, {{"I1", "I2"}, {}}));
        h.keep(h.engine.rate(1, i == 2 ? 5 : 1, i == 2 ? "态度差" : ""));
    }
    h.keep(h.engine.call_next(1));
    h.keep(h.engine.no_show(1));
    h.keep(h.engine.call_next(5));
    h.keep(h.engine.start_service(5));
    h.keep(h.engine.finish(5, {{}, "P1"}));
    h.keep(h.engine.cancel("A006"));
    h.keep(h.engine.close_day());

    EventStore store(h.db);
    TallyTable recount;
    for (const auto& e : store.events_from(1))
        add_to(recount, e);
    CHECK(store.tallies() == recount);

    auto tally = [&](const std::string& dimension, const std::string& key,
                     const std::string& metric) {
        return store.tallies()[{"2026-11-27", dimension, key, metric}];
    };
    CHECK(tally("hall", "", "issued") == 7);
    CHECK(tally("hall", "", "served") == 4);
    CHECK(tally("hall", "", "no_show") == 1);
    CHECK(tally("hall", "", "cancelled") == 1);
    CHECK(tally("hall", "", "unserved") == 1);  // A005 was still waiting at close
    CHECK(tally("hall", "", "items_handled") == 8);
    CHECK(tally("hall", "", "agency_cases") == 2);
    CHECK(tally("hall", "", "packages") == 1);
    CHECK(tally("hall", "", "packages_multi_department") == 1);
    CHECK(tally("department", "D2", "items_handled") == 1);
    CHECK(tally("zone", "Z2", "items_handled") == 1);  // I3 belongs to D2's zone
    CHECK(tally("staff", "S1", "served") == 3);
    CHECK(tally("window", "1", "rating_1") == 2);
    CHECK(tally("hall", "", "bad_reviews") == 1);
    CHECK(tally("queue", "QA", "service_ms") == 3 * 5 * 60'000);
    CHECK(tally("staff", "S1", "logged_in_ms") > 0);
    CHECK(count(h.db, "SELECT COUNT(*) FROM items_handled") == 8);
    CHECK(count(h.db, "SELECT COUNT(*) FROM ratings WHERE reason = '态度差'") == 1);
}

// A database file and an engine whose events the test commits itself.
struct CommitterHall {
    Outcome issue() {
        IssueRequest r;
        r.queue = "QA";
        return engine.issue(r);
    }
    TempDir dir;
    std::string path = dir.file("hall.db");
    Catalog catalog = small_hall();
    ManualClock clock{morning(catalog)};
    QueueEngine engine{catalog, clock, {}};
};

TEST_CASE("group commit makes every submitted request durable, in order, in few transactions") {
    CommitterHall h;
    const auto& path = h.path;
    std::atomic<int> done{0};
    std::atomic<int> failed{0};
    {
        GroupCommitter committer(path);
        for (int i = 0; i < 2000; ++i) {
            auto outcome = h.issue();
            committer.submit(std::move(outcome.events),
                             [&](std::exception_ptr error) { (error ? failed : done)++; });
        }
        committer.flush();
        CHECK(done == 2000);
        auto stats = committer.stats();
        CHECK(stats.requests == 2000);
        CHECK(stats.transactions < 2000);  // batched
        CHECK(stats.largest_batch > 1);
    }
    CHECK(failed == 0);
    sql::Database db(path);
    CHECK(count(db, "SELECT COUNT(*) FROM events") == 2000);
    CHECK(count(db, "SELECT COUNT(DISTINCT number) FROM tickets") == 2000);
    CHECK(count(db, "SELECT MAX(seq) - MIN(seq) + 1 FROM events") == 2000);
}

TEST_CASE("a failed commit is reported to every request in it, and nothing of it is kept") {
    CommitterHall h;
    const auto& path = h.path;
    auto first = h.issue();
    auto duplicate = first.events;  // the same sequence number twice violates the log's key
    std::atomic<int> errors{0};
    {
        GroupCommitter committer(path);
        committer.submit(first.events, [](std::exception_ptr) {});
        committer.flush();
        committer.submit(duplicate, [&](std::exception_ptr e) { errors += e ? 1 : 0; });
        committer.flush();
    }
    CHECK(errors == 1);
    sql::Database db(path);
    CHECK(count(db, "SELECT COUNT(*) FROM events") == 1);
    // The failure dropped the counts the writer kept in memory: the first event is counted from
    // the log by the next reader, once.
    CHECK(catch_up_tallies(db) == 1);
    CHECK(catch_up_tallies(db) == 0);
    CHECK(count(db,
                "SELECT value FROM daily_tallies WHERE dimension = 'hall' AND metric = "
                "'issued'") == 1);
}

TEST_CASE("the writer's tally counts reach the database at a flush, a day close and a stop, once") {
    CommitterHall h;
    const auto& path = h.path;
    auto issue = [&](GroupCommitter& committer, int n) {
        for (int i = 0; i < n; ++i)
            committer.submit(h.issue().events, [](std::exception_ptr) {});
        committer.flush();
    };
    auto flush_tallies = [](GroupCommitter& committer) {
        std::promise<bool> written;
        committer.flush_tallies([&](std::exception_ptr error) { written.set_value(!error); });
        return written.get_future().get();
    };
    std::optional<sql::Database> reader;
    auto issued = [&] {
        return count(*reader,
                     "SELECT COALESCE(SUM(value), 0) FROM daily_tallies WHERE dimension = 'hall' "
                     "AND metric = 'issued'");
    };
    // An interval longer than the test: only what the test does writes the counts.
    const auto hour = std::chrono::hours(1);
    {
        GroupCommitter committer(path, 4096, hour);
        issue(committer, 10);
        reader.emplace(path);
        CHECK(count(*reader, "SELECT COUNT(*) FROM events") == 10);
        CHECK(issued() == 0);  // kept in memory
        CHECK(tally_mark(*reader) == 0);
        REQUIRE(flush_tallies(committer));
        CHECK(issued() == 10);
        CHECK(tally_mark(*reader) == 10);

        // A reader on another connection counts what the writer still keeps; the writer then
        // finds the mark moved and counts from the log, so nothing is counted twice.
        issue(committer, 5);
        CHECK(catch_up_tallies(*reader) == 5);
        CHECK(issued() == 15);
        issue(committer, 3);
        REQUIRE(flush_tallies(committer));
        CHECK(issued() == 18);
        CHECK(tally_mark(*reader) == 18);

        issue(committer, 2);  // kept until the committer stops
        CHECK(issued() == 18);
    }
    CHECK(issued() == 20);
    CHECK(catch_up_tallies(*reader) == 0);
    {
        // A day close writes the day's counts with it.
        GroupCommitter committer(path, 4096, hour);
        issue(committer, 2);
        committer.submit(h.engine.close_day().events, [](std::exception_ptr) {});
        committer.flush();
        CHECK(issued() == 22);
        CHECK(tally_mark(*reader) == count(*reader, "SELECT MAX(seq) FROM events"));
    }
    EventStore store(*reader);
    TallyTable recount;
    for (const auto& e : store.events_from(1))
        add_to(recount, e);
    CHECK(store.tallies() == recount);
}
