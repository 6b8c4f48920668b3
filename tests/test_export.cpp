// The yearly export in each format: the report's rounding and paragraph, CSV bytes, the XLSX
// workbook, the JSON shape, and supplied figures kept apart from measured ones.
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "export.hpp"
#include "export_csv.hpp"
#include "export_json.hpp"
#include "export_markdown.hpp"
#include "export_tables.hpp"
#include "hall_calendar.hpp"
#include "json_writer.hpp"
#include "report_numbers.hpp"
#include "statistics_scenario.hpp"

using namespace hall;
using hall::testing::record_three_days;
using hall::testing::RecordedHall;
using hall::testing::TempDir;

namespace {

const std::string bom = "\xEF\xBB\xBF";

// The year 2026's export, made once the year is over (on 2 January 2027, Shanghai time) unless
// `now_ms` says when.
std::string render(
    RecordedHall& h, ExportFormat format, std::vector<SuppliedFigure> supplied = {},
    std::int64_t now_ms = hall::HallCalendar("Asia/Shanghai").at("2027-01-02", 600)) {
    ExportRequest request;
    request.year = 2026;
    request.format = format;
    request.supplied = std::move(supplied);
    request.now_ms = now_ms;
    return render_export(h.db, request);
}

// Runs a shell command and returns its standard output; nullopt when it cannot run.
std::optional<std::string> output_of(const std::string& command) {
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe)
        return std::nullopt;
    std::string out;
    char buffer[4096];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;)
        out.append(buffer, n);
    return pclose(pipe) == 0 ? std::optional<std::string>(out) : std::nullopt;
}

}  // namespace

TEST_CASE("counts are rounded down the way the annual report writes them") {
    CHECK(approximate_count(0) == "0");
    CHECK(approximate_count(1525) == "1525");
    CHECK(approximate_count(8027) == "8027");
    CHECK(approximate_count(9999) == "9999");
    CHECK(approximate_count(10'000) == "1万");
    CHECK(approximate_count(68'000) == "6.8万");
    CHECK(approximate_count(68'123) == "6.8万余");
    CHECK(approximate_count(54'999) == "5.4万余");
    CHECK(approximate_count(150'000) == "15万");
    CHECK(approximate_count(999'999) == "99.9万余");
    CHECK(approximate_count(1'000'000) == "100万");
    CHECK(approximate_count(1'100'000) == "110万");
    CHECK(approximate_count(1'103'456) == "110万余");
    CHECK(approximate_count(1'109'999) == "110万余");

    CHECK(round_figure_below(0) == "0");
    CHECK(round_figure_below(2.5) == "2");
    CHECK(round_figure_below(99.9) == "99");
    CHECK(round_figure_below(345.6) == "340");
    CHECK(round_figure_below(2999.9) == "2900");
    CHECK(round_figure_below(3000.0) == "3000");
    CHECK(round_figure_below(3012.4) == "3000");
    CHECK(round_figure_below(3456.0) == "3400");
    CHECK(round_figure_below(12'345.0) == "1.2万");
    CHECK(round_figure_below(20'000.0) == "2万");

    CHECK(percent(5579, 5606) == "99.5%");
    CHECK(percent(2, 3) == "66.7%");
    CHECK(percent(883, 1000) == "88.3%");
    CHECK(percent(1999, 2000) == "100%");  // 99.95 rounds half up
    CHECK(percent(1, 1) == "100%");
    CHECK(percent(0, 5) == "0%");
    CHECK(percent(1, 0) == "—");
}

TEST_CASE("the Markdown paragraph reads like the report, with the report's rounding") {
    // A year at the report's scale, built by hand.
    Statistics s;
    s.year = 2019;
    s.period = year_period(2019);
    auto& p = s.profile;
    p.departments = 61;
    p.items = 1171;
    p.staff = 257;
    p.zones = 9;
    p.zone_names = {"社会民生服务专区", "商事服务专区", "建设项目审批服务专区", "税务办税区"};
    p.high_frequency_items = 108;
    p.agency_windows = 4;
    const char* names[] = {"县道路运输管理所", "国家税务总局示例县税务局", "县残疾人联合会",
                           "县烟草专卖局",     "县公安局交通警察大队",     "县医疗保障局",
                           "县应急管理局",     "县退役军人事务局"};
    for (const char* name : names)
        p.new_departments.push_back({"D", name, "", "2019-06-01", 189 / 8});
    p.new_departments.back().items += 189 - 189 / 8 * 8;
    s.hall.metrics = {{"items_handled", 1'103'456}, {"served", 750'300},
                      {"agency_cases", 1525},       {"packages_multi_department", 480},
                      {"good_reviews", 1986},       {"bad_reviews", 14}};
    s.open_days = 250;  // 3001.2 visitors a day

    CHECK(
        report_paragraph(s) ==
        "截至2019年底，市民大厅共进驻单位61家，进驻事项1171项，进驻人员257人，分类设置了社会民生、"
        "商事服务、建设项目审批等9个服务专区。2019年新进驻县道路运输管理所、国家税务总局示例县税务"
        "局、县残疾人联合会、县烟草专卖局、县公安局交通警察大队等8家单位共计189项事项。市民大厅年办"
        "件量达110万余件，日均接待群众3000人以上。梳理群众和企业常办的高频事项108个。设置4个综合代"
        "办窗口，2019年累计代办1525件，其中跨多个部门办理的企业套餐服务事项480件。群众对窗口服务评"
        "价"
        "2000次，好评率达99.3%。");
}

TEST_CASE("the Markdown export opens with the paragraph, then the exact figures in tables") {
    TempDir dir;
    RecordedHall h(dir.file("hall.db"));
    record_three_days(h);
    auto md = render(h, ExportFormat::markdown);
    CHECK(
        md.starts_with("# 测试大厅 2026年度统计\n\n"
                       "截至2026年底，市民大厅共进驻单位2家，进驻事项3项，进驻人员6人，分类设置了"
                       "社会民生、商事服务2个服务专区。市民大厅年办件量达8件，日均接待群众2人以上。"
                       "梳理群众和企业常办的高频事项2个。设置1个综合代办窗口，2026年累计代办3件，"
                       "其中跨多个部门办理的企业套餐服务事项1件。群众对窗口服务评价3次，好评率达"
                       "66.7%。\n\n"));
    CHECK(md.find("| 接待群众（已办理） | 5 | 人次 |") != std::string::npos);
    CHECK(md.find("| 日均接待群众 | 2.5 | 人次 |") != std::string::npos);
    CHECK(md.find("| 等候中位数 | 11.0 | 分钟 |") != std::string::npos);
    CHECK(md.find("| 接待最多的一天 | 2026-03-02 | — |") != std::string::npos);
    CHECK(md.find("## 办件量最多的 3 个事项") != std::string::npos);
    CHECK(md.find("## 差评原因") != std::string::npos);
    CHECK(md.find("| 等候时间长 | 1 |") != std::string::npos);
    CHECK(md.find("## 按日") == std::string::npos);   // the day-by-day table is for CSV and XLSX
    CHECK(md.find("其他渠道") == std::string::npos);  // nothing supplied
}

TEST_CASE("table decimals round half up as written, the way the XLSX's cells show them") {
    CHECK(decimal_half_up(65.25, 1) == "65.3");  // 3,915,000 ms in minutes: a tie in binary too
    CHECK(decimal_half_up(100.0 * 13 / 16, 1) == "81.3");
    CHECK(decimal_half_up(0.15, 1) == "0.2");  // just under 0.15 in binary, written 0.15
    CHECK(decimal_half_up(65.24, 1) == "65.2");
    CHECK(decimal_half_up(9.95, 1) == "10.0");
    CHECK(decimal_half_up(99.96, 1) == "100.0");
    CHECK(decimal_half_up(0.04, 1) == "0.0");
    CHECK(decimal_half_up(0, 1) == "0.0");
    CHECK(decimal_half_up(12, 1) == "12.0");
    CHECK(decimal_half_up(2.5, 0) == "3");
    CHECK(decimal_half_up(1e-7, 2) == "0.00");
    CHECK(decimal_half_up(-1.25, 1) == "-1.3");
    CHECK(decimal_half_up(-0.04, 1) == "0.0");
    CHECK(Cell::number(65.25, 1).to_text() == "65.3");
}

TEST_CASE("a year still under way is told as of today, not as of its end") {
    TempDir dir;
    RecordedHall h(dir.file("hall.db"));
    record_three_days(h);
    const auto md = render(h, ExportFormat::markdown, {},
                           hall::HallCalendar("Asia/Shanghai").at("2026-12-07", 12 * 60));
    CHECK(md.find("截至2026年12月7日，市民大厅共进驻单位2家") != std::string::npos);
    CHECK(md.find("截至2026年底") == std::string::npos);
    CHECK(md.find("市民大厅2026年以来办件量达8件") != std::string::npos);
    CHECK(md.find("本年度尚未结束：数字截至2026-12-07") != std::string::npos);
    CHECK(md.find("## 大厅概况（截至 2026-12-07）") != std::string::npos);
    const auto exported = nlohmann::json::parse(render(
        h, ExportFormat::json, {}, hall::HallCalendar("Asia/Shanghai").at("2026-12-07", 12 * 60)));
    CHECK(exported["profile"]["as_of"] == "2026-12-07");
}

TEST_CASE("CSV is UTF-8 with a BOM, CRLF line ends, one titled section per table") {
    TempDir dir;
    RecordedHall h(dir.file("hall.db"));
    record_three_days(h);
    auto csv = render(h, ExportFormat::csv);
    REQUIRE(csv.starts_with(bom +
                            "大厅概况（截至 2026-12-31）\r\n指标,数值,单位\r\n进驻单位,2,家\r\n"));
    CHECK(csv.find("\r\n\r\n合计（2026-01-01 至 "
                   "2026-12-31）\r\n指标,数值,单位\r\n取号（来访）,8,人次\r\n") !=
          std::string::npos);
    // Every line break is part of a CRLF.
    for (std::size_t at = csv.find('\n'); at != std::string::npos; at = csv.find('\n', at + 1))
        REQUIRE(csv[at - 1] == '\r');
    CHECK(csv.find("\r\n按日\r\n日期,星期,取号,接待群众,过号未到,取消,闭厅时未办理,办件\r\n") !=
          std::string::npos);
    CHECK(csv.find("2026-03-02,星期一,7,4,1,1,1,7\r\n") != std::string::npos);
    // Every item, not only the busiest ones.
    CHECK(csv.find("\r\nI2,失业保险金申领,人社局,否,2,25.0,0,") != std::string::npos);
    CHECK(csv.find("2026-03-02,09:07,5,S2,职员2,不满意,等候时间长\r\n") != std::string::npos);
    // The priority tickets include the appointments: the label says so.
    CHECK(csv.find("\r\n优先取号（绿色通道及预约）,0,人次\r\n预约取号,0,人次\r\n") !=
          std::string::npos);
    CHECK(csv.ends_with("\r\n"));
}

TEST_CASE("CSV fields are quoted as RFC 4180 says, and text is never a formula") {
    CHECK(csv_field("plain") == "plain");
    CHECK(csv_field("") == "");
    CHECK(csv_field("a,b") == "\"a,b\"");
    CHECK(csv_field("他说\"慢\"") == "\"他说\"\"慢\"\"\"");
    CHECK(csv_field("two\nlines") == "\"two\nlines\"");
    CHECK(csv_field(" padded") == "\" padded\"");

    TempDir dir;
    RecordedHall h(dir.file("hall.db"));
    record_three_days(h);
    auto& e = *h.engine;
    h.at("2026-03-05", 9 * 60);
    h.keep(e.login(1, "S1"));
    h.issue("QA");
    h.keep(e.call_next(1));
    h.keep(e.start_service(1));
    h.keep(e.finish(1, {{"I1"}, {}}));
    h.keep(e.rate(1, 5, "=HYPERLINK(\"http://x\",\"态度差, 很慢\")"));
    auto csv = render(h, ExportFormat::csv);
    CHECK(csv.find(",非常不满意,\"'=HYPERLINK(\"\"http://x\"\",\"\"态度差, 很慢\"\")\"\r\n") !=
          std::string::npos);
}

TEST_CASE("XLSX is a workbook with one sheet per table") {
    TempDir dir;
    RecordedHall h(dir.file("hall.db"));
    record_three_days(h);
    auto xlsx = render(h, ExportFormat::xlsx);
    REQUIRE(xlsx.size() > 1000);
    CHECK(xlsx.starts_with("PK\x03\x04"));
    const auto path = dir.file("hall.xlsx");
    std::ofstream(path, std::ios::binary) << xlsx;
    auto workbook = output_of("unzip -p '" + path + "' xl/workbook.xml 2>/dev/null");
    if (!workbook) {
        WARN("unzip is not installed: the sheet names are not checked");
        return;
    }
    for (const char* sheet :
         {"大厅概况", "合计", "按月", "按星期", "按时段", "按日", "按服务专区", "按单位", "按队列",
          "按事项", "按窗口", "按工作人员", "综合代办", "企业套餐", "群众评价", "差评"})
        CHECK(workbook->find(std::string("name=\"") + sheet + "\"") != std::string::npos);
    CHECK(workbook->find("其他渠道报送") == std::string::npos);
    auto strings = output_of("unzip -p '" + path + "' xl/sharedStrings.xml");
    REQUIRE(strings);
    CHECK(strings->find("等候时间长") != std::string::npos);
}

TEST_CASE("JSON has the documented shape and the exact figures") {
    TempDir dir;
    RecordedHall h(dir.file("hall.db"));
    record_three_days(h);
    auto text = render(h, ExportFormat::json);
    auto j = nlohmann::json::parse(text);
    CHECK(j["schema"] == "counterhall.statistics/1");
    CHECK(j["hall"]["name"] == "测试大厅");
    CHECK(j["hall"]["time_zone"] == "Asia/Shanghai");
    CHECK(j["period"] ==
          nlohmann::json{
              {"from", "2026-01-01"}, {"to", "2026-12-31"}, {"year", 2026}, {"open_day", nullptr}});
    CHECK(j["profile"]["departments"] == 2);
    CHECK(j["profile"]["high_frequency_items"] == 2);
    CHECK(j["profile"]["new_departments"].is_array());
    const auto& t = j["totals"];
    CHECK(t["issued"] == 8);
    CHECK(t["served"] == 5);
    CHECK(t["no_show"] == 1);
    CHECK(t["cancelled"] == 1);
    CHECK(t["unserved"] == 1);
    CHECK(t["items_handled"] == 8);
    CHECK(t["agency_cases"] == 3);
    CHECK(t["packages_multi_department"] == 1);
    CHECK(t["open_days"] == 2);
    CHECK(t["daily_average_visitors"] == 2.5);
    CHECK(t["busiest_day"] == nlohmann::json{{"day", "2026-03-02"}, {"issued", 7}, {"served", 4}});
    CHECK(t["wait"]["median_ms"] == 11 * 60'000);
    CHECK(t["wait"]["count"] == 6);
    CHECK(t["within_target_share"] == 0.5);
    CHECK(t["service"]["total_ms"] == 50 * 60'000);
    CHECK(j["by_day"].size() == 365);
    CHECK(j["by_month"].size() == 12);
    CHECK(j["by_month"][2] == nlohmann::json{{"month", "2026-03"},
                                             {"open_days", 2},
                                             {"issued", 8},
                                             {"served", 5},
                                             {"items_handled", 8}});
    CHECK(j["by_weekday"].size() == 7);
    CHECK(j["by_hour"].size() == 24);
    CHECK(j["by_hour"][8] == nlohmann::json{{"hour", 8}, {"issued", 4}});
    for (const char* list :
         {"zones", "departments", "queues", "items", "windows", "staff", "packages"}) {
        INFO(list);
        REQUIRE(j[list].is_array());
        for (const auto& row : j[list]) {
            CHECK(row["code"].is_string());
            CHECK(row["name"].is_string());
            CHECK(row["metrics"].is_object());
            CHECK(row["wait"].contains("median_ms"));
            CHECK(row["service"].contains("p90_ms"));
        }
    }
    CHECK(j["windows"][0]["code"] == "1");
    CHECK(j["windows"][0]["logged_in_ms"] == 1044 * 60'000);
    CHECK(j["windows"][4]["agency"] == true);
    CHECK(j["departments"][0]["metrics"]["visits"] == 4);
    CHECK(j["satisfaction"]["grades"] == nlohmann::json{1, 1, 0, 1, 0});
    CHECK(j["satisfaction"]["bad_review_list"][0]["reason"] == "等候时间长");
    CHECK(j["supplied"] == nlohmann::json::array());
}

TEST_CASE("a year without an open day has nothing to average: null in JSON, empty cells") {
    TempDir dir;
    RecordedHall h(dir.file("hall.db"));
    auto j = nlohmann::json::parse(render(h, ExportFormat::json));
    const auto& t = j["totals"];
    CHECK(t["open_days"] == 0);
    CHECK(t["daily_average_visitors"].is_null());
    CHECK(t["daily_average_items"].is_null());
    CHECK(t["within_target_share"].is_null());
    CHECK(render(h, ExportFormat::csv).find("日均接待群众,,") != std::string::npos);
}

TEST_CASE("supplied figures are read from their file, checked, and kept apart") {
    auto figures = parse_supplied_figures(
        bom +
        "key,label,value,unit,source\r\nonline_cases,,68000,件,宁夏政务服务网\r\n"
        "hotline_satisfaction,热线满意率,88.3,%,5031234热线\r\n"
        "township_cases,\"乡镇累计办理, 含代办\",54000,件,\r\n");
    REQUIRE(figures.size() == 3);
    CHECK(figures[0].key == "online_cases");
    CHECK(figures[0].label == "网上办件");  // a known key's own label
    CHECK(figures[0].value == "68000");
    CHECK(figures[0].source == "宁夏政务服务网");
    CHECK(figures[1].label == "热线满意率");
    CHECK(figures[1].value == "88.3");
    CHECK(figures[2].label == "乡镇累计办理, 含代办");
    // Columns may come in any order; label, unit and source may be left out.
    auto minimal = parse_supplied_figures("value,key\n12,app_registrations\n");
    REQUIRE(minimal.size() == 1);
    CHECK(minimal[0].label == "手机APP注册认证");

    auto error_of = [](const std::string& text) {
        try {
            parse_supplied_figures(text, "supplied.csv");
        } catch (const SuppliedFiguresError& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    CHECK(error_of("key,value\nonline_cases,6.8万\n") ==
          "supplied.csv:2:2: \"6.8万\" is not a plain number (digits and a decimal point only)");
    CHECK(error_of("key,value\nonline_cases,\"1,525\"\n").starts_with("supplied.csv:2:2:"));
    CHECK(error_of("key,value\nOnline Cases,1\n").starts_with("supplied.csv:2:1: a key is"));
    CHECK(error_of("key,value\na,1\na,2\n") == "supplied.csv:3:1: key \"a\" given twice");
    CHECK(error_of("key,amount\na,1\n").starts_with("supplied.csv:1:2: unknown column"));
    CHECK(error_of("key,value\na,1,2\n").starts_with("supplied.csv:2: 3 fields"));
    CHECK(error_of("").starts_with("supplied.csv: the file is empty"));

    TempDir dir;
    RecordedHall h(dir.file("hall.db"));
    record_three_days(h);
    auto md = render(h, ExportFormat::markdown, figures);
    auto supplied_at = md.find("# 其他渠道报送的数字");
    REQUIRE(supplied_at != std::string::npos);
    CHECK(md.find("| 网上办件 | 68000 | 件 | 宁夏政务服务网 |", supplied_at) != std::string::npos);
    CHECK(md.find("68000") == md.find("68000", supplied_at));  // nowhere before its section
    CHECK(md.find("年办件量达8件") != std::string::npos);      // the measured count unchanged
    auto json = nlohmann::json::parse(render(h, ExportFormat::json, figures));
    CHECK(json["supplied"][0] == nlohmann::json{{"key", "online_cases"},
                                                {"label", "网上办件"},
                                                {"value", "68000"},
                                                {"unit", "件"},
                                                {"source", "宁夏政务服务网"}});
    CHECK(json["totals"]["items_handled"] == 8);
    auto csv = render(h, ExportFormat::csv, figures);
    CHECK(csv.find("\r\n其他渠道报送的数字（非本系统计量）\r\n代码,指标,数值,单位,来源\r\n"
                   "online_cases,网上办件,68000,件,宁夏政务服务网\r\n") != std::string::npos);
    CHECK(csv.find("hotline_satisfaction,热线满意率,88.3,%,5031234热线\r\n") != std::string::npos);

    const auto path = dir.file("supplied.csv");
    std::ofstream(path) << "key,value\nvillage_cases,47000\n";
    ExportRequest request;
    request.year = 2026;
    request.format = ExportFormat::json;
    request.supplied_file = path;
    CHECK(nlohmann::json::parse(render_export(h.db, request))["supplied"][0]["label"] ==
          "村级代办");
}

TEST_CASE("an export names its format and refuses a year that is not one") {
    CHECK(parse_export_format("md") == ExportFormat::markdown);
    CHECK(parse_export_format("xlsx") == ExportFormat::xlsx);
    CHECK_FALSE(parse_export_format("pdf"));
    CHECK(file_extension(ExportFormat::csv) == "csv");
    CHECK(content_type(ExportFormat::json) == "application/json");
    TempDir dir;
    RecordedHall h(dir.file("hall.db"));
    ExportRequest request;
    request.year = 19;
    CHECK_THROWS_AS(render_export(h.db, request), std::invalid_argument);
}

TEST_CASE("the JSON writer escapes text as RFC 8259 says and separates values itself") {
    JsonWriter w;
    w.begin_object();
    w.field("text", std::string("引号\"反斜杠\\换行\n制表\t\x01"));
    w.field("count", std::int64_t{-3}).field("share", 0.25).field("none", std::optional<int>());
    w.key("list").begin_array().value(1).value(true).null().begin_object().end_object();
    w.end_array();
    w.field("infinite", 1.0 / 0.0);
    w.end_object();
    const auto text = w.take();
    CHECK(text ==
          "{\"text\":\"引号\\\"反斜杠\\\\换行\\n制表\\t\\u0001\",\"count\":-3,\"share\":0.25,"
          "\"none\":null,\"list\":[1,true,null,{}],\"infinite\":null}");
    auto parsed = nlohmann::json::parse(text);
    CHECK(parsed["text"] == "引号\"反斜杠\\换行\n制表\t\x01");
}
