// The recount behind `hall_server verify`: every tally counted again from the raw event log, by
// the rule of tally_rules.hpp, and compared with what the store kept, day by day and year by year.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>

#include "sqlite.hpp"

namespace hall {

struct AuditSummary {
    std::size_t events = 0;
    std::size_t days = 0;
    std::size_t tallies = 0;  // stored tallies compared, daily and yearly
    std::size_t differences = 0;
};

// Recounts the whole log, or only the days of `year`. Each difference is reported as one line
// naming the day (or the year, for the yearly sums), the figure and both values, e.g.
// "2019-03-05 queue Q01 served: log says 5, tally says 4". The log is read day by day, so
// memory stays that of one day whatever the history.
AuditSummary audit_tallies(sql::Database& db, std::optional<int> year,
                           const std::function<void(const std::string&)>& report);

}  // namespace hall
