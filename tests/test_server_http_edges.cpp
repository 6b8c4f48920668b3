// HTTP at its edges against a real hall_server: HEAD, other methods, what a REST body may set,
// deep nesting, the connection limit and the open-files limit.
#include <catch2/catch.hpp>

#include <sys/resource.h>

#include <fstream>
#include <memory>
#include <thread>

#include "hall_fixture.hpp"
#include "http_client.hpp"
#include "raw_connection.hpp"
#include "server_process.hpp"
#include "ws_client.hpp"

using namespace hall::testing;
using nlohmann::json;

namespace {

struct DemoHall {
    DemoHall() {
        db = dir.file("hall.db");
        import_demo_catalog(db);
    }
    TempDir dir;
    std::string db;
};

}  // namespace

TEST_CASE("HEAD gets GET's head without a body, so the next answer on the connection reads right") {
    DemoHall hall;
    RunningServer server(hall.db);
    RawConnection connection(server.port());
    connection.send(
        "HEAD /healthz HTTP/1.1\r\nHost: hall\r\n\r\n"
        "GET /healthz HTTP/1.1\r\nHost: hall\r\nConnection: close\r\n\r\n");
    auto answers = connection.read_until_closed();
    auto head_end = answers.find("\r\n\r\n");
    REQUIRE(head_end != std::string::npos);
    CHECK(answers.starts_with("HTTP/1.1 200"));
    CHECK(answers.substr(0, head_end).find("Content-Length:") != std::string::npos);
    CHECK(answers.substr(head_end + 4).starts_with("HTTP/1.1 200"));
}

TEST_CASE("a page asked for with another method than GET or HEAD is not found") {
    DemoHall hall;
    RunningServer server(hall.db);
    for (const char* path : {"/healthz", "/metrics", "/board", "/"}) {
        auto reply = http_request(server.port(), "PUT", path);
        INFO(path << ": " << reply.body);
        CHECK(reply.status == 404);
        CHECK(json::parse(reply.body)["error"]["code"] == "not_found");
    }
}

TEST_CASE("a REST body cannot change the ticket its path names, and deep nesting is refused") {
    DemoHall hall;
    auto kiosk = add_device(hall.db, "kiosk-1", "kiosk");
    auto manager = add_device(hall.db, "manager-1", "manager");
    RunningServer server(hall.db);
    auto issue = [&] {
        auto reply =
            http_request(server.port(), "POST", "/api/tickets", R"({"queue":"Q01"})", kiosk);
        INFO(reply.body);
        REQUIRE(reply.status == 200);
        return json::parse(reply.body)["result"]["ticket"]["number"].get<std::string>();
    };
    auto first = issue(), second = issue();
    auto cancel = http_request(server.port(), "POST", "/api/tickets/" + first + "/cancel",
                               json{{"number", second}}.dump(), manager);
    INFO(cancel.body);
    REQUIRE(cancel.status == 200);
    CHECK(json::parse(cancel.body)["result"]["ticket"]["number"] == first);
    auto other = http_request(server.port(), "GET", "/api/tickets/" + second, {}, kiosk);
    CHECK(json::parse(other.body)["result"]["ticket"]["state"] == "waiting");

    // 32,000 levels of arrays in a field, inside the 64 KiB a body may have.
    auto nested = R"({"queue":)" + std::string(32000, '[') + std::string(32000, ']') + "}";
    auto deep = http_request(server.port(), "POST", "/api/tickets", nested, kiosk);
    CHECK(deep.status == 400);
    CHECK(json::parse(deep.body)["error"]["code"] == "bad_request");
    CHECK(server.http("GET", "/healthz").status == 200);
}

TEST_CASE("a REST body with a zero byte is bad_json, and what comes before it is not done") {
    DemoHall hall;
    auto kiosk = add_device(hall.db, "kiosk-1", "kiosk");
    RunningServer server(hall.db);
    auto next_seq = [&] { return json::parse(server.http("GET", "/healthz").body)["next_seq"]; };
    const auto before = next_seq();
    const std::string body = R"({"queue":"Q01"})";
    for (const std::string& bad : {body + '\0', body + '\0' + "garbage", body + '\0' + body}) {
        auto reply = http_request(server.port(), "POST", "/api/tickets", bad, kiosk);
        INFO(reply.body);
        CHECK(reply.status == 400);
        CHECK(json::parse(reply.body)["error"]["code"] == "bad_json");
    }
    CHECK(next_seq() == before);  // nothing was recorded
}

TEST_CASE("an HTTP/1.1 request without Host is bad_request, as RFC 9112 wants") {
    DemoHall hall;
    RunningServer server(hall.db);
    RawConnection connection(server.port());
    connection.send("GET /healthz HTTP/1.1\r\n\r\n");
    const auto answer = connection.read_until_closed_or(2'000);
    CHECK(answer.starts_with("HTTP/1.1 400"));
    CHECK(answer.find("\"bad_request\"") != std::string::npos);
    CHECK(answer.find("Host") != std::string::npos);
    CHECK(server.http("GET", "/healthz").status == 200);  // with one, as ever
}

TEST_CASE("an HTTP connection keeps to the request rate, as a WebSocket does") {
    DemoHall hall;
    RunningServer server(hall.db);
    // 260 requests pipelined on one connection: the burst of 200 passes, the rest (less what
    // the rate refills meanwhile) are rate_limited; the last closes the connection.
    std::string requests;
    for (int i = 0; i < 259; ++i)
        requests += "GET /healthz HTTP/1.1\r\nHost: hall\r\n\r\n";
    requests += "GET /healthz HTTP/1.1\r\nHost: hall\r\nConnection: close\r\n\r\n";
    RawConnection connection(server.port());
    connection.send(requests);
    const auto answers = connection.read_until_closed();
    auto count = [&](const std::string& what) {
        int n = 0;
        for (auto at = answers.find(what); at != std::string::npos; at = answers.find(what, at + 1))
            ++n;
        return n;
    };
    const int ok = count("HTTP/1.1 200 OK"), limited = count("HTTP/1.1 429");
    CHECK(ok + limited == 260);
    CHECK(ok >= 200);
    CHECK(limited >= 40);
    CHECK(count("\"rate_limited\"") == limited);
    CHECK(count("Retry-After: 1\r\n") == limited);
    // A new connection has its own rate.
    CHECK(server.http("GET", "/healthz").status == 200);
}

TEST_CASE("the connection limit counts WebSockets and HTTP together, and counts what it refuses") {
    DemoHall hall;
    auto board = add_device(hall.db, "board-1", "board");
    auto config = hall.dir.file("hall-server.toml");
    std::ofstream(config) << "[limits]\nconnections = 6\n";
    RunningServer server(hall.db, {"--config", config});
    std::vector<std::unique_ptr<WsDevice>> boards;
    for (int i = 0; i < 4; ++i) {
        boards.push_back(std::make_unique<WsDevice>(server.port()));
        REQUIRE(boards.back()->hello(board)["ok"] == true);
    }
    std::vector<std::unique_ptr<RawConnection>> idle;
    for (int i = 0; i < 4; ++i)
        idle.push_back(std::make_unique<RawConnection>(server.port()));
    int closed = 0;
    for (auto& connection : idle)
        closed += connection->closed_by_server() ? 1 : 0;
    CHECK(closed == 2);
    CHECK(boards.front()->request({{"op", "state"}})["ok"] == true);

    idle.clear();
    boards.pop_back();  // a free place for the next request, once the server saw the close
    HttpReply metrics;
    for (int attempt = 0; attempt < 100 && metrics.status != 200; ++attempt) {
        try {
            metrics = server.http("GET", "/metrics");
        } catch (const std::exception&) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    }
    CHECK(metrics.body.find("\nhall_connections_refused_total 2\n") != std::string::npos);
}

TEST_CASE("a server started with a soft limit of 256 open files serves more connections") {
    rlimit limit{};
    REQUIRE(::getrlimit(RLIMIT_NOFILE, &limit) == 0);
    if (limit.rlim_max != RLIM_INFINITY && limit.rlim_max < 2048) {
        WARN("the hard limit of open files is too low here to try it");
        return;
    }
    DemoHall hall;
    const rlimit ours = limit;
    limit.rlim_cur = 256;  // what the server inherits, like systemd's 1,024 but smaller
    REQUIRE(::setrlimit(RLIMIT_NOFILE, &limit) == 0);
    std::unique_ptr<RunningServer> server;
    try {
        server = std::make_unique<RunningServer>(hall.db);
    } catch (...) {
        ::setrlimit(RLIMIT_NOFILE, &ours);
        throw;
    }
    REQUIRE(::setrlimit(RLIMIT_NOFILE, &ours) == 0);
    std::vector<std::unique_ptr<RawConnection>> idle;
    for (int i = 0; i < 400; ++i)
        idle.push_back(std::make_unique<RawConnection>(server->port()));
    // Raw, with a time limit: a server out of descriptors leaves the connection unanswered.
    RawConnection probe(server->port());
    probe.send("GET /healthz HTTP/1.1\r\nHost: hall\r\nConnection: close\r\n\r\n");
    CHECK(probe.read_until_closed().starts_with("HTTP/1.1 200"));
}

TEST_CASE("a request target with a byte that is not ASCII gets a JSON bad_request") {
    DemoHall hall;
    RunningServer server(hall.db);
    for (const char* target :
         {"/\xff", "/api/tickets/\xff", "/api/windows/2/\xc3\x28", "/api/stats?day=\xff"}) {
        INFO(target);
        RawConnection connection(server.port());
        connection.send(std::string("GET ") + target + " HTTP/1.1\r\nHost: hall\r\n\r\n");
        const auto answer = connection.read_until_closed_or(2'000);
        CHECK(answer.starts_with("HTTP/1.1 400"));
        const auto body = answer.substr(answer.find("\r\n\r\n") + 4);
        CHECK(json::parse(body)["error"]["code"] == "bad_request");
    }
    // Percent-encoded, a path's bytes are decoded; they too must be UTF-8 text.
    CHECK(server.http("GET", "/nothing/%FF").status == 400);
    CHECK(server.http("GET", "/nothing/%E4%BD%A0").status == 404);  // 你: a path like any other
    CHECK(server.http("GET", "/healthz").status == 200);
}

TEST_CASE("a WebSocket upgrade that RFC 6455 refuses gets a JSON answer, and opens nothing") {
    DemoHall hall;
    RunningServer server(hall.db);
    // The upgrade request with `key_line`, and `then` in the same send.
    auto upgrade = [&](const std::string& key_line, const std::string& then = "") {
        RawConnection connection(server.port());
        connection.send(
            "GET /ws HTTP/1.1\r\nHost: hall\r\nUpgrade: websocket\r\nConnection: "
            "Upgrade\r\nSec-WebSocket-Version: 13\r\n" +
            key_line + "\r\n" + then);
        return connection.read_until_closed_or(2'000);
    };
    // RFC 6455's own example key is a good one.
    CHECK(upgrade("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n").starts_with("HTTP/1.1 101"));
    {  // The path decides: a query after it changes nothing.
        RawConnection connection(server.port());
        connection.send(
            "GET /ws?v=1 HTTP/1.1\r\nHost: hall\r\nUpgrade: websocket\r\nConnection: "
            "Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
            "dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
        CHECK(connection.read_until_seen("\r\n\r\n").starts_with("HTTP/1.1 101"));
    }
    for (const char* key_line : {
             "Sec-WebSocket-Key: abc\r\n",                       // too short
             "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ\r\n",    // no padding: not 24 bytes
             "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25j!Q==\r\n",  // not base64
             "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=A\r\n",  // padding in the middle
             "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZWVl\r\n",  // 18 bytes
             "",                                                 // none at all
         }) {
        INFO(key_line);
        const auto answer = upgrade(key_line);
        CHECK(answer.starts_with("HTTP/1.1 400"));
        CHECK(answer.find("\"code\":\"bad_request\"") != std::string::npos);
    }
    // A frame sent with the request, before the 101, would be lost: refused, as RFC 6455 4.1
    // forbids it. A masked text frame with "{}" follows the request in one send.
    const auto early = upgrade("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n",
                               std::string("\x81\x82\x01\x02\x03\x04\x7A\x7F", 8));
    CHECK(early.starts_with("HTTP/1.1 400"));
    CHECK(early.find("before its answer") != std::string::npos);
    // What Beast would refuse in plain text, the server refuses itself with its JSON: no Host, and
    // another Sec-WebSocket-Version than 13 (426, naming 13) or none.
    auto refused = [&](const std::string& request) {
        RawConnection connection(server.port());
        connection.send(request);
        return connection.read_until_closed_or(2'000);
    };
    const std::string good_key = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
    const auto no_host = refused(
        "GET /ws HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Version: 13\r\n" +
        good_key + "\r\n");
    CHECK(no_host.starts_with("HTTP/1.1 400"));
    CHECK(no_host.find("\"code\":\"bad_request\"") != std::string::npos);
    for (const char* version_line : {"Sec-WebSocket-Version: 8\r\n", ""}) {
        INFO(version_line);
        const auto answer = refused(
            "GET /ws HTTP/1.1\r\nHost: hall\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            std::string(version_line) + good_key + "\r\n");
        CHECK(answer.starts_with("HTTP/1.1 426"));
        CHECK(answer.find("\r\nSec-WebSocket-Version: 13\r\n") != std::string::npos);
        CHECK(answer.find("\"code\":\"bad_request\"") != std::string::npos);
    }
    // Only the good key's two connections were WebSockets.
    auto metrics = server.http("GET", "/metrics");
    CHECK(metrics.body.find("\nhall_connections_total 2\n") != std::string::npos);
    CHECK(server.http("GET", "/healthz").status == 200);
}
