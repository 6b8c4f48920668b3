// The central PostgreSQL schema (schema/central/): created and migrated by whoever connects
// first, and the year partitions the shipped rows need.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "pg.hpp"

namespace hall::central {

struct CentralMigration {
    int version;
    std::string name;
    std::string sql;
};

// Every file of schema/central/, in order (generated at build time).
const std::vector<CentralMigration>& central_migrations();

// Applies the central migrations the database has not seen, each in its own transaction, under
// an advisory lock: many halls may connect at once. Refuses a schema newer than this binary.
void migrate_central(pg::Connection& central);

// Makes sure the partitions of these years exist (events, tallies, ratings), under the same lock.
void ensure_years(pg::Connection& central, const std::set<int>& years);

}  // namespace hall::central
