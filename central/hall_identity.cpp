// Reads and sets the one row of hall_identity.
#include "hall_identity.hpp"

#include <algorithm>
#include <stdexcept>

namespace hall::central {

std::string read_hall_id(sql::Database& hall) {
    auto q = hall.prepare("SELECT hall_id FROM hall_identity WHERE singleton = 1");
    if (!q.step())
        throw std::runtime_error("the database has no hall id (run hall_server import first)");
    return q.text(0);
}

bool is_hall_id(const std::string& id) {
    return !id.empty() && id.size() <= 32 && std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '-' || c == '_';
    });
}

void set_hall_id(sql::Database& hall, const std::string& id) {
    if (!is_hall_id(id))
        throw std::invalid_argument("\"" + id +
                                    "\" is not a hall id (ASCII letters, digits, - and _, 1 to 32 "
                                    "characters)");
    sql::Transaction tx(hall);
    hall.prepare("UPDATE hall_identity SET hall_id = ?1 WHERE singleton = 1").bind(1, id).run();
    tx.commit();
}

}  // namespace hall::central
