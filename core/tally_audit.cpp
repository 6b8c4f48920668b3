// Recounts the tallies from the log, one day at a time, and compares them with the stored ones.
// Closed days never change, so they are recounted on several threads, each with its own
// connection; the day still open and the yearly sums are read in the caller's one snapshot.
//
// The recount is the costly part of verify (a year is 4.5 million events adding 80 million
// figures), so figures are counted by number, not by name: each (dimension, key) met becomes a
// row, each metric a column (tally_names.hpp), and a day's figures are two arrays of those rows,
// one from the log and one from the stored tallies. Event data is read with simdjson.
#include "tally_audit.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "civil_days.hpp"
#include "event_data_decoder.hpp"
#include "tally_rules.hpp"

namespace hall {

namespace {

// The (dimension, key) pairs met, numbered in the order first met.
class Rows {
  public:
    struct Row {
        TallyDimension dimension;
        std::string key;
    };

    // Within one event, a key is the same view each time it is named (an event names its zone,
    // queue, window and staff for several figures): begin_event() starts a new event.
    void begin_event() { ++event_; }

    std::uint32_t find_or_add(TallyDimension dimension, std::string_view key) {
        auto& last = last_[static_cast<std::size_t>(dimension)];
        if (last.event == event_ && last.view.data() == key.data() &&
            last.view.size() == key.size())
            return last.row;
        // Consecutive events often name the same zone, queue or window too.
        if (last.event == 0 || last.key != key) {
            auto& index = index_[static_cast<std::size_t>(dimension)];
            if (auto it = index.find(key); it != index.end()) {
                last.row = it->second;
            } else {
                last.row = static_cast<std::uint32_t>(rows_.size());
                rows_.push_back({dimension, std::string(key)});
                index.emplace(std::string(key), last.row);
            }
            last.key.assign(key);
        }
        last.view = key;
        last.event = event_;
        return last.row;
    }
    const Row& operator[](std::uint32_t row) const { return rows_[row]; }

  private:
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const {
            return std::hash<std::string_view>{}(s);
        }
    };
    struct Last {
        std::string key;
        std::uint32_t row = 0;
        std::string_view view;    // as named in event number `event`
        std::uint64_t event = 0;  // 0: nothing yet
    };
    std::uint64_t event_ = 1;
    std::vector<Row> rows_;
    std::array<std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>>,
               tally_dimension_count>
        index_;
    std::array<Last, tally_dimension_count> last_;
};

// One day's (or year's) figures by row and metric: as the log counts them, and as stored.
class Figures {
  public:
    Figures() : metrics_(tally_metric_count()) {}

    void add_log(std::uint32_t row, TallyMetric metric, std::int64_t value) {
        touch(row);
        log_[row * metrics_ + static_cast<std::size_t>(metric)] += value;
    }
    void add_tally(std::uint32_t row, TallyMetric metric, std::int64_t value) {
        touch(row);
        tally_[row * metrics_ + static_cast<std::size_t>(metric)] += value;
    }
    // Adds these figures' log side into `sum`, through a mapping of rows.
    template <class MapRow>
    void add_log_into(Figures& sum, MapRow&& map_row) const {
        for (auto row : touched_rows_) {
            const auto to = map_row(row);
            sum.touch(to);
            for (std::size_t m = 0; m < metrics_; ++m)
                sum.log_[to * metrics_ + m] += log_[row * metrics_ + m];
        }
    }
    // Calls f(row, metric, log, tally) for every figure where the two differ.
    template <class F>
    void for_each_difference(F&& f) const {
        for (auto row : touched_rows_)
            for (std::size_t m = 0; m < metrics_; ++m)
                if (log_[row * metrics_ + m] != tally_[row * metrics_ + m])
                    f(row, static_cast<TallyMetric>(m), log_[row * metrics_ + m],
                      tally_[row * metrics_ + m]);
    }
    void clear() {
        for (auto row : touched_rows_) {
            std::fill_n(log_.begin() + static_cast<std::ptrdiff_t>(row * metrics_), metrics_, 0);
            std::fill_n(tally_.begin() + static_cast<std::ptrdiff_t>(row * metrics_), metrics_, 0);
            touched_[row] = 0;
        }
        touched_rows_.clear();
    }

  private:
    void touch(std::uint32_t row) {
        if (row >= touched_.size()) {
            const std::size_t rows = std::max<std::size_t>(row + 1, touched_.size() * 2);
            touched_.resize(rows);
            log_.resize(rows * metrics_);
            tally_.resize(rows * metrics_);
        }
        if (!touched_[row]) {
            touched_[row] = 1;
            touched_rows_.push_back(row);
        }
    }

    std::size_t metrics_;
    std::vector<std::int64_t> log_, tally_;
    std::vector<std::uint8_t> touched_;
    std::vector<std::uint32_t> touched_rows_;
};

// A figure whose two counts differ, by name.
struct Difference {
    std::string dimension, key, metric;
    std::int64_t log = 0, tally = 0;
    bool operator<(const Difference& o) const {
        return std::tie(dimension, key, metric) < std::tie(o.dimension, o.key, o.metric);
    }
};

// Reads stored rows (dimension, key, metric, value) of one day or year into `figures`. A row
// the rule never counts (an unknown dimension or metric) goes to `unknown`.
std::size_t read_stored(sql::Statement& stored, std::string_view bound, Rows& rows,
                        Figures& figures, std::vector<Difference>& unknown) {
    std::size_t count = 0;
    std::string last_dimension;
    std::optional<TallyDimension> dimension;
    stored.bind(1, bound);
    while (stored.step()) {
        ++count;
        const auto dimension_name = stored.text_view(0);
        if (dimension_name != last_dimension) {
            last_dimension.assign(dimension_name);
            dimension = parse_tally_dimension(dimension_name);
        }
        const auto metric = parse_tally_metric(stored.text_view(2));
        const auto value = stored.int64(3);
        if (!dimension || !metric) {
            if (value != 0)
                unknown.push_back({last_dimension, stored.text(1), stored.text(2), 0, value});
            continue;
        }
        rows.begin_event();  // each row's text is read into the same buffer
        figures.add_tally(rows.find_or_add(*dimension, stored.text_view(1)), *metric, value);
    }
    stored.reset();
    return count;
}

// Lines "<where> <dimension> <key> <metric>: log says L, tally says T", in the stored order.
void report_differences(const std::string& where, const Rows& rows, const Figures& figures,
                        std::vector<Difference> differences, std::vector<std::string>& lines) {
    figures.for_each_difference(
        [&](std::uint32_t row, TallyMetric metric, std::int64_t log, std::int64_t tally) {
            differences.push_back({std::string(to_string(rows[row].dimension)), rows[row].key,
                                   std::string(to_string(metric)), log, tally});
        });
    std::sort(differences.begin(), differences.end());
    for (const auto& d : differences) {
        // The hall's empty key is left out: "2019-03-05 hall served".
        lines.push_back(where + " " + d.dimension + (d.key.empty() ? "" : " " + d.key) + " " +
                        d.metric + ": log says " + std::to_string(d.log) + ", tally says " +
                        std::to_string(d.tally));
    }
}

// What recounting a run of consecutive days found.
struct Recount {
    std::vector<std::string> lines;  // differences, in day order
    Rows rows;
    std::map<std::string, Figures> years;  // the log's counts only
    std::optional<std::int64_t> first_seq, last_seq;
    std::string first_day;  // of the first event
    std::size_t events = 0, days = 0, tallies = 0;
};

// Recounts the days from..to (both included) on `db`, inside the caller's read transaction.
Recount recount_days(sql::Database& db, const std::string& from, const std::string& to) {
    Recount out;
    auto stored_day =
        db.prepare("SELECT dimension, key, metric, value FROM daily_tallies WHERE day = ?1");
    auto has_tallies = db.prepare("SELECT 1 FROM daily_tallies WHERE day = ?1 LIMIT 1");
    // Events in day order, which is also sequence order: the log's days only ever advance.
    auto events = db.prepare(
        "SELECT seq, day, type, queue, window_number, staff, data FROM events WHERE day BETWEEN "
        "?1 AND ?2 ORDER BY day, seq");
    events.bind(1, from).bind(2, to);

    Figures day_figures;
    auto finish_day = [&](const std::string& day) {
        std::vector<Difference> unknown;
        out.tallies += read_stored(stored_day, day, out.rows, day_figures, unknown);
        report_differences(day, out.rows, day_figures, std::move(unknown), out.lines);
        ++out.days;
        day_figures.add_log_into(out.years[day.substr(0, 4)],
                                 [](std::uint32_t row) { return row; });
        day_figures.clear();
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

    EventDataDecoder data;
    auto add = [&](TallyDimension dimension, std::string_view key, TallyMetric metric,
                   std::int64_t value) {
        day_figures.add_log(out.rows.find_or_add(dimension, key), metric, value);
    };
    std::string day;
    while (events.step()) {
        const auto seq = events.int64(0);
        if (events.text_view(1) != day) {
            if (!day.empty())
                finish_day(day);
            const std::string next = events.text(1);
            days_without_events_before(next);
            day = next;
            next_day = day_after(day);
        }
        if (!out.first_seq) {
            out.first_seq = seq;
            out.first_day = day;
        } else if (seq != *out.last_seq + 1)
            out.lines.push_back(day + " the log jumps from event " + std::to_string(*out.last_seq) +
                                " to " + std::to_string(seq));
        out.last_seq = seq;
        ++out.events;
        const auto type_name = events.text_view(2);
        const auto type = parse_event_type(type_name);
        if (!type) {
            out.lines.push_back(day + " event " + std::to_string(seq) + ": unknown type \"" +
                                std::string(type_name) + "\"");
            continue;
        }
        EventSubject subject{*type, events.text_view(3), std::nullopt, events.text_view(5)};
        if (!events.is_null(4))
            subject.window = events.int32(4);
        out.rows.begin_event();
        try {
            data.decode(events.text_view(6));
            count_event(subject, data, add);
        } catch (const std::exception& e) {
            out.lines.push_back(day + " event " + std::to_string(seq) + ": " + e.what());
        }
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

// Reading the log through a memory map saves copying each of its pages out of the system's cache:
// a tenth of verify's time. The caller's connection gets its own setting back afterwards.
constexpr std::int64_t map_bytes = std::int64_t{2} << 30;

struct MappedReads {
    explicit MappedReads(sql::Database& database) : db(database) {
        auto current = db.prepare("PRAGMA mmap_size");
        if (current.step())
            before = current.int64(0);
        db.exec("PRAGMA mmap_size = " + std::to_string(map_bytes));
    }
    ~MappedReads() {
        try {
            db.exec("PRAGMA mmap_size = " + std::to_string(before));
        } catch (...) {
            // Only a setting of this connection: it keeps the larger map.
        }
    }
    MappedReads(const MappedReads&) = delete;
    MappedReads& operator=(const MappedReads&) = delete;
    sql::Database& db;
    std::int64_t before = 0;
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
    MappedReads mapped(db);
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
                    MappedReads own_mapped(own);
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
    Rows rows;
    std::map<std::string, Figures> years;
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
        for (const auto& [y, counts] : run.years)
            counts.add_log_into(years[y], [&](std::uint32_t row) {
                rows.begin_event();
                return rows.find_or_add(run.rows[row].dimension, run.rows[row].key);
            });
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
    for (auto& [y, figures] : years) {
        std::vector<Difference> unknown;
        std::vector<std::string> lines;
        summary.tallies += read_stored(stored_year, y, rows, figures, unknown);
        report_differences(y + " (yearly sum)", rows, figures, std::move(unknown), lines);
        for (const auto& line : lines)
            emit(line);
    }
    return summary;
}

}  // namespace hall
