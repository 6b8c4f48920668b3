// hall_server's configuration file (TOML): where it listens, its database, limits, TLS, logging.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "log.hpp"

namespace hall {

// Read when `serve` is given no --config and this file exists.
inline constexpr const char* default_config_path = "/etc/counterhall/hall-server.toml";

struct ServerLimits {
    std::size_t connections = 4096;         // open connections, HTTP and WebSocket together
    std::size_t message_bytes = 64 * 1024;  // a request body or a WebSocket message
    std::size_t header_bytes = 16 * 1024;
    int idle_seconds = 60;            // an HTTP connection or a WebSocket without traffic is closed
    double requests_per_second = 50;  // per connection (WebSocket or HTTP), on average
    double request_burst = 200;
};

struct TlsFiles {
    std::string cert;  // PEM certificate chain, the server's first
    std::string key;   // PEM private key
    bool enabled() const { return !cert.empty(); }
};

// The time zone, opening hours and day close are not here: they are the catalog's (hall.csv),
// so that every past day keeps the meaning it was counted with.
struct ServerConfig {
    std::string source;  // the file read, or empty for the built-in defaults
    std::string listen = "127.0.0.1:8080";
    std::optional<std::string> database;  // none: the subcommand's default
    std::string public_url;               // "https://hall.example.cn": ticket links are absolute
    ServerLimits limits;
    TlsFiles tls;
    log::Level log_level = log::Level::info;
};

// A wrong file: what() is "FILE:LINE:COLUMN: what is wrong".
class ConfigError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Reads and checks a configuration file; throws ConfigError on any unknown key or wrong value.
ServerConfig load_server_config(const std::string& path);
// The same for text in memory; `source` names it in errors.
ServerConfig parse_server_config(std::string_view text, const std::string& source);

// Only `[server] database`, for the commands other than serve (backup, verify, device, ...): a
// mistake elsewhere in the file, which stops the server at its next start, does not stop the
// nightly backup too. Broken TOML, or a database that is not a string, still throws.
std::optional<std::string> configured_database(std::string_view text, const std::string& source);
std::optional<std::string> load_configured_database(const std::string& path);

struct ListenAddress {
    std::string host;  // an IPv4 or IPv6 address, without brackets
    std::uint16_t port = 0;
};
// "127.0.0.1:8080", "[::1]:8080", "0.0.0.0:0"; throws std::invalid_argument saying why not.
ListenAddress parse_listen_address(std::string_view text);

}  // namespace hall
