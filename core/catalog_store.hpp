// The catalog in the database: saving an imported catalog all or nothing, loading the active one.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "catalog.hpp"
#include "catalog_import.hpp"
#include "sqlite.hpp"

namespace hall {

// What an import did to one table. "updated" includes a retired row made active again and a
// change in its membership rows (a queue's items, a window's queues, a package's items).
struct TableCounts {
    int added = 0;
    int updated = 0;
    int retired = 0;
    int unchanged = 0;
};

struct ImportSummary {
    TableCounts zones, departments, items, queues, windows, staff, packages;
    int pins_hashed = 0;  // plaintext PINs hashed (a PIN that already matches keeps its hash)
    bool hall_changed = false;

    // "zones: 2 added, 0 updated, 0 retired, 0 unchanged; ...; 1 PIN hashed; hall profile changed"
    std::string to_string() const;
};

// A catalog the database cannot take as it is, such as a new staff member without a PIN.
class CatalogSaveError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Writes catalog as the one in force, in one transaction: rows are upserted active, rows no
// longer present are retired on `today` (YYYY-MM-DD) and never deleted, membership tables and
// hall_profile are replaced, and a catalog_imports row records source and the summary.
// plain_pins (staff id -> PIN) are hashed before the transaction starts, so the write lock is
// held for milliseconds, not for the seconds argon2id takes; a staff member with neither a
// plain PIN nor a hash keeps the stored one. Throws (CatalogSaveError, sql::Error) with the
// database unchanged.
ImportSummary save_catalog(sql::Database& db, const Catalog& catalog, const PlainPins& plain_pins,
                           std::string_view source, std::string_view today, std::int64_t now_ms);

// The active catalog, indexed, rows in code (window number) order. Throws std::runtime_error if
// no catalog was ever saved.
Catalog load_catalog(sql::Database& db);

// True once a catalog has been saved into db.
bool has_catalog(sql::Database& db);

}  // namespace hall
