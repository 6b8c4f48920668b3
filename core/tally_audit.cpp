// Recounts the tallies from the log, one day at a time, and compares them with the stored ones.
// Closed days never change, so they are recounted on several threads, each with its own
// connection; the day still open and the yearly sums are read in the caller's one snapshot.
#include "tally_audit.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <thread>
#include <unordered_map>
#include <vector>

#include "civil_days.hpp"
#include "event_store.hpp"
#include "tally.hpp"

namespace hall {

namespace {

// dimension, key, metric in one string: one hash lookup per delta instead of a tuple compare.
constexpr char separator = '\x1f';

void make_key(std::string& k, const std::string& dimension, const std::string& key,
              const std::string& metric) {
    k.clear();
    k += dimension;
    k += separator;
    k += key;
    k += separator;
    k += metric;
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

// What recounting a run of consecutive days found.
struct Recount {
    std::vector<std::string> lines;  // differences, in day order
    std::map<std::string, Counts> years;
    std::optional<std::int64_t> first_seq, last_seq;
    std::string first_day;  // of the first event
    std::size_t events = 0, days = 0, tallies = 0;
};

// Compares a recount with stored rows (dimension, key, metric, value) of one day or year.
void compare(const std::string& where, sql::Statement& stored, const std::string& bound,
             const Counts& recount, Recount& out) {
    auto difference = [&](const std::string& k, std::int64_t log, std::int64_t tally) {
        out.lines.push_back(where + " " + readable(k) + ": log says " + std::to_string(log) +
                            ", tally says " + std::to_string(tally));
    };
    std::string k;
    std::size_t matched = 0;
    stored.bind(1, bound);
    while (stored.step()) {
        make_key(k, stored.text(0), stored.text(1), stored.text(2));
        const auto have = stored.int64(3);
        ++out.tallies;
        auto it = recount.find(k);
        std::int64_t want = 0;
        if (it != recount.end()) {
            want = it->second;
            ++matched;
        }
        if (want != have)
            difference(k, want, have);
    }
    stored.reset();
    if (matched == recount.size())
        return;
    // Some figure the log counts has no stored tally at all: find which, reading again.
    std::set<std::string> present;
    stored.bind(1, bound);
    while (stored.step()) {
        make_key(k, stored.text(0), stored.text(1), stored.text(2));
        present.insert(k);
    }
    stored.reset();
    std::map<std::string, std::int64_t> missing;  // in key order, as the stored rows come
    for (const auto& [key, value] : recount)
        if (value != 0 && !present.count(key))
            missing.emplace(key, value);
    for (const auto& [key, value] : missing)
        difference(key, value, 0);
}

// Recounts the days from..to (both included) on `db`, inside the caller's read transaction.
Recount recount_days(sql::Database& db, const std::string& from, const std::string& to) {
    Recount out;
    auto stored_day =
        db.prepare("SELECT dimension, key, metric, value FROM daily_tallies WHERE day = ?1");
    auto has_tallies = db.prepare("SELECT 1 FROM daily_tallies WHERE day = ?1 LIMIT 1");
    // Events in day order, which is also sequence order: the log's days only ever advance.
    auto events = db.prepare(
        "SELECT seq, day, at_ms, type, ticket_id, queue, window_number, staff, device, data FROM "
        "events WHERE day BETWEEN ?1 AND ?2 ORDER BY day, seq");
    events.bind(1, from).bind(2, to);

    Counts recount;
    recount.reserve(1 << 15);
    auto finish_day = [&](const std::string& day) {
        compare(day, stored_day, day, recount, out);
        ++out.days;
        auto& year = out.years[day.substr(0, 4)];
        for (const auto& [k, v] : recount)
            year[k] += v;
        recount.clear();
    };
    // Days with tallies but no events are found by walking the calendar between event days.
    std::string next_day = from;
    auto days_without_events_before = [&](const std::string& until) {
        for (std::string d = next_day; d < until; d = day_after(d)) {
            has_tallies.bind(1, d);
            const bool any = has_tallies.step();
            has_tallies.reset();
            if (any)
                finish_day(d);
        }
    };

    std::string day, k;
    while (events.step()) {
        const Event e = event_from_row(events);
        if (e.day != day) {
            if (!day.empty())
                finish_day(day);
            days_without_events_before(e.day);
            day = e.day;
            next_day = day_after(day);
        }
        if (!out.first_seq) {
            out.first_seq = e.seq;
            out.first_day = e.day;
        } else if (e.seq != *out.last_seq + 1)
            out.lines.push_back(e.day + " the log jumps from event " +
                                std::to_string(*out.last_seq) + " to " + std::to_string(e.seq));
        out.last_seq = e.seq;
        for (const auto& delta : tally_deltas(e)) {
            make_key(k, delta.dimension, delta.key, delta.metric);
            if (auto it = recount.find(k); it != recount.end())
                it->second += delta.value;
            else
                recount.emplace(k, delta.value);
        }
        ++out.events;
    }
    if (!day.empty())
        finish_day(day);
    days_without_events_before(day_after(to));
    return out;
}

// A read transaction on a connection of its own.
struct ReadTransaction {
    explicit ReadTransaction(sql::Database& database) : db(database) { db.exec("BEGIN DEFERRED"); }
    ~ReadTransaction() {
        try {
            db.exec("COMMIT");
        } catch (...) {
            // Nothing was written; closing the connection ends the transaction as well.
        }
    }
    ReadTransaction(const ReadTransaction&) = delete;
    ReadTransaction& operator=(const ReadTransaction&) = delete;
    sql::Database& db;
};

// Splits from..to into up to `parts` runs of consecutive days of about equal length.
std::vector<std::pair<std::string, std::string>> split_days(const std::string& from,
                                                            const std::string& to, unsigned parts) {
    const long first = *day_number(from), last = *day_number(to);
    const long total = last - first + 1;
    std::vector<std::pair<std::string, std::string>> runs;
    for (unsigned i = 0; i < parts; ++i) {
        const long a = first + total * i / parts;
        const long b = first + total * (i + 1) / parts - 1;
        if (a <= b)
            runs.emplace_back(day_from_number(a), day_from_number(b));
    }
    return runs;
}

}  // namespace

AuditSummary audit_tallies(sql::Database& db, std::optional<int> year,
                           const std::function<void(const std::string&)>& report) {
    ReadTransaction snapshot(db);
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

    std::vector<Recount> runs;
    if (!from.empty()) {
        // Closed days are final: any connection's snapshot shows them alike, so they can be
        // recounted side by side. Later days are read in this connection's snapshot.
        auto last_closed = db.prepare("SELECT COALESCE(MAX(day), '') FROM day_closes");
        last_closed.step();
        const std::string closed_to = std::min(to, last_closed.text(0));
        const unsigned threads =
            db.path() == ":memory:" ? 1U : std::clamp(std::thread::hardware_concurrency(), 1U, 4U);
        std::vector<std::pair<std::string, std::string>> closed;
        if (closed_to >= from)
            closed = split_days(from, closed_to, threads);
        runs.resize(closed.size() + 1);
        std::vector<std::thread> workers;
        std::vector<std::exception_ptr> failures(closed.size());
        for (std::size_t i = 1; i < closed.size(); ++i) {
            workers.emplace_back([&, i] {
                try {
                    sql::Database own(db.path());
                    ReadTransaction read(own);
                    runs[i] = recount_days(own, closed[i].first, closed[i].second);
                } catch (...) {
                    failures[i] = std::current_exception();
                }
            });
        }
        if (!closed.empty())
            runs[0] = recount_days(db, closed[0].first, closed[0].second);
        const std::string rest_from = closed.empty() ? from : day_after(closed_to);
        if (rest_from <= to)
            runs.back() = recount_days(db, rest_from, to);
        for (auto& w : workers)
            w.join();
        for (auto& failure : failures)
            if (failure)
                std::rethrow_exception(failure);
    }

    AuditSummary summary;
    auto emit = [&](const std::string& line) {
        report(line);
        ++summary.differences;
    };
    std::optional<std::int64_t> last_seq;
    if (!year)
        last_seq = 0;  // the whole log starts at event 1
    std::map<std::string, Counts> years;
    for (auto& run : runs) {
        // A gap between two runs shows where the next one starts.
        if (run.first_seq && last_seq && *run.first_seq != *last_seq + 1)
            emit(run.first_day + " the log jumps from event " + std::to_string(*last_seq) + " to " +
                 std::to_string(*run.first_seq));
        if (run.last_seq)
            last_seq = run.last_seq;
        for (const auto& line : run.lines)
            emit(line);
        summary.events += run.events;
        summary.days += run.days;
        summary.tallies += run.tallies;
        for (auto& [y, counts] : run.years) {
            auto& sum = years[y];
            if (sum.empty()) {
                sum = std::move(counts);
                continue;
            }
            for (const auto& [k, v] : counts)
                sum[k] += v;
        }
    }

    // Every year recounted, and any other year with stored sums, which must then be all 0.
    if (year) {
        years.try_emplace(std::to_string(*year));
    } else {
        auto q = db.prepare("SELECT DISTINCT year FROM yearly_tallies");
        while (q.step())
            years.try_emplace(q.text(0));
    }
    auto stored_year =
        db.prepare("SELECT dimension, key, metric, value FROM yearly_tallies WHERE year = ?1");
    for (const auto& [y, counts] : years) {
        Recount out;
        compare(y + " (yearly sum)", stored_year, y, counts, out);
        summary.tallies += out.tallies;
        for (const auto& line : out.lines)
            emit(line);
    }
    return summary;
}

}  // namespace hall
