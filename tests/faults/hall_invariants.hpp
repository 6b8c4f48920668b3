// What must hold of a hall's database after any load and any kills, held against what the
// devices were told: the fault tests and the fault benches both check it.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "hall_load.hpp"
#include "sqlite.hpp"

namespace hall::testing {

// Every broken rule, in words (empty: all hold). Run it on a closed day (every ticket ended).
inline std::vector<std::string> hall_invariant_violations(const std::string& db_path,
                                                          Ledger& ledger) {
    std::vector<std::string> broken;
    auto fail = [&](std::string what) {
        if (broken.size() < 50)
            broken.push_back(std::move(what));
    };
    sql::Database db(db_path);
    auto scalar = [&](const char* query) {
        auto s = db.prepare(query);
        s.step();
        return s.int64(0);
    };

    if (auto gaps = scalar("SELECT MAX(seq) - MIN(seq) + 1 - COUNT(*) FROM events"); gaps != 0)
        fail("the log's sequence has " + std::to_string(gaps) + " gaps");

    struct Stored {
        std::string day, number, queue, state, key;
    };
    std::map<std::int64_t, Stored> tickets;
    {
        auto s = db.prepare(
            "SELECT id, day, number, queue, state, COALESCE(idempotency_key, '') FROM tickets");
        while (s.step())
            tickets[s.int64(0)] = {s.text(1), s.text(2), s.text(3), s.text(4), s.text(5)};
    }
    std::set<std::pair<std::string, std::string>> numbers;
    std::set<std::string> keys;
    for (const auto& [id, t] : tickets) {
        if (!numbers.insert({t.day, t.number}).second)
            fail("the number " + t.number + " was issued twice on " + t.day);
        if (!t.key.empty() && !keys.insert(t.key).second)
            fail("the idempotency key " + t.key + " made a second ticket");
    }
    if (scalar("SELECT COUNT(*) FROM events WHERE type = 'ticket_issued'") !=
        static_cast<std::int64_t>(tickets.size()))
        fail("the log's issues and the tickets table disagree");

    std::lock_guard lock(ledger.mutex);
    // Every acknowledged ticket exists, as it was acknowledged.
    std::map<std::string, std::int64_t> by_number;  // of the day the load ran (one day)
    for (const auto& [id, t] : tickets)
        by_number[t.number] = id;
    for (const auto& issued : ledger.issued) {
        auto it = tickets.find(issued.id);
        if (it == tickets.end()) {
            fail("acknowledged ticket " + issued.number + " (id " + std::to_string(issued.id) +
                 ") is not stored");
            continue;
        }
        if (it->second.number != issued.number || it->second.queue != issued.queue)
            fail("ticket id " + std::to_string(issued.id) + " was acknowledged as " +
                 issued.number + " but is stored as " + it->second.number);
        if (it->second.key.find(":" + issued.key) == std::string::npos)
            fail("ticket " + issued.number + " lost its idempotency key " + issued.key);
    }

    // Calls: no ticket called by two windows (nor twice: the load never recalls), acknowledged
    // calls stored at their window, and each queue called in the order it was issued.
    std::map<std::int64_t, int> called_at;
    std::map<std::string, std::int64_t> last_called_in_queue;
    {
        auto s = db.prepare(
            "SELECT ticket_id, window_number, queue FROM events WHERE type = 'ticket_called' "
            "ORDER BY seq");
        while (s.step()) {
            auto id = s.int64(0);
            auto window = s.int32(1);
            if (!called_at.emplace(id, window).second)
                fail("ticket id " + std::to_string(id) + " was called at windows " +
                     std::to_string(called_at[id]) + " and " + std::to_string(window));
            auto& last = last_called_in_queue[s.text(2)];
            if (id < last)
                fail("queue " + s.text(2) + " called ticket id " + std::to_string(id) +
                     " after id " + std::to_string(last));
            last = std::max(last, id);
        }
    }
    for (const auto& call : ledger.called) {
        auto id = by_number.find(call.number);
        if (id == by_number.end() || !called_at.count(id->second))
            fail("acknowledged call of " + call.number + " is not stored");
        else if (called_at[id->second] != call.window)
            fail("ticket " + call.number + " was acknowledged at window " +
                 std::to_string(call.window) + " but stored at " +
                 std::to_string(called_at[id->second]));
    }

    // Every visit ends in exactly one final state, the one acknowledged if any.
    std::map<std::int64_t, std::vector<std::string>> endings;
    {
        auto s = db.prepare(
            "SELECT ticket_id, type FROM events WHERE type IN ('visit_finished', "
            "'ticket_no_show', 'ticket_cancelled', 'ticket_unserved')");
        while (s.step())
            endings[s.int64(0)].push_back(s.text(1));
    }
    static const std::map<std::string, std::string> state_of = {{"visit_finished", "finished"},
                                                                {"ticket_no_show", "no_show"},
                                                                {"ticket_cancelled", "cancelled"},
                                                                {"ticket_unserved", "unserved"}};
    for (const auto& [id, t] : tickets) {
        const auto& ends = endings[id];
        if (ends.size() != 1)
            fail("ticket " + t.number + " ended " + std::to_string(ends.size()) + " times");
        else if (state_of.at(ends.front()) != t.state)
            fail("ticket " + t.number + " ended as " + ends.front() + " but is stored " + t.state);
    }
    for (const auto& ended : ledger.ended) {
        auto id = by_number.find(ended.number);
        if (id == by_number.end() || tickets[id->second].state != ended.state)
            fail("ticket " + ended.number + " was acknowledged " + ended.state +
                 " but is stored otherwise");
    }
    return broken;
}

}  // namespace hall::testing
