// Checks a catalog directory against docs/catalog.md. Every file is read even after a mistake,
// so that one run lists all of them; references into a file that could not be read are not
// checked, so that one broken file does not drown the list in follow-on errors.
#include "catalog_import.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <fstream>
#include <set>
#include <system_error>

#include "csv_reader.hpp"
#include "pin_hash.hpp"

namespace hall {

std::string ImportError::to_string() const {
    if (file.empty())
        return reason;
    std::string text = file;
    if (line > 0) {
        text += ':' + std::to_string(line);
        if (column > 0)
            text += ':' + std::to_string(column);
    }
    return text + ": " + reason;
}

std::optional<int> parse_time_of_day(std::string_view text) {
    auto colon = text.find(':');
    if (colon == std::string_view::npos || colon < 1 || colon > 2 || text.size() != colon + 3) {
        return std::nullopt;
    }
    int hours = 0;
    int minutes = 0;
    for (char c : text.substr(0, colon)) {
        if (c < '0' || c > '9')
            return std::nullopt;
        hours = hours * 10 + (c - '0');
    }
    for (char c : text.substr(colon + 1)) {
        if (c < '0' || c > '9')
            return std::nullopt;
        minutes = minutes * 10 + (c - '0');
    }
    if (hours > 23 || minutes > 59)
        return std::nullopt;
    return hours * 60 + minutes;
}

std::string format_time_of_day(int minutes) {
    std::string text = "00:00";
    text[0] = static_cast<char>('0' + minutes / 600);
    text[1] = static_cast<char>('0' + minutes / 60 % 10);
    text[3] = static_cast<char>('0' + minutes % 60 / 10);
    text[4] = static_cast<char>('0' + minutes % 10);
    return text;
}

std::optional<bool> parse_boolean(std::string_view text) {
    std::string lower(text);
    for (auto& c : lower) {
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    }
    if (lower == "yes" || lower == "1" || lower == "true" || lower == "是")
        return true;
    if (lower == "no" || lower == "0" || lower == "false" || lower == "否")
        return false;
    return std::nullopt;
}

bool is_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-')
        return false;
    auto number = [&](std::size_t from, std::size_t length) {
        unsigned value = 0;
        for (std::size_t i = from; i < from + length; ++i) {
            if (text[i] < '0' || text[i] > '9')
                return -1;
            value = value * 10 + static_cast<unsigned>(text[i] - '0');
        }
        return static_cast<int>(value);
    };
    int year = number(0, 4);
    int month = number(5, 2);
    int day = number(8, 2);
    if (year < 1900 || month < 1 || day < 1)
        return false;
    std::chrono::year_month_day date{std::chrono::year{year},
                                     std::chrono::month{static_cast<unsigned>(month)},
                                     std::chrono::day{static_cast<unsigned>(day)}};
    return date.ok();
}

namespace {

constexpr std::size_t max_text_chars = 500;  // the longest item names run to about 100
constexpr std::size_t max_code_chars = 32;
constexpr std::string_view ideographic_space = "\u3000";
constexpr std::string_view full_width_semicolon = "\uFF1B";

// Spreadsheet users pad cells with spaces, Chinese input methods with U+3000; neither is data.
std::string_view trim(std::string_view s) {
    while (true) {
        if (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
            s.remove_prefix(1);
        } else if (s.starts_with(ideographic_space)) {
            s.remove_prefix(ideographic_space.size());
        } else {
            break;
        }
    }
    while (true) {
        if (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
            s.remove_suffix(1);
        } else if (s.ends_with(ideographic_space)) {
            s.remove_suffix(ideographic_space.size());
        } else {
            break;
        }
    }
    return s;
}

std::string in_quotes(std::string_view text) {
    return "\"" + std::string(text) + "\"";
}

bool is_code(std::string_view text) {
    if (text.empty() || text.size() > max_code_chars)
        return false;
    for (char c : text) {
        bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_';
        if (!ok)
            return false;
    }
    return true;
}

bool is_capitals(std::string_view text, std::size_t min_length, std::size_t max_length) {
    if (text.size() < min_length || text.size() > max_length)
        return false;
    for (char c : text) {
        if (c < 'A' || c > 'Z')
            return false;
    }
    return true;
}

// The reader has already checked the UTF-8, so counting lead bytes counts characters.
std::size_t character_count(std::string_view text) {
    std::size_t count = 0;
    for (char c : text) {
        if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U)
            ++count;
    }
    return count;
}

bool has_control_character(std::string_view text) {
    for (char c : text) {
        auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7F)
            return true;
    }
    return false;
}

std::optional<long long> parse_whole_number(std::string_view text) {
    if (text.empty() || text.size() > 12)
        return std::nullopt;
    for (char c : text) {
        if (c < '0' || c > '9')
            return std::nullopt;
    }
    long long value = 0;
    std::from_chars(text.data(), text.data() + text.size(), value);
    return value;
}

std::vector<std::string_view> split_list(std::string_view text) {
    std::vector<std::string_view> entries;
    while (true) {
        auto ascii = text.find(';');
        auto wide = text.find(full_width_semicolon);
        auto at = std::min(ascii, wide);
        auto entry = trim(text.substr(0, at));
        if (!entry.empty())
            entries.push_back(entry);
        if (at == std::string_view::npos)
            break;
        text.remove_prefix(at + (at == wide ? full_width_semicolon.size() : 1));
    }
    return entries;
}

// An IANA name is a path under the system's zoneinfo; refusing ".." keeps it there.
bool is_time_zone(std::string_view name) {
    if (name.empty() || name.size() > 64 || name.front() == '/' ||
        name.find("..") != std::string_view::npos) {
        return false;
    }
    for (char c : name) {
        bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  c == '/' || c == '_' || c == '-' || c == '+';
        if (!ok)
            return false;
    }
    std::ifstream file(std::filesystem::path("/usr/share/zoneinfo") / std::string(name),
                       std::ios::binary);
    char magic[4] = {};
    return file.read(magic, sizeof magic) && std::string_view(magic, sizeof magic) == "TZif";
}

class Errors {
  public:
    void add(std::string_view file, int line, int column, std::string reason) {
        if (list_.size() < max_import_errors) {
            list_.push_back(ImportError{std::string(file), line, column, std::move(reason)});
        } else {
            ++dropped_;
        }
    }
    bool empty() const { return list_.empty(); }
    std::vector<ImportError> finish() {
        if (dropped_ > 0) {
            list_.push_back(ImportError{
                {}, 0, 0, std::to_string(dropped_) + " more errors not listed; fix these first"});
        }
        return std::move(list_);
    }

  private:
    std::vector<ImportError> list_;
    std::size_t dropped_ = 0;
};

// One value with where it came from and what it is called in messages.
struct Cell {
    std::string_view text;
    int line = 0;
    int column = 0;
    std::string_view label;
};

// One catalog file: its header checked, its rows with the right number of fields.
class Sheet {
  public:
    // `optional` columns may be left out of the file; their cells then read as empty.
    Sheet(const std::filesystem::path& dir, std::string_view name,
          std::vector<std::string_view> columns, Errors& errors,
          std::vector<std::string_view> optional = {})
        : name_(name),
          columns_(std::move(columns)),
          optional_(std::move(optional)),
          errors_(errors) {
        auto path = dir / std::string(name);
        std::error_code ec;
        if (!std::filesystem::is_regular_file(path, ec)) {
            errors_.add(name_, 0, 0, "the file is missing");
            return;
        }
        auto document = csv::read_file(path);
        if (document.error) {
            errors_.add(name_, document.error->line, document.error->column,
                        document.error->reason);
            return;
        }
        if (document.records.empty()) {
            errors_.add(name_, 0, 0, "the file is empty; its first row must be the header");
            return;
        }
        loaded_ = read_header(document.records.front());
        if (!loaded_)
            return;
        for (std::size_t i = 1; i < document.records.size(); ++i) {
            keep_row(std::move(document.records[i]));
        }
    }

    bool loaded() const { return loaded_; }
    std::string_view name() const { return name_; }
    const std::vector<csv::Record>& rows() const { return rows_; }

    Cell cell(const csv::Record& row, std::string_view column) const {
        auto at = position_.find(std::string(column));
        if (at == position_.end())  // an optional column the file leaves out
            return Cell{{}, row.line, 0, column};
        const auto& field = row.fields[at->second];
        return Cell{trim(field.text), field.line, field.column, column};
    }

    void error(const Cell& cell, std::string reason) const {
        errors_.add(name_, cell.line, cell.column, std::move(reason));
    }

  private:
    bool read_header(const csv::Record& header) {
        bool ok = true;
        for (std::size_t i = 0; i < header.fields.size(); ++i) {
            const auto& field = header.fields[i];
            auto column = trim(field.text);
            bool known = false;
            for (auto expected : columns_)
                known = known || expected == column;
            for (auto expected : optional_)
                known = known || expected == column;
            if (!known) {
                std::string expected_list;
                for (auto expected : columns_) {
                    expected_list += (expected_list.empty() ? "" : ", ") + std::string(expected);
                }
                for (auto expected : optional_)
                    expected_list += ", " + std::string(expected) + " (optional)";
                errors_.add(name_, field.line, field.column,
                            "unknown column " + in_quotes(column) + " (the columns are " +
                                expected_list + ")");
                ok = false;
            } else if (!position_.emplace(std::string(column), i).second) {
                errors_.add(name_, field.line, field.column,
                            "column " + in_quotes(column) + " appears twice");
                ok = false;
            }
        }
        for (auto expected : columns_) {
            if (!position_.contains(std::string(expected))) {
                errors_.add(name_, header.line, 0, "missing column " + in_quotes(expected));
                ok = false;
            }
        }
        return ok;
    }

    void keep_row(csv::Record row) {
        bool blank = true;
        for (const auto& field : row.fields)
            blank = blank && trim(field.text).empty();
        if (blank)
            return;  // spreadsheets write ",,,," for rows that were once formatted
        auto expected = position_.size();  // the header's columns, optional ones included
        if (row.fields.size() != expected) {
            int column = row.fields.size() > expected ? static_cast<int>(expected) + 1 : 0;
            errors_.add(name_, row.line, column,
                        "this row has " + std::to_string(row.fields.size()) +
                            " fields but the header has " + std::to_string(expected));
            return;
        }
        rows_.push_back(std::move(row));
    }

    std::string name_;
    std::vector<std::string_view> columns_;
    std::vector<std::string_view> optional_;
    Errors& errors_;
    bool loaded_ = false;
    std::map<std::string, std::size_t> position_;
    std::vector<csv::Record> rows_;
};

// The codes a file defines: where each was first seen and its row in the catalog's vector.
class CodeSet {
  public:
    struct Entry {
        int line;
        std::size_t index;
    };

    explicit CodeSet(std::string_view file, bool known) : file_(file), known_(known) {}

    // Registers a code; reports a duplicate to sheet and returns false.
    bool add(const Sheet& sheet, const Cell& cell, std::size_t index) {
        auto [it, inserted] = entries_.emplace(std::string(cell.text), Entry{cell.line, index});
        if (!inserted) {
            sheet.error(cell, "duplicate " + std::string(cell.label) + " " + in_quotes(cell.text) +
                                  " (first on line " + std::to_string(it->second.line) + ")");
        }
        return inserted;
    }

    const Entry* find(std::string_view code) const {
        auto it = entries_.find(code);
        return it == entries_.end() ? nullptr : &it->second;
    }

    // Reports an unknown reference, unless the file it points into could not be read.
    bool check(const Sheet& sheet, const Cell& cell, std::string_view code,
               std::string_view what) const {
        if (!known_ || find(code))
            return true;
        sheet.error(cell, "unknown " + std::string(what) + " " + in_quotes(code) + " (not in " +
                              file_ + ")");
        return false;
    }

    // Only for a code already checked to be present.
    std::size_t index_of(std::string_view code) const { return entries_.find(code)->second.index; }

    bool known() const { return known_; }
    const std::map<std::string, Entry, std::less<>>& entries() const { return entries_; }

  private:
    std::string file_;
    bool known_;
    std::map<std::string, Entry, std::less<>> entries_;
};

// Value checks: each reports its own mistake and returns nullopt.
std::optional<std::string> code_value(const Sheet& sheet, const Cell& cell) {
    if (is_code(cell.text))
        return std::string(cell.text);
    if (cell.text.empty()) {
        sheet.error(cell, std::string(cell.label) + " is empty");
    } else {
        sheet.error(cell, std::string(cell.label) + " " + in_quotes(cell.text) +
                              " is not a code (ASCII letters, digits, - and _, 1 to 32 "
                              "characters)");
    }
    return std::nullopt;
}

// The national item code (国家政务服务事项编码): ASCII letters, digits and -, up to 64.
std::optional<std::string> national_code_value(const Sheet& sheet, const Cell& cell) {
    const bool ok =
        cell.text.size() <= 64 && std::all_of(cell.text.begin(), cell.text.end(), [](char c) {
            return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                   c == '-';
        });
    if (ok)
        return std::string(cell.text);
    sheet.error(cell, "national_code " + in_quotes(cell.text) +
                          " is not a national item code (ASCII letters, digits and -, up to 64 "
                          "characters)");
    return std::nullopt;
}

bool text_ok(const Sheet& sheet, const Cell& cell, std::string_view text) {
    if (has_control_character(text)) {
        sheet.error(cell, std::string(cell.label) +
                              " holds a line break or control character (separate list entries "
                              "with ;)");
        return false;
    }
    if (character_count(text) > max_text_chars) {
        sheet.error(cell, std::string(cell.label) + " is longer than " +
                              std::to_string(max_text_chars) + " characters");
        return false;
    }
    return true;
}

std::optional<std::string> text_value(const Sheet& sheet, const Cell& cell, bool required = true) {
    if (required && cell.text.empty()) {
        sheet.error(cell, std::string(cell.label) + " is empty");
        return std::nullopt;
    }
    if (!text_ok(sheet, cell, cell.text))
        return std::nullopt;
    return std::string(cell.text);
}

std::optional<int> int_value(const Sheet& sheet, const Cell& cell, int lo, int hi) {
    auto value = parse_whole_number(cell.text);
    if (value && *value >= lo && *value <= hi)
        return static_cast<int>(*value);
    sheet.error(cell, std::string(cell.label) + " must be a whole number from " +
                          std::to_string(lo) + " to " + std::to_string(hi) + ", not " +
                          in_quotes(cell.text));
    return std::nullopt;
}

std::optional<bool> bool_value(const Sheet& sheet, const Cell& cell) {
    auto value = parse_boolean(cell.text);
    if (!value) {
        sheet.error(cell,
                    std::string(cell.label) + " must be yes or no, not " + in_quotes(cell.text));
    }
    return value;
}

std::optional<std::string> date_value(const Sheet& sheet, const Cell& cell) {
    if (is_date(cell.text))
        return std::string(cell.text);
    sheet.error(
        cell, std::string(cell.label) + " must be a date YYYY-MM-DD, not " + in_quotes(cell.text));
    return std::nullopt;
}

std::optional<int> time_value(const Sheet& sheet, const Cell& cell) {
    auto value = parse_time_of_day(cell.text);
    if (!value) {
        sheet.error(cell,
                    std::string(cell.label) + " must be a time HH:MM, not " + in_quotes(cell.text));
    }
    return value;
}

std::optional<std::string> url_value(const Sheet& sheet, const Cell& cell) {
    std::string lower(cell.text.substr(0, 8));
    for (auto& c : lower) {
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    }
    std::size_t host = lower.starts_with("https://") ? 8 : lower.starts_with("http://") ? 7 : 0;
    if (host == 0 || cell.text.size() <= host || cell.text[host] == '/' ||
        cell.text.find(' ') != std::string_view::npos || has_control_character(cell.text) ||
        cell.text.size() > 2000) {
        sheet.error(cell, std::string(cell.label) +
                              " must be an http:// or https:// address, not " +
                              in_quotes(cell.text));
        return std::nullopt;
    }
    return std::string(cell.text);
}

std::vector<std::string> list_value(const Sheet& sheet, const Cell& cell) {
    std::vector<std::string> entries;
    for (auto entry : split_list(cell.text)) {
        if (!text_ok(sheet, cell, entry))
            return {};
        entries.emplace_back(entry);
    }
    return entries;
}

// The file reading, one function per file, in the order their references need.
class CatalogReader {
  public:
    explicit CatalogReader(const std::filesystem::path& dir) : dir_(dir) {}

    ImportResult run() {
        std::error_code ec;
        if (!std::filesystem::is_directory(dir_, ec)) {
            errors_.add(dir_.string(), 0, 0, "not a directory");
            return ImportResult{std::nullopt, errors_.finish(), {}};
        }
        read_hall();
        read_zones();
        read_departments();
        read_items();
        read_queues();
        read_queue_items();
        read_windows();
        read_staff();
        read_packages();
        read_package_items();
        ImportResult result;
        if (errors_.empty()) {
            catalog_.index();
            result.catalog = std::move(catalog_);
            result.plain_pins = std::move(plain_pins_);
        }
        result.errors = errors_.finish();
        return result;
    }

  private:
    void read_hall() {
        Sheet sheet(dir_, "hall.csv", {"key", "value"}, errors_);
        static constexpr std::string_view keys[] = {"name",   "time_zone",     "opens",
                                                    "closes", "day_close",     "recall_limit",
                                                    "demo",   "review_reasons"};
        static constexpr std::string_view optional_key = "review_reasons";
        std::map<std::string, Cell, std::less<>> seen;
        auto& hall = catalog_.hall;
        for (const auto& row : sheet.rows()) {
            auto key = sheet.cell(row, "key");
            auto value = sheet.cell(row, "value");
            value.label = key.text;
            bool known = false;
            for (auto k : keys)
                known = known || k == key.text;
            if (!known) {
                sheet.error(key, "unknown key " + in_quotes(key.text) +
                                     " (the keys are name, time_zone, opens, closes, day_close, "
                                     "recall_limit, demo, review_reasons)");
                continue;
            }
            if (auto [it, inserted] = seen.emplace(std::string(key.text), value); !inserted) {
                sheet.error(key, "key " + in_quotes(key.text) + " appears twice (first on line " +
                                     std::to_string(it->second.line) + ")");
                continue;
            }
            if (key.text == "name") {
                if (auto v = text_value(sheet, value))
                    hall.name = *v;
            } else if (key.text == "time_zone") {
                if (is_time_zone(value.text)) {
                    hall.time_zone = std::string(value.text);
                } else {
                    sheet.error(value, "unknown time zone " + in_quotes(value.text) +
                                           " (an IANA name such as Asia/Shanghai)");
                }
            } else if (key.text == "opens") {
                times_ok_ &= assign(time_value(sheet, value), hall.opens_min);
            } else if (key.text == "closes") {
                times_ok_ &= assign(time_value(sheet, value), hall.closes_min);
            } else if (key.text == "day_close") {
                times_ok_ &= assign(time_value(sheet, value), hall.day_close_min);
            } else if (key.text == "recall_limit") {
                assign(int_value(sheet, value, 0, 9), hall.recall_limit);
            } else if (key.text == "demo") {
                assign(bool_value(sheet, value), hall.demo);
            } else if (key.text == "review_reasons") {
                hall.review_reasons = list_value(sheet, value);
                if (hall.review_reasons.empty())
                    sheet.error(value,
                                "review_reasons lists no reason (leave the key out for "
                                "the default list)");
            }
        }
        if (!sheet.loaded())
            return;
        for (auto k : keys) {
            if (k != optional_key && !seen.contains(k)) {
                errors_.add(sheet.name(), 0, 0, "missing key " + in_quotes(k));
                times_ok_ = false;
            }
        }
        if (!times_ok_)
            return;
        if (hall.closes_min <= hall.opens_min) {
            sheet.error(seen.at("closes"), "closes (" + format_time_of_day(hall.closes_min) +
                                               ") must be after opens (" +
                                               format_time_of_day(hall.opens_min) + ")");
        }
        if (hall.day_close_min < hall.closes_min) {
            sheet.error(seen.at("day_close"), "day_close (" +
                                                  format_time_of_day(hall.day_close_min) +
                                                  ") must not be before closes (" +
                                                  format_time_of_day(hall.closes_min) + ")");
        }
    }

    template <typename T>
    static bool assign(const std::optional<T>& value, T& out) {
        if (value)
            out = *value;
        return value.has_value();
    }

    void read_zones() {
        Sheet sheet(dir_, "zones.csv", {"code", "name", "prefix"}, errors_);
        zones_ = CodeSet("zones.csv", sheet.loaded());
        std::map<std::string, std::string, std::less<>> prefixes;
        for (const auto& row : sheet.rows()) {
            Zone zone;
            auto code = sheet.cell(row, "code");
            if (!assign(code_value(sheet, code), zone.code) ||
                !zones_.add(sheet, code, catalog_.zones.size())) {
                continue;
            }
            assign(text_value(sheet, sheet.cell(row, "name")), zone.name);
            auto prefix = sheet.cell(row, "prefix");
            if (!is_capitals(prefix.text, 1, 1)) {
                sheet.error(prefix,
                            "prefix must be one capital letter A-Z, not " + in_quotes(prefix.text));
            } else if (auto [it, inserted] = prefixes.emplace(prefix.text, zone.code); !inserted) {
                sheet.error(prefix, "prefix " + in_quotes(prefix.text) + " is already zone " +
                                        in_quotes(it->second) + "'s");
            } else {
                zone.prefix = std::string(prefix.text);
            }
            catalog_.zones.push_back(std::move(zone));
        }
    }

    void read_departments() {
        Sheet sheet(dir_, "departments.csv", {"code", "name", "zone", "stationed_on"}, errors_);
        departments_ = CodeSet("departments.csv", sheet.loaded());
        for (const auto& row : sheet.rows()) {
            Department department;
            auto code = sheet.cell(row, "code");
            if (!assign(code_value(sheet, code), department.code) ||
                !departments_.add(sheet, code, catalog_.departments.size())) {
                continue;
            }
            assign(text_value(sheet, sheet.cell(row, "name")), department.name);
            auto zone = sheet.cell(row, "zone");
            department.zone = std::string(zone.text);
            zones_.check(sheet, zone, zone.text, "zone");
            assign(date_value(sheet, sheet.cell(row, "stationed_on")), department.stationed_on);
            catalog_.departments.push_back(std::move(department));
        }
    }

    void read_items() {
        Sheet sheet(dir_, "items.csv",
                    {"code", "name", "department", "high_frequency", "time_limit_days", "materials",
                     "guide_url", "stationed_on"},
                    errors_, {"national_code"});
        items_ = CodeSet("items.csv", sheet.loaded());
        for (const auto& row : sheet.rows()) {
            Item item;
            auto code = sheet.cell(row, "code");
            if (!assign(code_value(sheet, code), item.code) ||
                !items_.add(sheet, code, catalog_.items.size())) {
                continue;
            }
            item_places_.push_back({item.code, code.line, code.column});
            assign(text_value(sheet, sheet.cell(row, "name")), item.name);
            auto department = sheet.cell(row, "department");
            item.department = std::string(department.text);
            departments_.check(sheet, department, department.text, "department");
            assign(bool_value(sheet, sheet.cell(row, "high_frequency")), item.high_frequency);
            assign(int_value(sheet, sheet.cell(row, "time_limit_days"), 0, 3650),
                   item.time_limit_days);
            item.materials = list_value(sheet, sheet.cell(row, "materials"));
            auto url = sheet.cell(row, "guide_url");
            if (!url.text.empty()) {
                assign(url_value(sheet, url), item.guide_url);
            } else if (item.high_frequency) {
                sheet.error(url, "a high-frequency item needs a guide_url for its QR code");
            }
            assign(date_value(sheet, sheet.cell(row, "stationed_on")), item.stationed_on);
            auto national = sheet.cell(row, "national_code");
            if (!national.text.empty() &&
                assign(national_code_value(sheet, national), item.national_code))
                national_codes_.add(sheet, national, catalog_.items.size());
            catalog_.items.push_back(std::move(item));
        }
    }

    void read_queues() {
        Sheet sheet(dir_, "queues.csv",
                    {"code", "name", "zone", "prefix", "target_wait_min", "service_min",
                     "priority_classes"},
                    errors_);
        queues_ = CodeSet("queues.csv", sheet.loaded());
        std::map<std::string, std::string, std::less<>> prefixes;
        for (const auto& row : sheet.rows()) {
            Queue queue;
            auto code = sheet.cell(row, "code");
            if (!assign(code_value(sheet, code), queue.code) ||
                !queues_.add(sheet, code, catalog_.queues.size())) {
                continue;
            }
            assign(text_value(sheet, sheet.cell(row, "name")), queue.name);
            auto zone = sheet.cell(row, "zone");
            queue.zone = std::string(zone.text);
            zones_.check(sheet, zone, zone.text, "zone");
            auto prefix = sheet.cell(row, "prefix");
            if (!is_capitals(prefix.text, 1, 3)) {
                sheet.error(prefix, "prefix must be 1 to 3 capital letters A-Z, not " +
                                        in_quotes(prefix.text));
            } else if (auto [it, inserted] = prefixes.emplace(prefix.text, queue.code); !inserted) {
                sheet.error(prefix, "prefix " + in_quotes(prefix.text) + " is already queue " +
                                        in_quotes(it->second) + "'s");
            } else {
                queue.prefix = std::string(prefix.text);
            }
            assign(int_value(sheet, sheet.cell(row, "target_wait_min"), 1, 600),
                   queue.target_wait_min);
            assign(int_value(sheet, sheet.cell(row, "service_min"), 1, 600), queue.service_min);
            auto classes = sheet.cell(row, "priority_classes");
            for (auto name : list_value(sheet, classes)) {
                auto priority = parse_priority(name);
                if (!priority || *priority == Priority::none) {
                    sheet.error(classes, "unknown priority class " + in_quotes(name) +
                                             " (use elderly, disabled, military, appointment)");
                } else if (std::find(queue.priority_classes.begin(), queue.priority_classes.end(),
                                     *priority) != queue.priority_classes.end()) {
                    sheet.error(classes, "priority class " + in_quotes(name) + " is listed twice");
                } else {
                    queue.priority_classes.push_back(*priority);
                }
            }
            catalog_.queues.push_back(std::move(queue));
        }
    }

    void read_queue_items() {
        Sheet sheet(dir_, "queue_items.csv", {"queue", "item"}, errors_);
        std::set<std::pair<std::string, std::string>> pairs;
        std::set<std::string, std::less<>> served;
        for (const auto& row : sheet.rows()) {
            auto queue = sheet.cell(row, "queue");
            auto item = sheet.cell(row, "item");
            served.emplace(item.text);
            bool ok = queues_.check(sheet, queue, queue.text, "queue");
            ok = items_.check(sheet, item, item.text, "item") && ok;
            if (!pairs.emplace(queue.text, item.text).second) {
                sheet.error(item, "item " + in_quotes(item.text) + " is listed twice for queue " +
                                      in_quotes(queue.text));
                continue;
            }
            if (ok && queues_.known() && items_.known()) {
                catalog_.queues[queues_.index_of(queue.text)].items.emplace_back(item.text);
            }
        }
        if (!sheet.loaded() || !items_.known())
            return;
        for (const auto& place : item_places_) {
            if (!served.contains(place.code)) {
                errors_.add("items.csv", place.line, place.column,
                            "item " + in_quotes(place.code) +
                                " is in no queue (add it to queue_items.csv)");
            }
        }
    }

    void read_windows() {
        Sheet sheet(dir_, "windows.csv",
                    {"number", "name", "zone", "queues", "rule", "serve_first", "agency"}, errors_);
        std::map<int, int> numbers;
        for (const auto& row : sheet.rows()) {
            Window window;
            auto number = sheet.cell(row, "number");
            if (!assign(int_value(sheet, number, 1, 9999), window.number))
                continue;
            if (auto [it, inserted] = numbers.emplace(window.number, number.line); !inserted) {
                sheet.error(number, "duplicate window number " + std::to_string(window.number) +
                                        " (first on line " + std::to_string(it->second) + ")");
                continue;
            }
            assign(text_value(sheet, sheet.cell(row, "name")), window.name);
            auto zone = sheet.cell(row, "zone");
            window.zone = std::string(zone.text);
            zones_.check(sheet, zone, zone.text, "zone");
            auto queues = sheet.cell(row, "queues");
            for (auto& code : list_value(sheet, queues)) {
                if (std::find(window.queues.begin(), window.queues.end(), code) !=
                    window.queues.end()) {
                    sheet.error(queues, "queue " + in_quotes(code) + " is listed twice");
                    continue;
                }
                queues_.check(sheet, queues, code, "queue");
                window.queues.push_back(code);
            }
            if (window.queues.empty()) {
                sheet.error(queues, "a window serves at least one queue");
            }
            auto rule = sheet.cell(row, "rule");
            std::string why;
            if (auto parsed = parse_calling_rule(rule.text, &why)) {
                window.rule = *parsed;
            } else {
                sheet.error(rule, why);
            }
            read_serve_first(sheet, sheet.cell(row, "serve_first"), window);
            assign(bool_value(sheet, sheet.cell(row, "agency")), window.agency);
            catalog_.windows.push_back(std::move(window));
        }
    }

    static void read_serve_first(const Sheet& sheet, const Cell& cell, Window& window) {
        for (auto& entry : list_value(sheet, cell)) {
            auto arrow = entry.find('>');
            auto minutes =
                arrow == std::string::npos
                    ? std::nullopt
                    : parse_whole_number(trim(std::string_view(entry).substr(arrow + 1)));
            if (!minutes || *minutes > 600) {
                sheet.error(cell, "serve_first entry " + in_quotes(entry) +
                                      " must be QUEUE>MINUTES with 0 to 600 minutes");
                continue;
            }
            ServeFirst rule{std::string(trim(std::string_view(entry).substr(0, arrow))),
                            static_cast<int>(*minutes)};
            if (std::find(window.queues.begin(), window.queues.end(), rule.queue) ==
                window.queues.end()) {
                sheet.error(cell, "serve_first queue " + in_quotes(rule.queue) +
                                      " is not one of this window's queues");
                continue;
            }
            for (const auto& earlier : window.serve_first) {
                if (earlier.queue == rule.queue) {
                    sheet.error(cell,
                                "serve_first names queue " + in_quotes(rule.queue) + " twice");
                }
            }
            window.serve_first.push_back(std::move(rule));
        }
    }

    void read_staff() {
        Sheet sheet(dir_, "staff.csv", {"id", "name", "department", "pin"}, errors_);
        CodeSet ids("staff.csv", sheet.loaded());
        for (const auto& row : sheet.rows()) {
            Staff member;
            auto id = sheet.cell(row, "id");
            if (!assign(code_value(sheet, id), member.id) ||
                !ids.add(sheet, id, catalog_.staff.size())) {
                continue;
            }
            assign(text_value(sheet, sheet.cell(row, "name")), member.name);
            auto department = sheet.cell(row, "department");
            member.department = std::string(department.text);
            departments_.check(sheet, department, department.text, "department");
            auto pin = sheet.cell(row, "pin");
            bool digits = pin.text.size() >= 4 && pin.text.size() <= 8 &&
                          parse_whole_number(pin.text).has_value();
            if (digits) {
                plain_pins_.emplace(member.id, std::string(pin.text));
            } else if (is_pin_hash(pin.text)) {
                member.pin_hash = std::string(pin.text);
            } else if (pin.text.starts_with("$argon2")) {
                sheet.error(pin, "pin is not an argon2id hash this program can read");
            } else if (!pin.text.empty()) {
                sheet.error(pin, "pin must be 4 to 8 digits, an $argon2id$ hash, or empty");
            }
            catalog_.staff.push_back(std::move(member));
        }
    }

    void read_packages() {
        Sheet sheet(dir_, "packages.csv", {"code", "name", "category"}, errors_);
        packages_ = CodeSet("packages.csv", sheet.loaded());
        for (const auto& row : sheet.rows()) {
            Package package;
            auto code = sheet.cell(row, "code");
            if (!assign(code_value(sheet, code), package.code) ||
                !packages_.add(sheet, code, catalog_.packages.size())) {
                continue;
            }
            package_places_.push_back({package.code, code.line, code.column});
            assign(text_value(sheet, sheet.cell(row, "name")), package.name);
            assign(text_value(sheet, sheet.cell(row, "category")), package.category);
            catalog_.packages.push_back(std::move(package));
        }
    }

    void read_package_items() {
        Sheet sheet(dir_, "package_items.csv", {"package", "item"}, errors_);
        std::set<std::pair<std::string, std::string>> pairs;
        for (const auto& row : sheet.rows()) {
            auto package = sheet.cell(row, "package");
            auto item = sheet.cell(row, "item");
            bool ok = packages_.check(sheet, package, package.text, "package");
            ok = items_.check(sheet, item, item.text, "item") && ok;
            if (!pairs.emplace(package.text, item.text).second) {
                sheet.error(item, "item " + in_quotes(item.text) + " is listed twice for package " +
                                      in_quotes(package.text));
                continue;
            }
            if (ok && packages_.known() && items_.known()) {
                catalog_.packages[packages_.index_of(package.text)].items.emplace_back(item.text);
            }
        }
        if (!sheet.loaded() || !packages_.known() || !items_.known())
            return;
        for (const auto& place : package_places_) {
            const auto& package = catalog_.packages[packages_.index_of(place.code)];
            std::set<std::string> departments;
            for (const auto& code : package.items) {
                departments.insert(catalog_.items[items_.index_of(code)].department);
            }
            if (departments.size() < 2) {
                errors_.add("packages.csv", place.line, place.column,
                            "package " + in_quotes(place.code) +
                                "'s items must come from at least two departments (add them to "
                                "package_items.csv)");
            }
        }
    }

    std::filesystem::path dir_;
    Errors errors_;
    Catalog catalog_;
    PlainPins plain_pins_;
    bool times_ok_ = true;
    CodeSet zones_{"zones.csv", false};
    CodeSet departments_{"departments.csv", false};
    CodeSet items_{"items.csv", false};
    CodeSet national_codes_{"items.csv", true};  // one item a national code, within a hall
    CodeSet queues_{"queues.csv", false};
    CodeSet packages_{"packages.csv", false};
    // Where each item and package was defined, for the checks that run after later files.
    struct Place {
        std::string code;
        int line;
        int column;
    };
    std::vector<Place> item_places_;
    std::vector<Place> package_places_;
};

}  // namespace

ImportResult read_catalog_dir(const std::filesystem::path& dir) {
    return CatalogReader(dir).run();
}

}  // namespace hall
