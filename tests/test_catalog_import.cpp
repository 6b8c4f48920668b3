// Reading catalog directories (docs/catalog.md) and saving them into the database, all or nothing.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include "catalog_import.hpp"
#include "catalog_store.hpp"
#include "migrations.hpp"
#include "pin_hash.hpp"
#include "sqlite.hpp"

using namespace hall;

namespace {

namespace fs = std::filesystem;

// echo -n 1234 | argon2 somesalt1234 -id -t 2 -m 16 -p 1 -e
const std::string cli_hash_of_1234 =
    "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQxMjM0$KYQIPflGW83A/15iF+7n46RDpVsWrsSreZdcbpcc5hs";

// A directory of its own for one test, removed with everything in it afterwards.
class ScratchDir {
  public:
    ScratchDir() {
        std::random_device random;
        path_ = fs::temp_directory_path() /
                ("hall-catalog-test-" + std::to_string(random()) + std::to_string(random()));
        fs::create_directories(path_);
    }
    ~ScratchDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    const fs::path& path() const { return path_; }

  private:
    fs::path path_;
};

using Files = std::map<std::string, std::string>;

// 2 zones, 3 departments, 5 items, 2 queues, 3 windows, 2 staff, 1 package. Line numbers matter
// to the tests below: items.csv line 3 is HR-002, staff.csv line 2 is S001.
Files valid_catalog() {
    return {
        {"hall.csv",
         "key,value\n"
         "name,示范县市民服务大厅\n"
         "time_zone,Asia/Shanghai\n"
         "opens,08:30\n"
         "closes,17:30\n"
         "day_close,18:00\n"
         "recall_limit,2\n"
         "demo,yes\n"},
        {"zones.csv",
         "code,name,prefix\n"
         "SOC,社会民生,A\n"
         "BIZ,商事服务,B\n"},
        {"departments.csv",
         "code,name,zone,stationed_on\n"
         "HRSS,人力资源和社会保障局,SOC,2016-05-01\n"
         "CIVIL,民政局,SOC,2016-05-01\n"
         "MARKET,市场监督管理局,BIZ,2019-03-15\n"},
        {"items.csv",
         "code,name,department,high_frequency,time_limit_days,materials,guide_url,stationed_on\n"
         "HR-001,社会保障卡申领,HRSS,yes,0,居民身份证；近期免冠照片,https://example.gov.cn/g/"
         "HR-001,2016-05-01\n"
         "HR-002,失业保险金申领,HRSS,no,5,身份证;解除劳动合同证明,,2016-05-01\n"
         "CV-001,婚姻登记,CIVIL,是,0,\"户口簿;身份证;\"\"合照\"\", 2张\",http://example.gov.cn/g/"
         "CV-001,2016-05-01\n"
         "MK-001,\"企业设立登记, 有限责任公司\",MARKET,0,3,章程;股东身份证明,,2019-03-15\n"
         "MK-002,营业执照变更,MARKET,false,3,,,2019-03-15\n"},
        {"queues.csv",
         "code,name,zone,prefix,target_wait_min,service_min,priority_classes\n"
         "SOC-Q,社会民生综合,SOC,A,20,8,elderly;disabled;military\n"
         "BIZ-Q,商事登记,BIZ,B,30,15,appointment\n"},
        {"queue_items.csv",
         "queue,item\n"
         "SOC-Q,HR-001\n"
         "SOC-Q,HR-002\n"
         "SOC-Q,CV-001\n"
         "BIZ-Q,MK-001\n"
         "BIZ-Q,MK-002\n"},
        {"windows.csv",
         "number,name,zone,queues,rule,serve_first,agency\n"
         "1,社保窗口,SOC,SOC-Q,strict,,no\n"
         "2,商事窗口,BIZ,BIZ-Q;SOC-Q,interleave 2:1,SOC-Q>30,no\n"
         "3,综合代办,BIZ,BIZ-Q;SOC-Q,weighted 2,,yes\n"},
        {"staff.csv",
         "id,name,department,pin\n"
         "S001,张伟,HRSS,1234\n"
         // The hash holds commas ("m=65536,t=2,p=1"), so the field is quoted.
         "S002,李娜,MARKET,\"" +
             cli_hash_of_1234 + "\"\n"},
        {"packages.csv",
         "code,name,category\n"
         "P01,开办企业套餐,企业开办\n"},
        {"package_items.csv",
         "package,item\n"
         "P01,MK-001\n"
         "P01,HR-001\n"},
    };
}

void write_files(const fs::path& dir, const Files& files) {
    for (const auto& [name, text] : files) {
        std::ofstream out(dir / name, std::ios::binary | std::ios::trunc);
        out << text;
    }
}

ImportResult read(const Files& files) {
    ScratchDir dir;
    write_files(dir.path(), files);
    return read_catalog_dir(dir.path());
}

// Replaces the one occurrence of from in files[name].
void edit(Files& files, const std::string& name, const std::string& from, const std::string& to) {
    auto& text = files.at(name);
    auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
}

std::string error_list(const ImportResult& result) {
    std::string text;
    for (const auto& e : result.errors)
        text += e.to_string() + "\n";
    return text;
}

bool has_error(const ImportResult& result, const std::string& file, int line, int column,
               const std::string& words) {
    for (const auto& e : result.errors) {
        if (e.file == file && e.line == line && e.column == column &&
            e.reason.find(words) != std::string::npos) {
            return true;
        }
    }
    return false;
}

#define CHECK_ERROR(result, file, line, column, words)                 \
    do {                                                               \
        INFO("errors:\n" << error_list(result));                       \
        CHECK(has_error((result), (file), (line), (column), (words))); \
        CHECK_FALSE((result).catalog);                                 \
    } while (false)

// Every table of the database, every row, in a fixed order: equal dumps, equal databases.
std::string dump(sql::Database& db) {
    std::vector<std::string> tables;
    {
        auto q = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name");
        while (q.step())
            tables.push_back(q.text(0));
    }
    std::string text;
    for (const auto& table : tables) {
        std::string row_text;
        {
            auto columns = db.prepare("SELECT name FROM pragma_table_info(?1)");
            columns.bind(1, table);
            while (columns.step()) {
                row_text += (row_text.empty() ? "" : " || '|' || ") +
                            ("quote(\"" + columns.text(0) + "\")");
            }
        }
        text += "== " + table + "\n";
        auto rows = db.prepare("SELECT " + row_text + " FROM \"" + table + "\" ORDER BY 1");
        while (rows.step())
            text += rows.text(0) + "\n";
    }
    return text;
}

struct ImportedDb {
    ScratchDir dir;
    fs::path path = dir.path() / "hall.db";
    sql::Database db{path.string()};
    ImportedDb() { migrate(db); }

    ImportSummary save(const Files& files, std::string_view today = "2024-03-01") {
        auto result = read(files);
        INFO("errors:\n" << error_list(result));
        REQUIRE(result.catalog);
        return save_catalog(db, *result.catalog, result.plain_pins, "test", today, 1709251200000);
    }
};

std::string query_text(sql::Database& db, const std::string& sql) {
    auto q = db.prepare(sql);
    REQUIRE(q.step());
    return q.is_null(0) ? "NULL" : q.text(0);
}

}  // namespace

// ---- Reading and checking the files ----

TEST_CASE("a valid catalog directory is read into a catalog") {
    auto result = read(valid_catalog());
    INFO("errors:\n" << error_list(result));
    REQUIRE(result.errors.empty());
    REQUIRE(result.catalog);
    const auto& c = *result.catalog;

    CHECK(c.hall.name == "示范县市民服务大厅");
    CHECK(c.hall.time_zone == "Asia/Shanghai");
    CHECK(c.hall.opens_min == 8 * 60 + 30);
    CHECK(c.hall.closes_min == 17 * 60 + 30);
    CHECK(c.hall.day_close_min == 18 * 60);
    CHECK(c.hall.recall_limit == 2);
    CHECK(c.hall.demo);

    CHECK(c.zones.size() == 2);
    CHECK(c.departments.size() == 3);
    CHECK(c.items.size() == 5);
    CHECK(c.queues.size() == 2);
    CHECK(c.windows.size() == 3);
    CHECK(c.staff.size() == 2);
    CHECK(c.packages.size() == 1);

    REQUIRE(c.item("HR-001"));
    CHECK(c.item("HR-001")->high_frequency);
    CHECK(c.item("HR-001")->materials == std::vector<std::string>{"居民身份证", "近期免冠照片"});
    CHECK(c.item("CV-001")->high_frequency);
    CHECK(c.item("CV-001")->materials ==
          std::vector<std::string>{"户口簿", "身份证", "\"合照\", 2张"});
    CHECK(c.item("MK-001")->name == "企业设立登记, 有限责任公司");
    CHECK(c.item("MK-001")->time_limit_days == 3);
    CHECK(c.item("MK-002")->materials.empty());
    CHECK_FALSE(c.item("MK-002")->high_frequency);

    REQUIRE(c.queue("SOC-Q"));
    CHECK(c.queue("SOC-Q")->items == std::vector<std::string>{"HR-001", "HR-002", "CV-001"});
    CHECK(c.queue("SOC-Q")->priority_classes ==
          std::vector<Priority>{Priority::elderly, Priority::disabled, Priority::military});
    CHECK(c.queue("BIZ-Q")->priority_classes == std::vector<Priority>{Priority::appointment});

    REQUIRE(c.window(2));
    CHECK(c.window(2)->queues == std::vector<std::string>{"BIZ-Q", "SOC-Q"});
    CHECK(c.window(2)->rule.kind == CallingRule::Kind::interleave);
    REQUIRE(c.window(2)->serve_first.size() == 1);
    CHECK(c.window(2)->serve_first[0].queue == "SOC-Q");
    CHECK(c.window(2)->serve_first[0].after_min == 30);
    CHECK(c.window(3)->agency);
    CHECK(to_string(c.window(3)->rule) == "weighted 2");

    CHECK(c.package("P01")->items == std::vector<std::string>{"MK-001", "HR-001"});
}

TEST_CASE("a plaintext PIN is handed over apart from the hashes, and nothing is hashed yet") {
    auto result = read(valid_catalog());
    REQUIRE(result.catalog);
    CHECK(result.plain_pins == PlainPins{{"S001", "1234"}});
    CHECK(result.catalog->staff_member("S001")->pin_hash.empty());
    CHECK(result.catalog->staff_member("S002")->pin_hash == cli_hash_of_1234);
}

TEST_CASE("a missing department is refused with file, line and column") {
    auto files = valid_catalog();
    edit(files, "items.csv", "HR-002,失业保险金申领,HRSS", "HR-002,失业保险金申领,TAX");
    auto result = read(files);
    CHECK_ERROR(result, "items.csv", 3, 3, "unknown department \"TAX\"");
    REQUIRE(result.errors.size() == 1);
    CHECK(result.errors[0].to_string() ==
          "items.csv:3:3: unknown department \"TAX\" (not in departments.csv)");
}

TEST_CASE("every mistake is reported, not just the first") {
    auto files = valid_catalog();
    edit(files, "zones.csv", "BIZ,商事服务,B", "BIZ,商事服务,b");
    edit(files, "departments.csv", "2019-03-15", "2019-02-30");
    edit(files, "windows.csv", "weighted 2", "weighted");
    edit(files, "staff.csv", "1234", "12a4");
    auto result = read(files);
    INFO("errors:\n" << error_list(result));
    CHECK(result.errors.size() == 4);
    CHECK_ERROR(result, "zones.csv", 3, 3, "one capital letter");
    CHECK_ERROR(result, "departments.csv", 4, 4, "YYYY-MM-DD");
    CHECK_ERROR(result, "windows.csv", 4, 5, "weighted needs a weight");
    CHECK_ERROR(result, "staff.csv", 2, 4, "4 to 8 digits");
}

TEST_CASE("errors beyond fifty are cut off with a count of the rest") {
    auto files = valid_catalog();
    std::string items = files.at("items.csv");
    std::string queue_items = files.at("queue_items.csv");
    for (int i = 0; i < 60; ++i) {
        auto code = "X-" + std::to_string(i);
        items += code + ",事项,HRSS,no,1,,,2016-13-01\n";
        queue_items += "SOC-Q," + code + "\n";
    }
    files["items.csv"] = items;
    files["queue_items.csv"] = queue_items;
    auto result = read(files);
    REQUIRE(result.errors.size() == max_import_errors + 1);
    CHECK(result.errors.back().file.empty());
    CHECK(result.errors.back().to_string() == "10 more errors not listed; fix these first");
}

TEST_CASE("a missing file is refused and the other files are still checked") {
    auto files = valid_catalog();
    files.erase("packages.csv");
    edit(files, "zones.csv", "SOC,社会民生,A", "SOC,,A");
    auto result = read(files);
    CHECK_ERROR(result, "packages.csv", 0, 0, "missing");
    CHECK_ERROR(result, "zones.csv", 2, 2, "name is empty");
    // References into the missing file are not reported as unknown packages.
    CHECK(result.errors.size() == 2);
}

TEST_CASE("a missing, unknown or repeated column is refused on the header line") {
    auto files = valid_catalog();
    edit(files, "departments.csv", "code,name,zone,stationed_on", "code,name,zone,stationed");
    edit(files, "packages.csv", "code,name,category", "code,name,category,name");
    auto result = read(files);
    CHECK_ERROR(result, "departments.csv", 1, 4, "unknown column \"stationed\"");
    CHECK_ERROR(result, "departments.csv", 1, 0, "missing column \"stationed_on\"");
    CHECK_ERROR(result, "packages.csv", 1, 4, "column \"name\" appears twice");
}

TEST_CASE("columns may come in any order") {
    auto files = valid_catalog();
    files["zones.csv"] =
        "prefix,code,name\n"
        "A,SOC,社会民生\n"
        "B,BIZ,商事服务\n";
    auto result = read(files);
    INFO("errors:\n" << error_list(result));
    REQUIRE(result.catalog);
    CHECK(result.catalog->zone("BIZ")->prefix == "B");
}

TEST_CASE("a duplicate code is refused with the line of the first") {
    auto files = valid_catalog();
    edit(files, "items.csv", "MK-002,", "HR-001,");
    edit(files, "queue_items.csv", "BIZ-Q,MK-002", "BIZ-Q,HR-001");
    auto result = read(files);
    CHECK_ERROR(result, "items.csv", 6, 1, "duplicate code \"HR-001\" (first on line 2)");
}

TEST_CASE("a row with the wrong number of fields is refused") {
    auto files = valid_catalog();
    edit(files, "zones.csv", "BIZ,商事服务,B", "BIZ,商事服务,B,extra");
    edit(files, "packages.csv", "P01,开办企业套餐,企业开办", "P01,开办企业套餐");
    auto result = read(files);
    CHECK_ERROR(result, "zones.csv", 3, 4, "4 fields but the header has 3");
    CHECK_ERROR(result, "packages.csv", 2, 0, "2 fields but the header has 3");
}

TEST_CASE("a code must be ASCII letters, digits, - and _ of at most 32 characters") {
    auto files = valid_catalog();
    edit(files, "zones.csv", "SOC,社会民生,A", "社会,社会民生,A");
    edit(files, "packages.csv", "P01,", std::string(33, 'P') + ",");
    auto result = read(files);
    CHECK_ERROR(result, "zones.csv", 2, 1, "is not a code");
    CHECK_ERROR(result, "packages.csv", 2, 1, "is not a code");
}

TEST_CASE("a high-frequency item needs a guide URL, and a URL must be http or https") {
    auto files = valid_catalog();
    edit(files, "items.csv", "https://example.gov.cn/g/HR-001", "");
    edit(files, "items.csv", "http://example.gov.cn/g/CV-001", "ftp://example.gov.cn/x");
    auto result = read(files);
    CHECK_ERROR(result, "items.csv", 2, 7, "needs a guide_url");
    CHECK_ERROR(result, "items.csv", 4, 7, "http:// or https://");
}

TEST_CASE("time limits, waits and service times are checked against their ranges") {
    auto files = valid_catalog();
    edit(files, "items.csv", "HRSS,no,5,", "HRSS,no,3651,");
    edit(files, "queues.csv", "BIZ,B,30,15", "BIZ,B,0,-1");
    auto result = read(files);
    CHECK_ERROR(result, "items.csv", 3, 5, "from 0 to 3650");
    CHECK_ERROR(result, "queues.csv", 3, 5, "from 1 to 600");
    CHECK_ERROR(result, "queues.csv", 3, 6, "from 1 to 600");
}

TEST_CASE("an item in no queue is refused") {
    auto files = valid_catalog();
    edit(files, "queue_items.csv", "SOC-Q,HR-002\n", "");
    auto result = read(files);
    CHECK_ERROR(result, "items.csv", 3, 1, "\"HR-002\" is in no queue");
}

TEST_CASE("an item listed twice for one queue is refused") {
    auto files = valid_catalog();
    files["queue_items.csv"] += "SOC-Q,HR-001\n";
    auto result = read(files);
    CHECK_ERROR(result, "queue_items.csv", 7, 2, "listed twice");
}

TEST_CASE("a package drawing on a single department is refused") {
    auto files = valid_catalog();
    edit(files, "package_items.csv", "P01,HR-001", "P01,MK-002");
    auto result = read(files);
    CHECK_ERROR(result, "packages.csv", 2, 1, "at least two departments");
}

TEST_CASE("a package item must be a catalog item") {
    auto files = valid_catalog();
    files["package_items.csv"] += "P02,MK-009\n";
    auto result = read(files);
    CHECK_ERROR(result, "package_items.csv", 4, 1, "unknown package \"P02\"");
    CHECK_ERROR(result, "package_items.csv", 4, 2, "unknown item \"MK-009\"");
}

TEST_CASE("a window needs known queues, and serve-first queues must be among them") {
    auto files = valid_catalog();
    edit(files, "windows.csv", "1,社保窗口,SOC,SOC-Q,strict,,no", "1,社保窗口,SOC,,strict,,no");
    edit(files, "windows.csv", "SOC-Q>30", "TAX-Q>30");
    edit(files, "windows.csv", "3,综合代办,BIZ,BIZ-Q;SOC-Q", "3,综合代办,BIZ,BIZ-Q;TAX-Q");
    auto result = read(files);
    CHECK_ERROR(result, "windows.csv", 2, 4, "at least one queue");
    CHECK_ERROR(result, "windows.csv", 3, 6, "\"TAX-Q\" is not one of this window's queues");
    CHECK_ERROR(result, "windows.csv", 4, 4, "unknown queue \"TAX-Q\"");
}

TEST_CASE("a malformed serve-first entry or a repeated window number is refused") {
    auto files = valid_catalog();
    edit(files, "windows.csv", "SOC-Q>30", "SOC-Q after 30");
    edit(files, "windows.csv", "3,综合代办", "2,综合代办");
    auto result = read(files);
    CHECK_ERROR(result, "windows.csv", 3, 6, "QUEUE>MINUTES");
    CHECK_ERROR(result, "windows.csv", 4, 1, "duplicate window number 2 (first on line 3)");
}

TEST_CASE("zone and queue prefixes are unique") {
    auto files = valid_catalog();
    edit(files, "zones.csv", "BIZ,商事服务,B", "BIZ,商事服务,A");
    edit(files, "queues.csv", "BIZ,B,30", "BIZ,A,30");
    auto result = read(files);
    CHECK_ERROR(result, "zones.csv", 3, 3, "already zone \"SOC\"'s");
    CHECK_ERROR(result, "queues.csv", 3, 4, "already queue \"SOC-Q\"'s");
}

TEST_CASE("only the four green-channel classes are accepted") {
    auto files = valid_catalog();
    edit(files, "queues.csv", "elderly;disabled;military", "elderly;none;vip");
    auto result = read(files);
    CHECK_ERROR(result, "queues.csv", 2, 7, "unknown priority class \"none\"");
    CHECK_ERROR(result, "queues.csv", 2, 7, "unknown priority class \"vip\"");
}

TEST_CASE("the hall opens before it closes and ends its day no earlier than it closes") {
    auto files = valid_catalog();
    edit(files, "hall.csv", "day_close,18:00", "day_close,17:00");
    auto result = read(files);
    CHECK_ERROR(result, "hall.csv", 6, 2, "must not be before closes (17:30)");

    files = valid_catalog();
    edit(files, "hall.csv", "closes,17:30", "closes,08:30");
    edit(files, "hall.csv", "day_close,18:00", "day_close,08:30");
    result = read(files);
    CHECK_ERROR(result, "hall.csv", 5, 2, "must be after opens (08:30)");

    files = valid_catalog();
    edit(files, "hall.csv", "day_close,18:00", "day_close,17:30");
    CHECK(read(files).catalog);
}

TEST_CASE("hall.csv needs every key once, each with a valid value") {
    auto files = valid_catalog();
    edit(files, "hall.csv", "recall_limit,2\n", "recall_limit,10\nrecall_limit,1\n");
    edit(files, "hall.csv", "demo,yes\n", "colour,blue\n");
    edit(files, "hall.csv", "opens,08:30", "opens,8.30");
    auto result = read(files);
    CHECK_ERROR(result, "hall.csv", 4, 2, "opens must be a time HH:MM");
    CHECK_ERROR(result, "hall.csv", 7, 2, "recall_limit must be a whole number from 0 to 9");
    CHECK_ERROR(result, "hall.csv", 8, 1, "appears twice (first on line 7)");
    CHECK_ERROR(result, "hall.csv", 9, 1, "unknown key \"colour\"");
    CHECK_ERROR(result, "hall.csv", 0, 0, "missing key \"demo\"");
}

TEST_CASE("an unknown time zone is refused") {
    for (std::string zone : {"Mars/Olympus_Mons", "../../../etc/passwd", "zone.tab", "", "Asia"}) {
        auto files = valid_catalog();
        edit(files, "hall.csv", "Asia/Shanghai", zone);
        auto result = read(files);
        INFO("time_zone: " << zone);
        CHECK_ERROR(result, "hall.csv", 3, 2, "unknown time zone");
    }
}

TEST_CASE("a PIN must be 4 to 8 digits, an argon2id hash, or empty") {
    for (std::string pin : {"123", "123456789", "12 34", "$argon2i$v=19$m=65536,t=2,p=1$xx$yy",
                            "$argon2id$v=19$m=65536,t=2,p=1$c29tZQ$"}) {
        auto files = valid_catalog();
        edit(files, "staff.csv", "1234", "\"" + pin + "\"");
        auto result = read(files);
        INFO("pin: " << pin);
        CHECK(has_error(result, "staff.csv", 2, 4, "pin"));
        CHECK_FALSE(result.catalog);
    }
    auto files = valid_catalog();
    edit(files, "staff.csv", "1234", "");
    auto result = read(files);
    REQUIRE(result.catalog);
    CHECK(result.plain_pins.empty());
}

TEST_CASE("a catalog saved by Excel with a byte-order mark and CRLF reads the same") {
    auto files = valid_catalog();
    for (auto& [name, text] : files) {
        std::string crlf = "\xEF\xBB\xBF";
        for (char c : text) {
            if (c == '\n')
                crlf += '\r';
            crlf += c;
        }
        text = crlf + "\r\n,,,\r\n";  // and a trailing empty row, as Excel leaves them
    }
    auto result = read(files);
    INFO("errors:\n" << error_list(result));
    REQUIRE(result.catalog);
    CHECK(result.catalog->items.size() == 5);
    CHECK(result.catalog->item("HR-001")->materials.size() == 2);
}

TEST_CASE("spaces around values and full-width separators are accepted") {
    auto files = valid_catalog();
    edit(files, "queues.csv", "elderly;disabled;military", " elderly ；disabled;　military ");
    edit(files, "departments.csv", "CIVIL,民政局,SOC", "CIVIL , 民政局　, SOC");
    auto result = read(files);
    INFO("errors:\n" << error_list(result));
    REQUIRE(result.catalog);
    CHECK(result.catalog->queue("SOC-Q")->priority_classes.size() == 3);
    CHECK(result.catalog->department("CIVIL")->name == "民政局");
}

TEST_CASE("a line break inside a value is refused") {
    auto files = valid_catalog();
    edit(files, "packages.csv", "开办企业套餐", "\"开办\n企业套餐\"");
    auto result = read(files);
    CHECK_ERROR(result, "packages.csv", 2, 2, "line break");
}

TEST_CASE("a file that is not UTF-8 is refused with its file, line and column") {
    auto files = valid_catalog();
    edit(files, "departments.csv", "民政局", "\xC3\xF1\xD5\xFE\xBE\xD6");  // 民政局 in GBK
    auto result = read(files);
    CHECK_ERROR(result, "departments.csv", 3, 2, "not valid UTF-8");
}

TEST_CASE("a directory that does not exist is refused") {
    auto result = read_catalog_dir("/nonexistent/hall/catalog");
    REQUIRE(result.errors.size() == 1);
    CHECK_FALSE(result.catalog);
}

// ---- Saving into and loading from the database ----

TEST_CASE("a database without a saved catalog says so") {
    ImportedDb t;
    CHECK_FALSE(has_catalog(t.db));
    CHECK_THROWS(load_catalog(t.db));
}

TEST_CASE("a saved catalog loads back as it was read") {
    ImportedDb t;
    auto summary = t.save(valid_catalog());
    CHECK(summary.zones.added == 2);
    CHECK(summary.items.added == 5);
    CHECK(summary.staff.added == 2);
    CHECK(summary.pins_hashed == 1);
    CHECK(summary.hall_changed);
    REQUIRE(has_catalog(t.db));

    auto loaded = load_catalog(t.db);
    auto read_back = *read(valid_catalog()).catalog;
    CHECK(loaded.hall.name == read_back.hall.name);
    CHECK(loaded.hall.opens_min == 510);
    CHECK(loaded.hall.day_close_min == 1080);
    CHECK(loaded.hall.demo);
    CHECK(loaded.zones.size() == 2);
    CHECK(loaded.departments.size() == 3);
    CHECK(loaded.items.size() == 5);
    CHECK(loaded.queues.size() == 2);
    CHECK(loaded.windows.size() == 3);
    CHECK(loaded.staff.size() == 2);
    CHECK(loaded.packages.size() == 1);

    REQUIRE(loaded.item("CV-001"));
    CHECK(loaded.item("CV-001")->materials == read_back.item("CV-001")->materials);
    CHECK(loaded.item("CV-001")->guide_url == "http://example.gov.cn/g/CV-001");
    CHECK(loaded.item("HR-002")->time_limit_days == 5);
    CHECK(loaded.queue("SOC-Q")->priority_classes == read_back.queue("SOC-Q")->priority_classes);
    CHECK(std::set<std::string>(loaded.queue("SOC-Q")->items.begin(),
                                loaded.queue("SOC-Q")->items.end()) ==
          std::set<std::string>{"HR-001", "HR-002", "CV-001"});
    CHECK(loaded.window(3)->queues == std::vector<std::string>{"BIZ-Q", "SOC-Q"});
    CHECK(to_string(loaded.window(2)->rule) == "interleave 2:1");
    CHECK(loaded.window(2)->serve_first.size() == 1);
    CHECK(loaded.window(3)->agency);
    CHECK(loaded.package("P01")->items.size() == 2);

    CHECK(verify_pin(loaded.staff_member("S001")->pin_hash, "1234"));
    CHECK(loaded.staff_member("S002")->pin_hash == cli_hash_of_1234);
}

TEST_CASE("re-importing the same catalog changes nothing, not even a PIN hash") {
    ImportedDb t;
    t.save(valid_catalog());
    auto hash = load_catalog(t.db).staff_member("S001")->pin_hash;
    auto summary = t.save(valid_catalog(), "2024-03-02");
    CHECK(summary.items.unchanged == 5);
    CHECK(summary.windows.unchanged == 3);
    CHECK(summary.staff.unchanged == 2);
    CHECK(summary.items.added + summary.items.updated + summary.items.retired == 0);
    CHECK(summary.pins_hashed == 0);
    CHECK_FALSE(summary.hall_changed);
    CHECK(load_catalog(t.db).staff_member("S001")->pin_hash == hash);
}

TEST_CASE("re-importing keeps a removed item as retired") {
    ImportedDb t;
    t.save(valid_catalog());
    auto files = valid_catalog();
    edit(files, "items.csv", "MK-002,营业执照变更,MARKET,false,3,,,2019-03-15\n", "");
    edit(files, "queue_items.csv", "BIZ-Q,MK-002\n", "");
    auto summary = t.save(files, "2024-03-02");
    CHECK(summary.items.retired == 1);
    CHECK(summary.items.unchanged == 4);
    CHECK(summary.queues.updated == 1);  // BIZ-Q lost an item

    CHECK(query_text(t.db, "SELECT active || ',' || retired_on FROM items WHERE code = 'MK-002'") ==
          "0,2024-03-02");
    CHECK(query_text(t.db, "SELECT name FROM items WHERE code = 'MK-002'") == "营业执照变更");
    auto loaded = load_catalog(t.db);
    CHECK_FALSE(loaded.item("MK-002"));
    CHECK(loaded.items.size() == 4);
    CHECK(loaded.queue("BIZ-Q")->items == std::vector<std::string>{"MK-001"});

    SECTION("and a later import keeps the day it was first retired") {
        t.save(files, "2024-03-05");
        CHECK(query_text(t.db, "SELECT retired_on FROM items WHERE code = 'MK-002'") ==
              "2024-03-02");
    }
    SECTION("and a retired item that comes back is active again") {
        auto back = t.save(valid_catalog(), "2024-03-03");
        CHECK(back.items.updated == 1);
        CHECK(query_text(t.db,
                         "SELECT active || ',' || quote(retired_on) FROM items "
                         "WHERE code = 'MK-002'") == "1,NULL");
        CHECK(load_catalog(t.db).item("MK-002"));
    }
}

TEST_CASE("removed staff, windows and packages are retired, never deleted") {
    ImportedDb t;
    t.save(valid_catalog());
    auto files = valid_catalog();
    edit(files, "staff.csv", "S001,张伟,HRSS,1234\n", "");
    edit(files, "windows.csv", "3,综合代办,BIZ,BIZ-Q;SOC-Q,weighted 2,,yes\n", "");
    files["packages.csv"] = "code,name,category\n";
    files["package_items.csv"] = "package,item\n";
    auto summary = t.save(files, "2024-04-01");
    CHECK(summary.staff.retired == 1);
    CHECK(summary.windows.retired == 1);
    CHECK(summary.packages.retired == 1);
    CHECK(query_text(t.db, "SELECT count(*) FROM staff") == "2");
    CHECK(query_text(t.db, "SELECT retired_on FROM windows WHERE number = 3") == "2024-04-01");
    CHECK(query_text(t.db, "SELECT count(*) FROM package_items") == "0");
    auto loaded = load_catalog(t.db);
    CHECK_FALSE(loaded.staff_member("S001"));
    CHECK_FALSE(loaded.window(3));
    CHECK(loaded.packages.empty());
}

TEST_CASE("a changed PIN replaces the stored hash and an empty one keeps it") {
    ImportedDb t;
    t.save(valid_catalog());
    auto files = valid_catalog();
    edit(files, "staff.csv", "S001,张伟,HRSS,1234", "S001,张伟,HRSS,5678");
    edit(files, "staff.csv", cli_hash_of_1234, "");
    auto summary = t.save(files);
    CHECK(summary.pins_hashed == 1);
    CHECK(summary.staff.updated == 1);
    CHECK(summary.staff.unchanged == 1);
    auto loaded = load_catalog(t.db);
    CHECK(verify_pin(loaded.staff_member("S001")->pin_hash, "5678"));
    CHECK_FALSE(verify_pin(loaded.staff_member("S001")->pin_hash, "1234"));
    CHECK(loaded.staff_member("S002")->pin_hash == cli_hash_of_1234);
}

TEST_CASE("a new staff member without a PIN is refused and nothing is written") {
    SECTION("in the first import") {
        ImportedDb t;
        auto files = valid_catalog();
        edit(files, "staff.csv", "1234", "");
        auto before = dump(t.db);
        auto result = read(files);
        REQUIRE(result.catalog);
        CHECK_THROWS_AS(
            save_catalog(t.db, *result.catalog, result.plain_pins, "test", "2024-03-01", 0),
            CatalogSaveError);
        CHECK(dump(t.db) == before);
        CHECK_FALSE(has_catalog(t.db));
    }
    SECTION("in a later import") {
        ImportedDb t;
        t.save(valid_catalog());
        auto files = valid_catalog();
        files["staff.csv"] += "S003,王芳,CIVIL,\n";
        edit(files, "zones.csv", "社会民生", "社会民生服务区");
        auto before = dump(t.db);
        auto result = read(files);
        REQUIRE(result.catalog);
        try {
            save_catalog(t.db, *result.catalog, result.plain_pins, "test", "2024-03-02", 0);
            FAIL("the import was accepted");
        } catch (const CatalogSaveError& e) {
            CHECK_THAT(e.what(), Catch::Contains("S003"));
        }
        CHECK(dump(t.db) == before);
    }
}

TEST_CASE("a failed import leaves the database as it was") {
    ImportedDb t;
    t.save(valid_catalog());
    auto before = dump(t.db);

    // A change in every table, then a failure at the very last table written.
    auto files = valid_catalog();
    edit(files, "zones.csv", "社会民生", "社会民生服务区");
    edit(files, "items.csv", "MK-002,营业执照变更,MARKET,false,3,,,2019-03-15\n", "");
    edit(files, "queue_items.csv", "BIZ-Q,MK-002\n", "");
    edit(files, "staff.csv", "1234", "8642");
    edit(files, "hall.csv", "recall_limit,2", "recall_limit,3");
    t.db.exec(
        "CREATE TEMP TRIGGER sabotage BEFORE INSERT ON catalog_imports "
        "BEGIN SELECT RAISE(ABORT, 'disk on fire'); END");
    auto result = read(files);
    REQUIRE(result.catalog);
    CHECK_THROWS_AS(save_catalog(t.db, *result.catalog, result.plain_pins, "test", "2024-03-02", 0),
                    sql::Error);

    CHECK(dump(t.db) == before);
    sql::Database reopened(t.path.string());
    CHECK(dump(reopened) == before);
    CHECK(verify_pin(load_catalog(reopened).staff_member("S001")->pin_hash, "1234"));
}

TEST_CASE("every import is recorded with its source and summary") {
    ImportedDb t;
    auto first = t.save(valid_catalog());
    auto second = t.save(valid_catalog(), "2024-03-02");
    CHECK(query_text(t.db, "SELECT count(*) FROM catalog_imports") == "2");
    CHECK(query_text(t.db, "SELECT summary FROM catalog_imports ORDER BY id LIMIT 1") ==
          first.to_string());
    CHECK(query_text(t.db, "SELECT source FROM catalog_imports ORDER BY id DESC LIMIT 1") ==
          "test");
    CHECK_THAT(second.to_string(),
               Catch::StartsWith("zones: 0 added, 0 updated, 0 retired, 2 unchanged; ") &&
                   Catch::EndsWith("0 PINs hashed; hall profile unchanged"));
}

TEST_CASE("the shipped demo catalog imports in full") {
    fs::path demo = fs::path(HALL_SOURCE_DIR) / "assets" / "demo-catalog";
    if (!fs::exists(demo / "hall.csv")) {
        WARN("assets/demo-catalog is not there yet; skipped");
        return;
    }
    auto result = read_catalog_dir(demo);
    INFO("errors:\n" << error_list(result));
    REQUIRE(result.catalog);

    ScratchDir dir;
    sql::Database db((dir.path() / "hall.db").string());
    migrate(db);
    auto started = std::chrono::steady_clock::now();
    save_catalog(db, *result.catalog, result.plain_pins, demo.string(), "2024-03-01", 0);
    auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started);
    INFO("saving took " << seconds.count() << " s");

    auto c = load_catalog(db);
    CHECK(c.hall.demo);
    CHECK(c.zones.size() == 9);
    CHECK(c.departments.size() == 61);
    CHECK(c.items.size() == 1171);
    CHECK(std::count_if(c.items.begin(), c.items.end(),
                        [](const Item& i) { return i.high_frequency; }) == 108);
    CHECK(c.staff.size() == 257);
    CHECK(std::count_if(c.windows.begin(), c.windows.end(),
                        [](const Window& w) { return w.agency; }) == 4);
    CHECK(c.packages.size() == 30);
    std::set<std::string> categories;
    for (const auto& p : c.packages)
        categories.insert(p.category);
    CHECK(categories.size() == 15);
}

TEST_CASE("a hall may name its own bad-review reasons; without them the default list is used") {
    auto plain = read(valid_catalog());
    REQUIRE(plain.catalog);
    CHECK(plain.catalog->hall.review_reasons.empty());

    auto files = valid_catalog();
    edit(files, "hall.csv", "demo,yes\n", "demo,yes\nreview_reasons,等候太久；态度生硬;其他\n");
    ImportedDb t;
    t.save(files);
    auto loaded = load_catalog(t.db);
    CHECK(loaded.hall.review_reasons == std::vector<std::string>{"等候太久", "态度生硬", "其他"});

    // Taken out again, the hall is back on the default list.
    CHECK(t.save(valid_catalog()).hall_changed);
    CHECK(load_catalog(t.db).hall.review_reasons.empty());
    CHECK_FALSE(default_review_reasons().empty());

    auto empty = valid_catalog();
    edit(empty, "hall.csv", "demo,yes\n", "demo,yes\nreview_reasons,\n");
    auto refused = read(empty);
    CHECK_ERROR(refused, "hall.csv", 9, 2, "review_reasons lists no reason");
}

// items.csv with a national_code column: `codes` by item code, empty for the rest.
Files with_national_codes(const std::map<std::string, std::string>& codes) {
    auto files = valid_catalog();
    std::string out;
    std::istringstream in(files["items.csv"]);
    bool header = true;
    for (std::string line; std::getline(in, line); header = false) {
        auto code = codes.find(line.substr(0, line.find(',')));
        out += line + (header ? ",national_code" : "," + (code != codes.end() ? code->second : ""));
        out += "\n";
    }
    files["items.csv"] = out;
    return files;
}

TEST_CASE("items may carry the national item code, which links them across halls") {
    ImportedDb t;
    t.save(with_national_codes({{"HR-001", "11640000MB0178920D4000117"}}));
    auto loaded = load_catalog(t.db);
    REQUIRE(loaded.item("HR-001"));
    CHECK(loaded.item("HR-001")->national_code == "11640000MB0178920D4000117");
    CHECK(loaded.item("HR-002")->national_code.empty());

    // Without the column every code is empty, and a re-import clears them.
    CHECK(t.save(valid_catalog()).items.updated == 1);
    CHECK(load_catalog(t.db).item("HR-001")->national_code.empty());

    CHECK_ERROR(read(with_national_codes({{"HR-001", "11640000/01"}})), "items.csv", 2, 9,
                "is not a national item code");
    CHECK_ERROR(read(with_national_codes({{"HR-001", "N-1"}, {"HR-002", "N-1"}})), "items.csv", 3,
                9, "duplicate national_code \"N-1\" (first on line 2)");
}
