// Recounts the tallies from the log, one day at a time, and compares them with the stored ones.
#include "tally_audit.hpp"

#include <set>
#include <unordered_map>
#include <vector>

#include "civil_days.hpp"
#include "event_store.hpp"
#include "tally.hpp"

namespace hall {

namespace {

// dimension, key, metric in one string: one hash lookup per delta instead of a tuple compare.
constexpr char separator = '\x1f';

std::string tally_key(const std::string& dimension, const std::string& key,
                      const std::string& metric) {
    std::string k;
    k.reserve(dimension.size() + key.size() + metric.size() + 2);
    k += dimension;
    k += separator;
    k += key;
    k += separator;
    k += metric;
    return k;
}

// "queue\x1fQ01\x1fserved" -> "queue Q01 served"; the hall's empty key is left out.
std::string readable(const std::string& k) {
    std::string out;
    std::size_t start = 0;
    while (start <= k.size()) {
        auto end = k.find(separator, start);
        if (end == std::string::npos)
            end = k.size();
        if (end > start) {
            if (!out.empty())
                out += ' ';
            out.append(k, start, end - start);
        }
        start = end + 1;
    }
    return out;
}

using Counts = std::unordered_map<std::string, std::int64_t>;

class Auditor {
  public:
    Auditor(sql::Database& db, const std::function<void(const std::string&)>& report)
        : report_(report),
          stored_day_(
              db.prepare("SELECT dimension, key, metric, value FROM daily_tallies WHERE day = ?1")),
          stored_year_(db.prepare(
              "SELECT dimension, key, metric, value FROM yearly_tallies WHERE year = ?1")) {}

    void difference(const std::string& where, const std::string& figure, std::int64_t log,
                    std::int64_t tally) {
        report_(where + " " + readable(figure) + ": log says " + std::to_string(log) +
                ", tally says " + std::to_string(tally));
        ++summary.differences;
    }

    void problem(const std::string& text) {
        report_(text);
        ++summary.differences;
    }

    // Compares one day's recount with its stored tallies and adds it to its year's; a day of a
    // new year first closes the previous year.
    void finish_day(const std::string& day, Counts& recount) {
        const auto year = day.substr(0, 4);
        if (year != year_)
            finish_year();
        year_ = year;
        stored_day_.bind(1, day);
        compare(day, day, stored_day_, recount);
        ++summary.days;
        for (const auto& [k, v] : recount)
            year_counts_[k] += v;
        recount.clear();
    }

    void finish_year() {
        if (year_.empty())
            return;
        stored_year_.bind(1, year_);
        compare(year_ + " (yearly sum)", year_, stored_year_, year_counts_);
        audited_years_.insert(year_);
        year_counts_.clear();
        year_.clear();
    }

    // A year with yearly sums but not one day of figures: every sum must be 0.
    void check_year_without_days(const std::string& year) {
        if (audited_years_.count(year))
            return;
        year_ = year;
        finish_year();
    }

    AuditSummary summary;

  private:
    // `stored` is bound to `key` (the day or the year) before the call.
    void compare(const std::string& where, const std::string& key, sql::Statement& stored,
                 const Counts& recount) {
        std::size_t matched = 0;
        while (stored.step()) {
            const auto k = tally_key(stored.text(0), stored.text(1), stored.text(2));
            const auto have = stored.int64(3);
            ++summary.tallies;
            auto it = recount.find(k);
            const std::int64_t want = it == recount.end() ? 0 : it->second;
            if (it != recount.end())
                ++matched;
            if (want != have)
                difference(where, k, want, have);
        }
        stored.reset();
        if (matched == recount.size())
            return;
        // Some figure the log counts has no stored tally at all: find which, reading again.
        std::unordered_map<std::string, bool> present;
        stored.bind(1, key);
        while (stored.step())
            present[tally_key(stored.text(0), stored.text(1), stored.text(2))] = true;
        stored.reset();
        for (const auto& [k, v] : recount)
            if (v != 0 && !present.count(k))
                difference(where, k, v, 0);
    }

    const std::function<void(const std::string&)>& report_;
    sql::Statement stored_day_;
    sql::Statement stored_year_;
    std::string year_;
    Counts year_counts_;
    std::set<std::string> audited_years_;
};

}  // namespace

AuditSummary audit_tallies(sql::Database& db, std::optional<int> year,
                           const std::function<void(const std::string&)>& report) {
    db.exec("BEGIN DEFERRED");
    struct End {
        sql::Database& db;
        ~End() {
            try {
                db.exec("COMMIT");
            } catch (...) {
                // A read transaction: closing the connection ends it as well.
            }
        }
    } end{db};

    Auditor auditor(db, report);
    // The days to recount: the year's, or from the first day with events or tallies to the last.
    std::string from, to;
    if (year) {
        from = std::to_string(*year) + "-01-01";
        to = std::to_string(*year) + "-12-31";
    } else {
        auto bounds = db.prepare(
            "SELECT MIN(d), MAX(d) FROM (SELECT MIN(day) AS d FROM events UNION ALL SELECT "
            "MAX(day) FROM events UNION ALL SELECT MIN(day) FROM daily_tallies UNION ALL SELECT "
            "MAX(day) FROM daily_tallies)");
        if (bounds.step() && !bounds.is_null(0)) {
            from = bounds.text(0);
            to = bounds.text(1);
        }
    }

    // Events in day order, which is also sequence order: the log's days only ever advance.
    auto events = db.prepare(
        "SELECT seq, day, at_ms, type, ticket_id, queue, window_number, staff, device, data FROM "
        "events WHERE day BETWEEN ?1 AND ?2 ORDER BY day, seq");
    events.bind(1, from).bind(2, to);
    // The whole log starts at event 1; a year's starts wherever the year before ended.
    std::optional<std::int64_t> last_seq;
    if (!year)
        last_seq = 0;
    // Days with tallies but no events are found by walking the calendar between event days.
    auto has_tallies = db.prepare("SELECT 1 FROM daily_tallies WHERE day = ?1 LIMIT 1");
    std::string next_day = from;
    auto days_without_events_before = [&](const std::string& until) {
        for (std::string d = next_day; !d.empty() && d < until; d = day_after(d)) {
            has_tallies.bind(1, d);
            const bool any = has_tallies.step();
            has_tallies.reset();
            if (any) {
                Counts none;
                auditor.finish_day(d, none);
            }
        }
    };
    Counts recount;
    std::string day;
    while (events.step()) {
        Event e = event_from_row(events);
        if (e.day != day) {
            if (!day.empty())
                auditor.finish_day(day, recount);
            days_without_events_before(e.day);
            day = e.day;
            next_day = day_after(day);
        }
        if (last_seq && e.seq != *last_seq + 1)
            auditor.problem(e.day + " the log jumps from event " + std::to_string(*last_seq) +
                            " to " + std::to_string(e.seq));
        last_seq = e.seq;
        for (const auto& delta : tally_deltas(e))
            recount[tally_key(delta.dimension, delta.key, delta.metric)] += delta.value;
        ++auditor.summary.events;
    }
    if (!day.empty())
        auditor.finish_day(day, recount);
    if (!to.empty())
        days_without_events_before(day_after(to));
    auditor.finish_year();
    if (year) {
        auditor.check_year_without_days(std::to_string(*year));
    } else {
        std::vector<std::string> years;
        auto q = db.prepare("SELECT DISTINCT year FROM yearly_tallies");
        while (q.step())
            years.push_back(q.text(0));
        for (const auto& y : years)
            auditor.check_year_without_days(y);
    }
    return auditor.summary;
}

}  // namespace hall
