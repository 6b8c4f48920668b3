// Reading hall_server's TOML configuration with toml++, every error at its file and line.
#include "server_config.hpp"

#include <arpa/inet.h>

#include <toml++/toml.h>

#include <charconv>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>

namespace hall {

namespace {

std::string where(const std::string& source, const toml::source_region& region) {
    return source + ":" + std::to_string(region.begin.line) + ":" +
           std::to_string(region.begin.column) + ": ";
}

// Checks one table's keys against what it may hold; each handler reads and stores its value.
using KeyHandler = std::function<void(const toml::node&)>;

class Reader {
  public:
    explicit Reader(std::string source) : source_(std::move(source)) {}

    [[noreturn]] void fail(const toml::node& node, const std::string& message) const {
        throw ConfigError(where(source_, node.source()) + message);
    }

    void table(const toml::table& table, const std::string& name,
               const std::map<std::string, KeyHandler>& keys) const {
        for (const auto& [key, node] : table) {
            std::string k(key.str());
            auto it = keys.find(k);
            if (it == keys.end()) {
                std::string known;
                for (const auto& [candidate, handler] : keys)
                    known += (known.empty() ? "" : ", ") + candidate;
                throw ConfigError(where(source_, key.source()) + "unknown key \"" + k + "\" in [" +
                                  name + "] (known: " + known + ")");
            }
            it->second(node);
        }
    }

    std::string text(const toml::node& node, const std::string& key) const {
        if (!node.is_string())
            fail(node, key + " must be a string");
        return std::string(*node.value<std::string_view>());
    }

    std::int64_t integer(const toml::node& node, const std::string& key, std::int64_t low,
                         std::int64_t high) const {
        if (!node.is_integer())
            fail(node, key + " must be an integer");
        auto value = *node.value<std::int64_t>();
        if (value < low || value > high)
            fail(node, key + " must be from " + std::to_string(low) + " to " +
                           std::to_string(high) + ", not " + std::to_string(value));
        return value;
    }

    double number(const toml::node& node, const std::string& key, double low, double high) const {
        if (!node.is_number())
            fail(node, key + " must be a number");
        auto value = *node.value<double>();
        if (!(value >= low && value <= high))
            fail(node,
                 key + " must be from " + std::to_string(low) + " to " + std::to_string(high));
        return value;
    }

    const toml::table& subtable(const toml::node& node, const std::string& name) const {
        if (!node.is_table())
            fail(node, "\"" + name + "\" must be a table: [" + name + "]");
        return *node.as_table();
    }

  private:
    std::string source_;
};

ServerConfig read(const toml::table& root, const std::string& source) {
    Reader in(source);
    ServerConfig config;
    config.source = source;
    auto readable = [&](const toml::node& node, const std::string& key) {
        auto path = in.text(node, key);
        if (!std::ifstream(path))
            in.fail(node, key + ": cannot read " + path);
        return path;
    };
    std::optional<toml::source_region> tls_region;
    in.table(
        root, "top level",
        {{"server",
          [&](const toml::node& node) {
              in.table(in.subtable(node, "server"), "server",
                       {{"listen",
                         [&](const toml::node& n) {
                             config.listen = in.text(n, "listen");
                             try {
                                 parse_listen_address(config.listen);
                             } catch (const std::invalid_argument& e) {
                                 in.fail(n, e.what());
                             }
                         }},
                        {"database",
                         [&](const toml::node& n) {
                             auto path = in.text(n, "database");
                             if (path.empty())
                                 in.fail(n, "database must not be empty");
                             config.database = path;
                         }},
                        {"public_url", [&](const toml::node& n) {
                             auto url = in.text(n, "public_url");
                             if (!url.starts_with("http://") && !url.starts_with("https://"))
                                 in.fail(n, "public_url must start with http:// or https://");
                             while (url.ends_with("/"))
                                 url.pop_back();
                             config.public_url = url;
                         }}});
          }},
         {"limits",
          [&](const toml::node& node) {
              auto& limits = config.limits;
              in.table(in.subtable(node, "limits"), "limits",
                       {{"connections",
                         [&](const toml::node& n) {
                             limits.connections =
                                 static_cast<std::size_t>(in.integer(n, "connections", 1, 100000));
                         }},
                        {"message_bytes",
                         [&](const toml::node& n) {
                             limits.message_bytes = static_cast<std::size_t>(
                                 in.integer(n, "message_bytes", 1024, 16 * 1024 * 1024));
                         }},
                        {"header_bytes",
                         [&](const toml::node& n) {
                             limits.header_bytes = static_cast<std::size_t>(
                                 in.integer(n, "header_bytes", 1024, 1024 * 1024));
                         }},
                        {"idle_seconds",
                         [&](const toml::node& n) {
                             limits.idle_seconds =
                                 static_cast<int>(in.integer(n, "idle_seconds", 5, 3600));
                         }},
                        {"requests_per_second",
                         [&](const toml::node& n) {
                             limits.requests_per_second =
                                 in.number(n, "requests_per_second", 1, 100000);
                         }},
                        {"request_burst", [&](const toml::node& n) {
                             limits.request_burst = in.number(n, "request_burst", 1, 100000);
                         }}});
          }},
         {"tls",
          [&](const toml::node& node) {
              tls_region = node.source();
              in.table(
                  in.subtable(node, "tls"), "tls",
                  {{"cert", [&](const toml::node& n) { config.tls.cert = readable(n, "cert"); }},
                   {"key", [&](const toml::node& n) { config.tls.key = readable(n, "key"); }}});
          }},
         {"log",
          [&](const toml::node& node) {
              in.table(in.subtable(node, "log"), "log",
                       {{"level", [&](const toml::node& n) {
                             auto level = log::parse_level(in.text(n, "level"));
                             if (!level)
                                 in.fail(n,
                                         "level is one of error, "
                                         "warning, notice, info, "
                                         "debug");
                             config.log_level = *level;
                         }}});
          }},
         {"hall", [&](const toml::node& node) {
              in.fail(node,
                      "[hall] does not belong here: the time zone, opening hours and day close "
                      "are the catalog's hall.csv (hall_server import), so that past days keep "
                      "the meaning they were counted with");
          }}});
    if (config.tls.cert.empty() != config.tls.key.empty())
        throw ConfigError(where(source, *tls_region) + "[tls] needs both cert and key");
    return config;
}

}  // namespace

namespace {
// The text as TOML; broken TOML is a ConfigError naming its line, as toml++ finds it.
toml::table parse_toml(std::string_view text, const std::string& source) {
    try {
        return toml::parse(text, source);
    } catch (const toml::parse_error& e) {
        throw ConfigError(where(source, e.source()) + std::string(e.description()));
    }
}

std::string read_config_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw ConfigError(path + ": cannot read the configuration file");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}
}  // namespace

ServerConfig parse_server_config(std::string_view text, const std::string& source) {
    return read(parse_toml(text, source), source);
}

ServerConfig load_server_config(const std::string& path) {
    return parse_server_config(read_config_file(path), path);
}

std::optional<std::string> configured_database(std::string_view text, const std::string& source) {
    const toml::table root = parse_toml(text, source);
    const auto* database = root["server"]["database"].node();
    if (!database)
        return std::nullopt;
    if (!database->is_string())
        throw ConfigError(where(source, database->source()) + "database must be a string");
    return database->as_string()->get();
}

std::optional<std::string> load_configured_database(const std::string& path) {
    return configured_database(read_config_file(path), path);
}

ListenAddress parse_listen_address(std::string_view text) {
    auto colon = text.rfind(':');
    if (colon == std::string_view::npos || colon + 1 == text.size())
        throw std::invalid_argument("listen wants ADDR:PORT, as in 127.0.0.1:8080");
    std::string host(text.substr(0, colon));
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    auto port_text = text.substr(colon + 1);
    unsigned port = 0;
    auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc() || end != port_text.data() + port_text.size())
        throw std::invalid_argument("\"" + std::string(port_text) + "\" is not a port");
    if (port > 65535)
        throw std::invalid_argument("port " + std::string(port_text) + " is out of range");
    unsigned char buffer[16];
    if (inet_pton(AF_INET, host.c_str(), buffer) != 1 &&
        inet_pton(AF_INET6, host.c_str(), buffer) != 1)
        throw std::invalid_argument("\"" + host + "\" is not an IP address");
    return {host, static_cast<std::uint16_t>(port)};
}

}  // namespace hall
