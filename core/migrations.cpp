// Applies the embedded schema migrations.
#include "migrations.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

namespace hall {

void migrate(sql::Database& db) {
    db.exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT "
        "NULL, applied_ms INTEGER NOT NULL) STRICT");
    int current = 0;
    std::set<int> applied;
    {
        auto query = db.prepare("SELECT version FROM schema_migrations");
        while (query.step()) {
            applied.insert(query.int32(0));
            current = std::max(current, query.int32(0));
        }
    }
    const auto& all = migrations();
    int newest = all.empty() ? 0 : all.back().version;
    if (current > newest) {
        throw std::runtime_error("database schema version " + std::to_string(current) +
                                 " is newer than this program knows (" + std::to_string(newest) +
                                 ")");
    }
    // Every migration not yet recorded runs, even one numbered below the newest applied: the
    // numbers are handed out to work done side by side, which may land in any order.
    for (const auto& migration : all) {
        if (applied.count(migration.version))
            continue;
        sql::Transaction tx(db);
        db.exec(migration.sql);
        auto record = db.prepare(
            "INSERT INTO schema_migrations (version, name, applied_ms) VALUES (?1, ?2, "
            "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER))");
        record.bind(1, migration.version).bind(2, migration.name).run();
        tx.commit();
    }
}

}  // namespace hall
