// Lays the statistics out as the export's tables; docs/export.md lists every column.
#include "export_tables.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <map>

namespace hall {

namespace {

constexpr double ms_per_minute = 60'000.0;
constexpr double ms_per_hour = 3'600'000.0;

Cell minutes(const std::optional<std::int64_t>& ms) {
    return ms ? Cell::number(static_cast<double>(*ms) / ms_per_minute, 1) : Cell::none();
}

Cell hours(std::int64_t ms) {
    return Cell::number(static_cast<double>(ms) / ms_per_hour, 1);
}

Cell percentage(const std::optional<double>& share) {
    return share ? Cell::number(*share * 100.0, 1) : Cell::none();
}

Cell percentage(std::int64_t part, std::int64_t whole) {
    return whole > 0
               ? Cell::number(100.0 * static_cast<double>(part) / static_cast<double>(whole), 1)
               : Cell::none();
}

Cell average(std::int64_t total, int days) {
    return days > 0 ? Cell::number(static_cast<double>(total) / days, 1) : Cell::none();
}

void append(std::vector<std::string>& to, std::initializer_list<const char*> more) {
    for (const char* m : more)
        to.emplace_back(m);
}

void append(std::vector<Cell>& to, std::vector<Cell> more) {
    for (auto& m : more)
        to.push_back(std::move(m));
}

// Wait and service columns, with or without the share within the queue's target.
void wait_headers(std::vector<std::string>& h, bool with_target) {
    append(h, {"平均等候(分钟)", "等候中位数(分钟)", "等候90%分位(分钟)"});
    if (with_target)
        h.emplace_back("目标等候内叫号(%)");
}
void service_headers(std::vector<std::string>& h) {
    append(h, {"平均办理(分钟)", "办理中位数(分钟)", "办理90%分位(分钟)"});
}
void wait_cells(std::vector<Cell>& row, const Figures& f, bool with_target) {
    const auto w = f.wait();
    append(row, {minutes(w.mean_ms), minutes(w.median_ms), minutes(w.p90_ms)});
    if (with_target)
        row.push_back(percentage(f.within_target_share()));
}
void service_cells(std::vector<Cell>& row, const Figures& f) {
    const auto s = f.service();
    append(row, {minutes(s.mean_ms), minutes(s.median_ms), minutes(s.p90_ms)});
}

Table make_table(std::string id, std::string title, std::vector<std::string> headers) {
    Table t;
    t.id = std::move(id);
    t.title = std::move(title);
    t.headers = std::move(headers);
    return t;
}

Table profile_table(const Statistics& s) {
    const auto& p = s.profile;
    Table t = make_table("profile", "大厅概况（截至 " + p.as_of + "）", {"指标", "数值", "单位"});
    auto row = [&](const char* name, std::int64_t value, const char* unit) {
        t.rows.push_back(
            {Cell::of(std::string(name)), Cell::of(value), Cell::of(std::string(unit))});
    };
    row("进驻单位", p.departments, "家");
    row("进驻事项", p.items, "项");
    row("其中高频事项", p.high_frequency_items, "项");
    row("进驻人员", p.staff, "人");
    row("服务专区", p.zones, "个");
    row("排队队列", p.queues, "个");
    row("服务窗口", p.windows, "个");
    row("其中综合代办窗口", p.agency_windows, "个");
    row("企业套餐", p.packages, "项");
    row("企业套餐类别", p.package_categories, "类");
    row("本期新进驻单位", static_cast<std::int64_t>(p.new_departments.size()), "家");
    row("本期新进驻事项", p.new_items, "项");
    return t;
}

Table new_departments_table(const Statistics& s) {
    Table t = make_table("new_departments", "本期新进驻单位",
                         {"单位代码", "单位", "服务专区", "进驻日期", "进驻事项"});
    for (const auto& d : s.profile.new_departments)
        t.rows.push_back({Cell::of(d.code), Cell::of(d.name), Cell::of(d.zone_name),
                          Cell::of(d.stationed_on), Cell::of(static_cast<std::int64_t>(d.items))});
    return t;
}

Table totals_table(const Statistics& s) {
    const auto& h = s.hall;
    Table t = make_table("totals", "合计（" + s.period.from + " 至 " + s.period.to + "）",
                         {"指标", "数值", "单位"});
    auto row = [&](const char* name, Cell value, const char* unit) {
        t.rows.push_back(
            {Cell::of(std::string(name)), std::move(value), Cell::of(std::string(unit))});
    };
    row("取号（来访）", Cell::of(h.get("issued")), "人次");
    row("接待群众（已办理）", Cell::of(h.get("served")), "人次");
    row("过号未到", Cell::of(h.get("no_show")), "人次");
    row("取消", Cell::of(h.get("cancelled")), "人次");
    row("闭厅时未办理", Cell::of(h.get("unserved")), "人次");
    if (s.open_day)
        row("当日尚在等候或办理", Cell::of(s.open_visits), "人次");
    row("转办", Cell::of(h.get("transferred")), "次");
    // Every ticket with a priority class: the green channel and the appointments, which the next
    // row counts alone.
    row("优先取号（绿色通道及预约）", Cell::of(h.get("issued_priority")), "人次");
    row("预约取号", Cell::of(h.get("issued_appointment")), "人次");
    row("办件量", Cell::of(h.get("items_handled")), "件");
    row("综合代办件", Cell::of(h.get("agency_cases")), "件");
    row("企业套餐办理", Cell::of(h.get("packages")), "件");
    row("其中跨部门企业套餐", Cell::of(h.get("packages_multi_department")), "件");
    row("开放天数（有取号的日子）", Cell::of(static_cast<std::int64_t>(s.open_days)), "天");
    row("日均接待群众", average(h.get("served"), s.open_days), "人次");
    row("日均办件", average(h.get("items_handled"), s.open_days), "件");
    if (s.busiest_day) {
        row("接待最多的一天", Cell::of(s.busiest_day->day), "");
        row("当天接待群众", Cell::of(s.busiest_day->served), "人次");
    }
    const auto w = h.wait();
    const auto sv = h.service();
    row("平均等候", minutes(w.mean_ms), "分钟");
    row("等候中位数", minutes(w.median_ms), "分钟");
    row("等候90%分位", minutes(w.p90_ms), "分钟");
    row("目标等候时间内叫号", percentage(h.within_target_share()), "%");
    row("平均办理", minutes(sv.mean_ms), "分钟");
    row("办理中位数", minutes(sv.median_ms), "分钟");
    row("办理90%分位", minutes(sv.p90_ms), "分钟");
    row("评价次数", Cell::of(h.ratings()), "次");
    row("好评", Cell::of(h.get("good_reviews")), "次");
    row("差评", Cell::of(h.get("bad_reviews")), "次");
    row("好评率", percentage(h.good_review_rate()), "%");
    return t;
}

Table by_month_table(const Statistics& s) {
    Table t = make_table("by_month", "按月",
                         {"月份", "开放天数", "取号", "接待群众", "办件", "日均接待群众"});
    for (const auto& m : s.by_month)
        t.rows.push_back({Cell::of(m.key), Cell::of(static_cast<std::int64_t>(m.open_days)),
                          Cell::of(m.issued), Cell::of(m.served), Cell::of(m.items_handled),
                          average(m.served, m.open_days)});
    return t;
}

Table by_weekday_table(const Statistics& s) {
    Table t = make_table("by_weekday", "按星期",
                         {"星期", "开放天数", "取号", "接待群众", "办件", "日均接待群众"});
    for (std::size_t i = 0; i < s.by_weekday.size(); ++i) {
        const auto& d = s.by_weekday[i];
        t.rows.push_back({Cell::of(weekday_name(static_cast<int>(i))),
                          Cell::of(static_cast<std::int64_t>(d.open_days)), Cell::of(d.issued),
                          Cell::of(d.served), Cell::of(d.items_handled),
                          average(d.served, d.open_days)});
    }
    return t;
}

Table by_hour_table(const Statistics& s) {
    Table t = make_table("by_hour", "按取号时段", {"时段", "取号", "占比(%)", "日均取号"});
    const auto issued = s.hall.get("issued");
    for (std::size_t h = 0; h < s.issued_by_hour.size(); ++h) {
        const auto n = s.issued_by_hour[h];
        if (n == 0)
            continue;
        char label[32];
        std::snprintf(label, sizeof label, "%02zu:00-%02zu:00", h, (h + 1) % 24);
        t.rows.push_back({Cell::of(std::string(label)), Cell::of(n), percentage(n, issued),
                          average(n, s.open_days)});
    }
    return t;
}

Table by_day_table(const Statistics& s) {
    Table t = make_table(
        "by_day", "按日",
        {"日期", "星期", "取号", "接待群众", "过号未到", "取消", "闭厅时未办理", "办件"});
    for (const auto& d : s.days)
        t.rows.push_back({Cell::of(d.day), Cell::of(weekday_name(d.weekday)), Cell::of(d.issued),
                          Cell::of(d.served), Cell::of(d.no_show), Cell::of(d.cancelled),
                          Cell::of(d.unserved), Cell::of(d.items_handled)});
    return t;
}

// Zones and queues: the visits issued to them and what became of those visits.
Table visits_table(const char* id, const char* title, const std::vector<Figures>& list,
                   bool is_queue) {
    Table t = make_table(id, title, {"代码", "名称"});
    if (is_queue)
        append(t.headers, {"服务专区", "目标等候(分钟)"});
    append(t.headers,
           {"取号", "接待群众", "过号未到", "取消", "闭厅时未办理", "转出", "办件", "综合代办件"});
    wait_headers(t.headers, true);
    service_headers(t.headers);
    for (const auto& f : list) {
        std::vector<Cell> row{Cell::of(f.code), Cell::of(f.name)};
        if (is_queue)
            append(row, {Cell::of(f.group_name),
                         Cell::of(static_cast<std::int64_t>(f.target_wait_min))});
        append(row, {Cell::of(f.get("issued")), Cell::of(f.get("served")),
                     Cell::of(f.get("no_show")), Cell::of(f.get("cancelled")),
                     Cell::of(f.get("unserved")), Cell::of(f.get("transferred")),
                     Cell::of(f.get("items_handled")), Cell::of(f.get("agency_cases"))});
        wait_cells(row, f, true);
        service_cells(row, f);
        t.rows.push_back(std::move(row));
    }
    return t;
}

Table departments_table(const Statistics& s) {
    Table t = make_table(
        "departments", "按进驻单位",
        {"代码", "单位", "服务专区", "进驻日期", "接待群众", "办件", "办件占比(%)", "综合代办件"});
    wait_headers(t.headers, false);
    service_headers(t.headers);
    const auto all_items = s.hall.get("items_handled");
    for (const auto& f : s.departments) {
        std::vector<Cell> row{Cell::of(f.code),
                              Cell::of(f.name),
                              Cell::of(f.group_name),
                              Cell::of(f.stationed_on),
                              Cell::of(f.get("visits")),
                              Cell::of(f.get("items_handled")),
                              percentage(f.get("items_handled"), all_items),
                              Cell::of(f.get("agency_cases"))};
        wait_cells(row, f, false);
        service_cells(row, f);
        t.rows.push_back(std::move(row));
    }
    return t;
}

Table items_table(const Statistics& s, const TableOptions& options) {
    std::vector<const Figures*> list;
    for (const auto& f : s.items)
        list.push_back(&f);
    Table t = make_table("items", "按事项",
                         {"代码", "事项", "单位", "高频事项", "办件", "办件占比(%)", "综合代办件"});
    if (options.for_reading) {
        std::stable_sort(list.begin(), list.end(), [](const Figures* a, const Figures* b) {
            return a->get("items_handled") > b->get("items_handled");
        });
        if (list.size() > options.top_items)
            list.resize(options.top_items);
        t.title = "办件量最多的 " + std::to_string(list.size()) + " 个事项";
    }
    wait_headers(t.headers, false);
    service_headers(t.headers);
    const auto all_items = s.hall.get("items_handled");
    for (const Figures* f : list) {
        std::vector<Cell> row{Cell::of(f->code),
                              Cell::of(f->name),
                              Cell::of(f->group_name),
                              Cell::of(std::string(f->high_frequency ? "是" : "否")),
                              Cell::of(f->get("items_handled")),
                              percentage(f->get("items_handled"), all_items),
                              Cell::of(f->get("agency_cases"))};
        wait_cells(row, *f, false);
        service_cells(row, *f);
        t.rows.push_back(std::move(row));
    }
    return t;
}

// Windows and staff: the visits they called and served, and how their time was spent.
Table counters_table(const char* id, const char* title, const std::vector<Figures>& list,
                     bool is_window) {
    Table t = make_table(id, title, {});
    if (is_window)
        append(t.headers, {"窗口", "名称", "服务专区", "综合代办窗口"});
    else
        append(t.headers, {"工号", "姓名", "单位"});
    append(t.headers, {"叫号", "接待群众", "过号未到", "转出", "办件", "综合代办件"});
    wait_headers(t.headers, true);
    service_headers(t.headers);
    append(t.headers, {"登录(小时)", "暂停(小时)", "空闲(小时)", "评价次数", "好评率(%)"});
    for (const auto& f : list) {
        std::vector<Cell> row{Cell::of(f.code), Cell::of(f.name), Cell::of(f.group_name)};
        if (is_window)
            row.push_back(Cell::of(std::string(f.agency ? "是" : "否")));
        append(row, {Cell::of(f.get("called")), Cell::of(f.get("served")),
                     Cell::of(f.get("no_show")), Cell::of(f.get("transferred")),
                     Cell::of(f.get("items_handled")), Cell::of(f.get("agency_cases"))});
        wait_cells(row, f, true);
        service_cells(row, f);
        append(row, {hours(f.get("logged_in_ms")), hours(f.get("break_ms")), hours(f.idle_ms()),
                     Cell::of(f.ratings()), percentage(f.good_review_rate())});
        t.rows.push_back(std::move(row));
    }
    return t;
}

Table agency_table(const Statistics& s) {
    const auto& h = s.hall;
    Table t = make_table("agency", "综合代办与企业套餐", {"指标", "数值", "单位"});
    auto row = [&](const char* name, std::int64_t value, const char* unit) {
        t.rows.push_back(
            {Cell::of(std::string(name)), Cell::of(value), Cell::of(std::string(unit))});
    };
    row("综合代办窗口", s.profile.agency_windows, "个");
    row("综合代办件", h.get("agency_cases"), "件");
    row("企业套餐办理", h.get("packages"), "件");
    row("其中跨部门企业套餐", h.get("packages_multi_department"), "件");
    for (const auto& w : s.windows)
        if (w.agency)
            row(("其中 " + w.name).c_str(), w.get("agency_cases"), "件");
    return t;
}

Table packages_table(const Statistics& s) {
    Table t = make_table("packages", "按企业套餐",
                         {"代码", "企业套餐", "类别", "办理件数", "其中跨部门"});
    for (const auto& f : s.packages)
        t.rows.push_back({Cell::of(f.code), Cell::of(f.name), Cell::of(f.group),
                          Cell::of(f.get("packages")),
                          Cell::of(f.get("packages_multi_department"))});
    return t;
}

Table satisfaction_table(const Statistics& s) {
    const auto& h = s.hall;
    Table t = make_table("satisfaction", "群众评价（好差评）", {"评价", "次数", "占比(%)"});
    const auto rated = h.ratings();
    for (int grade = 1; grade <= 5; ++grade) {
        const auto n = h.get("rating_" + std::to_string(grade));
        t.rows.push_back({Cell::of(std::to_string(grade) + " " + grade_name(grade)), Cell::of(n),
                          percentage(n, rated)});
    }
    t.rows.push_back({Cell::of(std::string("好评（前三级）")), Cell::of(h.get("good_reviews")),
                      percentage(h.get("good_reviews"), rated)});
    t.rows.push_back({Cell::of(std::string("差评（后两级）")), Cell::of(h.get("bad_reviews")),
                      percentage(h.get("bad_reviews"), rated)});
    return t;
}

Table bad_reviews_table(const Statistics& s, const TableOptions& options) {
    if (options.for_reading) {
        Table t = make_table("bad_review_reasons", "差评原因", {"原因", "次数"});
        for (const auto& [reason, n] : bad_review_reasons(s))
            t.rows.push_back({Cell::of(reason), Cell::of(static_cast<std::int64_t>(n))});
        return t;
    }
    Table t = make_table("bad_reviews", "差评及原因",
                         {"日期", "时间", "窗口", "工号", "姓名", "评价", "原因"});
    for (const auto& r : s.bad_reviews)
        t.rows.push_back({Cell::of(r.day), Cell::of(r.time),
                          Cell::of(static_cast<std::int64_t>(r.window)), Cell::of(r.staff),
                          Cell::of(r.staff_name), Cell::of(grade_name(r.grade)),
                          Cell::of(r.reason)});
    return t;
}

// A supplied number keeps the decimals it was written with.
Cell number_as_written(const std::string& value) {
    const auto point = value.find('.');
    const int decimals =
        point == std::string::npos ? 0 : static_cast<int>(value.size() - point - 1);
    return Cell::number(std::stod(value), decimals);
}

Table supplied_table(const std::vector<SuppliedFigure>& supplied) {
    Table t = make_table("supplied", "其他渠道报送的数字（非本系统计量）",
                         {"代码", "指标", "数值", "单位", "来源"});
    for (const auto& f : supplied)
        t.rows.push_back({Cell::of(f.key), Cell::of(f.label), number_as_written(f.value),
                          Cell::of(f.unit), Cell::of(f.source)});
    return t;
}

}  // namespace

std::string decimal_half_up(double value, int decimals) {
    // The shortest digits that read back as `value` (std::to_chars: no locale, no format string
    // to read for each of a yearly export's tens of thousands of numbers), then rounded as
    // written: 65.25 is 65.3, as Excel shows the XLSX's 65.25 under the format "0.0", where
    // rounding the binary value would give 65.2 (a tie, to even).
    char buffer[400];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed);
    if (ec != std::errc())
        return {};
    std::string digits(buffer, end);
    const bool negative = !digits.empty() && digits.front() == '-';
    if (negative)
        digits.erase(0, 1);
    auto point = digits.find('.');
    if (point == std::string::npos) {
        point = digits.size();
        digits += '.';
    }
    digits.append(static_cast<std::size_t>(std::max(decimals, 0)) + 1, '0');
    const std::size_t last = point + static_cast<std::size_t>(std::max(decimals, 0));
    const bool up = digits[last + 1] >= '5';
    digits.resize(decimals > 0 ? last + 1 : point);
    if (up) {
        // Add one in the last kept place, carrying leftwards over nines and the point.
        std::size_t i = digits.size();
        for (;;) {
            if (i == 0) {
                digits.insert(digits.begin(), '1');
                break;
            }
            --i;
            if (digits[i] == '.')
                continue;
            if (digits[i] != '9') {
                ++digits[i];
                break;
            }
            digits[i] = '0';
        }
    }
    const bool zero = digits.find_first_not_of("0.") == std::string::npos;
    return negative && !zero ? "-" + digits : digits;
}

std::string Cell::to_text() const {
    switch (kind) {
        case Kind::empty:
            return {};
        case Kind::integer:
            return std::to_string(integer);
        case Kind::decimal:
            return decimal_half_up(decimal, decimals);
        case Kind::text:
            return text;
    }
    return {};
}

std::string weekday_name(int weekday) {
    static const std::array<const char*, 7> names{"星期一", "星期二", "星期三", "星期四",
                                                  "星期五", "星期六", "星期日"};
    return weekday >= 0 && weekday < 7 ? names[static_cast<std::size_t>(weekday)] : "";
}

std::string grade_name(int grade) {
    static const std::array<const char*, 5> names{"非常满意", "满意", "基本满意", "不满意",
                                                  "非常不满意"};
    return grade >= 1 && grade <= 5 ? names[static_cast<std::size_t>(grade - 1)] : "";
}

std::vector<Table> export_tables(const Statistics& s, const std::vector<SuppliedFigure>& supplied,
                                 const TableOptions& options) {
    std::vector<Table> tables;
    tables.push_back(profile_table(s));
    tables.push_back(new_departments_table(s));
    tables.push_back(totals_table(s));
    tables.push_back(by_month_table(s));
    tables.push_back(by_weekday_table(s));
    tables.push_back(by_hour_table(s));
    if (!options.for_reading)
        tables.push_back(by_day_table(s));
    tables.push_back(visits_table("zones", "按服务专区", s.zones, false));
    tables.push_back(departments_table(s));
    tables.push_back(visits_table("queues", "按排队队列", s.queues, true));
    tables.push_back(items_table(s, options));
    tables.push_back(counters_table("windows", "按窗口", s.windows, true));
    tables.push_back(counters_table("staff", "按工作人员", s.staff, false));
    tables.push_back(agency_table(s));
    tables.push_back(packages_table(s));
    tables.push_back(satisfaction_table(s));
    tables.push_back(bad_reviews_table(s, options));
    if (!supplied.empty())
        tables.push_back(supplied_table(supplied));
    static const std::map<std::string, std::string> sheets{
        {"profile", "大厅概况"},     {"new_departments", "新进驻单位"},
        {"totals", "合计"},          {"by_month", "按月"},
        {"by_weekday", "按星期"},    {"by_hour", "按时段"},
        {"by_day", "按日"},          {"zones", "按服务专区"},
        {"departments", "按单位"},   {"queues", "按队列"},
        {"items", "按事项"},         {"windows", "按窗口"},
        {"staff", "按工作人员"},     {"agency", "综合代办"},
        {"packages", "企业套餐"},    {"satisfaction", "群众评价"},
        {"bad_reviews", "差评"},     {"bad_review_reasons", "差评原因"},
        {"supplied", "其他渠道报送"}};
    for (auto& t : tables)
        t.sheet = sheets.at(t.id);
    return tables;
}

}  // namespace hall
