// Every figure of three recorded days, against answers worked out by hand.
#include <catch2/catch.hpp>

#include <algorithm>

#include "statistics.hpp"
#include "statistics_scenario.hpp"
#include "tally_audit.hpp"

using namespace hall;
using hall::testing::record_three_days;
using hall::testing::RecordedHall;
using hall::testing::TempDir;

namespace {

constexpr std::int64_t minute = 60'000;

const Figures& find(const std::vector<Figures>& list, const std::string& code) {
    for (const auto& f : list)
        if (f.code == code)
            return f;
    FAIL("no figures for " << code);
    throw std::logic_error("unreachable");
}

// The mean as Durations rounds it: to the nearest millisecond.
std::int64_t mean_ms(std::int64_t total_minutes, std::int64_t count) {
    return (2 * total_minutes * minute + count) / (2 * count);
}

Statistics year_2026(RecordedHall& h) {
    return compute_statistics(h.db, year_period(2026), {});
}

}  // namespace

TEST_CASE("the year's totals count each visit once, on the hall's own day") {
    TempDir dir;
    RecordedHall h(dir.file("hall.db"));
    record_three_days(h);
    auto s = year_2026(h);

    REQUIRE(s.year == 2026);
    CHECK(s.hall_name == "测试大厅");
    CHECK(s.hall.get("issued") == 8);  // 7 on Monday, 1 on Tuesday at 00:10
    CHECK(s.hall.get("served") == 5);  // A001, A002, C001, A004 on Monday; A001 on Tuesday
    CHECK(s.hall.get("no_show") == 1);
    CHECK(s.hall.get("cancelled") == 1);
    CHECK(s.hall.get("unserved") == 1);  // A005, waiting at 23:59
    CHECK(s.hall.get("transferred") == 2);
    CHECK(s.hall.get("items_handled") == 8);  // 3 + 2 (package) + 1 + 1 + 1
    CHECK(s.hall.get("agency_cases") == 3);   // at window 5: the package's 2 and C001's 1
    CHECK(s.hall.get("packages") == 1);
    CHECK(s.hall.get("packages_multi_department") == 1);
    CHECK_FALSE(s.open_day);  // every day was closed
    CHECK(s.open_visits == 0);

    // Wednesday had staff but no visit: not an open day.
    CHECK(s.open_days == 2);
    CHECK(*s.daily_average_visitors() == Approx(2.5));
    CHECK(*s.daily_average_items() == Approx(4.0));
    REQUIRE(s.busiest_day);
    CHECK(s.busiest_day->day == "2026-03-02");
    CHECK(s.busiest_day->served == 4);

    REQUIRE(s.days.size() == 365);
    const auto& monday = s.days[31 + 28 + 1];
    CHECK(monday.day == "2026-03-02");
    CHECK(monday.weekday == 0);
    CHECK(monday.issued == 7);
    CHECK(monday.served == 4);
    CHECK(monday.no_show == 1);
    CHECK(monday.cancelled == 1);
    CHECK(monday.unserved == 1);
    CHECK(monday.items_handled == 7);
    const auto& tuesday = s.days[31 + 28 + 2];
    CHECK(tuesday.issued == 1);
    CHECK(tuesday.items_handled == 1);
    CHECK_FALSE(s.days[31 + 28 + 3].open());

    REQUIRE(s.by_month.size() == 12);
    CHECK(s.by_month[2].key == "2026-03");
    CHECK(s.by_month[2].open_days == 2);
    CHECK(s.by_month[2].issued == 8);
    CHECK(s.by_month[2].served == 5);
    CHECK(s.by_month[2].items_handled == 8);
    CHECK(s.by_month[0].issued == 0);
    REQUIRE(s.by_weekday.size() == 7);
    CHECK(s.by_weekday[0].issued == 7);
    CHECK(s.by_weekday[0].open_days == 1);
    CHECK(s.by_weekday[1].served == 1);
    CHECK(s.by_weekday[2].open_days == 0);

    // Hours of issue in the hall's time zone: 07:55, four at 08:xx, 23:30 and 23:55, 00:10.
    CHECK(s.issued_by_hour[0] == 1);
    CHECK(s.issued_by_hour[7] == 1);
    CHECK(s.issued_by_hour[8] == 4);
    CHECK(s.issued_by_hour[23] == 2);
    CHECK(s.issued_by_hour[16] == 0);  // the UTC hour of 00:10 counts for nothing
}

TEST_CASE("waits run from issue to first call, service periods from start to finish or transfer") {
    TempDir dir;
    RecordedHall h(dir.file("hall.db"));
    record_three_days(h);
    auto s = year_2026(h);

    // First calls: 25, 26, 10, 29, 10 and 10 minutes; A002's later calls are not waits.
    CHECK(s.hall.get("called") == 6);
    auto wait = s.hall.wait();
    CHECK(wait.count == 6);
    CHECK(wait.total_ms == 110 * minute);
    CHECK(wait.mean_ms == mean_ms(110, 6));
    // Classes {10: 3, 24: 1, 26: 1, 28: 1}: rank 3 ends the 10-minute class; rank 5.4 is 0.4
    // into the [28, 30) class.
    CHECK(wait.median_ms == 11 * minute);
    CHECK(wait.p90_ms == 28 * minute + 48'000);
    // Within the queue's target: A004 and Tuesday's A001 (QA, 15 min), C001 (QC, 20 min).
    CHECK(s.hall.get("within_target") == 3);
    CHECK(*s.hall.within_target_share() == Approx(0.5));

    // Service periods: 10, 8 and 4 (A002 before each transfer), 6, 8, 9 and 5 minutes.
    auto service = s.hall.service();
    CHECK(service.count == 7);
    CHECK(service.total_ms == 50 * minute);
    CHECK(service.mean_ms == mean_ms(50, 7));
    CHECK(service.median_ms == 8 * minute + 15'000);  // rank 3.5: half into [8, 9)'s two
    CHECK(service.p90_ms == 10 * minute + 18'000);    // rank 6.3: 0.3 into [10, 11)
    CHECK(s.hall.get("walk_ms") == 7 * minute);
}

TEST_CASE("zones and queues count visits where they were issued and served") {
    TempDir dir;
    RecordedHall h(dir.file("hall.db"));
    record_three_days(h);
    auto s = year_2026(h);

    REQUIRE(s.zones.size() == 2);
    const auto& z1 = find(s.zones, "Z1");
    const auto& z2 = find(s.zones, "Z2");
    CHECK(z1.name == "社会民生服务专区");
    CHECK(z1.get("issued") == 7);
    CHECK(z2.get("issued") == 1);
    // A002 was issued in Z1 and served in Z2 after its transfers.
    CHECK(z1.get("served") == 3);
    CHECK(z2.get("served") == 2);
    // Items count toward their department's zone: I1 and I2 are D1's (Z1), I3 is D2's (Z2).
    CHECK(z1.get("items_handled") == 5);
    CHECK(z2.get("items_handled") == 3);
    CHECK(z1.get("transferred") == 2);
    CHECK(z1.get("no_show") == 1);
    CHECK(z1.get("cancelled") == 1);
    CHECK(z1.get("unserved") == 1);
    CHECK(z1.wait().total_ms == 100 * minute);
    CHECK(z2.wait().total_ms == 10 * minute);
    // Every start of service, and its walk from the call, counts for the zone it was in.
    CHECK(s.hall.get("started") > 0);
    CHECK(z1.get("started") + z2.get("started") == s.hall.get("started"));
    CHECK(z1.get("walk_ms") + z2.get("walk_ms") == s.hall.get("walk_ms"));

    REQUIRE(s.queues.size() == 3);
    const auto& qa = find(s.queues, "QA");
    CHECK(qa.group == "Z1");
    CHECK(qa.target_wait_min == 15);
    CHECK(qa.get("issued") == 6);
    CHECK(qa.get("served") == 3);
    CHECK(qa.get("transferred") == 1);
    CHECK(qa.get("items_handled") == 5);
    CHECK(qa.service().total_ms == (10 + 8 + 9 + 5) * minute);
    CHECK(qa.get("within_target") == 2);
    const auto& qb = find(s.queues, "QB");
    CHECK(qb.get("issued") == 1);
    CHECK(qb.get("cancelled") == 1);
    CHECK(qb.get("transferred") == 1);
    CHECK(qb.service().total_ms == 4 * minute);
    const auto& qc = find(s.queues, "QC");
    CHECK(qc.get("served") == 2);
    CHECK(qc.get("items_handled") == 3);
    CHECK(qc.service().total_ms == 14 * minute);
}

TEST_CASE("departments and items count the visits that handled them, once per department") {
    TempDir dir;
    RecordedHall h(dir.file("hall.db"));
    record_three_days(h);
    auto s = year_2026(h);

    REQUIRE(s.departments.size() == 2);
    const auto& d1 = find(s.departments, "D1");
    const auto& d2 = find(s.departments, "D2");
    CHECK(d1.get("items_handled") == 5);
    CHECK(d2.get("items_handled") == 3);
    // Monday's A001 handled I1 and I2 of D1 and I3 of D2: one visit for each department.
    CHECK(d1.get("visits") == 4);  // A001, A002, A004, Tuesday's A001
    CHECK(d2.get("visits") == 3);  // A001, A002, C001
    CHECK(d1.get("agency_cases") == 1);
    CHECK(d2.get("agency_cases") == 2);
    CHECK(d1.wait().total_ms == (25 + 26 + 10 + 10) * minute);
    CHECK(d2.wait().total_ms == (25 + 26 + 10) * minute);
    CHECK(d1.service().total_ms == (10 + 6 + 9 + 5) * minute);
    CHECK(d2.service().total_ms == (10 + 6 + 8) * minute);
    CHECK(d2.stationed_on == "2019-05-01");

    REQUIRE(s.items.size() == 3);
    const auto& i1 = find(s.items, "I1");
    CHECK(i1.group == "D1");
    CHECK(i1.high_frequency);
    CHECK(i1.get("items_handled") == 3);
    CHECK(i1.get("agency_cases") == 1);
    CHECK(i1.wait().count == 3);
    CHECK(i1.wait().total_ms == (25 + 26 + 10) * minute);
    CHECK(i1.service().total_ms == (10 + 6 + 5) * minute);
    CHECK(find(s.items, "I2").get("items_handled") == 2);
    CHECK_FALSE(find(s.items, "I2").high_frequency);
    CHECK(find(s.items, "I3").get("items_handled") == 3);
    CHECK(find(s.items, "I3").get("agency_cases") == 2);

    REQUIRE(s.packages.size() == 1);
    CHECK(s.packages[0].get("packages") == 1);
    CHECK(s.packages[0].get("packages_multi_department") == 1);
}

TEST_CASE("windows and staff show what they served and how their time was spent") {
    TempDir dir;
    RecordedHall h(dir.file("hall.db"));
    record_three_days(h);
    auto s = year_2026(h);

    REQUIRE(s.windows.size() == 5);
    CHECK(s.windows.front().code == "1");
    CHECK(s.windows.back().code == "5");
    const auto& w1 = find(s.windows, "1");
    CHECK(w1.get("called") == 5);  // A001, A002, A003, A004 on Monday; A001 on Tuesday
    CHECK(w1.get("served") == 3);
    CHECK(w1.get("no_show") == 1);
    CHECK(w1.get("transferred") == 1);
    CHECK(w1.get("items_handled") == 5);
    CHECK(w1.wait().total_ms == 100 * minute);
    CHECK(w1.service().total_ms == 32 * minute);
    CHECK(w1.get("walk_ms") == 4 * minute);
    // Logged in 07:50-23:59 on Monday, 00:15-00:30 on Tuesday, 09:00-10:00 on Wednesday.
    CHECK(w1.get("logged_in_ms") == (969 + 15 + 60) * minute);
    CHECK(w1.get("break_ms") == 10 * minute);
    CHECK(w1.idle_ms() == (1044 - 10 - 4 - 32) * minute);
    CHECK(w1.ratings() == 2);
    CHECK(*w1.good_review_rate() == Approx(1.0));
    const auto& w2 = find(s.windows, "2");
    CHECK(w2.get("called") == 0);  // it called A002 again, not first
    CHECK(w2.get("transferred") == 1);
    CHECK(w2.service().total_ms == 4 * minute);
    CHECK(w2.get("logged_in_ms") == 959 * minute);
    const auto& w5 = find(s.windows, "5");
    CHECK(w5.agency);
    CHECK(w5.get("served") == 2);
    CHECK(w5.get("agency_cases") == 3);
    CHECK(*w5.good_review_rate() == Approx(0.0));
    CHECK_FALSE(find(s.windows, "3").good_review_rate());

    const auto& s1 = find(s.staff, "S1");
    CHECK(s1.get("served") == 3);
    CHECK(s1.get("logged_in_ms") == w1.get("logged_in_ms"));
    CHECK(find(s.staff, "S2").get("served") == 2);
    CHECK(find(s.staff, "S3").get("transferred") == 1);
    CHECK(s.staff.size() == 6);
}

TEST_CASE("satisfaction counts each grade, good and bad reviews, and lists the bad ones") {
    TempDir dir;
    RecordedHall h(dir.file("hall.db"));
    record_three_days(h);
    auto s = year_2026(h);

    CHECK(s.hall.get("rating_1") == 1);
    CHECK(s.hall.get("rating_2") == 1);
    CHECK(s.hall.get("rating_3") == 0);
    CHECK(s.hall.get("rating_4") == 1);
    CHECK(s.hall.get("rating_5") == 0);
    CHECK(s.hall.get("good_reviews") == 2);
    CHECK(s.hall.get("bad_reviews") == 1);
    CHECK(*s.hall.good_review_rate() == Approx(2.0 / 3.0));
    REQUIRE(s.bad_reviews.size() == 1);
    const auto& bad = s.bad_reviews.front();
    CHECK(bad.day == "2026-03-02");
    CHECK(bad.time == "09:07");
    CHECK(bad.ticket_id == 2);
    CHECK(bad.window == 5);
    CHECK(bad.staff == "S2");
    CHECK(bad.staff_name == "职员2");
    CHECK(bad.grade == 4);
    CHECK(bad.reason == "等候时间长");
    auto reasons = bad_review_reasons(s);
    REQUIRE(reasons.size() == 1);
    CHECK(reasons.front() == std::pair<std::string, int>{"等候时间长", 1});
}

TEST_CASE("the hall profile is the catalog in force at the period's end") {
    TempDir dir;
    RecordedHall h(dir.file("hall.db"));
    auto s = year_2026(h);
    const auto& p = s.profile;
    CHECK(p.as_of == "2026-12-31");
    CHECK(p.departments == 2);
    CHECK(p.items == 3);
    CHECK(p.high_frequency_items == 2);
    CHECK(p.staff == 6);
    CHECK(p.zones == 2);
    CHECK(p.zone_names == std::vector<std::string>{"社会民生服务专区", "商事服务专区"});
    CHECK(p.queues == 3);
    CHECK(p.windows == 5);
    CHECK(p.agency_windows == 1);
    CHECK(p.packages == 1);
    CHECK(p.package_categories == 1);
    CHECK(p.new_departments.empty());
    CHECK(p.new_items == 0);

    // In 2019, D2 and its item I3 were stationed; in 2017 neither department was there yet.
    auto in_2019 = compute_statistics(h.db, year_period(2019), {});
    REQUIRE(in_2019.profile.new_departments.size() == 1);
    CHECK(in_2019.profile.new_departments[0].code == "D2");
    CHECK(in_2019.profile.new_departments[0].stationed_on == "2019-05-01");
    CHECK(in_2019.profile.new_departments[0].items == 1);
    CHECK(in_2019.profile.new_items == 1);
    auto in_2017 = compute_statistics(h.db, year_period(2017), {});
    CHECK(in_2017.profile.departments == 0);
    CHECK(in_2017.profile.items == 0);
    CHECK(in_2017.departments.empty());
}

TEST_CASE("a range of days sums the daily tallies to the same figures as the yearly sums") {
    TempDir dir;
    RecordedHall h(dir.file("hall.db"));
    record_three_days(h);
    auto year = year_2026(h);
    auto range = compute_statistics(h.db, {"2026-03-01", "2026-03-05"}, {});
    CHECK_FALSE(range.year);
    CHECK(range.days.size() == 5);
    CHECK(range.hall.metrics == year.hall.metrics);
    CHECK(range.hall.wait().median_ms == year.hall.wait().median_ms);
    REQUIRE(range.items.size() == year.items.size());
    for (std::size_t i = 0; i < range.items.size(); ++i)
        CHECK(range.items[i].metrics == year.items[i].metrics);
    CHECK(range.open_days == 2);

    auto tuesday = compute_statistics(h.db, {"2026-03-03", "2026-03-03"}, {});
    CHECK(tuesday.hall.get("issued") == 1);
    CHECK(tuesday.hall.get("served") == 1);
    CHECK(tuesday.hall.wait().mean_ms == 10 * minute);
    CHECK(find(tuesday.windows, "1").get("logged_in_ms") == 15 * minute);
}

TEST_CASE("the day still open is live: open visits and sessions still running count so far") {
    TempDir dir;
    RecordedHall h(dir.file("hall.db"));
    record_three_days(h);
    auto& e = *h.engine;
    h.at("2026-03-05", 9 * 60);
    h.keep(e.login(1, "S1"));
    h.issue("QA");
    h.issue("QA");
    h.at("2026-03-05", 9 * 60 + 5);
    h.keep(e.call_next(1));
    h.at("2026-03-05", 9 * 60 + 10);
    h.keep(e.start_service(1));
    h.at("2026-03-05", 9 * 60 + 20);
    h.keep(e.finish(1, {{"I1"}, {}}));
    h.keep(e.start_break(1, "喝水"));

    StatisticsOptions now;
    now.now_ms = h.clock.now_ms() + 30 * minute;  // 09:50
    auto s = compute_statistics(h.db, {"2026-03-05", "2026-03-05"}, now);
    REQUIRE(s.open_day);
    CHECK(*s.open_day == "2026-03-05");
    CHECK(s.hall.get("issued") == 2);
    CHECK(s.hall.get("served") == 1);
    CHECK(s.open_visits == 1);  // the second ticket still waits
    const auto& w1 = find(s.windows, "1");
    CHECK(w1.get("logged_in_ms") == 50 * minute);  // since 09:00
    CHECK(w1.get("break_ms") == 30 * minute);      // since 09:20
    CHECK(find(s.staff, "S1").get("logged_in_ms") == 50 * minute);

    // A session without a break counts none: the metric is absent, as any that counted nothing.
    h.keep(e.end_break(1));
    h.keep(e.logout(1));
    h.keep(e.login(2, "S1"));
    auto later = compute_statistics(h.db, {"2026-03-05", "2026-03-05"}, now);
    const auto& w2 = find(later.windows, "2");
    CHECK(w2.get("logged_in_ms") == 30 * minute);  // since 09:20
    CHECK_FALSE(w2.metrics.count("break_ms"));

    // A period that ends before the open day is not live.
    CHECK_FALSE(compute_statistics(h.db, {"2026-03-02", "2026-03-04"}, now).open_day);
}

TEST_CASE("a recount from the log agrees with the tallies, and names the day and figure if not") {
    TempDir dir;
    RecordedHall h(dir.file("hall.db"));
    record_three_days(h);
    std::vector<std::string> lines;
    auto collect = [&](const std::string& line) { lines.push_back(line); };

    auto all = audit_tallies(h.db, std::nullopt, collect);
    CHECK(lines.empty());
    CHECK(all.differences == 0);
    CHECK(all.days == 3);
    CHECK(all.events > 50);
    auto year = audit_tallies(h.db, 2026, collect);
    CHECK(year.differences == 0);
    CHECK(year.events == all.events);
    auto empty_year = audit_tallies(h.db, 2025, collect);
    CHECK(empty_year.events == 0);
    CHECK(empty_year.differences == 0);

    h.db.exec(
        "UPDATE daily_tallies SET value = value + 1 WHERE day = '2026-03-03' AND dimension = "
        "'queue' AND key = 'QA' AND metric = 'served'");
    h.db.exec(
        "DELETE FROM daily_tallies WHERE day = '2026-03-02' AND dimension = 'item' AND key = "
        "'I2' AND metric = 'items_handled'");
    lines.clear();
    auto tampered = audit_tallies(h.db, 2026, collect);
    CHECK(tampered.differences == 4);
    // The triggers carried the changes into the yearly sums, which the recount finds as well.
    CHECK(lines == std::vector<std::string>{
                       "2026-03-02 item I2 items_handled: log says 2, tally says 0",
                       "2026-03-03 queue QA served: log says 1, tally says 2",
                       "2026 (yearly sum) item I2 items_handled: log says 2, tally says 0",
                       "2026 (yearly sum) queue QA served: log says 3, tally says 4"});

    h.db.exec(
        "UPDATE yearly_tallies SET value = 99 WHERE year = '2026' AND dimension = 'hall' AND "
        "metric = 'issued'");
    lines.clear();
    audit_tallies(h.db, 2026, collect);
    REQUIRE(lines.size() == 5);
    CHECK(lines[2] == "2026 (yearly sum) hall issued: log says 8, tally says 99");
}

TEST_CASE("a hole in the log is reported with its day, as are the figures it leaves uncounted") {
    TempDir dir;
    RecordedHall h(dir.file("hall.db"));
    record_three_days(h);
    auto q = h.db.prepare("SELECT seq FROM events WHERE type = 'ticket_cancelled'");
    REQUIRE(q.step());
    const auto seq = q.int64(0);
    q.reset();
    h.db.exec("DELETE FROM events WHERE seq = " + std::to_string(seq));
    std::vector<std::string> lines;
    auto summary =
        audit_tallies(h.db, std::nullopt, [&](const std::string& line) { lines.push_back(line); });
    CHECK(summary.differences == lines.size());
    const auto jump = "2026-03-02 the log jumps from event " + std::to_string(seq - 1) + " to " +
                      std::to_string(seq + 1);
    CHECK(std::find(lines.begin(), lines.end(), jump) != lines.end());
    CHECK(std::find(lines.begin(), lines.end(),
                    "2026-03-02 hall cancelled: log says 0, tally says 1") != lines.end());
    CHECK(std::find(lines.begin(), lines.end(),
                    "2026 (yearly sum) queue QB cancelled: log says 0, tally says 1") !=
          lines.end());
}

TEST_CASE("a tampered event is reported with its day and the figures it now counts differently") {
    TempDir dir;
    RecordedHall h(dir.file("hall.db"));
    record_three_days(h);
    auto tally = [&](const std::string& table, const std::string& when, const std::string& item) {
        auto q = h.db.prepare("SELECT value FROM " + table + " WHERE " +
                              (table == "daily_tallies" ? "day" : "year") +
                              " = ?1 AND dimension = 'item' AND key = ?2 AND metric = "
                              "'items_handled'");
        q.bind(1, when).bind(2, item);
        REQUIRE(q.step());
        return q.int64(0);
    };
    const auto i1 = tally("daily_tallies", "2026-03-02", "I1");
    const auto i2 = tally("daily_tallies", "2026-03-02", "I2");
    const auto year_i1 = tally("yearly_tallies", "2026", "I1");
    // Monday's last item I2 (A004, at 23:50) rewritten in the log as I1; the tallies stay.
    h.db.exec(
        "UPDATE events SET data = json_set(data, '$.item', 'I1') WHERE seq = (SELECT MAX(seq) "
        "FROM events WHERE type = 'item_handled' AND json_extract(data, '$.item') = 'I2' AND "
        "day = '2026-03-02')");
    std::vector<std::string> lines;
    auto collect = [&](const std::string& line) { lines.push_back(line); };
    auto summary = audit_tallies(h.db, 2026, collect);
    CHECK(summary.differences == lines.size());
    auto has = [&](const std::string& line) {
        return std::find(lines.begin(), lines.end(), line) != lines.end();
    };
    CHECK(has("2026-03-02 item I1 items_handled: log says " + std::to_string(i1 + 1) +
              ", tally says " + std::to_string(i1)));
    CHECK(has("2026-03-02 item I2 items_handled: log says " + std::to_string(i2 - 1) +
              ", tally says " + std::to_string(i2)));
    CHECK(has("2026 (yearly sum) item I1 items_handled: log says " + std::to_string(year_i1 + 1) +
              ", tally says " + std::to_string(year_i1)));
    for (const auto& line : lines) {
        INFO(line);
        CHECK((line.starts_with("2026-03-02 item I") ||
               line.starts_with("2026 (yearly sum) item I")));
    }
}

TEST_CASE("an event whose data cannot be read is reported with its day and number") {
    TempDir dir;
    RecordedHall h(dir.file("hall.db"));
    record_three_days(h);
    auto q = h.db.prepare("SELECT seq FROM events WHERE type = 'ticket_cancelled'");
    REQUIRE(q.step());
    const auto seq = q.int64(0);
    q.reset();
    h.db.exec("UPDATE events SET data = '{\"zone\": ' WHERE seq = " + std::to_string(seq));
    std::vector<std::string> lines;
    audit_tallies(h.db, std::nullopt, [&](const std::string& line) { lines.push_back(line); });
    const auto prefix = "2026-03-02 event " + std::to_string(seq) + ": ";
    CHECK(std::any_of(lines.begin(), lines.end(),
                      [&](const std::string& line) { return line.starts_with(prefix); }));
    // Its figures are then missing from the recount, and said so.
    CHECK(std::find(lines.begin(), lines.end(),
                    "2026-03-02 hall cancelled: log says 0, tally says 1") != lines.end());
}
