// The hall's figures for a day, a range of days or a year, read from the tallies (docs/export.md).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "duration_classes.hpp"
#include "sqlite.hpp"

namespace hall {

// Local days, both included, YYYY-MM-DD.
struct Period {
    std::string from;
    std::string to;
};
Period year_period(int year);
// The year when the period is exactly one calendar year, else nullopt.
std::optional<int> whole_year_of(const Period& period);

// Mean, median and 90th percentile of waits or service periods. The mean is exact (a sum
// divided by a count); the median and p90 come from the minute-class histograms.
struct Durations {
    std::int64_t count = 0;
    std::int64_t total_ms = 0;
    std::optional<std::int64_t> mean_ms;
    std::optional<std::int64_t> median_ms;
    std::optional<std::int64_t> p90_ms;
};

// The summed tallies of one thing (the hall, a zone, a window, ...) over the period, with the
// catalog names that label it.
struct Figures {
    std::string code;
    std::string name;
    std::string group;         // a queue's or window's zone, an item's or staff's department, ...
    std::string group_name;    // its name
    std::string stationed_on;  // departments and items
    bool high_frequency = false;  // items
    bool agency = false;          // windows: a comprehensive agency window
    int target_wait_min = 0;      // queues
    std::map<std::string, std::int64_t, std::less<>> metrics;  // docs/storage.md's metrics
    DurationHistogram wait_classes;
    DurationHistogram service_classes;

    std::int64_t get(std::string_view metric) const;
    Durations wait() const;
    Durations service() const;
    // First calls within the queue's target wait, of all first calls; nullopt without calls.
    std::optional<double> within_target_share() const;
    // Logged in, neither on a break nor with a visitor (walk from call to start, and service).
    std::int64_t idle_ms() const;
    std::int64_t ratings() const { return get("good_reviews") + get("bad_reviews"); }
    std::optional<double> good_review_rate() const;
};

// The catalog in force at the period's last day.
struct HallProfileFigures {
    std::string as_of;
    int departments = 0;
    int items = 0;
    int high_frequency_items = 0;
    int staff = 0;
    int zones = 0;
    int queues = 0;
    int windows = 0;
    int agency_windows = 0;
    int packages = 0;
    int package_categories = 0;
    std::vector<std::string> zone_names;  // in code order
    struct NewDepartment {
        std::string code;
        std::string name;
        std::string zone_name;
        std::string stationed_on;
        int items = 0;  // its items in force at the period's end
    };
    std::vector<NewDepartment> new_departments;  // stationed during the period
    int new_items = 0;                           // items stationed during the period
};

struct DayFigures {
    std::string day;
    int weekday = 0;  // 0 = Monday
    std::int64_t issued = 0;
    std::int64_t served = 0;
    std::int64_t no_show = 0;
    std::int64_t cancelled = 0;
    std::int64_t unserved = 0;
    std::int64_t items_handled = 0;
    bool open() const { return issued > 0; }
};

// A group of days: a month ("2019-03") or a weekday ("0" = Monday).
struct DayGroup {
    std::string key;
    int open_days = 0;
    std::int64_t issued = 0;
    std::int64_t served = 0;
    std::int64_t items_handled = 0;
};

struct BadReview {
    std::string day;
    std::string time;  // local HH:MM of the rating
    std::int64_t ticket_id = 0;
    int window = 0;
    std::string staff;
    std::string staff_name;
    int grade = 0;
    std::string reason;
    std::int64_t at_ms = 0;
};

struct Statistics {
    std::string hall_name;
    std::string time_zone;
    Period period;
    std::optional<int> year;  // when the period is one calendar year
    // The day still open in the log (after the last closed day), when inside the period: its
    // figures are live, and its tickets not yet finished are open_visits.
    std::optional<std::string> open_day;
    std::int64_t open_visits = 0;

    HallProfileFigures profile;
    Figures hall;
    std::vector<DayFigures> days;           // every day of the period, open or not
    int open_days = 0;                      // days with at least one visit issued
    std::optional<DayFigures> busiest_day;  // most visitors received; the earliest on a tie
    std::vector<DayGroup> by_month;
    std::vector<DayGroup> by_weekday;  // 7 entries, Monday first
    std::array<std::int64_t, 24> issued_by_hour{};

    std::vector<Figures> zones, departments, queues, items, windows, staff, packages;
    std::vector<BadReview> bad_reviews;  // in time order

    // Visitors received (visits served), and items handled, per open day; none when no day was
    // open.
    std::optional<double> daily_average_visitors() const;
    std::optional<double> daily_average_items() const;
};

struct StatisticsOptions {
    // "Now", for the sessions still open on the open day (time logged in and on break so far).
    std::int64_t now_ms = 0;
};

// Reads the figures of the period in one read transaction: a consistent picture even while the
// server writes (on a connection of its own, with no transaction open). A whole calendar year reads
// the yearly sums; other periods sum daily tallies.
Statistics compute_statistics(sql::Database& db, const Period& period,
                              const StatisticsOptions& options);

// Bad-review reasons and how often each was given, most frequent first.
std::vector<std::pair<std::string, int>> bad_review_reasons(const Statistics& statistics);

}  // namespace hall
