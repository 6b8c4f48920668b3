// Parsing of hall_server's command-line options.
#include "command_line.hpp"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "server_config.hpp"

namespace hall::server {

CommandLine::CommandLine(int argc, char** argv, int first, const std::set<std::string>& flags,
                         const std::set<std::string>& switches) {
    for (int i = first; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "--") {
            for (++i; i < argc; ++i)
                positionals_.emplace_back(argv[i]);
            break;
        }
        if (!arg.starts_with("--")) {
            positionals_.push_back(arg);
            continue;
        }
        std::string name = arg.substr(2);
        std::optional<std::string> inline_value;
        if (auto eq = name.find('='); eq != std::string::npos) {
            inline_value = name.substr(eq + 1);
            name = name.substr(0, eq);
        }
        if (switches.count(name)) {
            if (inline_value)
                throw std::invalid_argument("--" + name + " takes no value");
            switches_.insert(name);
        } else if (flags.count(name)) {
            if (inline_value) {
                values_[name] = *inline_value;
            } else if (i + 1 < argc) {
                values_[name] = argv[++i];
            } else {
                throw std::invalid_argument("--" + name + " needs a value");
            }
        } else {
            throw std::invalid_argument("unknown option --" + name);
        }
    }
}

std::optional<std::string> CommandLine::value(const std::string& flag) const {
    auto it = values_.find(flag);
    if (it == values_.end())
        return std::nullopt;
    return it->second;
}

bool CommandLine::has(const std::string& name) const {
    return switches_.count(name) > 0 || values_.count(name) > 0;
}

std::string CommandLine::db_path() const {
    return value("db").value_or(default_db_path());
}

std::string default_db_path() {
    // An installed hall: the database its configuration file names, for every command. Only
    // that key is read here: serve checks the rest.
    if (std::filesystem::exists(default_config_path))
        if (auto database = load_configured_database(default_config_path))
            return *database;
    if (const char* state = std::getenv("STATE_DIRECTORY"); state && *state) {
        // systemd may list several directories separated by colons: the first is ours.
        std::string dir(state);
        dir = dir.substr(0, dir.find(':'));
        return dir + "/hall.db";
    }
    return "./hall.db";
}

}  // namespace hall::server
