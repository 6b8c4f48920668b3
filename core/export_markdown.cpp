// Writes the Markdown export: the report's paragraph in its own words and rounding, then tables.
#include "export_markdown.hpp"

#include <cstdio>

#include "export_tables.hpp"
#include "report_numbers.hpp"

namespace hall {

namespace {

// "社会民生服务专区" -> "社会民生", "商事服务专区" -> "商事服务": the report names zones without
// the words every zone's name shares, but keeps a name of two characters readable.
std::string short_zone_name(std::string name) {
    auto strip = [&](const std::string& suffix, std::size_t keep_bytes) {
        if (name.size() >= suffix.size() + keep_bytes &&
            name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
            name.erase(name.size() - suffix.size());
    };
    const std::size_t cjk = 3;  // bytes of one Chinese character in UTF-8
    strip("专区", cjk);
    strip("服务", 3 * cjk);
    return name;
}

std::string join(const std::vector<std::string>& parts, const std::string& separator) {
    std::string out;
    for (const auto& part : parts) {
        if (!out.empty())
            out += separator;
        out += part;
    }
    return out;
}

// "2026年12月7日" of "2026-12-07".
std::string chinese_date(const std::string& day) {
    if (day.size() != 10)
        return day;
    return day.substr(0, 4) + "年" + std::to_string(std::stoi(day.substr(5, 2))) + "月" +
           std::to_string(std::stoi(day.substr(8, 2))) + "日";
}

// Whether the figures are the whole year's: a year still under way has its profile as of today.
bool whole_year(const Statistics& s, int year) {
    return s.profile.as_of.empty() || s.profile.as_of == std::to_string(year) + "-12-31";
}

std::string year_paragraph(const Statistics& s, int year) {
    const auto& p = s.profile;
    const auto& h = s.hall;
    const std::string y = std::to_string(year) + "年";
    // A year still under way is told as of today, and its total as so far this year.
    const bool whole = whole_year(s, year);
    std::string text = "截至" + (whole ? y + "底" : chinese_date(p.as_of)) +
                       "，市民大厅共进驻单位" + std::to_string(p.departments) + "家，进驻事项" +
                       std::to_string(p.items) + "项，进驻人员" + std::to_string(p.staff) + "人";
    if (p.zones > 0) {
        std::vector<std::string> named;
        for (std::size_t i = 0; i < p.zone_names.size() && i < 3; ++i)
            named.push_back(short_zone_name(p.zone_names[i]));
        text += "，分类设置了" + join(named, "、") + (p.zones > 3 ? "等" : "") +
                std::to_string(p.zones) + "个服务专区";
    }
    text += "。";
    if (!p.new_departments.empty()) {
        std::vector<std::string> named;
        int items = 0;
        for (const auto& d : p.new_departments) {
            if (named.size() < 5)
                named.push_back(d.name);
            items += d.items;
        }
        text += y + "新进驻" + join(named, "、") +
                (p.new_departments.size() > named.size() ? "等" : "") +
                std::to_string(p.new_departments.size()) + "家单位共计" + std::to_string(items) +
                "项事项。";
    } else if (p.new_items > 0) {
        text += y + "新进驻事项" + std::to_string(p.new_items) + "项。";
    }
    text += (whole ? "市民大厅年办件量达" : "市民大厅" + y + "以来办件量达") +
            approximate_count(h.get("items_handled")) + "件";
    if (const auto visitors = s.daily_average_visitors())
        text += "，日均接待群众" + round_figure_below(*visitors) + "人以上";
    text += "。";
    if (p.high_frequency_items > 0)
        text += "梳理群众和企业常办的高频事项" + std::to_string(p.high_frequency_items) + "个。";
    if (p.agency_windows > 0) {
        text += "设置" + std::to_string(p.agency_windows) + "个综合代办窗口，" + y + "累计代办" +
                std::to_string(h.get("agency_cases")) + "件，其中跨多个部门办理的企业套餐服务事项" +
                std::to_string(h.get("packages_multi_department")) + "件。";
    }
    if (h.ratings() > 0)
        text += "群众对窗口服务评价" + std::to_string(h.ratings()) + "次，好评率达" +
                percent(h.get("good_reviews"), h.ratings()) + "。";
    return text;
}

std::string period_paragraph(const Statistics& s) {
    const auto& h = s.hall;
    std::string when =
        s.period.from == s.period.to ? s.period.from : s.period.from + "至" + s.period.to;
    std::string text = when + (s.open_day ? "（" + *s.open_day + "为当日实时数字）" : "") +
                       "，取号" + std::to_string(h.get("issued")) + "人次，接待群众" +
                       std::to_string(h.get("served")) + "人次，办件" +
                       std::to_string(h.get("items_handled")) + "件";
    if (s.open_days > 1) {
        char average[32];
        std::snprintf(average, sizeof average, "%.1f", *s.daily_average_visitors());
        text += "，开放" + std::to_string(s.open_days) + "天，日均接待群众" + average + "人次";
    }
    text += "；过号未到" + std::to_string(h.get("no_show")) + "人次，取消" +
            std::to_string(h.get("cancelled")) + "人次，闭厅时未办理" +
            std::to_string(h.get("unserved")) + "人次";
    if (s.open_day)
        text += "，尚在等候或办理" + std::to_string(s.open_visits) + "人次";
    text += "。";
    if (h.ratings() > 0)
        text += "评价" + std::to_string(h.ratings()) + "次，好评率" +
                percent(h.get("good_reviews"), h.ratings()) + "。";
    return text;
}

// A Markdown table cell: pipes escaped, line breaks as spaces.
std::string cell_text(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '|')
            out += "\\|";
        else if (c == '\n' || c == '\r')
            out += ' ';
        else
            out += c;
    }
    return out;
}

void write_table(std::string& out, const Table& table) {
    out += "## " + table.title + "\n\n";
    if (table.rows.empty()) {
        out += "（无）\n\n";
        return;
    }
    out += "|";
    // Appended piece by piece: GCC 12 at -O3 (CMake's Release) warns falsely of an overlapping
    // memcpy in `" " + text + " |"` (-Wrestrict), which -Werror makes a failed build.
    for (const auto& h : table.headers) {
        out += ' ';
        out += cell_text(h);
        out += " |";
    }
    out += "\n|";
    for (std::size_t i = 0; i < table.headers.size(); ++i) {
        // Numbers line up on the right.
        const bool numeric = !table.rows.empty() && i < table.rows.front().size() &&
                             table.rows.front()[i].kind != Cell::Kind::text;
        out += numeric ? "---:|" : "---|";
    }
    out += "\n";
    for (const auto& row : table.rows) {
        out += "|";
        for (const auto& cell : row) {
            const auto text = cell.to_text();
            out += ' ';
            out += text.empty() ? std::string("—") : cell_text(text);
            out += " |";
        }
        out += "\n";
    }
    out += "\n";
}

}  // namespace

void write_markdown_table(std::string& out, const Table& table) {
    write_table(out, table);
}

std::string report_paragraph(const Statistics& s) {
    return s.year ? year_paragraph(s, *s.year) : period_paragraph(s);
}

std::string render_markdown(const Statistics& s, const std::vector<SuppliedFigure>& supplied) {
    std::string out = "# " + s.hall_name + " ";
    out += s.year ? std::to_string(*s.year) + "年度统计"
                  : (s.period.from == s.period.to ? s.period.from
                                                  : s.period.from + " 至 " + s.period.to) +
                        " 统计";
    out += "\n\n" + report_paragraph(s) + "\n\n";
    if (s.year) {
        out +=
            "> 上段数字按年度报告的写法取整（如“110万余件”“3000人以上”），下列各表为精确数字。"
            "等候与办理时间的中位数和90%分位由分钟分档统计插值得出，误差小于一档。";
        if (!whole_year(s, *s.year))
            out += "本年度尚未结束：数字截至" + s.profile.as_of +
                   (s.open_day ? "，其中" + *s.open_day + "为当日实时数字" : std::string()) + "。";
        out += "\n\n";
    }
    TableOptions options;
    options.for_reading = true;
    auto tables = export_tables(s, {}, options);
    for (const auto& table : tables)
        write_table(out, table);
    if (!supplied.empty()) {
        out += "# 其他渠道报送的数字\n\n";
        out += "> 以下数字由其他渠道报送，不是本系统计量，未计入上列任何数字。\n\n";
        Table t;
        t.title = "报送数字";
        t.headers = {"指标", "数值", "单位", "来源"};
        for (const auto& f : supplied)
            t.rows.push_back(
                {Cell::of(f.label), Cell::of(f.value), Cell::of(f.unit), Cell::of(f.source)});
        write_table(out, t);
    }
    return out;
}

}  // namespace hall
