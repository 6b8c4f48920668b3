// Daily tallies: the figures each event adds to, per dimension (hall, zone, queue, ...).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "event.hpp"

namespace hall {

struct TallyDelta {
    std::string dimension;  // hall, zone, department, queue, item, window, staff, package, hour
    std::string key;        // the code (empty for the hall; "09" for an hour)
    std::string metric;     // issued, served, items_handled, wait_ms, ... (docs/storage.md)
    std::int64_t value = 0;
};

// What one event adds to the day's tallies, by the rule in tally_rules.hpp, which `verify`
// applies again to the log. The store applies these in the event's own transaction.
std::vector<TallyDelta> tally_deltas(const Event& event);

// (day, dimension, key, metric) -> value
using TallyTable =
    std::map<std::tuple<std::string, std::string, std::string, std::string>, std::int64_t>;
void add_to(TallyTable& table, const Event& event);

}  // namespace hall
