// The durable side of the engine: appends events with the state and tallies they change, and
// reads them back to resume after a restart.
//
// The tallies count the log up to a mark (schema/009_tally_mark.sql). append() writes each
// event's rows at once and keeps its counts in memory; write_tallies() adds them and moves the
// mark. Whatever the mark has not reached is counted again from the log by whoever comes next:
// the writer's next write_tallies(), or catch_up_tallies() before a read.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "event.hpp"
#include "queue_engine.hpp"
#include "sqlite.hpp"
#include "tally.hpp"

namespace hall {

// Uses one connection from one thread (the writer's). Statements are prepared once.
class EventStore {
  public:
    explicit EventStore(sql::Database& db);

    // Appends the events, the tickets they change, items handled and ratings, and counts the
    // events for the tallies in memory. Must run inside a transaction; the caller decides how
    // much one transaction holds. After a transaction that failed, call discard_counts().
    void append(const std::vector<Event>& events);
    // Adds the counts kept since the last call to the tallies and moves the mark to the last
    // event appended, inside the caller's transaction. If someone else moved the mark meanwhile,
    // the events after it are counted again from the log instead; with nothing kept, that
    // recount is what brings the tallies up to the log's end. Returns how many events it counted.
    std::size_t write_tallies();
    // Forgets the counts kept in memory (their events were rolled back).
    void discard_counts();
    // Events appended since the last write_tallies(), and the tally rows their counts touch.
    std::size_t counted_events() const { return counted_events_; }
    std::size_t counted_rows() const { return counts_.size(); }
    // append() and write_tallies() in a transaction of their own.
    void append_durably(const std::vector<Event>& events);

    // Where the engine resumes: the log's next numbers and its last day.
    QueueEngine::Start resume();
    // Replays every event of a day into the engine, in log order, reading one at a time. For the
    // log's last day this leaves the engine as that day left it: its queues, windows, served
    // counts, idempotency keys, last calls and notices, and closed if it was closed (a day
    // closed early stays closed).
    void replay_day(const std::string& day, QueueEngine& engine);

    // The whole log from a sequence number on, in order.
    std::vector<Event> events_from(std::int64_t seq);
    // The stored tallies, for comparison with a recount.
    TallyTable tallies();

  private:
    void append_one(const Event& event);
    void add_tallies(const TallyTable& tallies);

    sql::Database& db_;
    sql::Statement insert_event_;
    sql::Statement upsert_ticket_;
    sql::Statement insert_item_;
    sql::Statement insert_rating_;
    sql::Statement add_tally_;
    sql::Statement insert_day_close_;
    sql::Statement move_mark_;
    TallyTable counts_;  // of the events appended since the last write_tallies()
    std::size_t counted_events_ = 0;
    std::int64_t counted_from_ = 0;     // the first of those events
    std::int64_t counted_through_ = 0;  // and the last
};

Event event_from_row(sql::Statement& row);

// The last event the tallies have counted.
std::int64_t tally_mark(sql::Database& db);
// Counts the events the tallies have not yet counted (see EventStore), in a transaction of its
// own when there are any: what a reader calls before it reads the tallies of a database a
// server may be writing. Returns how many events it counted.
std::size_t catch_up_tallies(sql::Database& db);

}  // namespace hall
