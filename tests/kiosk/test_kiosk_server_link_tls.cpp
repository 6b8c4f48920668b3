// The kiosk's link over wss:// to a real server with a throw-away CA's certificate: it connects
// and talks when it trusts that CA; another CA, or a host name the certificate does not name,
// is refused.
#include <catch2/catch.hpp>

#include <chrono>
#include <fstream>
#include <thread>

#include "hall_fixture.hpp"
#include "server_link.hpp"
#include "server_process.hpp"
#include "tls_files.hpp"

using namespace hall::testing;
using Catch::Matchers::Contains;

namespace {

struct Outcome {
    bool connected = false;
    std::string reply;         // the first text frame
    std::string disconnected;  // the first reason the link went down
};

// Runs a link until it connected and got a reply to `hello`, or went down, or time ran out.
Outcome try_link(const std::string& url, const std::string& ca, const std::string& token) {
    auto parsed = kiosk::parse_server_url(url);
    REQUIRE(parsed);
    kiosk::ServerLink link(
        *parsed, [] {}, ca);
    link.start();
    Outcome outcome;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (std::chrono::steady_clock::now() < deadline) {
        for (auto& message : link.take()) {
            using Kind = kiosk::LinkMessage::Kind;
            if (message.kind == Kind::connected) {
                outcome.connected = true;
                link.send(R"({"id":1,"op":"hello","token":")" + token + "\"}");
            } else if (message.kind == Kind::text && outcome.reply.empty()) {
                outcome.reply = message.text;
                return outcome;
            } else if (message.kind == Kind::disconnected) {
                outcome.disconnected = message.text;
                return outcome;
            }
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return outcome;
}

}  // namespace

TEST_CASE("a wss:// link verifies the server's certificate, host name included") {
    TempDir dir;
    auto tls = make_tls_files(dir.path());
    auto db = dir.file("hall.db");
    import_demo_catalog(db);
    auto token = register_device(db, "board", 0, "board-tls");
    auto config = write_tls_config(dir.file("hall-server.toml"), tls);
    RunningServer server(db, {"--config", config}, "https");
    auto port = std::to_string(server.port());

    SECTION("trusting the CA that signed it, the link connects and the server answers") {
        auto outcome = try_link("wss://127.0.0.1:" + port, tls.ca, token);
        CHECK(outcome.connected);
        CHECK_THAT(outcome.reply, Contains("\"ok\":true") && Contains("board-tls"));
    }
    SECTION("another CA is refused before anything is sent") {
        auto outcome = try_link("wss://127.0.0.1:" + port, tls.other_ca, token);
        CHECK_FALSE(outcome.connected);
        CHECK_THAT(outcome.disconnected, Contains("certificate verify failed"));
    }
    SECTION("a host name the certificate does not name is refused") {
        // localhost reaches the same server, but the certificate names only 127.0.0.1.
        auto outcome = try_link("wss://localhost:" + port, tls.ca, token);
        CHECK_FALSE(outcome.connected);
        CHECK_THAT(outcome.disconnected, Contains("certificate verify failed"));
    }
    SECTION("plain ws:// to the TLS port does not connect") {
        auto outcome = try_link("ws://127.0.0.1:" + port, "", token);
        CHECK_FALSE(outcome.connected);
    }
}

TEST_CASE("wss:// URLs parse with 443 as their default port") {
    auto url = kiosk::parse_server_url("wss://hall.example.cn");
    REQUIRE(url);
    CHECK(url->secure);
    CHECK(url->host == "hall.example.cn");
    CHECK(url->port == "443");
    auto plain = kiosk::parse_server_url("ws://10.0.0.5:8080/ws");
    REQUIRE(plain);
    CHECK_FALSE(plain->secure);
    CHECK_FALSE(kiosk::parse_server_url("https://hall.example.cn"));
}
