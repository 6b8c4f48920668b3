// Reads the supplied-figures file, checking every key and number so a typo never reaches a report.
#include "supplied_figures.hpp"

#include <array>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <utility>

#include "csv_reader.hpp"

namespace hall {

namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 10> known_labels{{
    {"online_cases", "网上办件"},
    {"electronic_licences", "入库电子证照"},
    {"township_cases", "乡镇办件"},
    {"village_cases", "村级代办"},
    {"hotline_received", "热线受理群众诉求"},
    {"hotline_closed", "热线办结"},
    {"hotline_open", "热线正在办理"},
    {"hotline_closed_rate", "热线办结率"},
    {"hotline_satisfaction", "热线群众满意率"},
    {"app_registrations", "手机APP注册认证"},
}};

bool is_key(std::string_view key) {
    if (key.empty() || key.size() > 64)
        return false;
    for (char c : key)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
            return false;
    return true;
}

// A plain decimal number: digits, at most one point, an optional leading minus. No thousands
// separators: "1,525" in a CSV cell is ambiguous to the reader.
bool is_number(std::string_view text) {
    if (!text.empty() && text.front() == '-')
        text.remove_prefix(1);
    bool digits = false, point = false;
    for (char c : text) {
        if (c >= '0' && c <= '9')
            digits = true;
        else if (c == '.' && !point)
            point = true;
        else
            return false;
    }
    return digits && text.back() != '.';
}

std::string trimmed(std::string text) {
    auto not_space = [](char c) { return c != ' ' && c != '\t'; };
    while (!text.empty() && !not_space(text.back()))
        text.pop_back();
    std::size_t start = 0;
    while (start < text.size() && !not_space(text[start]))
        ++start;
    return text.substr(start);
}

[[noreturn]] void fail(std::string_view name, int line, int column, const std::string& reason) {
    std::string where(name);
    if (line > 0)
        where += ":" + std::to_string(line);
    if (column > 0)
        where += ":" + std::to_string(column);
    throw SuppliedFiguresError(where + ": " + reason);
}

}  // namespace

std::string known_supplied_label(std::string_view key) {
    for (const auto& [k, label] : known_labels)
        if (k == key)
            return std::string(label);
    return {};
}

std::vector<SuppliedFigure> parse_supplied_figures(std::string_view text, std::string_view name) {
    auto document = csv::parse(text);
    if (document.error)
        fail(name, document.error->line, document.error->column, document.error->reason);
    if (document.records.empty())
        fail(name, 0, 0, "the file is empty; its first line names the columns key,value,...");
    const auto& header = document.records.front();
    std::map<std::string, std::size_t> column;
    const std::set<std::string> allowed{"key", "label", "value", "unit", "source"};
    for (std::size_t i = 0; i < header.fields.size(); ++i) {
        const auto title = trimmed(header.fields[i].text);
        if (!allowed.count(title))
            fail(name, header.line, header.fields[i].column,
                 "unknown column \"" + title +
                     "\"; the columns are key, label, value, unit, source");
        if (!column.emplace(title, i).second)
            fail(name, header.line, header.fields[i].column, "column \"" + title + "\" twice");
    }
    for (const char* required : {"key", "value"})
        if (!column.count(required))
            fail(name, header.line, 0,
                 std::string("the header has no \"") + required + "\" column");

    std::vector<SuppliedFigure> figures;
    std::set<std::string> keys;
    for (std::size_t r = 1; r < document.records.size(); ++r) {
        const auto& record = document.records[r];
        if (record.fields.size() != header.fields.size())
            fail(name, record.line, 0,
                 std::to_string(record.fields.size()) + " fields where the header has " +
                     std::to_string(header.fields.size()));
        auto field = [&](const char* title) -> std::string {
            auto it = column.find(title);
            return it == column.end() ? std::string() : trimmed(record.fields[it->second].text);
        };
        auto column_of = [&](const char* title) { return static_cast<int>(column.at(title)) + 1; };
        SuppliedFigure f{field("key"), field("label"), field("value"), field("unit"),
                         field("source")};
        if (!is_key(f.key))
            fail(name, record.line, column_of("key"),
                 "a key is 1-64 characters of a-z, 0-9 and _, not \"" + f.key + "\"");
        if (!keys.insert(f.key).second)
            fail(name, record.line, column_of("key"), "key \"" + f.key + "\" given twice");
        if (!is_number(f.value))
            fail(name, record.line, column_of("value"),
                 "\"" + f.value + "\" is not a plain number (digits and a decimal point only)");
        if (f.label.empty())
            f.label = known_supplied_label(f.key);
        if (f.label.empty())
            f.label = f.key;
        figures.push_back(std::move(f));
    }
    return figures;
}

std::vector<SuppliedFigure> read_supplied_figures(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw SuppliedFiguresError(path.string() + ": cannot be read");
    std::ostringstream text;
    text << in.rdbuf();
    return parse_supplied_figures(text.str(), path.string());
}

}  // namespace hall
