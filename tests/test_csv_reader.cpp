// The CSV reader behind the catalog import: RFC 4180, UTF-8, and where each field came from.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "csv_reader.hpp"

using namespace hall;

namespace {

std::vector<std::vector<std::string>> texts(const csv::Document& doc) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& record : doc.records) {
        auto& row = rows.emplace_back();
        for (const auto& field : record.fields)
            row.push_back(field.text);
    }
    return rows;
}

using Rows = std::vector<std::vector<std::string>>;

}  // namespace

TEST_CASE("each record keeps its line and each field its column") {
    auto doc = csv::parse("code,name\nA,甲\nB,乙\n");
    REQUIRE_FALSE(doc.error);
    CHECK(texts(doc) == Rows{{"code", "name"}, {"A", "甲"}, {"B", "乙"}});
    REQUIRE(doc.records.size() == 3);
    CHECK(doc.records[2].line == 3);
    CHECK(doc.records[2].fields[1].line == 3);
    CHECK(doc.records[2].fields[1].column == 2);
}

TEST_CASE("a quoted field may hold commas and doubled quotes") {
    auto doc = csv::parse("a,\"b, c\",\"say \"\"hi\"\"\",\"\"\n");
    REQUIRE_FALSE(doc.error);
    CHECK(texts(doc) == Rows{{"a", "b, c", "say \"hi\"", ""}});
}

TEST_CASE("a quoted field may hold a line break") {
    auto doc = csv::parse("code,note\nA,\"first\r\nsecond\"\nB,x\n");
    REQUIRE_FALSE(doc.error);
    CHECK(texts(doc) == Rows{{"code", "note"}, {"A", "first\nsecond"}, {"B", "x"}});
    // The record after a two-line field starts on physical line 4.
    CHECK(doc.records[1].line == 2);
    CHECK(doc.records[2].line == 4);
}

TEST_CASE("a field after a multi-line field reports the line it starts on") {
    auto doc = csv::parse("\"one\ntwo\",three\n");
    REQUIRE_FALSE(doc.error);
    CHECK(doc.records[0].fields[1].line == 2);
    CHECK(doc.records[0].fields[1].column == 2);
}

TEST_CASE("a byte-order mark at the start is skipped, as Excel writes one") {
    auto doc = csv::parse(
        "\xEF\xBB\xBF"
        "code,name\r\nA,x\r\n");
    REQUIRE_FALSE(doc.error);
    CHECK(texts(doc) == Rows{{"code", "name"}, {"A", "x"}});
}

TEST_CASE("CRLF, LF and a missing last line end all read the same") {
    Rows expected{{"a", "b"}, {"c", "d"}};
    CHECK(texts(csv::parse("a,b\r\nc,d\r\n")) == expected);
    CHECK(texts(csv::parse("a,b\nc,d\n")) == expected);
    CHECK(texts(csv::parse("a,b\nc,d")) == expected);
}

TEST_CASE("an empty field at the end of a record is kept") {
    auto doc = csv::parse("a,b,\n,,\n");
    REQUIRE_FALSE(doc.error);
    CHECK(texts(doc) == Rows{{"a", "b", ""}, {"", "", ""}});
}

TEST_CASE("blank lines are skipped but still counted") {
    auto doc = csv::parse("a\n\n\r\nb\n\n");
    REQUIRE_FALSE(doc.error);
    REQUIRE(doc.records.size() == 2);
    CHECK(doc.records[1].fields[0].text == "b");
    CHECK(doc.records[1].line == 4);
}

TEST_CASE("an unterminated quote is refused at the line and column where it opened") {
    auto doc = csv::parse("code,name\nA,\"never closed\nB,x\n");
    REQUIRE(doc.error);
    CHECK(doc.error->line == 2);
    CHECK(doc.error->column == 2);
    CHECK_THAT(doc.error->reason, Catch::Contains("never closed"));
}

TEST_CASE("text after a closing quote is refused with line and column") {
    auto doc = csv::parse("a,b,c\nx,y,\"z\"zz\n");
    REQUIRE(doc.error);
    CHECK(doc.error->line == 2);
    CHECK(doc.error->column == 3);
    CHECK_THAT(doc.error->reason, Catch::Contains("after the closing quote"));
}

TEST_CASE("a quote inside an unquoted field is refused") {
    auto doc = csv::parse("a,b\"c\n");
    REQUIRE(doc.error);
    CHECK(doc.error->line == 1);
    CHECK(doc.error->column == 2);
}

TEST_CASE("a file saved as GBK is refused as invalid UTF-8 with line and column") {
    // "社会" in GBK: the bytes a Chinese-locale Excel writes for "CSV (comma delimited)".
    auto doc = csv::parse("code,name\nSOC,\xC9\xE7\xBB\xE1\n");
    REQUIRE(doc.error);
    CHECK(doc.error->line == 2);
    CHECK(doc.error->column == 2);
    CHECK_THAT(doc.error->reason, Catch::Contains("UTF-8") && Catch::Contains("0xC9"));
}

TEST_CASE("malformed UTF-8 sequences are refused and well-formed ones pass through") {
    for (std::string bad : {"\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80",
                            "\xE4\xB8", "\x80", "\xFF"}) {
        INFO("bytes: " << bad.size());
        CHECK(csv::parse("a," + bad + "\n").error);
        CHECK(csv::parse("\"a\n" + bad + "\"\n").error);
    }
    std::string good = "é,中文,\U0001F600,\uFFFD";
    auto doc = csv::parse(good);
    REQUIRE_FALSE(doc.error);
    CHECK(texts(doc) == Rows{{"é", "中文", "\U0001F600", "\uFFFD"}});
}

TEST_CASE("a NUL byte is refused") {
    using namespace std::string_literals;
    CHECK(csv::parse("a,b\0c\n"s).error);
}

TEST_CASE("a file is read from disk, and a missing one is an error on line 0") {
    auto path = std::filesystem::temp_directory_path() / "hall_test_csv_reader.csv";
    {
        std::ofstream out(path, std::ios::binary);
        out << "\xEF\xBB\xBFk,v\r\nname,\"大厅, 一楼\"\r\n";
    }
    auto doc = csv::read_file(path);
    std::filesystem::remove(path);
    REQUIRE_FALSE(doc.error);
    CHECK(texts(doc) == Rows{{"k", "v"}, {"name", "大厅, 一楼"}});

    auto missing = csv::read_file(path);
    REQUIRE(missing.error);
    CHECK(missing.error->line == 0);
}
