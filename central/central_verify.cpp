// Compares the hall's own figures with the central's copy, one day at a time.
#include "central_verify.hpp"

#include <map>
#include <set>

#include "hall_identity.hpp"
#include "read_snapshot.hpp"

namespace hall::central {

namespace {

using Figures = std::map<std::string, std::int64_t>;  // "dimension key metric" -> value

std::string label(std::string_view dimension, std::string_view key, std::string_view metric) {
    std::string out(dimension);
    if (!key.empty()) {
        out += ' ';
        out += key;
    }
    out += ' ';
    out += metric;
    return out;
}

Figures hall_figures(sql::Statement& q) {
    Figures out;
    while (q.step())
        out[label(q.text_view(0), q.text_view(1), q.text_view(2))] = q.int64(3);
    q.reset();
    return out;
}

Figures central_figures(const pg::Result& r) {
    Figures out;
    for (int i = 0; i < r.rows(); ++i)
        out[label(r.text(i, 0), r.text(i, 1), r.text(i, 2))] = r.int64(i, 3);
    return out;
}

// Reports each figure whose values differ; a figure missing on one side counts as 0 there.
std::size_t compare(const std::string& when, const Figures& hall, const Figures& central,
                    const std::function<void(const std::string&)>& report) {
    std::size_t differences = 0;
    auto differ = [&](const std::string& figure, std::int64_t h, std::int64_t c) {
        if (h == c)
            return;
        ++differences;
        report(when + " " + figure + ": the hall says " + std::to_string(h) +
               ", the central says " + std::to_string(c));
    };
    for (const auto& [figure, value] : hall) {
        auto it = central.find(figure);
        differ(figure, value, it == central.end() ? 0 : it->second);
    }
    for (const auto& [figure, value] : central)
        if (!hall.count(figure))
            differ(figure, 0, value);
    return differences;
}

}  // namespace

CentralAuditSummary verify_central(sql::Database& hall, pg::Connection& central, int year,
                                   const std::function<void(const std::string&)>& report) {
    CentralAuditSummary summary;
    const std::string y = std::to_string(year);
    const std::string from = y + "-01-01", to = y + "-12-31";
    sql::ReadSnapshot snapshot(hall);
    summary.hall_id = read_hall_id(hall);
    const std::string& id = summary.hall_id;

    auto mark = central.exec("SELECT last_seq FROM halls WHERE hall_id = $1", {id});
    if (mark.rows() == 0) {
        report("the central has nothing from hall " + id + " (run hall_server sync)");
        ++summary.differences;
        return summary;
    }
    std::int64_t hall_last = 0;
    {
        auto q = hall.prepare("SELECT COALESCE(MAX(seq), 0), COUNT(*) FROM events WHERE day <= ?1");
        q.bind(1, to);
        q.step();
        hall_last = q.int64(0);
        auto count = hall.prepare("SELECT COUNT(*) FROM events WHERE day BETWEEN ?1 AND ?2");
        count.bind(1, from).bind(2, to);
        count.step();
        summary.events = static_cast<std::size_t>(count.int64(0));
    }
    if (mark.int64(0, 0) < hall_last) {
        report("the central holds hall " + id + "'s events up to " +
               std::to_string(mark.int64(0, 0)) + ", the hall's " + y + " runs to " +
               std::to_string(hall_last) + " (run hall_server sync first)");
        ++summary.differences;
    }

    // Events per day.
    {
        std::map<std::string, std::int64_t> hall_days, central_days;
        auto q = hall.prepare(
            "SELECT day, COUNT(*) FROM events WHERE day BETWEEN ?1 AND ?2 GROUP BY day");
        q.bind(1, from).bind(2, to);
        while (q.step())
            hall_days[q.text(0)] = q.int64(1);
        auto r = central.exec(
            "SELECT day::text, COUNT(*) FROM events WHERE hall_id = $1 AND day BETWEEN $2 AND $3 "
            "GROUP BY day",
            {id, from, to});
        for (int i = 0; i < r.rows(); ++i)
            central_days[std::string(r.text(i, 0))] = r.int64(i, 1);
        std::set<std::string> days;
        for (const auto& [day, n] : hall_days)
            days.insert(day);
        for (const auto& [day, n] : central_days)
            days.insert(day);
        for (const auto& day : days) {
            const auto h = hall_days.count(day) ? hall_days[day] : 0;
            const auto c = central_days.count(day) ? central_days[day] : 0;
            if (h != c) {
                ++summary.differences;
                report(day + " events: the hall has " + std::to_string(h) + ", the central " +
                       std::to_string(c));
            }
        }
    }

    // Daily tallies, a day at a time: a year of them is millions of rows.
    std::set<std::string> days;
    {
        auto q = hall.prepare("SELECT DISTINCT day FROM daily_tallies WHERE day BETWEEN ?1 AND ?2");
        q.bind(1, from).bind(2, to);
        while (q.step())
            days.insert(q.text(0));
        auto r = central.exec(
            "SELECT DISTINCT day::text FROM daily_tallies WHERE hall_id = $1 AND day BETWEEN $2 "
            "AND $3",
            {id, from, to});
        for (int i = 0; i < r.rows(); ++i)
            days.insert(std::string(r.text(i, 0)));
    }
    auto hall_day =
        hall.prepare("SELECT dimension, key, metric, value FROM daily_tallies WHERE day = ?1");
    for (const auto& day : days) {
        hall_day.bind(1, day);
        const auto h = hall_figures(hall_day);
        const auto c = central_figures(central.exec(
            "SELECT dimension, key, metric, value FROM daily_tallies WHERE hall_id = $1 AND day = "
            "$2",
            {id, day}));
        summary.figures += h.size();
        summary.differences += compare(day, h, c, report);
        ++summary.days;
    }

    // The year's sums.
    auto hall_year =
        hall.prepare("SELECT dimension, key, metric, value FROM yearly_tallies WHERE year = ?1");
    hall_year.bind(1, y);
    const auto h = hall_figures(hall_year);
    const auto c = central_figures(central.exec(
        "SELECT dimension, key, metric, value FROM yearly_tallies WHERE hall_id = $1 AND year = "
        "$2",
        {id, y}));
    summary.figures += h.size();
    summary.differences += compare(y, h, c, report);
    return summary;
}

}  // namespace hall::central
