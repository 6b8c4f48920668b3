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

struct Audit {
    hall::AuditSummary summary;
    std::vector<std::string> lines;
    bool has(const std::string& line) const {
        return std::find(lines.begin(), lines.end(), line) != lines.end();
    }
};

Audit audit(hall::sql::Database& db, std::optional<int> year) {
    Audit a;
    a.summary = audit_tallies(db, year, [&](const std::string& line) { a.lines.push_back(line); });
    return a;
}

}  // namespace

TEST_CASE("an event moved back to an earlier day is counted on that day") {
    TempDir dir;
    RecordedHall h(dir.file("hall.db"));
    record_three_days(h);
    const auto monday = hall_issued(h.db, "2026-03-02");
    const auto tuesday = hall_issued(h.db, "2026-03-03");
    const auto events = number(h.db, "SELECT COUNT(*) FROM events");
    // Tuesday's last ticket issued now says Monday: in seq order the log's days go back.
    h.db.exec(
        "UPDATE events SET day = '2026-03-02' WHERE seq = (SELECT seq FROM events WHERE day = "
        "'2026-03-03' AND type = 'ticket_issued' ORDER BY seq DESC LIMIT 1)");

    for (const std::optional<int> year : {std::optional<int>{2026}, std::optional<int>{}}) {
        const auto a = audit(h.db, year);
        CHECK(a.summary.events == static_cast<std::size_t>(events));
        CHECK(a.summary.days == 3);
        CHECK(a.has("2026-03-02 hall issued: log says " + std::to_string(monday + 1) +
                    ", tally says " + std::to_string(monday)));
        CHECK(a.has("2026-03-03 hall issued: log says " + std::to_string(tuesday - 1) +
                    ", tally says " + std::to_string(tuesday)));
        // The year holds the same events, so its sums agree; no hole in the log either.
        for (const auto& line : a.lines) {
            INFO(line);
            CHECK((line.starts_with("2026-03-02 ") || line.starts_with("2026-03-03 ")));
            CHECK(line.find("jumps") == std::string::npos);
        }
    }
}

TEST_CASE("the log's first event moved to a later day is still counted") {
    TempDir dir;
    RecordedHall h(dir.file("hall.db"));
    record_three_days(h);
    const auto monday = hall_issued(h.db, "2026-03-02");
    const auto tuesday = hall_issued(h.db, "2026-03-03");
    const auto first = number(h.db, "SELECT MIN(seq) FROM events WHERE type = 'ticket_issued'");
    h.db.exec("UPDATE events SET day = '2026-03-03' WHERE seq = " + std::to_string(first));

    const auto a = audit(h.db, 2026);
    CHECK(a.summary.events ==
          static_cast<std::size_t>(number(h.db, "SELECT COUNT(*) FROM events")));
    CHECK(a.has("2026-03-02 hall issued: log says " + std::to_string(monday - 1) + ", tally says " +
                std::to_string(monday)));
    CHECK(a.has("2026-03-03 hall issued: log says " + std::to_string(tuesday + 1) +
                ", tally says " + std::to_string(tuesday)));
}

TEST_CASE("an event of another year inside the year's events is counted in its own year") {
    TempDir dir;
    RecordedHall h(dir.file("hall.db"));
    record_three_days(h);
    const auto tuesday = hall_issued(h.db, "2026-03-03");
    const auto events = number(h.db, "SELECT COUNT(*) FROM events");
    h.db.exec(
        "UPDATE events SET day = '2025-12-31' WHERE seq = (SELECT seq FROM events WHERE day = "
        "'2026-03-03' AND type = 'ticket_issued' ORDER BY seq DESC LIMIT 1)");

    REQUIRE(number(h.db, "SELECT COUNT(*) FROM events WHERE day = '2025-12-31'") == 1);
    const auto in_2026 = audit(h.db, 2026);
    CHECK(in_2026.summary.events == static_cast<std::size_t>(events - 1));
    CHECK(in_2026.has("2026-03-03 hall issued: log says " + std::to_string(tuesday - 1) +
                      ", tally says " + std::to_string(tuesday)));
    const auto year = number(h.db,
                             "SELECT value FROM yearly_tallies WHERE year = '2026' AND dimension = "
                             "'hall' AND metric = 'issued'");
    CHECK(in_2026.has("2026 (yearly sum) hall issued: log says " + std::to_string(year - 1) +
                      ", tally says " + std::to_string(year)));

    const auto in_2025 = audit(h.db, 2025);
    CHECK(in_2025.summary.events == 1);
    CHECK(in_2025.has("2025-12-31 hall issued: log says 1, tally says 0"));
    CHECK(in_2025.has("2025 (yearly sum) hall issued: log says 1, tally says 0"));

    const auto all = audit(h.db, std::nullopt);
    CHECK(all.summary.events == static_cast<std::size_t>(events));
    CHECK(all.has("2025-12-31 hall issued: log says 1, tally says 0"));
}

TEST_CASE("stored tallies on days without events are compared too, in day order") {
    TempDir dir;
    RecordedHall h(dir.file("hall.db"));
    record_three_days(h);
    // Before the first day, between nothing, and after the last day with events.
    h.db.exec(
        "INSERT INTO daily_tallies (day, dimension, key, metric, value) VALUES "
        "('2026-02-27', 'hall', '', 'served', 3), ('2026-03-10', 'queue', 'QA', 'issued', 2), "
        "('2026-03-10', 'zone', 'nowhere', 'no_such_metric', 1)");

    for (const std::optional<int> year : {std::optional<int>{2026}, std::optional<int>{}}) {
        const auto a = audit(h.db, year);
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
