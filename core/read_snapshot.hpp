// A read transaction on the hall's database: every query inside sees the same committed state
// while the server writes (SQLite's WAL), and nothing is written.
#pragma once

#include "sqlite.hpp"

namespace hall::sql {

// BEGIN DEFERRED on construction, COMMIT in the destructor.
class ReadSnapshot {
  public:
    explicit ReadSnapshot(Database& db) : db_(db) { db_.exec("BEGIN DEFERRED"); }
    ~ReadSnapshot() {
        try {
            db_.exec("COMMIT");
        } catch (...) {
            // Nothing was written; closing the connection ends the read transaction anyway.
        }
    }
    ReadSnapshot(const ReadSnapshot&) = delete;
    ReadSnapshot& operator=(const ReadSnapshot&) = delete;

  private:
    Database& db_;
};

}  // namespace hall::sql
