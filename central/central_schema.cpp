// Applies the central schema and creates year partitions, serialised by an advisory lock.
#include "central_schema.hpp"

#include <algorithm>

namespace hall::central {

namespace {
// pg_advisory_xact_lock's key for schema changes: any fixed number all halls agree on.
constexpr const char* schema_lock = "SELECT pg_advisory_xact_lock(4242000008)";
}  // namespace

void migrate_central(pg::Connection& central) {
    const auto& all = central_migrations();
    const int newest = all.empty() ? 0 : all.back().version;
    pg::Transaction tx(central);
    central.exec(schema_lock);
    central.exec(
        "CREATE TABLE IF NOT EXISTS central_schema_migrations (version integer PRIMARY KEY, name "
        "text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
    std::set<int> applied;
    auto rows = central.exec("SELECT version FROM central_schema_migrations");
    for (int r = 0; r < rows.rows(); ++r)
        applied.insert(static_cast<int>(rows.int64(r, 0)));
    if (!applied.empty() && *applied.rbegin() > newest)
        throw std::runtime_error("the central schema's version " +
                                 std::to_string(*applied.rbegin()) +
                                 " is newer than this program knows (" + std::to_string(newest) +
                                 "): upgrade hall_server");
    // One transaction for all: DDL is transactional in PostgreSQL, and a hall that connects
    // meanwhile waits on the lock and then sees the finished schema.
    for (const auto& migration : all) {
        if (applied.count(migration.version))
            continue;
        central.exec(migration.sql);
        central.exec("INSERT INTO central_schema_migrations (version, name) VALUES ($1, $2)",
                     {std::to_string(migration.version), migration.name});
    }
    tx.commit();
}

void ensure_years(pg::Connection& central, const std::set<int>& years) {
    if (years.empty())
        return;
    pg::Transaction tx(central);
    central.exec(schema_lock);
    for (int year : years)
        central.exec("SELECT counterhall_ensure_year($1)", {std::to_string(year)});
    tx.commit();
}

}  // namespace hall::central
