// The central store's test set-up: one scratch PostgreSQL for the whole run (scratch_postgres.sh),
// a fresh database in it per test, and halls generated through the real engine and store.
#pragma once

#include <unistd.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "pg.hpp"
#include "server_process.hpp"

namespace hall::testing {

// Runs a shell command; returns its exit status and output (stdout and stderr).
inline RunResult shell(const std::string& command) {
    RunResult result;
    FILE* pipe = popen((command + " 2>&1").c_str(), "r");
    if (!pipe)
        throw std::runtime_error("popen failed");
    char buffer[4096];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;)
        result.output.append(buffer, n);
    const int status = pclose(pipe);
    result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

class ScratchPostgres {
  public:
    ScratchPostgres() {
        char pattern[] = "/tmp/counterhall-central-XXXXXX";
        if (!mkdtemp(pattern))
            throw std::runtime_error("mkdtemp failed");
        dir_ = pattern;
        std::filesystem::remove(dir_);  // the script makes it, owned by the server's user
        auto started = shell(script() + " start " + dir_);
        if (started.status != 0)
            throw std::runtime_error("cannot start a scratch PostgreSQL: " + started.output);
        uri_ = started.output.substr(0, started.output.find('\n'));
    }
    ~ScratchPostgres() { shell(script() + " remove " + dir_); }
    ScratchPostgres(const ScratchPostgres&) = delete;
    ScratchPostgres& operator=(const ScratchPostgres&) = delete;

    // A new, empty database; its URI.
    std::string new_database(const std::string& name) {
        pg::Connection admin(uri_);
        admin.exec("CREATE DATABASE " + name);
        return uri_.substr(0, uri_.rfind('/') + 1) + name;
    }
    // "immediate" stops it as if it died.
    void stop(const std::string& mode = "immediate") {
        auto r = shell(script() + " stop " + dir_ + " " + mode);
        if (r.status != 0)
            throw std::runtime_error("cannot stop the scratch PostgreSQL: " + r.output);
    }
    void restart() {
        auto r = shell(script() + " restart " + dir_);
        if (r.status != 0)
            throw std::runtime_error("cannot restart the scratch PostgreSQL: " + r.output);
    }

  private:
    static std::string script() {
        return std::string(HALL_SOURCE_DIR) + "/tests/central/scratch_postgres.sh";
    }
    std::string dir_;
    std::string uri_;
};

// Started at first use, removed when the test program ends.
inline ScratchPostgres& postgres() {
    static ScratchPostgres server;
    return server;
}

// A folder for one test's files, removed at the end.
struct ScratchDir {
    std::filesystem::path path;
    ScratchDir() {
        char pattern[] = "/tmp/counterhall-halls-XXXXXX";
        path = mkdtemp(pattern);
    }
    ~ScratchDir() { std::filesystem::remove_all(path); }
    std::string file(const std::string& name) const { return (path / name).string(); }
};

// A hall with `days` open days of 2019 at `visits` a day, generated through the real engine and
// store, with the given id in the central store.
inline std::string generate_hall(const ScratchDir& dir, const std::string& id, int days, int visits,
                                 int seed) {
    const auto db = dir.file(id + ".db");
    auto generated = shell(std::string(HALL_GENERATE_YEAR_BINARY) + " --db " + db +
                           " --days-per-year " + std::to_string(days) + " --visits-per-day " +
                           std::to_string(visits) + " --seed " + std::to_string(seed));
    INFO(generated.output);
    REQUIRE(generated.status == 0);
    auto named = run_server_command({"central", "hall-id", id, "--db", db});
    INFO(named.output);
    REQUIRE(named.status == 0);
    return db;
}

// Waits up to `seconds` for `done`, looking every 20 ms.
template <typename Done>
bool wait_until(Done done, double seconds = 60) {
    const auto until = std::chrono::steady_clock::now() +
                       std::chrono::milliseconds(static_cast<int>(seconds * 1000));
    while (std::chrono::steady_clock::now() < until) {
        if (done())
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return done();
}

}  // namespace hall::testing
