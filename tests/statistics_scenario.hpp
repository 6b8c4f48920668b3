// Three days of the small test hall, driven through the real engine into a real database file,
// whose every figure is worked out by hand in the comments (tests/test_statistics.cpp checks
// them): late tickets around the hall's own midnight, a ticket transferred twice, a visit with
// three items from two departments, a no-show, a cancelled ticket and a day with no visitors.
#pragma once

#include <string>

#include "catalog_store.hpp"
#include "event_store.hpp"
#include "hall_fixture.hpp"
#include "migrations.hpp"
#include "queue_engine.hpp"
#include "sqlite.hpp"

namespace hall::testing {

// A valid argon2id hash (the demo catalog's, PIN 1234): the catalog store takes no staff without.
inline constexpr const char* test_pin_hash =
    "$argon2id$v=19$m=65536,t=2,p=1$VkNhNlp5OWNHTFV5UXNHZA$"
    "xgUd6W4m9NruV8ikOnlNFWgYhLSZbaR7b18QhtLLYio";

// The small hall, closing its day at 23:59 so that tickets can be issued late in the evening.
inline Catalog late_closing_hall() {
    Catalog c = small_hall();
    c.hall.day_close_min = 23 * 60 + 59;
    for (auto& s : c.staff)
        s.pin_hash = test_pin_hash;
    c.index();
    return c;
}

// Drives the engine and makes every accepted command's events durable, as the server does.
class RecordedHall {
  public:
    explicit RecordedHall(const std::string& path)
        : db(path), clock(morning(catalog, "2026-03-02", 7 * 60)) {
        migrate(db);
        save_catalog(db, catalog, {}, "test", "2018-01-01", clock.now_ms());
        engine.emplace(catalog, clock, QueueEngine::Start{});
    }

    // Sets the clock to a local day and time ("2026-03-02", 8 * 60 + 20).
    void at(const std::string& day, int minute) { clock.set(morning(catalog, day, minute)); }

    Outcome keep(Outcome outcome) {
        EventStore(db).append_durably(outcome.events);
        return outcome;
    }

    Outcome issue(const std::string& queue) {
        IssueRequest r;
        r.queue = queue;
        return keep(engine->issue(r));
    }

    Catalog catalog = late_closing_hall();
    sql::Database db;
    ManualClock clock;
    std::optional<QueueEngine> engine;
};

// Monday 2026-03-02, Tuesday 2026-03-03 and Wednesday 2026-03-04 (no visitors). The hall's time
// zone is Asia/Shanghai (UTC+8): 07:50 there is still 1 March in UTC, and 00:10 on 3 March is
// 16:10 on 2 March in UTC, yet both count on the hall's own day.
inline void record_three_days(RecordedHall& h) {
    auto& e = *h.engine;
    const std::string monday = "2026-03-02", tuesday = "2026-03-03", wednesday = "2026-03-04";
    h.at(monday, 7 * 60 + 50);
    h.keep(e.login(1, "S1"));
    h.at(monday, 7 * 60 + 55);
    h.issue("QA");  // A001: waits 25 min, served at window 1 with 3 items of 2 departments
    h.at(monday, 8 * 60);
    h.keep(e.login(5, "S2"));  // the agency window, serving QC
    h.keep(e.login(2, "S3"));
    h.at(monday, 8 * 60 + 5);
    h.issue("QA");  // A002: waits 26 min, transferred twice, served at window 5 (package P1)
    h.at(monday, 8 * 60 + 10);
    h.issue("QC");  // C001: waits 10 min, served at window 5
    h.at(monday, 8 * 60 + 12);
    h.issue("QA");  // A003: waits 29 min, recalled, no-show
    h.at(monday, 8 * 60 + 15);
    h.issue("QB");  // B001: cancelled while waiting

    h.at(monday, 8 * 60 + 20);
    h.keep(e.call_ticket(1, "A001"));
    h.keep(e.call_ticket(5, "C001"));
    h.at(monday, 8 * 60 + 21);
    h.keep(e.start_service(1));
    h.keep(e.start_service(5));
    h.at(monday, 8 * 60 + 29);
    h.keep(e.finish(5, {{"I3"}, {}}));  // 8 min
    h.at(monday, 8 * 60 + 31);
    h.keep(e.finish(1, {{"I1", "I2", "I3"}, {}}));  // 10 min; I1, I2 of D1, I3 of D2
    h.keep(e.rate(1, 1, ""));                       // 非常满意
    h.keep(e.call_ticket(1, "A002"));
    h.at(monday, 8 * 60 + 32);
    h.keep(e.start_service(1));
    h.at(monday, 8 * 60 + 40);
    TransferRequest to_qb;
    to_qb.to_queue = "QB";
    h.keep(e.transfer(1, to_qb));  // first transfer, after 8 min of service
    h.at(monday, 8 * 60 + 41);
    h.keep(e.call_ticket(1, "A003"));
    h.at(monday, 8 * 60 + 42);
    h.keep(e.recall(1));
    h.at(monday, 8 * 60 + 44);
    h.keep(e.no_show(1));
    h.at(monday, 8 * 60 + 45);
    h.keep(e.call_ticket(2, "A002"));
    h.at(monday, 8 * 60 + 46);
    h.keep(e.start_service(2));
    h.at(monday, 8 * 60 + 50);
    TransferRequest to_qc;
    to_qc.to_queue = "QC";
    h.keep(e.transfer(2, to_qc));  // second transfer, after 4 min of service
    h.at(monday, 9 * 60);
    h.keep(e.call_ticket(5, "A002"));
    h.at(monday, 9 * 60 + 1);
    h.keep(e.start_service(5));
    h.at(monday, 9 * 60 + 7);
    h.keep(e.finish(5, {{}, "P1"}));     // 6 min; the package's I1 (D1) and I3 (D2)
    h.keep(e.rate(5, 4, "等候时间长"));  // 不满意, a bad review with its reason
    h.at(monday, 9 * 60 + 10);
    h.keep(e.cancel("B001"));

    h.at(monday, 23 * 60 + 30);
    h.issue("QA");  // A004: issued at 23:30, served before the close
    h.at(monday, 23 * 60 + 40);
    h.keep(e.call_ticket(1, "A004"));  // waits 10 min
    h.at(monday, 23 * 60 + 41);
    h.keep(e.start_service(1));
    h.at(monday, 23 * 60 + 50);
    h.keep(e.finish(1, {{"I2"}, {}}));  // 9 min
    h.keep(e.rate(1, 2, ""));           // 满意
    h.at(monday, 23 * 60 + 55);
    h.issue("QA");  // A005: still waiting when the day closes at 23:59: unserved
    h.at(monday, 23 * 60 + 59);
    h.keep(e.tick());  // the day's close: A005 unserved, windows 1, 2 and 5 logged out

    h.at(tuesday, 10);
    h.issue("QA");  // A001 of Tuesday, issued at 00:10 (16:10 of Monday in UTC)
    h.at(tuesday, 15);
    h.keep(e.login(1, "S1"));
    h.at(tuesday, 20);
    h.keep(e.call_next(1));  // waits 10 min
    h.at(tuesday, 21);
    h.keep(e.start_service(1));
    h.at(tuesday, 26);
    h.keep(e.finish(1, {{"I1"}, {}}));  // 5 min
    h.at(tuesday, 30);
    h.keep(e.logout(1));  // 15 min logged in
    h.at(tuesday, 23 * 60 + 59);
    h.keep(e.tick());

    // Wednesday: staff at a window, nobody comes. Not an open day.
    h.at(wednesday, 9 * 60);
    h.keep(e.login(1, "S1"));
    h.at(wednesday, 9 * 60 + 30);
    h.keep(e.start_break(1, "午休"));
    h.at(wednesday, 9 * 60 + 40);
    h.keep(e.end_break(1));  // 10 min on a break
    h.at(wednesday, 10 * 60);
    h.keep(e.logout(1));  // 60 min logged in
    h.at(wednesday, 23 * 60 + 59);
    h.keep(e.tick());
}

}  // namespace hall::testing
