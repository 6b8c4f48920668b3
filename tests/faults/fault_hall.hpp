// The demo hall on a real database for the fault tests and benches: a server to kill and restart.
#pragma once

#include <signal.h>

#include <atomic>
#include <memory>
#include <stdexcept>
#include <string>

#include "server_process.hpp"
#include "sqlite.hpp"

namespace hall::testing {

inline const std::string demo_catalog_dir = std::string(HALL_SOURCE_DIR) + "/assets/demo-catalog";

// Owns the database file's hall and at most one running server. The port is atomic: client
// threads read it to reconnect while the test restarts the server on another one.
class FaultHall {
  public:
    explicit FaultHall(std::string db) : db_(std::move(db)) {
        auto imported = run_server_command({"import", "--db", db_, demo_catalog_dir});
        if (imported.status != 0)
            throw std::runtime_error("import failed: " + imported.output);
    }
    FaultHall(const FaultHall&) = delete;
    FaultHall& operator=(const FaultHall&) = delete;

    const std::string& db() const { return db_; }
    // Registers a device and returns its token.
    std::string add_device(const std::string& name, const std::string& role, int window = 0) {
        return register_device(db_, role, window, name);
    }

    // On the test clock (RunningServer's default), standing at a weekday morning: the load
    // never meets the day's close, whenever it runs. A restart starts from the log's last
    // event, which is no later.
    void start() {
        server_ = std::make_unique<RunningServer>(db_);
        port_ = server_->port();
    }
    // kill -9: nothing is flushed, nothing is closed.
    void kill() {
        port_ = 0;
        if (server_)
            server_->stop(SIGKILL);
        server_.reset();
    }
    // SIGTERM: the server commits what it holds and exits 0; returns its exit status.
    int stop() {
        port_ = 0;
        int status = server_ ? server_->stop(SIGTERM) : 0;
        server_.reset();
        return status;
    }
    bool running() const { return server_ != nullptr; }
    RunningServer& server() { return *server_; }
    // 0 while no server listens.
    unsigned short port() const { return port_; }

    // The first column of the first row of a query on the database.
    std::int64_t count(const std::string& query) const {
        sql::Database database(db_);
        auto statement = database.prepare(query);
        statement.step();
        return statement.int64(0);
    }

  private:
    std::string db_;
    std::unique_ptr<RunningServer> server_;
    std::atomic<unsigned short> port_{0};
};

}  // namespace hall::testing
