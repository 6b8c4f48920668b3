// Numbered schema migrations from schema/, compiled in, applied in order and tracked in the db.
#pragma once

#include <string>
#include <vector>

#include "sqlite.hpp"

namespace hall {

struct Migration {
    int version;
    std::string name;
    std::string sql;
};

// Every migration in schema/, in order (generated at build time).
const std::vector<Migration>& migrations();

// Applies the migrations the database has not seen yet, each in its own transaction.
// Refuses a database whose schema is newer than this binary knows.
void migrate(sql::Database& db);

}  // namespace hall
