// `hall_server verify --central`: the central's figures for this hall equal the hall's own, day by
// day and for the year, and the central holds the same events.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

#include "pg.hpp"
#include "sqlite.hpp"

namespace hall::central {

struct CentralAuditSummary {
    std::string hall_id;
    std::size_t days = 0;
    std::size_t figures = 0;  // daily and yearly tallies compared
    std::size_t events = 0;   // the hall's events of the year
    std::size_t differences = 0;
};

// Compares, for `year`: the central's high-water mark with the hall's last event of the year; the
// number of events of each day; every daily tally; every yearly tally. Each difference is one
// line naming the day (or year) and figure, e.g. "2019-03-05 queue Q01 served: the hall says 5,
// the central says 4". Reads the hall through its own connection, in one read transaction.
CentralAuditSummary verify_central(sql::Database& hall, pg::Connection& central, int year,
                                   const std::function<void(const std::string&)>& report);

}  // namespace hall::central
