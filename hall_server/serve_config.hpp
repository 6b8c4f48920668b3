// The settings `hall_server serve` runs with: the configuration file, then its flags over it.
#pragma once

#include <string>

#include "command_line.hpp"
#include "server_config.hpp"

namespace hall::server {

// --config FILE, else /etc/counterhall/hall-server.toml when it exists, else the defaults; then
// --listen, --db and --log-level override the file. Throws ConfigError for a wrong file.
ServerConfig serve_config(const CommandLine& args);

// The database serve opens: --db, else the file's database, else the usual default.
std::string serve_db_path(const CommandLine& args, const ServerConfig& config);

}  // namespace hall::server
