// Recounts the tallies from the log, one day at a time, and compares them with the stored ones.
// Closed days never change, so they are recounted on several threads, each with its own
// connection and a run of days holding about as many events as the others; the day still open
// and the yearly sums are read in the caller's one snapshot.
//
// The recount is the costly part of verify (a year is 4.5 million events adding 80 million
// figures), so figures are counted by number, not by name: each (dimension, key) met becomes a
// row, each metric a column (tally_names.hpp), and a day's figures are two arrays of those rows,
// one from the log and one from the stored tallies. A run's events are read in seq order, straight
// from the table, and its stored tallies by one range scan, the two merged day by day; a log whose
// days are not in seq order (only a damaged one) is read through the day index instead. Event
// data is read with simdjson.
#include "tally_audit.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <limits>
#include <map>
#include <thread>
#include <tuple>
#include <vector>

#include "civil_days.hpp"
#include "event_data_decoder.hpp"
#include "event_store.hpp"
#include "read_snapshot.hpp"
#include "tally_rules.hpp"

namespace hall {

namespace {

// The (dimension, key) pairs met, numbered in the order first met. Finding a figure's row is the
// inner step of the recount (80 million figures a year), so pairs are kept in an open-addressing
// table under a hash of a few multiplications, and within one event a key named again (an event
// names its zone, queue, window and staff for several figures) is known by its view alone.
class Rows {
  public:
    struct Row {
        TallyDimension dimension;
        std::string key;
    };

    // Starts a new event: a key's view is only taken for the same key within one event.
    void begin_event() { ++event_; }

    std::uint32_t find_or_add(TallyDimension dimension, std::string_view key) {
        auto& last = last_[static_cast<std::size_t>(dimension)];
        if (last.event == event_ && last.view.data() == key.data() &&
            last.view.size() == key.size())
            return last.row;
        last.row = find_or_add_in_table(dimension, key);
        last.view = key;
        last.event = event_;
        return last.row;
    }
    const Row& operator[](std::uint32_t row) const { return rows_[row]; }

  private:
    static constexpr std::uint32_t no_row = std::numeric_limits<std::uint32_t>::max();
    // A key's head (head_of), its length and dimension: for the short codes that keys are
    // ("Q01", "S123", "D01-001"), equal slots mean equal keys without reading the key itself.
    struct Slot {
        std::uint64_t head = 0;
        std::uint32_t row = no_row;
        std::uint32_t size_and_dimension = 0;
    };
    struct Last {
        std::uint32_t row = 0;
        std::string_view view;    // as named in event number `event`
        std::uint64_t event = 0;  // 0: nothing yet
    };

    static Slot slot_of(TallyDimension dimension, std::string_view key) {
        Slot slot;
        slot.head = head_of(key);
        slot.size_and_dimension =
            static_cast<std::uint32_t>(key.size()) << 8 | static_cast<std::uint32_t>(dimension);
        return slot;
    }
    // The first eight bytes of a key, by fixed-size loads: of a shorter key, its first and last
    // four (or its first, middle and last byte), which with its length tell it apart.
    static std::uint64_t head_of(std::string_view key) {
        const auto* p = key.data();
        const std::size_t n = key.size();
        std::uint64_t head = 0;
        if (n >= 8) {
            std::memcpy(&head, p, 8);
        } else if (n >= 4) {
            std::uint32_t first, last;
            std::memcpy(&first, p, 4);
            std::memcpy(&last, p + n - 4, 4);
            head = first | static_cast<std::uint64_t>(last) << 32;
        } else if (n > 0) {
            head = static_cast<unsigned char>(p[0]) |
                   static_cast<std::uint64_t>(static_cast<unsigned char>(p[n / 2])) << 8 |
                   static_cast<std::uint64_t>(static_cast<unsigned char>(p[n - 1])) << 16;
        }
        return head;
    }
    static std::uint64_t hash(const Slot& slot, std::string_view key) {
        std::uint64_t h = (slot.head ^ slot.size_and_dimension) * 0x9e3779b97f4a7c15ULL;
        for (std::size_t i = 8; i < key.size(); ++i)  // longer keys: the rest, byte by byte
            h = (h ^ static_cast<unsigned char>(key[i])) * 0x100000001b3ULL;
        return h ^ (h >> 29);
    }

    std::uint32_t find_or_add_in_table(TallyDimension dimension, std::string_view key) {
        if ((rows_.size() + 1) * 2 > slots_.size())
            grow();
        Slot wanted = slot_of(dimension, key);
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t i = hash(wanted, key) & mask;; i = (i + 1) & mask) {
            auto& slot = slots_[i];
            if (slot.row == no_row) {
                wanted.row = static_cast<std::uint32_t>(rows_.size());
                rows_.push_back({dimension, std::string(key)});
                slot = wanted;
                return slot.row;
            }
            if (slot.head == wanted.head && slot.size_and_dimension == wanted.size_and_dimension &&
                (key.size() <= 8 ||
                 std::string_view(rows_[slot.row].key).substr(8) == key.substr(8)))
                return slot.row;
        }
    }

    void grow() {
        slots_.assign(std::max<std::size_t>(64, slots_.size() * 2), Slot{});
        const std::size_t mask = slots_.size() - 1;
        for (std::uint32_t row = 0; row < rows_.size(); ++row) {
            Slot slot = slot_of(rows_[row].dimension, rows_[row].key);
            slot.row = row;
            std::size_t i = hash(slot, rows_[row].key) & mask;
            while (slots_[i].row != no_row)
                i = (i + 1) & mask;
            slots_[i] = slot;
        }
    }

    std::uint64_t event_ = 1;
    std::vector<Row> rows_;
    std::vector<Slot> slots_;  // a power of two in size, at most half full
    std::array<Last, tally_dimension_count> last_;
};

// One day's (or year's) figures by row and metric: as the log counts them, and as stored. A row
// has a column for each of the 169 metrics but names a handful of them (an item: its counts,
// service and wait, and their bands), so each row also keeps a bit per metric it touched, and
// comparing, adding up and clearing visit only those, not the whole row.
class Figures {
  public:
    Figures() : metrics_(tally_metric_count()), words_((metrics_ + 63) / 64) {}

    void add_log(std::uint32_t row, TallyMetric metric, std::int64_t value) {
        const auto m = static_cast<std::size_t>(metric);
        touch(row, m);
        log_[row * metrics_ + m] += value;
    }
    void add_tally(std::uint32_t row, TallyMetric metric, std::int64_t value) {
        const auto m = static_cast<std::size_t>(metric);
        touch(row, m);
        tally_[row * metrics_ + m] += value;
    }
    // Adds these figures' log side into `sum`, through a mapping of rows.
    template <class MapRow>
    void add_log_into(Figures& sum, MapRow&& map_row) const {
        for (auto row : touched_rows_) {
            const auto to = map_row(row);
            for_each_metric(row, [&](std::size_t m) {
                sum.touch(to, m);
                sum.log_[to * metrics_ + m] += log_[row * metrics_ + m];
            });
        }
    }
    // Calls f(row, metric, log, tally) for every figure where the two differ. A metric neither
    // side touched is 0 on both.
    template <class F>
    void for_each_difference(F&& f) const {
        for (auto row : touched_rows_) {
            const auto* log = log_.data() + row * metrics_;
            const auto* tally = tally_.data() + row * metrics_;
            for_each_metric(row, [&](std::size_t m) {
                if (log[m] != tally[m])
                    f(row, static_cast<TallyMetric>(m), log[m], tally[m]);
            });
        }
    }
    void clear() {
        for (auto row : touched_rows_) {
            for_each_metric(row, [&](std::size_t m) {
                log_[row * metrics_ + m] = 0;
                tally_[row * metrics_ + m] = 0;
            });
            std::fill_n(masks_.begin() + static_cast<std::ptrdiff_t>(row * words_), words_, 0);
            touched_[row] = 0;
        }
        touched_rows_.clear();
    }

  private:
    void touch(std::uint32_t row, std::size_t metric) {
        if (row >= touched_.size()) {
            const std::size_t rows = std::max<std::size_t>(row + 1, touched_.size() * 2);
            touched_.resize(rows);
            log_.resize(rows * metrics_);
            tally_.resize(rows * metrics_);
            masks_.resize(rows * words_);
        }
        if (!touched_[row]) {
            touched_[row] = 1;
            touched_rows_.push_back(row);
        }
        masks_[row * words_ + metric / 64] |= std::uint64_t{1} << (metric % 64);
    }
    // Calls f(metric) for each metric the row touched, in order.
    template <class F>
    void for_each_metric(std::uint32_t row, F&& f) const {
        for (std::size_t w = 0; w < words_; ++w)
            for (auto bits = masks_[row * words_ + w]; bits != 0; bits &= bits - 1)
                f(w * 64 + static_cast<std::size_t>(std::countr_zero(bits)));
    }

    std::size_t metrics_;
    std::size_t words_;  // of a row's mask
    std::vector<std::int64_t> log_, tally_;
    std::vector<std::uint64_t> masks_;  // words_ per row: the metrics it touched
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

// The stored tallies of a run of days, or of a year, from one statement whose rows are (day or
// year, dimension, key, metric, value) in key order: read group by group as the recount reaches
// each. Every read goes into the same `rows`.
class StoredTallies {
  public:
    explicit StoredTallies(sql::Statement statement) : statement_(std::move(statement)) {
        has_row_ = statement_.step();
    }

    // The day (or year) of the next row not yet read; nullopt when all are read.
    std::optional<std::string_view> next_group() const {
        if (!has_row_)
            return std::nullopt;
        return statement_.text_view(0);
    }

    // Reads the rows of `group`, if it is the next, into `figures`, and returns how many there
    // were. A row the rule never counts (an unknown dimension or metric) goes to `unknown`.
    std::size_t read(std::string_view group, Rows& rows, Figures& figures,
                     std::vector<Difference>& unknown) {
        std::size_t count = 0;
        for (; has_row_ && statement_.text_view(0) == group; has_row_ = statement_.step()) {
            ++count;
            const auto dimension_name = statement_.text_view(1);
            if (dimension_name != dimension_name_) {
                dimension_name_.assign(dimension_name);
                dimension_ = parse_tally_dimension(dimension_name);
                row_.reset();
            }
            const auto key = statement_.text_view(2);
            const auto metric = parse_tally_metric(statement_.text_view(3));
            const auto value = statement_.int64(4);
            if (!dimension_ || !metric) {
                if (value != 0)
                    unknown.push_back({dimension_name_, std::string(key),
                                       std::string(statement_.text_view(3)), 0, value});
                continue;
            }
            // A key's rows come one after the other, a figure each.
            if (!row_ || key != key_) {
                rows.begin_event();  // each row's text is read into the same buffer
                row_ = rows.find_or_add(*dimension_, key);
                key_.assign(key);
            }
            figures.add_tally(*row_, *metric, value);
        }
        return count;
    }

  private:
    sql::Statement statement_;
    bool has_row_ = false;
    std::string dimension_name_;
    std::optional<TallyDimension> dimension_;
    std::string key_;
    std::optional<std::uint32_t> row_;  // of dimension_ and key_
};

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

// How a run's events are read. By seq: in rowid order, with no index, the fastest. By day: through
// the events_by_day index, which is day order whatever the log holds.
enum class LogOrder { by_seq, by_day };

// Thrown when the log read by seq is not day by day (its days go back, or a run's seq range holds
// another day's event): the engine never writes such a log, but a damaged one may be, and is
// then read by day.
struct NotInDayOrder {};

// The smallest seq range holding every event of days from..to: the first and the last event of
// each day with events, from the day index by two seeks a day (a scan of the index would cost
// as much as reading the events).
std::optional<std::pair<std::int64_t, std::int64_t>> seq_span(sql::Database& db,
                                                              const std::string& from,
                                                              const std::string& to) {
    // One bound each side, so that each is a seek: "after the day before from" is "from on".
    auto first_of_next_day = db.prepare(
        "SELECT day, seq FROM events WHERE day > ?1 AND day <= ?2 ORDER BY day, seq LIMIT 1");
    auto last_of_day =
        db.prepare("SELECT seq FROM events WHERE day = ?1 ORDER BY day DESC, seq DESC LIMIT 1");
    std::optional<std::pair<std::int64_t, std::int64_t>> span;
    std::string day = day_from_number(*day_number(from) - 1);
    for (;;) {
        first_of_next_day.bind(1, day).bind(2, to);
        if (!first_of_next_day.step())
            break;
        day = first_of_next_day.text(0);
        const auto first = first_of_next_day.int64(1);
        first_of_next_day.reset();
        last_of_day.bind(1, day);
        last_of_day.step();
        const auto last = last_of_day.int64(0);
        last_of_day.reset();
        if (!span)
            span.emplace(first, last);
        span->first = std::min(span->first, first);
        span->second = std::max(span->second, last);
    }
    return span;
}

// The events of days from..to up to the tallies' mark (the later ones are not counted yet), in
// day order.
sql::Statement read_events(sql::Database& db, const std::string& from, const std::string& to,
                           std::int64_t mark, LogOrder order) {
    constexpr std::string_view columns = "SELECT seq, day, type, queue, window_number, staff, data";
    if (order == LogOrder::by_day) {
        auto events =
            db.prepare(std::string(columns) +
                       " FROM events WHERE day BETWEEN ?1 AND ?2 AND seq <= ?3 ORDER BY day, seq");
        events.bind(1, from).bind(2, to).bind(3, mark);
        return events;
    }
    // Every event of the days lies in the span, so reading all of it, with each row's day
    // checked to be one of them, reads exactly the days' events.
    const auto span = seq_span(db, from, to).value_or(std::pair<std::int64_t, std::int64_t>{1, 0});
    auto events = db.prepare(std::string(columns) + " FROM events WHERE seq BETWEEN ?1 AND ?2");
    events.bind(1, span.first).bind(2, std::min(span.second, mark));
    return events;
}

// The ticket numbers of one day with the events that issued them: the engine never gives a
// number twice in a day, and the log shows whether it did. Sorted once the day is read (numbers
// are short enough to be kept in the strings themselves, without an allocation each).
class DayNumbers {
  public:
    void add(std::string_view number, std::int64_t seq) { issued_.emplace_back(number, seq); }

    // One line for each issue of a number after its first, in the order of the log; then empty.
    void report(const std::string& day, std::vector<std::string>& lines) {
        std::sort(issued_.begin(), issued_.end());
        std::vector<std::pair<std::int64_t, std::string_view>> again;
        for (std::size_t i = 1; i < issued_.size(); ++i)
            if (issued_[i].first == issued_[i - 1].first)
                again.emplace_back(issued_[i].second, issued_[i].first);
        std::sort(again.begin(), again.end());
        for (const auto& [seq, number] : again)
            lines.push_back(day + " event " + std::to_string(seq) + ": number " +
                            std::string(number) + " was already issued that day");
        issued_.clear();
    }

  private:
    std::vector<std::pair<std::string, std::int64_t>> issued_;
};

// Recounts the days from..to (both included) on `db`, inside the caller's read transaction. The
// events and the stored tallies are each read by one statement, in day order, and merged.
Recount recount_days(sql::Database& db, const std::string& from, const std::string& to,
                     std::int64_t mark, LogOrder order) {
    Recount out;
    auto stored_rows = db.prepare(
        "SELECT day, dimension, key, metric, value FROM daily_tallies WHERE day BETWEEN ?1 AND ?2 "
        "ORDER BY day, dimension, key, metric");
    stored_rows.bind(1, from).bind(2, to);
    StoredTallies stored(std::move(stored_rows));
    auto events = read_events(db, from, to, mark, order);

    Figures day_figures;
    DayNumbers numbers;
    auto finish_day = [&](const std::string& day) {
        std::vector<Difference> unknown;
        out.tallies += stored.read(day, out.rows, day_figures, unknown);
        report_differences(day, out.rows, day_figures, std::move(unknown), out.lines);
        ++out.days;
        day_figures.add_log_into(out.years[day.substr(0, 4)],
                                 [](std::uint32_t row) { return row; });
        day_figures.clear();
        numbers.report(day, out.lines);
    };
    // Days with stored tallies but no events, up to (not including) `until`; all if empty.
    auto days_without_events_before = [&](std::string_view until) {
        while (auto next = stored.next_group()) {
            if (!until.empty() && *next >= until)
                break;
            finish_day(std::string(*next));
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
        if (const auto event_day = events.text_view(1); event_day != day) {
            if (order == LogOrder::by_seq &&
                (event_day < day || event_day < from || event_day > to))
                throw NotInDayOrder{};
            if (!day.empty())
                finish_day(day);
            day.assign(event_day);
            days_without_events_before(day);
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
            if (*type == EventType::ticket_issued) {
                if (const auto number = data.text("number"); number && !number->empty())
                    numbers.add(*number, seq);
                else
                    out.lines.push_back(day + " event " + std::to_string(seq) +
                                        ": a ticket issued without a number");
            }
        } catch (const std::exception& e) {
            out.lines.push_back(day + " event " + std::to_string(seq) + ": " + e.what());
        }
    }
    if (!day.empty())
        finish_day(day);
    days_without_events_before({});
    return out;
}

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

// Splits the days from..to into up to `parts` runs of consecutive days with about as many events
// each (the log's busy and quiet days are not spread evenly over the calendar): a run starts
// at the day of the event found at each even step through the seq range.
std::vector<std::pair<std::string, std::string>> split_days(sql::Database& db,
                                                            const std::string& from,
                                                            const std::string& to, unsigned parts) {
    auto first = db.prepare("SELECT seq FROM events WHERE day >= ?1 ORDER BY day, seq LIMIT 1");
    auto last =
        db.prepare("SELECT seq FROM events WHERE day <= ?1 ORDER BY day DESC, seq DESC LIMIT 1");
    auto day_at = db.prepare("SELECT day FROM events WHERE seq >= ?1 ORDER BY seq LIMIT 1");
    std::vector<std::string> starts{from};
    first.bind(1, from);
    last.bind(1, to);
    if (first.step() && last.step()) {
        const std::int64_t low = first.int64(0), high = last.int64(0);
        for (unsigned i = 1; i < parts && low < high; ++i) {
            day_at.bind(1, low + (high - low) * static_cast<std::int64_t>(i) / parts);
            if (day_at.step()) {
                std::string day = day_at.text(0);
                if (day > starts.back() && day <= to)
                    starts.push_back(std::move(day));
            }
            day_at.reset();
        }
    }
    std::vector<std::pair<std::string, std::string>> runs;
    for (std::size_t i = 0; i < starts.size(); ++i)
        runs.emplace_back(starts[i], i + 1 < starts.size()
                                         ? day_from_number(*day_number(starts[i + 1]) - 1)
                                         : to);
    return runs;
}

// Recounts the days from..to: the closed ones split between threads, each with a connection of
// its own, and the later ones in the caller's snapshot. Closed days are final, so any
// connection's snapshot shows them alike.
std::vector<Recount> recount_runs(sql::Database& db, const std::string& from, const std::string& to,
                                  std::int64_t mark, LogOrder order) {
    auto last_closed = db.prepare("SELECT COALESCE(MAX(day), '') FROM day_closes");
    last_closed.step();
    const std::string closed_to = std::min(to, last_closed.text(0));
    const unsigned threads =
        db.path() == ":memory:" ? 1U : std::clamp(std::thread::hardware_concurrency(), 1U, 4U);
    std::vector<std::pair<std::string, std::string>> closed;
    if (closed_to >= from)
        closed = split_days(db, from, closed_to, threads);
    std::vector<Recount> runs(closed.size() + 1);
    std::vector<std::exception_ptr> failures(closed.size() + 1);
    std::vector<std::thread> workers;
    for (std::size_t i = 1; i < closed.size(); ++i) {
        workers.emplace_back([&, i] {
            try {
                sql::Database own(db.path());
                MappedReads own_mapped(own);
                sql::ReadSnapshot read(own);
                runs[i] = recount_days(own, closed[i].first, closed[i].second, mark, order);
            } catch (...) {
                failures[i] = std::current_exception();
            }
        });
    }
    try {
        if (!closed.empty())
            runs[0] = recount_days(db, closed[0].first, closed[0].second, mark, order);
        const std::string rest_from = closed.empty() ? from : day_after(closed_to);
        if (rest_from <= to)
            runs.back() = recount_days(db, rest_from, to, mark, order);
    } catch (...) {
        failures[0] = std::current_exception();
    }
    for (auto& w : workers)
        w.join();
    for (auto& failure : failures)
        if (failure)
            std::rethrow_exception(failure);
    return runs;
}

}  // namespace

AuditSummary audit_tallies(sql::Database& db, std::optional<int> year,
                           const std::function<void(const std::string&)>& report) {
    MappedReads mapped(db);
    sql::ReadSnapshot snapshot(db);
    // Events after the mark are in no tally yet (EventStore): the recount stops there too.
    const std::int64_t mark = tally_mark(db);
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
        try {
            runs = recount_runs(db, from, to, mark, LogOrder::by_seq);
        } catch (const NotInDayOrder&) {
            runs = recount_runs(db, from, to, mark, LogOrder::by_day);
        }
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
    for (auto& [y, figures] : years) {
        auto stored_rows = db.prepare(
            "SELECT year, dimension, key, metric, value FROM yearly_tallies WHERE year = ?1 ORDER "
            "BY dimension, key, metric");
        stored_rows.bind(1, y);
        StoredTallies stored(std::move(stored_rows));
        std::vector<Difference> unknown;
        std::vector<std::string> lines;
        summary.tallies += stored.read(y, rows, figures, unknown);
        report_differences(y + " (yearly sum)", rows, figures, std::move(unknown), lines);
        for (const auto& line : lines)
            emit(line);
    }
    return summary;
}

}  // namespace hall
