// Daily tallies: the figures each event adds to, per dimension (hall, zone, queue, ...).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>

#include "event.hpp"

namespace hall {

// (day, dimension, key, metric): the dimension is hall, zone, department, queue, item, window,
// staff, package or hour; the key its code (empty for the hall; "09" for an hour); the metric
// issued, served, items_handled, wait_ms, ... (docs/storage.md).
using TallyKey = std::tuple<std::string, std::string, std::string, std::string>;
using TallyKeyView =
    std::tuple<std::string_view, std::string_view, std::string_view, std::string_view>;

// Hashed and compared through views, so that a figure already in a table is found without
// copying its four texts: the writer counts every event's figures this way, dozens an event.
struct TallyKeyHash {
    using is_transparent = void;
    std::size_t operator()(const TallyKeyView& key) const noexcept;
    std::size_t operator()(const TallyKey& key) const noexcept;
};
struct TallyKeyEqual {
    using is_transparent = void;
    template <class A, class B>
    bool operator()(const A& a, const B& b) const noexcept {
        return TallyKeyView(a) == TallyKeyView(b);
    }
};

// (day, dimension, key, metric) -> value, in no particular order.
using TallyTable = std::unordered_map<TallyKey, std::int64_t, TallyKeyHash, TallyKeyEqual>;

// Adds what one event counts toward, by the rule in tally_rules.hpp (which `verify` applies again
// to the log), to the table.
void add_to(TallyTable& table, const Event& event);

}  // namespace hall
