// The real hall_server binary on a real database file: import, serve on loopback, stop.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "hall_fixture.hpp"
#include "server_process.hpp"
#include "sqlite.hpp"

using namespace hall::testing;

namespace {
const std::string demo_catalog = std::string(HALL_SOURCE_DIR) + "/assets/demo-catalog";

std::int64_t count(const std::string& db_path, const std::string& query) {
    hall::sql::Database db(db_path);
    auto s = db.prepare(query);
    s.step();
    return s.int64(0);
}
}  // namespace

TEST_CASE("the demo catalog imports and the server serves it on a loopback port") {
    TempDir dir;
    auto db = dir.file("hall.db");
    auto imported = run_server_command({"import", "--db", db, demo_catalog});
    INFO(imported.output);
    REQUIRE(imported.status == 0);
    CHECK(count(db, "SELECT COUNT(*) FROM items WHERE active = 1") == 1171);

    RunningServer server(db);
    auto health = server.http("GET", "/healthz");
    CHECK(health.status == 200);
    CHECK(nlohmann::json::parse(health.body)["ok"] == true);

    auto state = server.http("GET", "/api/state");
    REQUIRE(state.status == 200);
    auto json = nlohmann::json::parse(state.body);
    CHECK(static_cast<std::int64_t>(json["result"]["queues"].size()) ==
          count(db, "SELECT COUNT(*) FROM queues"));
    CHECK(static_cast<std::int64_t>(json["result"]["windows"].size()) ==
          count(db, "SELECT COUNT(*) FROM windows"));

    auto missing = server.http("GET", "/no/such/page");
    CHECK(missing.status == 404);
    CHECK(nlohmann::json::parse(missing.body)["error"]["code"] == "not_found");

    CHECK(server.stop(SIGTERM) == 0);
}

TEST_CASE("the server's threads carry names that top -H and perf show") {
    TempDir dir;
    auto db = dir.file("hall.db");
    import_demo_catalog(db);
    RunningServer server(db);
    const std::multiset<std::string> wanted{"hall_server", "hall-writer", "hall-checkpoint",
                                            "hall-pin", "hall-export"};
    std::multiset<std::string> names;
    // The pools' threads name themselves as they first run: given a moment.
    for (int attempt = 0; attempt < 200 && names != wanted; ++attempt) {
        if (attempt > 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        names.clear();
        const auto tasks = std::filesystem::path("/proc") / std::to_string(server.pid()) / "task";
        for (const auto& task : std::filesystem::directory_iterator(tasks)) {
            std::ifstream comm(task.path() / "comm");
            std::string name;
            std::getline(comm, name);
            names.insert(name);
        }
    }
    CHECK(names == wanted);
}

TEST_CASE("a bad catalog is refused with file, line and column, and the database is unchanged") {
    TempDir dir;
    auto db = dir.file("hall.db");
    REQUIRE(run_server_command({"import", "--db", db, demo_catalog}).status == 0);
    auto before = count(db, "SELECT COUNT(*) FROM catalog_imports");

    // A copy of the demo catalog with one item pointing at a department that does not exist.
    auto bad = dir.path() / "bad-catalog";
    std::filesystem::copy(demo_catalog, bad);
    std::string items;
    {
        std::ifstream in(bad / "items.csv", std::ios::binary);
        items.assign(std::istreambuf_iterator<char>(in), {});
    }
    auto second_line = items.find('\n') + 1;
    auto comma = items.find(',', items.find(',', second_line) + 1);
    auto next_comma = items.find(',', comma + 1);
    items.replace(comma + 1, next_comma - comma - 1, "D99");
    {
        std::ofstream out(bad / "items.csv", std::ios::binary | std::ios::trunc);
        out << items;
    }
    auto refused = run_server_command({"import", "--db", db, bad.string()});
    INFO(refused.output);
    CHECK(refused.status == 1);
    CHECK(refused.output.find("items.csv:2:3:") != std::string::npos);
    CHECK(refused.output.find("nothing was imported") != std::string::npos);
    CHECK(count(db, "SELECT COUNT(*) FROM catalog_imports") == before);
    CHECK(count(db, "SELECT COUNT(*) FROM items WHERE department = 'D99'") == 0);
}

TEST_CASE("a file that is not a database is refused with SQLite's reason, and left as it was") {
    TempDir dir;
    const auto db = dir.file("hall.db");
    const std::string text = "not a database, but a note\n";
    std::ofstream(db) << text;
    for (const std::vector<std::string>& command :
         {std::vector<std::string>{"serve", "--db", db, "--listen", "127.0.0.1:0"},
          std::vector<std::string>{"stats", "--db", db}}) {
        auto result = run_server_command(command);
        INFO(result.output);
        CHECK(result.status != 0);
        CHECK(result.output.find("cannot open database " + db + ": file is not a database") !=
              std::string::npos);
    }
    std::ifstream in(db);
    CHECK(std::string(std::istreambuf_iterator<char>(in), {}) == text);
}

TEST_CASE("serve refuses a database without a catalog and says what to do") {
    TempDir dir;
    auto result = run_server_command({"serve", "--db", dir.file("empty.db")});
    CHECK(result.status == 1);
    CHECK(result.output.find("hall_server import") != std::string::npos);
}

TEST_CASE("every subcommand answers --help, and an unknown option is a usage error") {
    for (const char* command : {"serve", "import", "verify"}) {
        auto help = run_server_command({command, "--help"});
        CHECK(help.status == 0);
        CHECK(help.output.find("--db") != std::string::npos);
    }
    auto wrong = run_server_command({"serve", "--nope"});
    CHECK(wrong.status != 0);
    CHECK(wrong.output.find("unknown option --nope") != std::string::npos);
}

TEST_CASE("verify agrees with a freshly imported hall") {
    TempDir dir;
    auto db = dir.file("hall.db");
    REQUIRE(run_server_command({"import", "--db", db, demo_catalog}).status == 0);
    auto verified = run_server_command({"verify", "--db", db});
    INFO(verified.output);
    CHECK(verified.status == 0);
    CHECK(verified.output.find("0 differences") != std::string::npos);
}
