// Ships one hall's log and catalog to the central PostgreSQL: in order, in batches, each batch
// in one transaction with the tallies it adds (counted by core/tally.cpp's function, as the hall
// counts them). The central's high-water mark decides what is new, so a batch sent twice, or
// resent after a lost reply, never counts twice.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "event.hpp"
#include "pg.hpp"
#include "sqlite.hpp"

namespace hall::central {

// Events read from the hall's log: as COPY rows for the central, and as events for the tallies.
struct LogBatch {
    std::string copy_rows;
    std::vector<Event> events;
    bool empty() const { return events.empty(); }
};

struct ShipResult {
    std::size_t sent = 0;         // events in the batch
    std::size_t added = 0;        // of which the central did not have yet
    std::int64_t high_water = 0;  // the central's high-water mark after the batch
};

// Reads the hall through its own connection (no write, no write lock: SQLite's WAL lets it read
// while the server writes). Both connections are used from one thread.
class HallShipper {
  public:
    HallShipper(sql::Database& hall, pg::Connection& central);

    const std::string& hall_id() const { return hall_id_; }

    // Registers the hall, ships its catalog if the central holds an older one, and returns the
    // central's high-water mark for the hall. Throws std::runtime_error if the central's last
    // event of the hall is not the hall's event of that number (see check_same_log).
    std::int64_t start();

    // The next events after `after_seq`, at most `limit`, in order.
    LogBatch read_log(std::int64_t after_seq, std::size_t limit);
    // Stores the batch in one transaction: the events above the central's high-water mark, the
    // ratings among them and the tallies they add; then moves the mark. Throws pg::Error (the
    // transaction rolled back) or std::runtime_error for a hole in the log.
    ShipResult ship(const LogBatch& batch);

  private:
    void ship_catalog(std::int64_t import_id);
    // After a restore from a backup the hall numbers its events again from the backup's last
    // one: the central's events past it are no longer the hall's, and a sync that went on would
    // leave the two apart for good, sending nothing while the central's mark is ahead.
    void check_same_log(std::int64_t high_water);

    sql::Database& hall_;
    pg::Connection& central_;
    std::string hall_id_;
    std::set<int> years_ready_;
};

// The hall's last event number, and the time of its first event after `after_seq`, if any.
std::int64_t last_event_seq(sql::Database& hall);
std::optional<std::int64_t> first_event_after(sql::Database& hall, std::int64_t after_seq);

}  // namespace hall::central
