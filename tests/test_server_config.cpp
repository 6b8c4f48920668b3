// hall_server's TOML configuration: every key read, every mistake named with file and line.
#include <catch2/catch.hpp>

#include <fstream>
#include <nlohmann/json.hpp>

#include "hall_fixture.hpp"
#include "server_config.hpp"
#include "server_process.hpp"

using namespace hall;
using namespace hall::testing;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {
std::string error_of(const std::string& text) {
    try {
        parse_server_config(text, "/etc/counterhall/hall-server.toml");
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "no error";
}

void write_file(const std::string& path, const std::string& text) {
    std::ofstream(path) << text;
}
}  // namespace

TEST_CASE("an empty configuration keeps the built-in defaults") {
    auto config = parse_server_config("", "empty.toml");
    CHECK(config.listen == "127.0.0.1:8080");
    CHECK_FALSE(config.database);
    CHECK(config.public_url.empty());
    CHECK(config.limits.connections == 4096);
    CHECK(config.limits.message_bytes == 64 * 1024);
    CHECK_FALSE(config.tls.enabled());
    CHECK(config.log_level == log::Level::info);
}

TEST_CASE("every key of the configuration is read") {
    TempDir dir;
    write_file(dir.file("cert.pem"), "cert");
    write_file(dir.file("key.pem"), "key");
    auto config = parse_server_config(R"(
[server]
listen = "[::]:8443"
database = "/var/lib/counterhall/hall.db"
public_url = "https://hall.example.cn/"

[limits]
connections = 500
message_bytes = 32768
header_bytes = 8192
idle_seconds = 90
requests_per_second = 20
request_burst = 40.5

[tls]
cert = ")" + dir.file("cert.pem") + R"("
key = ")" + dir.file("key.pem") + R"("

[log]
level = "debug"
)",
                                      "full.toml");
    CHECK(config.listen == "[::]:8443");
    CHECK(config.database == "/var/lib/counterhall/hall.db");
    CHECK(config.public_url == "https://hall.example.cn");
    CHECK(config.limits.connections == 500);
    CHECK(config.limits.message_bytes == 32768);
    CHECK(config.limits.header_bytes == 8192);
    CHECK(config.limits.idle_seconds == 90);
    CHECK(config.limits.requests_per_second == 20);
    CHECK(config.limits.request_burst == 40.5);
    CHECK(config.tls.cert == dir.file("cert.pem"));
    CHECK(config.tls.key == dir.file("key.pem"));
    CHECK(config.log_level == log::Level::debug);
}

TEST_CASE("the settings file the package installs is accepted as it is") {
    auto config = load_server_config(std::string(HALL_SOURCE_DIR) + "/packaging/hall-server.toml");
    CHECK(config.listen == "0.0.0.0:8080");
    CHECK(config.database == "/var/lib/counterhall/hall.db");
    CHECK_FALSE(config.tls.enabled());
}

TEST_CASE("a wrong key or value is named with the file, its line and column") {
    CHECK_THAT(error_of("[server]\nlisten = \"0.0.0.0:8080\"\nlsten = \"x\"\n"),
               StartsWith("/etc/counterhall/hall-server.toml:3:1: unknown key \"lsten\" in "
                          "[server]"));
    CHECK_THAT(error_of("[limits]\nconnections = \"many\"\n"),
               StartsWith("/etc/counterhall/hall-server.toml:2:") &&
                   Contains("connections must be an integer"));
    CHECK_THAT(
        error_of("[limits]\n\nconnections = 0\n"),
        StartsWith("/etc/counterhall/hall-server.toml:3:") && Contains("from 1 to 100000, not 0"));
    CHECK_THAT(error_of("[server]\nlisten = \"localhost:80\"\n"),
               StartsWith("/etc/counterhall/hall-server.toml:2:") &&
                   Contains("\"localhost\" is not an IP address"));
    CHECK_THAT(error_of("[server]\nlisten = \"0.0.0.0:99999\"\n"), Contains("out of range"));
    CHECK_THAT(error_of("[server]\npublic_url = \"hall.example.cn\"\n"),
               Contains(":2:") && Contains("http:// or https://"));
    CHECK_THAT(error_of("[log]\nlevel = \"loud\"\n"),
               Contains(":2:") && Contains("error, warning"));
    CHECK_THAT(error_of("[listen]\n"), Contains(":1:") && Contains("unknown key \"listen\""));
    CHECK_THAT(error_of("server = 3\n"), Contains("must be a table"));
}

TEST_CASE("the other commands read the database from a file whose other keys are wrong") {
    const std::string source = "/etc/counterhall/hall-server.toml";
    const std::string text =
        "[server]\ndatabase = \"/var/lib/counterhall/hall.db\"\n[limits]\nconections = 5\n";
    CHECK_THROWS_AS(parse_server_config(text, source), ConfigError);  // serve refuses it
    CHECK(configured_database(text, source) == "/var/lib/counterhall/hall.db");
    CHECK_FALSE(configured_database("[log]\nlevel = \"loud\"\n", source));
    CHECK_THROWS_WITH(configured_database("[server]\ndatabase = 3\n", source),
                      StartsWith(source + ":2:") && Contains("database must be a string"));
    CHECK_THROWS_AS(configured_database("[server\n", source), ConfigError);
}

TEST_CASE("broken TOML is named with its line, as toml++ finds it") {
    CHECK_THAT(error_of("[server]\nlisten = \n"),
               StartsWith("/etc/counterhall/hall-server.toml:2:"));
    CHECK_THAT(error_of("[server\n"), StartsWith("/etc/counterhall/hall-server.toml:1:"));
}

TEST_CASE("the hall's time zone and hours are the catalog's, and the file says so") {
    CHECK_THAT(error_of("[hall]\ntime_zone = \"Asia/Shanghai\"\n"),
               Contains(":1:") && Contains("hall.csv"));
}

TEST_CASE("TLS needs a readable certificate and its key") {
    TempDir dir;
    write_file(dir.file("cert.pem"), "cert");
    CHECK_THAT(error_of("[tls]\ncert = \"" + dir.file("cert.pem") + "\"\n"),
               Contains(":1:") && Contains("needs both cert and key"));
    CHECK_THAT(error_of("[tls]\ncert = \"" + dir.file("cert.pem") + "\"\nkey = \"" +
                        dir.file("missing.pem") + "\"\n"),
               Contains(":3:") && Contains("cannot read"));
}

TEST_CASE("serve reads its configuration file, and a flag overrides it") {
    TempDir dir;
    auto db = dir.file("hall.db");
    import_demo_catalog(db);
    auto token = register_device(db, "kiosk", 0, "kiosk1");
    auto config = dir.file("hall-server.toml");
    // The file's listen address is taken by the test's --listen 127.0.0.1:0 flag.
    write_file(config, "[server]\nlisten = \"127.0.0.1:1\"\ndatabase = \"" +
                           dir.file("not-this.db") +
                           "\"\npublic_url = \"https://hall.example.cn\"\n");
    RunningServer server(db, {"--config", config});
    CHECK(server.port() != 1);
    const auto response =
        http_request(server.port(), "POST", "/api/tickets", R"({"queue":"Q01"})", token);
    INFO(response.body);
    auto reply = nlohmann::json::parse(response.body);
    REQUIRE(reply["ok"] == true);
    CHECK_THAT(reply["result"]["ticket"]["status_url"].get<std::string>(),
               StartsWith("https://hall.example.cn/t/"));
    CHECK_FALSE(std::filesystem::exists(dir.file("not-this.db")));
}

TEST_CASE("serve refuses a wrong configuration file before it opens anything") {
    TempDir dir;
    auto config = dir.file("hall-server.toml");
    write_file(config, "[server]\nlisten = \"127.0.0.1:0\"\n\n[limits]\nconections = 10\n");
    auto result = run_server_command({"serve", "--db", dir.file("hall.db"), "--config", config});
    CHECK(result.status == 1);
    CHECK_THAT(result.output, Contains(config + ":5:1: unknown key \"conections\" in [limits]"));
    CHECK_FALSE(std::filesystem::exists(dir.file("hall.db")));
}
