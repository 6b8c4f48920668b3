// Command-line arguments of hall_server's subcommands: flags with values, and positionals.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace hall::server {

class CommandLine {
  public:
    // Parses argv after the subcommand. `flags` take a value (--db PATH or --db=PATH);
    // `switches` take none. Throws std::invalid_argument naming a bad or unknown option.
    CommandLine(int argc, char** argv, int first, const std::set<std::string>& flags,
                const std::set<std::string>& switches = {});

    std::optional<std::string> value(const std::string& flag) const;
    bool has(const std::string& name) const;
    const std::vector<std::string>& positionals() const { return positionals_; }
    // --db, or the database of /etc/counterhall/hall-server.toml, or $STATE_DIRECTORY/hall.db
    // under systemd, else ./hall.db.
    std::string db_path() const;

  private:
    std::map<std::string, std::string> values_;
    std::set<std::string> switches_;
    std::vector<std::string> positionals_;
};

// The database path when none is given.
std::string default_db_path();

}  // namespace hall::server
