// The recount behind verify, on logs the engine never writes: days that go back in seq order, an
// event of another year inside a year's seq range, and stored tallies on days without events.
// verify reads the log by seq for speed; these check that it then counts exactly what a reading
// day by day counts.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "statistics_scenario.hpp"
#include "tally_audit.hpp"

using hall::audit_tallies;
using hall::testing::record_three_days;
using hall::testing::RecordedHall;
using hall::testing::TempDir;

namespace {

std::int64_t number(hall::sql::Database& db, const std::string& sql) {
    auto q = db.prepare(sql);
    REQUIRE(q.step());
    return q.int64(0);
}

std::int64_t hall_issued(hall::sql::Database& db, const std::string& day) {
    return number(db, "SELECT value FROM daily_tallies WHERE day = '" + day +
                          "' AND dimension = 'hall' AND key = '' AND metric = 'issued'");
}

// The line for the hall's issued tickets of `when` (a day, or "2026 (yearly sum)").
std::string issued_line(const std::string& when, std::int64_t log, std::int64_t tally) {
    return when + " hall issued: log says " + std::to_string(log) + ", tally says " +
           std::to_string(tally);
}

struct Audit {
    hall::AuditSummary summary;
    std::vector<std::string> lines;
    bool has(const std::string& line) const {
        return std::find(lines.begin(), lines.end(), line) != lines.end();
    }
};

// The three recorded days, with the hall's issued tickets as stored before any change.
struct ThreeDays {
    TempDir dir;
    RecordedHall h{dir.file("hall.db")};
    std::int64_t monday = 0, tuesday = 0;
    std::size_t events = 0;
    ThreeDays() {
        record_three_days(h);
        monday = hall_issued(h.db, "2026-03-02");
        tuesday = hall_issued(h.db, "2026-03-03");
        events = static_cast<std::size_t>(number(h.db, "SELECT COUNT(*) FROM events"));
    }
    // Rewrites the day of the event that `seq_sql` selects, in the log only.
    void move_event(const std::string& seq_sql, const std::string& day) {
        h.db.exec("UPDATE events SET day = '" + day + "' WHERE seq = (" + seq_sql + ")");
        REQUIRE(number(h.db, "SELECT COUNT(*) FROM events WHERE day = '" + day + "'") > 0);
    }
    Audit audit(std::optional<int> year) {
        Audit a;
        a.summary =
            audit_tallies(h.db, year, [&](const std::string& line) { a.lines.push_back(line); });
        return a;
    }
};

constexpr const char* tuesday_last_issued =
    "SELECT seq FROM events WHERE day = '2026-03-03' AND type = 'ticket_issued' ORDER BY seq DESC "
    "LIMIT 1";

}  // namespace

TEST_CASE("an event moved back to an earlier day is counted on that day") {
    ThreeDays t;
    // In seq order the log's days now go back from Tuesday to Monday.
    t.move_event(tuesday_last_issued, "2026-03-02");
    for (const std::optional<int> year : {std::optional<int>{2026}, std::optional<int>{}}) {
        const auto a = t.audit(year);
        CHECK(a.summary.events == t.events);
        CHECK(a.summary.days == 3);
        CHECK(a.has(issued_line("2026-03-02", t.monday + 1, t.monday)));
        CHECK(a.has(issued_line("2026-03-03", t.tuesday - 1, t.tuesday)));
        // The year holds the same events, so its sums agree; no hole in the log either.
        for (const auto& line : a.lines) {
            INFO(line);
            CHECK((line.starts_with("2026-03-02 ") || line.starts_with("2026-03-03 ")));
            CHECK(line.find("jumps") == std::string::npos);
        }
    }
}

TEST_CASE("the log's first event moved to a later day is still counted") {
    ThreeDays t;
    t.move_event("SELECT MIN(seq) FROM events WHERE type = 'ticket_issued'", "2026-03-03");
    const auto a = t.audit(2026);
    CHECK(a.summary.events == t.events);
    CHECK(a.has(issued_line("2026-03-02", t.monday - 1, t.monday)));
    CHECK(a.has(issued_line("2026-03-03", t.tuesday + 1, t.tuesday)));
}

TEST_CASE("an event of another year inside the year's events is counted in its own year") {
    ThreeDays t;
    t.move_event(tuesday_last_issued, "2025-12-31");

    const auto in_2026 = t.audit(2026);
    CHECK(in_2026.summary.events == t.events - 1);
    CHECK(in_2026.has(issued_line("2026-03-03", t.tuesday - 1, t.tuesday)));
    const auto year = number(t.h.db,
                             "SELECT value FROM yearly_tallies WHERE year = '2026' AND dimension = "
                             "'hall' AND metric = 'issued'");
    CHECK(in_2026.has(issued_line("2026 (yearly sum)", year - 1, year)));

    const auto in_2025 = t.audit(2025);
    CHECK(in_2025.summary.events == 1);
    CHECK(in_2025.has(issued_line("2025-12-31", 1, 0)));
    CHECK(in_2025.has(issued_line("2025 (yearly sum)", 1, 0)));

    const auto all = t.audit(std::nullopt);
    CHECK(all.summary.events == t.events);
    CHECK(all.has(issued_line("2025-12-31", 1, 0)));
}

TEST_CASE("stored tallies on days without events are compared too, in day order") {
    ThreeDays t;
    // Before the first day and after the last day with events.
    t.h.db.exec(
        "INSERT INTO daily_tallies (day, dimension, key, metric, value) VALUES "
        "('2026-02-27', 'hall', '', 'served', 3), ('2026-03-10', 'queue', 'QA', 'issued', 2), "
        "('2026-03-10', 'zone', 'nowhere', 'no_such_metric', 1)");
    for (const std::optional<int> year : {std::optional<int>{2026}, std::optional<int>{}}) {
        const auto a = t.audit(year);
        CHECK(a.summary.days == 5);
        const std::vector<std::string> expected{
            "2026-02-27 hall served: log says 0, tally says 3",
            "2026-03-10 queue QA issued: log says 0, tally says 2",
            "2026-03-10 zone nowhere no_such_metric: log says 0, tally says 1",
        };
        std::vector<std::string> daily;
        for (const auto& line : a.lines)
            if (!line.starts_with("2026 "))
                daily.push_back(line);
        CHECK(daily == expected);
        CHECK(a.has("2026 (yearly sum) zone nowhere no_such_metric: log says 0, tally says 1"));
    }
}

TEST_CASE("a number issued twice in a day is reported, and nothing else differs") {
    ThreeDays d;
    // Numbers start again each day: the days share some, and that is no difference.
    REQUIRE(number(d.h.db,
                   "SELECT COUNT(*) FROM events a JOIN events b ON a.data ->> 'number' = b.data "
                   "->> 'number' AND a.day < b.day WHERE a.type = 'ticket_issued' AND b.type = "
                   "'ticket_issued'") > 0);
    REQUIRE(d.audit(std::nullopt).lines.empty());
    const std::string issued =
        "SELECT seq FROM events WHERE day = '2026-03-02' AND type = 'ticket_issued' ORDER BY seq ";
    const auto first = number(d.h.db, issued + "LIMIT 1");
    const auto last = number(d.h.db, issued + "DESC LIMIT 1");
    REQUIRE(first != last);
    // A number of a queue past 9,999 tickets, longer than most, is checked the same way.
    std::string taken;
    SECTION("a number as the hall gives it") {
        auto q = d.h.db.prepare("SELECT data ->> 'number' FROM events WHERE seq = ?1");
        q.bind(1, first);
        REQUIRE(q.step());
        taken = q.text(0);
    }
    SECTION("a long number") {
        taken = "ABC100001";
        d.h.db.exec("UPDATE events SET data = json_set(data, '$.number', '" + taken +
                    "') WHERE seq = " + std::to_string(first));
    }
    d.h.db.exec("UPDATE events SET data = json_set(data, '$.number', '" + taken +
                "') WHERE seq = " + std::to_string(last));

    const auto a = d.audit(std::nullopt);
    CHECK(a.lines ==
          std::vector<std::string>{"2026-03-02 event " + std::to_string(last) + ": number " +
                                   taken + " was already issued that day"});
    CHECK(a.summary.differences == 1);
    CHECK(d.audit(2026).lines == a.lines);
}

TEST_CASE("a ticket issued without a number in the log is reported") {
    ThreeDays d;
    const auto last = number(d.h.db, tuesday_last_issued);
    d.h.db.exec("UPDATE events SET data = json_remove(data, '$.number') WHERE seq = " +
                std::to_string(last));
    const auto a = d.audit(std::nullopt);
    CHECK(a.has("2026-03-03 event " + std::to_string(last) + ": a ticket issued without a number"));
    CHECK(a.summary.differences == a.lines.size());
}
