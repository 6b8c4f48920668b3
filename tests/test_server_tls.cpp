// HTTPS on the server's one port, with a certificate from a throw-away CA.
#include <catch2/catch.hpp>

#include <fstream>

#include "hall_fixture.hpp"
#include "server_process.hpp"
#include "tls_files.hpp"

using namespace hall::testing;
using Catch::Matchers::Contains;

namespace {
int shell(const std::string& command) {
    return std::system(command.c_str());
}
}  // namespace

TEST_CASE("with [tls] the server speaks HTTPS only, with the configured certificate") {
    TempDir dir;
    auto tls = make_tls_files(dir.path());
    auto db = dir.file("hall.db");
    import_demo_catalog(db);
    auto config = write_tls_config(dir.file("hall-server.toml"), tls);
    RunningServer server(db, {"--config", config}, "https");
    auto url = "https://127.0.0.1:" + std::to_string(server.port());
    auto out = dir.file("healthz.json");
    CHECK(shell("curl -sS --max-time 10 --cacert " + tls.ca + " -o " + out + " " + url +
                "/healthz") == 0);
    std::ifstream reply(out);
    std::string body((std::istreambuf_iterator<char>(reply)), {});
    CHECK_THAT(body, Contains("\"ok\":true"));
    // The wrong CA is refused by the client, and plain HTTP gets no answer.
    CHECK(shell("curl -sS --max-time 10 --cacert " + tls.other_ca + " -o /dev/null " + url +
                "/healthz 2>/dev/null") != 0);
    CHECK(shell("curl -sS --max-time 10 -o /dev/null http://127.0.0.1:" +
                std::to_string(server.port()) + "/healthz 2>/dev/null") != 0);
    CHECK(server.stop(SIGTERM) == 0);
}

TEST_CASE("a key that does not belong to the certificate stops the server at start") {
    TempDir dir;
    auto tls = make_tls_files(dir.path());
    auto db = dir.file("hall.db");
    import_demo_catalog(db);
    auto config = dir.file("hall-server.toml");
    std::ofstream(config) << "[tls]\ncert = \"" << tls.cert << "\"\nkey = \"" << dir.file("ca.key")
                          << "\"\n";
    auto result =
        run_server_command({"serve", "--db", db, "--listen", "127.0.0.1:0", "--config", config});
    CHECK(result.status == 1);
    // OpenSSL's words, after the file's name.
    CHECK_THAT(result.output, Contains("TLS key " + dir.file("ca.key")) &&
                                  (Contains("mismatch") || Contains("does not belong")));
}
