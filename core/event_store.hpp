// The durable side of the engine: appends events with the state and tallies they change, and
// reads them back to resume after a restart.
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

    // Appends the events, the tickets they change, items handled, ratings and daily tallies.
    // Must run inside a transaction; the caller decides how much one transaction holds.
    void append(const std::vector<Event>& events);
    // append() in a transaction of its own.
    void append_durably(const std::vector<Event>& events);

    // Where the engine resumes: the log's next numbers, and the events of the day still open
    // (those after the last day close), in order.
    struct Resume {
        QueueEngine::Start start;
        std::vector<Event> open_day;
    };
    Resume resume();

    // The whole log from a sequence number on, in order.
    std::vector<Event> events_from(std::int64_t seq);
    // The stored tallies, for comparison with a recount.
    TallyTable tallies();

  private:
    void append_one(const Event& event);

    sql::Database& db_;
    sql::Statement insert_event_;
    sql::Statement upsert_ticket_;
    sql::Statement insert_item_;
    sql::Statement insert_rating_;
    sql::Statement add_tally_;
    sql::Statement insert_day_close_;
};

Event event_from_row(sql::Statement& row);

}  // namespace hall
