// The simulator's own hall: a new database with the catalog (staff PINs the simulator knows),
// its devices registered with `hall_server device add`, and `hall_server serve --test-clock`.
#pragma once

#include <sys/types.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "catalog.hpp"

namespace hall::sim {

// The devices' tokens (NAME.SECRET), as `hall_server device add` printed them.
struct DeviceTokens {
    std::string manager;
    std::vector<std::string> kiosks;
    std::vector<std::string> boards;
    std::map<int, std::string> counters;  // by window
    std::map<int, std::string> ratings;   // by window
};

// Runs the real hall_server binary; the server process is stopped when this goes.
class ScratchHall {
  public:
    ScratchHall(std::string server_binary, std::string db, std::string work_dir);
    ~ScratchHall();
    ScratchHall(const ScratchHall&) = delete;
    ScratchHall& operator=(const ScratchHall&) = delete;

    // Copies the catalog into the work directory with every staff member's PIN set to `pin`,
    // hashed at the least cost (a year of daily logins at the interactive cost would take the
    // server longer than the year's visits), and imports it.
    void import_catalog(const std::string& catalog_dir, const std::string& pin);
    // A manager, the kiosks and boards, and a counter terminal and a rating pad per window.
    DeviceTokens register_devices(const Catalog& catalog, int kiosks, int boards);
    // Starts `serve --test-clock START` on a free loopback port, with the configuration file if
    // given; returns the port once the server says it serves.
    unsigned short start_server(const std::string& test_clock_start,
                                const std::optional<std::string>& config_file);
    // SIGTERM, then waits; true if it exited 0.
    bool stop_server();

  private:
    std::string run(const std::vector<std::string>& args);

    std::string server_binary_;
    std::string db_;
    std::string work_dir_;
    pid_t server_pid_ = -1;
    int server_output_ = -1;
};

}  // namespace hall::sim
