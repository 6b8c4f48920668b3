// The real binaries: a generated small year, exported as Markdown by hall_server, and verified.
#include <catch2/catch.hpp>

#include <fstream>
#include <nlohmann/json.hpp>

#include "hall_fixture.hpp"
#include "server_process.hpp"

using namespace hall::testing;

namespace {

// Runs the year generator to its end; its output goes to stderr, returned with the status.
RunResult generate(const std::vector<std::string>& args) {
    std::string command = HALL_GENERATE_YEAR_BINARY;
    for (const auto& a : args)
        command += " '" + a + "'";
    command += " 2>&1";
    RunResult result;
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe);
    char buffer[4096];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;)
        result.output.append(buffer, n);
    const int status = pclose(pipe);
    result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

}  // namespace

TEST_CASE("hall_server exports a generated year as Markdown, and verify agrees with it") {
    TempDir dir;
    const auto db = dir.file("hall.db");
    auto generated = generate({"--db", db, "--days-per-year", "6", "--visits-per-day", "120",
                               "--first-year", "2019", "--seed", "7"});
    INFO(generated.output);
    REQUIRE(generated.status == 0);
    CHECK(generated.output.find("2019: 6 open days") != std::string::npos);

    auto md = run_server_command({"export", "--db", db, "--year", "2019", "--format", "md"});
    INFO(md.output);
    REQUIRE(md.status == 0);
    CHECK(md.output.starts_with(
        "# 示例县市民服务大厅（演示数据） 2019年度统计\n\n"
        "截至2019年底，市民大厅共进驻单位61家，进驻事项1171项，进驻人员257人，"
        "分类设置了社会民生、商事服务、建设项目审批等9个服务专区。2019年新进驻"));
    CHECK(md.output.find("等8家单位共计189项事项。市民大厅年办件量达") != std::string::npos);
    CHECK(md.output.find("人以上。") != std::string::npos);
    CHECK(md.output.find("## 按服务专区") != std::string::npos);

    auto verified = run_server_command({"verify", "--db", db, "--year", "2019"});
    INFO(verified.output);
    CHECK(verified.status == 0);
    CHECK(verified.output.find(", 0 differences") != std::string::npos);
    auto all = run_server_command({"verify", "--db", db});
    CHECK(all.status == 0);

    // The exported totals are the verified tallies: the JSON export and stats agree.
    auto json = run_server_command({"export", "--db", db, "--year", "2019", "--format", "json"});
    REQUIRE(json.status == 0);
    auto year = nlohmann::json::parse(json.output);
    CHECK(year["totals"]["open_days"] == 6);
    auto stats = run_server_command(
        {"stats", "--db", db, "--from", "2019-01-01", "--to", "2019-12-31", "--format", "json"});
    REQUIRE(stats.status == 0);
    auto range = nlohmann::json::parse(stats.output);
    CHECK(range["totals"]["issued"] == year["totals"]["issued"]);
    CHECK(range["totals"]["items_handled"] == year["totals"]["items_handled"]);

    const auto xlsx = dir.file("2019.xlsx");
    auto written = run_server_command(
        {"export", "--db", db, "--year", "2019", "--format", "xlsx", "--out", xlsx});
    CHECK(written.status == 0);
    std::ifstream in(xlsx, std::ios::binary);
    std::string head(4, '\0');
    in.read(head.data(), 4);
    CHECK(head == "PK\x03\x04");
}

TEST_CASE("the manager's commands say what is wrong with their options") {
    TempDir dir;
    auto missing = run_server_command(
        {"export", "--db", dir.file("none.db"), "--year", "2019", "--format", "csv"});
    CHECK(missing.status == 1);
    CHECK(missing.output.find("there is no database") != std::string::npos);
    CHECK(run_server_command({"export", "--year", "2019", "--format", "pdf"}).status == 2);
    CHECK(run_server_command({"export", "--year", "19", "--format", "csv"}).status == 2);
    CHECK(run_server_command({"stats", "--day", "2019-02-30"}).status == 2);
    CHECK(run_server_command({"stats", "--from", "2019-01-01"}).status == 2);
    CHECK(run_server_command({"verify", "--year", "last"}).status == 2);
    for (const char* command : {"stats", "export", "verify"}) {
        auto help = run_server_command({command, "--help"});
        CHECK(help.status == 0);
        CHECK(help.output.find("--db PATH") != std::string::npos);
    }

    const auto db = dir.file("hall.db");
    REQUIRE(run_server_command(
                {"import", "--db", db, std::string(HALL_SOURCE_DIR) + "/assets/demo-catalog"})
                .status == 0);
    const auto supplied = dir.file("supplied.csv");
    std::ofstream(supplied) << "key,value\nonline_cases,6.8万\n";
    auto bad = run_server_command(
        {"export", "--db", db, "--year", "2019", "--format", "md", "--supplied", supplied});
    CHECK(bad.status == 1);
    CHECK(bad.output.find(supplied + ":2:2: \"6.8万\" is not a plain number") != std::string::npos);
}
