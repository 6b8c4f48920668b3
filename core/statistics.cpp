// Reads the figures of a period: tallies for counts, sums and histograms; the catalog for names;
// ratings for the bad reviews; the open day's log for the sessions still running.
#include "statistics.hpp"

#include <algorithm>
#include <cstdio>
#include <stdexcept>
#include <tuple>
#include <unordered_map>

#include "catalog.hpp"
#include "catalog_import.hpp"
#include "civil_days.hpp"
#include "hall_calendar.hpp"
#include "read_snapshot.hpp"

namespace hall {

namespace {

// One catalog row, with what decides whether it was in force.
struct CatalogRow {
    Figures figures;
    bool active = true;
    std::string retired_on;

    bool in_force_during(const Period& p) const {
        return (figures.stationed_on.empty() || figures.stationed_on <= p.to) &&
               (active || (!retired_on.empty() && retired_on > p.from));
    }
    bool in_force_at(const std::string& day) const {
        return (figures.stationed_on.empty() || figures.stationed_on <= day) &&
               (active || (!retired_on.empty() && retired_on > day));
    }
};

using CatalogRows = std::vector<CatalogRow>;

// The query's columns: code, name, group, group name, active, retired_on, stationed_on (or ''),
// and one number that `extra` stores where the dimension keeps it.
template <typename Extra>
CatalogRows read_catalog_rows(sql::Database& db, const std::string& query, Extra extra) {
    CatalogRows rows;
    auto q = db.prepare(query);
    while (q.step()) {
        CatalogRow row;
        row.figures.code = q.text(0);
        row.figures.name = q.text(1);
        row.figures.group = q.text(2);
        row.figures.group_name = q.text(3);
        row.active = q.int32(4) != 0;
        row.retired_on = q.text(5);
        row.figures.stationed_on = q.text(6);
        extra(row.figures, q.int32(7));
        rows.push_back(std::move(row));
    }
    return rows;
}

// dimension -> key -> figures
using TallyFigures = std::unordered_map<std::string, std::map<std::string, Figures>>;

// A histogram class goes to its histogram, with the bounds of its scale; a figure to metrics.
void add_metric(Figures& f, std::string_view metric, std::int64_t value) {
    struct Histogram {
        std::string_view prefix;
        DurationScale scale;
        DurationHistogram Figures::*into;
    };
    static constexpr Histogram histograms[] = {
        {wait_class_prefix, DurationScale::fine, &Figures::wait_classes},
        {service_class_prefix, DurationScale::fine, &Figures::service_classes},
        {wait_band_prefix, DurationScale::coarse, &Figures::wait_classes},
        {service_band_prefix, DurationScale::coarse, &Figures::service_classes},
    };
    if (metric.starts_with("wait_") || metric.starts_with("service_")) {
        for (const auto& h : histograms) {
            if (auto lower = parse_duration_class_metric(h.prefix, metric)) {
                (f.*h.into).add(*lower, next_class_min(*lower, h.scale), value);
                return;
            }
        }
    }
    auto it = f.metrics.find(metric);
    if (it == f.metrics.end())
        f.metrics.emplace(std::string(metric), value);
    else
        it->second += value;
}

// Rows come ordered by dimension and key, so a run of rows fills one Figures without lookups,
// and the text is compared where SQLite holds it: a year is some fifty thousand rows.
void read_tally_rows(sql::Statement& q, TallyFigures& out) {
    std::string dimension, key;
    Figures* current = nullptr;
    while (q.step()) {
        const auto d = q.text_view(0);
        const auto k = q.text_view(1);
        if (!current || d != dimension || k != key) {
            dimension = d;
            key = k;
            current = &out[dimension][key];
            current->code = key;
        }
        add_metric(*current, q.text_view(2), q.int64(3));
    }
}

TallyFigures read_tallies(sql::Database& db, const Period& period) {
    TallyFigures out;
    if (auto year = whole_year_of(period)) {
        auto q =
            db.prepare("SELECT dimension, key, metric, value FROM yearly_tallies WHERE year = ?1");
        q.bind(1, std::to_string(*year));
        read_tally_rows(q, out);
    } else {
        auto q = db.prepare(
            "SELECT dimension, key, metric, SUM(value) FROM daily_tallies WHERE day BETWEEN ?1 "
            "AND ?2 GROUP BY dimension, key, metric ORDER BY dimension, key");
        q.bind(1, period.from).bind(2, period.to);
        read_tally_rows(q, out);
    }
    return out;
}

// The catalog's rows of one dimension that were in force during the period, and any other key
// with figures (a row retired since, or a code no longer in the catalog), in the order given.
std::vector<Figures> merge(const CatalogRows& rows, TallyFigures& tallies,
                           const std::string& dimension, const Period& period) {
    auto& counted = tallies[dimension];
    std::vector<Figures> out;
    for (const auto& row : rows) {
        auto it = counted.find(row.figures.code);
        if (it == counted.end() && !row.in_force_during(period))
            continue;
        Figures f = row.figures;
        if (it != counted.end()) {
            f.metrics = std::move(it->second.metrics);
            f.wait_classes = std::move(it->second.wait_classes);
            f.service_classes = std::move(it->second.service_classes);
            counted.erase(it);
        }
        out.push_back(std::move(f));
    }
    for (auto& [key, f] : counted)
        out.push_back(std::move(f));
    return out;
}

HallProfileFigures profile_at(const Period& period, const CatalogRows& zones,
                              const CatalogRows& departments, const CatalogRows& items,
                              const CatalogRows& staff, const CatalogRows& queues,
                              const CatalogRows& windows, const CatalogRows& packages) {
    HallProfileFigures p;
    p.as_of = period.to;
    const auto& end = period.to;
    for (const auto& z : zones) {
        if (z.in_force_at(end)) {
            ++p.zones;
            p.zone_names.push_back(z.figures.name);
        }
    }
    std::map<std::string, int> items_of;
    for (const auto& i : items) {
        if (!i.in_force_at(end))
            continue;
        ++p.items;
        ++items_of[i.figures.group];
        if (i.figures.high_frequency)
            ++p.high_frequency_items;
        if (i.figures.stationed_on >= period.from)
            ++p.new_items;
    }
    for (const auto& d : departments) {
        if (!d.in_force_at(end))
            continue;
        ++p.departments;
        if (d.figures.stationed_on >= period.from)
            p.new_departments.push_back({d.figures.code, d.figures.name, d.figures.group_name,
                                         d.figures.stationed_on, items_of[d.figures.code]});
    }
    std::sort(p.new_departments.begin(), p.new_departments.end(), [](const auto& a, const auto& b) {
        return std::tie(a.stationed_on, a.code) < std::tie(b.stationed_on, b.code);
    });
    for (const auto& s : staff)
        p.staff += s.in_force_at(end) ? 1 : 0;
    for (const auto& q : queues)
        p.queues += q.in_force_at(end) ? 1 : 0;
    for (const auto& w : windows) {
        if (!w.in_force_at(end))
            continue;
        ++p.windows;
        if (w.figures.agency)
            ++p.agency_windows;
    }
    std::map<std::string, int> categories;
    for (const auto& pk : packages) {
        if (!pk.in_force_at(end))
            continue;
        ++p.packages;
        ++categories[pk.figures.group];
    }
    p.package_categories = static_cast<int>(categories.size());
    return p;
}

// Time logged in and on break so far in the sessions still open on the open day: the tallies
// count a session when it ends (at logout, at the latest at the day's close).
void add_open_sessions(sql::Database& db, const std::string& day, std::int64_t now_ms,
                       std::vector<Figures>& windows, std::vector<Figures>& staff) {
    struct Session {
        std::string staff;
        std::int64_t login_ms = 0;
        std::optional<std::int64_t> break_ms;
    };
    std::map<int, Session> open;
    auto q = db.prepare(
        "SELECT type, window_number, staff, at_ms FROM events WHERE day = ?1 AND type IN "
        "('staff_login', 'staff_logout', 'break_started', 'break_ended') ORDER BY seq");
    q.bind(1, day);
    while (q.step()) {
        const std::string type = q.text(0);
        const int window = q.is_null(1) ? 0 : q.int32(1);
        if (type == "staff_login")
            open[window] = {q.text(2), q.int64(3), std::nullopt};
        else if (type == "staff_logout")
            open.erase(window);
        else if (type == "break_started" && open.count(window))
            open[window].break_ms = q.int64(3);
        else if (type == "break_ended" && open.count(window))
            open[window].break_ms.reset();
    }
    auto find = [](std::vector<Figures>& list, const std::string& code) -> Figures* {
        for (auto& f : list)
            if (f.code == code)
                return &f;
        return nullptr;
    };
    for (const auto& [window, session] : open) {
        const std::int64_t logged_in = std::max<std::int64_t>(0, now_ms - session.login_ms);
        const std::int64_t on_break =
            session.break_ms ? std::max<std::int64_t>(0, now_ms - *session.break_ms) : 0;
        for (Figures* f : {find(windows, std::to_string(window)), find(staff, session.staff)}) {
            if (!f)
                continue;
            // Added only when there is something to add: a metric that counted nothing is
            // absent (export.md), not 0.
            if (logged_in > 0)
                f->metrics["logged_in_ms"] += logged_in;
            if (on_break > 0)
                f->metrics["break_ms"] += on_break;
        }
    }
}

}  // namespace

Period year_period(int year) {
    const auto y = std::to_string(year);
    return {y + "-01-01", y + "-12-31"};
}

std::optional<int> whole_year_of(const Period& period) {
    if (period.from.size() != 10 || period.from.substr(4) != "-01-01" ||
        period.to.substr(0, 4) != period.from.substr(0, 4) || period.to.substr(4) != "-12-31")
        return std::nullopt;
    return std::stoi(period.from.substr(0, 4));
}

std::int64_t Figures::get(std::string_view metric) const {
    auto it = metrics.find(metric);
    return it == metrics.end() ? 0 : it->second;
}

namespace {
Durations durations(std::int64_t total_ms, const DurationHistogram& classes) {
    Durations d;
    d.count = classes.count();
    d.total_ms = total_ms;
    if (d.count > 0) {
        // Rounded to the nearest millisecond, halves up.
        d.mean_ms = (2 * total_ms + d.count) / (2 * d.count);
        d.median_ms = classes.quantile_ms(0.5);
        d.p90_ms = classes.quantile_ms(0.9);
    }
    return d;
}
}  // namespace

Durations Figures::wait() const {
    return durations(get("wait_ms"), wait_classes);
}

Durations Figures::service() const {
    return durations(get("service_ms"), service_classes);
}

std::optional<double> Figures::within_target_share() const {
    const auto called = get("called");
    if (called <= 0)
        return std::nullopt;
    return static_cast<double>(get("within_target")) / static_cast<double>(called);
}

std::int64_t Figures::idle_ms() const {
    return std::max<std::int64_t>(
        0, get("logged_in_ms") - get("break_ms") - get("walk_ms") - get("service_ms"));
}

std::optional<double> Figures::good_review_rate() const {
    const auto rated = ratings();
    if (rated <= 0)
        return std::nullopt;
    return static_cast<double>(get("good_reviews")) / static_cast<double>(rated);
}

std::optional<double> Statistics::daily_average_visitors() const {
    if (open_days <= 0)
        return std::nullopt;
    return static_cast<double>(hall.get("served")) / open_days;
}

std::optional<double> Statistics::daily_average_items() const {
    if (open_days <= 0)
        return std::nullopt;
    return static_cast<double>(hall.get("items_handled")) / open_days;
}

Statistics compute_statistics(sql::Database& db, const Period& period,
                              const StatisticsOptions& options) {
    if (!is_valid_day(period.from) || !is_valid_day(period.to))
        throw std::invalid_argument("a period runs between two days written YYYY-MM-DD");
    if (period.to < period.from)
        throw std::invalid_argument("the period ends (" + period.to + ") before it starts (" +
                                    period.from + ")");
    sql::ReadSnapshot snapshot(db);
    Statistics s;
    s.period = period;
    s.year = whole_year_of(period);
    int day_close_min = HallProfile{}.day_close_min;
    {
        auto q = db.prepare(
            "SELECT key, value FROM hall_profile WHERE key IN ('name', 'time_zone', 'day_close')");
        while (q.step()) {
            const auto key = q.text(0);
            if (key == "day_close")
                day_close_min = parse_time_of_day(q.text(1)).value_or(day_close_min);
            else
                (key == "name" ? s.hall_name : s.time_zone) = q.text(1);
        }
    }
    // The hall's calendar, for today's day, the open day's close and the bad reviews' times of
    // day. A process has one time zone: where another is in force, those are left out.
    std::optional<HallCalendar> calendar;
    try {
        calendar.emplace(s.time_zone.empty() ? "Asia/Shanghai" : s.time_zone);
    } catch (const std::logic_error&) {
    }

    // The catalog, retired rows included: past figures keep their names.
    auto none = [](Figures&, int) {};
    const auto zones = read_catalog_rows(
        db, "SELECT code, name, '', '', active, retired_on, '', 0 FROM zones ORDER BY code", none);
    const auto departments = read_catalog_rows(
        db,
        "SELECT d.code, d.name, d.zone, COALESCE(z.name, d.zone), d.active, d.retired_on, "
        "d.stationed_on, 0 FROM departments d LEFT JOIN zones z ON z.code = d.zone ORDER BY "
        "d.code",
        none);
    const auto items = read_catalog_rows(
        db,
        "SELECT i.code, i.name, i.department, COALESCE(d.name, i.department), i.active, "
        "i.retired_on, i.stationed_on, i.high_frequency FROM items i LEFT JOIN departments d ON "
        "d.code = i.department ORDER BY i.code",
        [](Figures& f, int value) { f.high_frequency = value != 0; });
    const auto queues = read_catalog_rows(
        db,
        "SELECT q.code, q.name, q.zone, COALESCE(z.name, q.zone), q.active, q.retired_on, '', "
        "q.target_wait_min FROM queues q LEFT JOIN zones z ON z.code = q.zone ORDER BY q.code",
        [](Figures& f, int value) { f.target_wait_min = value; });
    const auto windows = read_catalog_rows(
        db,
        "SELECT CAST(w.number AS TEXT), w.name, w.zone, COALESCE(z.name, w.zone), w.active, "
        "w.retired_on, '', w.agency FROM windows w LEFT JOIN zones z ON z.code = w.zone ORDER BY "
        "w.number",
        [](Figures& f, int value) { f.agency = value != 0; });
    const auto staff = read_catalog_rows(
        db,
        "SELECT s.id, s.name, s.department, COALESCE(d.name, s.department), s.active, "
        "s.retired_on, '', 0 FROM staff s LEFT JOIN departments d ON d.code = s.department ORDER "
        "BY s.id",
        none);
    const auto packages = read_catalog_rows(
        db,
        "SELECT code, name, category, category, active, retired_on, '', 0 FROM packages ORDER BY "
        "code",
        none);
    // A period that has not ended yet (today, by the hall's clock, falls before its last day)
    // is described as of today: the catalog in force now, not what is planned for its end.
    Period profile_period = period;
    if (options.now_ms > 0 && calendar) {
        const auto today = calendar->day_of(options.now_ms);
        if (today >= period.from && today < period.to)
            profile_period.to = today;
    }
    s.profile =
        profile_at(profile_period, zones, departments, items, staff, queues, windows, packages);

    auto tallies = read_tallies(db, period);
    if (auto it = tallies["hall"].find(""); it != tallies["hall"].end())
        s.hall = std::move(it->second);
    s.hall.name = s.hall_name;
    for (const auto& [hour, f] : tallies["hour"]) {
        const int h = std::stoi(hour);
        if (h >= 0 && h < 24)
            s.issued_by_hour[static_cast<std::size_t>(h)] += f.get("issued");
    }
    s.zones = merge(zones, tallies, "zone", period);
    s.departments = merge(departments, tallies, "department", period);
    s.queues = merge(queues, tallies, "queue", period);
    s.items = merge(items, tallies, "item", period);
    s.windows = merge(windows, tallies, "window", period);
    s.staff = merge(staff, tallies, "staff", period);
    s.packages = merge(packages, tallies, "package", period);
    std::stable_sort(s.windows.begin(), s.windows.end(), [](const Figures& a, const Figures& b) {
        return std::stoll("0" + a.code) < std::stoll("0" + b.code);
    });

    // Every day of the period, from one range of the covering index of the days' own hall
    // figures (schema/003), never a scan of the other dimensions.
    {
        std::map<std::string, DayFigures> counted;
        auto q = db.prepare(
            "SELECT day, metric, value FROM daily_tallies WHERE dimension = 'hall' AND metric IN "
            "('issued', 'served', 'no_show', 'cancelled', 'unserved', 'items_handled') AND day "
            "BETWEEN ?1 AND ?2");
        q.bind(1, period.from).bind(2, period.to);
        while (q.step()) {
            auto& f = counted[q.text(0)];
            const auto metric = q.text_view(1);
            const std::int64_t value = q.int64(2);
            if (metric == "issued")
                f.issued = value;
            else if (metric == "served")
                f.served = value;
            else if (metric == "no_show")
                f.no_show = value;
            else if (metric == "cancelled")
                f.cancelled = value;
            else if (metric == "unserved")
                f.unserved = value;
            else
                f.items_handled = value;
        }
        std::map<std::string, DayGroup> months;
        s.by_weekday.resize(7);
        for (int i = 0; i < 7; ++i)
            s.by_weekday[static_cast<std::size_t>(i)].key = std::to_string(i);
        for (std::string day = period.from; day <= period.to; day = day_after(day)) {
            DayFigures f;
            if (auto it = counted.find(day); it != counted.end())
                f = it->second;
            f.day = day;
            f.weekday = weekday_of_day(day);
            auto& month = months[day.substr(0, 7)];
            month.key = day.substr(0, 7);
            auto& weekday = s.by_weekday[static_cast<std::size_t>(f.weekday)];
            for (DayGroup* g : {&month, &weekday}) {
                g->open_days += f.open() ? 1 : 0;
                g->issued += f.issued;
                g->served += f.served;
                g->items_handled += f.items_handled;
            }
            if (f.open()) {
                ++s.open_days;
                if (!s.busiest_day || f.served > s.busiest_day->served)
                    s.busiest_day = f;
            }
            s.days.push_back(std::move(f));
        }
        for (auto& [key, month] : months)
            s.by_month.push_back(std::move(month));
    }

    // The bad reviews, from their covering index alone: the staff's names are the catalog's,
    // and the local time of day stands for the ticket, whose row would cost a random read each.
    {
        std::map<std::string, std::string, std::less<>> staff_names;
        for (const auto& row : staff)
            staff_names[row.figures.code] = row.figures.name;
        auto q = db.prepare(
            "SELECT day, at_ms, ticket_id, window_number, staff, grade, COALESCE(reason, '') FROM "
            "ratings WHERE grade >= 4 AND day BETWEEN ?1 AND ?2 ORDER BY day, at_ms, ticket_id");
        q.bind(1, period.from).bind(2, period.to);
        std::string midnight_day;
        std::int64_t midnight_ms = 0;
        while (q.step()) {
            BadReview r;
            r.day = q.text(0);
            r.at_ms = q.int64(1);
            r.ticket_id = q.int64(2);
            r.window = q.int32(3);
            r.staff = q.text(4);
            auto name = staff_names.find(r.staff);
            r.staff_name = name == staff_names.end() ? r.staff : name->second;
            r.grade = q.int32(5);
            r.reason = q.text(6);
            if (calendar) {
                // Minutes since the day's local midnight, found once a day: the C library's
                // local time for each of thousands of reviews cost more than reading them.
                if (r.day != midnight_day) {
                    midnight_day = r.day;
                    midnight_ms = calendar->at(r.day, 0);
                }
                const int minute = static_cast<int>(
                    std::clamp<std::int64_t>((r.at_ms - midnight_ms) / 60'000, 0, 24 * 60 - 1));
                char time[32];
                std::snprintf(time, sizeof time, "%02d:%02d", minute / 60, minute % 60);
                r.time = time;
            }
            s.bad_reviews.push_back(std::move(r));
        }
    }

    // The day still open: after the last closed day, the first day with events.
    {
        auto last_closed = db.prepare("SELECT COALESCE(MAX(day), '') FROM day_closes");
        last_closed.step();
        auto first_open =
            db.prepare("SELECT day FROM events WHERE day > ?1 ORDER BY day, seq LIMIT 1");
        first_open.bind(1, last_closed.text(0));
        if (first_open.step()) {
            const std::string day = first_open.text(0);
            if (day >= period.from && day <= period.to) {
                s.open_day = day;
                for (const auto& f : s.days)
                    if (f.day == day)
                        s.open_visits = std::max<std::int64_t>(
                            0, f.issued - f.served - f.no_show - f.cancelled - f.unserved);
                // A session runs at the latest to the day's close time, where the close ends
                // it even when it runs later: a clock past it (the machine's, for a command on
                // a hall that follows a test clock, or a server down over the close) adds no
                // more.
                const auto until_ms =
                    calendar ? std::min(options.now_ms, calendar->at(day, day_close_min))
                             : options.now_ms;
                add_open_sessions(db, day, until_ms, s.windows, s.staff);
            }
        }
    }
    return s;
}

std::vector<std::pair<std::string, int>> bad_review_reasons(const Statistics& statistics) {
    std::map<std::string, int> counts;
    for (const auto& r : statistics.bad_reviews)
        ++counts[r.reason];
    std::vector<std::pair<std::string, int>> out(counts.begin(), counts.end());
    std::stable_sort(out.begin(), out.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    return out;
}

}  // namespace hall
