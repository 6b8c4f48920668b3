// Merging the configuration file and serve's command line.
#include "serve_config.hpp"

#include <filesystem>

namespace hall::server {

ServerConfig serve_config(const CommandLine& args) {
    ServerConfig config;
    if (auto path = args.value("config"))
        config = load_server_config(*path);
    else if (std::filesystem::exists(default_config_path))
        config = load_server_config(default_config_path);
    if (auto listen = args.value("listen")) {
        try {
            parse_listen_address(*listen);
        } catch (const std::invalid_argument& e) {
            throw std::invalid_argument(std::string("--listen: ") + e.what());
        }
        config.listen = *listen;
    }
    if (auto level = args.value("log-level")) {
        auto parsed = log::parse_level(*level);
        if (!parsed)
            throw std::invalid_argument(
                "--log-level is one of error, warning, notice, info, debug");
        config.log_level = *parsed;
    }
    return config;
}

std::string serve_db_path(const CommandLine& args, const ServerConfig& config) {
    if (auto db = args.value("db"))
        return *db;
    return config.database.value_or(default_db_path());
}

}  // namespace hall::server
