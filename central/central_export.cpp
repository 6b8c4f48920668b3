// Loads the central's figures into the hall's own schema in memory and runs the hall's export.
#include "central_export.hpp"

#include <chrono>
#include <map>
#include <optional>
#include <stdexcept>

#include "export_csv.hpp"
#include "export_json.hpp"
#include "export_markdown.hpp"
#include "export_xlsx.hpp"
#include "migrations.hpp"
#include "statistics.hpp"

namespace hall::central {

namespace {

struct HallRef {
    std::string id;
    std::string name;
    std::int64_t place = 0;  // 1, 2, ...: keeps window numbers and ticket ids apart
};

// How one hall's codes become the codes of the export's database.
class Keys {
  public:
    explicit Keys(bool combined) : combined_(combined) {}

    std::string code(const HallRef& h, std::string_view code) const {
        return combined_ ? h.id + "/" + std::string(code) : std::string(code);
    }
    std::string name(const HallRef& h, std::string_view name) const {
        return combined_ ? h.name + "·" + std::string(name) : std::string(name);
    }
    std::int64_t window(const HallRef& h, std::int64_t number) const {
        return combined_ ? h.place * 10'000 + number : number;
    }
    std::int64_t ticket(const HallRef& h, std::int64_t id) const {
        return combined_ ? h.place * 10'000'000'000 + id : id;
    }
    void add_national_code(const HallRef& h, std::string_view item, std::string_view national) {
        if (!national.empty())
            national_[{h.id, std::string(item)}] = std::string(national);
    }
    std::string item(const HallRef& h, std::string_view code) const {
        if (combined_) {
            auto it = national_.find({h.id, std::string(code)});
            if (it != national_.end())
                return it->second;
        }
        return this->code(h, code);
    }
    std::string tally_key(const HallRef& h, std::string_view dimension,
                          std::string_view key) const {
        if (!combined_ || dimension == "hall" || dimension == "hour")
            return std::string(key);
        if (dimension == "item")
            return item(h, key);
        if (dimension == "window") {
            try {
                return std::to_string(window(h, std::stoll(std::string(key))));
            } catch (const std::exception&) {
                return code(h, key);
            }
        }
        return code(h, key);
    }

  private:
    bool combined_;
    std::map<std::pair<std::string, std::string>, std::string> national_;
};

std::string id_array(const std::vector<HallRef>& halls) {
    std::string out = "{";
    for (const auto& h : halls) {
        if (out.size() > 1)
            out += ',';
        out += h.id;  // hall ids are codes: no character needs quoting
    }
    return out + "}";
}

std::optional<std::string> optional_text(const pg::Result& r, int row, int column) {
    if (r.is_null(row, column))
        return std::nullopt;
    return std::string(r.text(row, column));
}

// How a column of a catalog table goes from the central into the export's database.
enum class Copy {
    text,           // as it is
    integer,        // as it is
    optional_text,  // as it is, NULL too
    code,           // Keys::code
    name,           // Keys::name
    window,         // Keys::window
    empty,          // not read: '' (the central keeps no PIN hashes)
};

struct CopiedColumn {
    std::string_view name;
    Copy copy;
};

// Binds column `column` of the central's row `row` to the same parameter of `insert`.
void bind_copied(sql::Statement& insert, int column, Copy copy, const Keys& keys, const HallRef& h,
                 const pg::Result& r, int row) {
    switch (copy) {
        case Copy::text:
            insert.bind(column, r.text(row, column));
            break;
        case Copy::integer:
            insert.bind(column, r.int64(row, column));
            break;
        case Copy::optional_text:
            insert.bind(column, optional_text(r, row, column));
            break;
        case Copy::code:
            insert.bind(column, keys.code(h, r.text(row, column)));
            break;
        case Copy::name:
            insert.bind(column, keys.name(h, r.text(row, column)));
            break;
        case Copy::window:
            insert.bind(column, keys.window(h, r.int64(row, column)));
            break;
        case Copy::empty:
            break;
    }
}

// Fills `db` (the hall's schema, empty) with the year's figures and the catalogs of `halls`.
void load(pg::Connection& central, sql::Database& db, const std::vector<HallRef>& halls, int year) {
    const bool combined = halls.size() > 1;
    Keys keys(combined);
    std::map<std::string, const HallRef*> by_id;
    for (const auto& h : halls)
        by_id[h.id] = &h;
    const std::string ids = id_array(halls);
    const std::string y = std::to_string(year);
    const std::string from = y + "-01-01", to = y + "-12-31";

    // The figures arrive summed; the triggers that keep the hall's yearly sums would add twice.
    db.exec(
        "DROP TRIGGER daily_tally_added; DROP TRIGGER daily_tally_changed; DROP TRIGGER "
        "daily_tally_removed");
    sql::Transaction tx(db);

    {
        auto insert =
            db.prepare("INSERT OR REPLACE INTO hall_profile (key, value) VALUES (?1, ?2)");
        auto r = central.exec("SELECT key, value FROM hall_profile WHERE hall_id = $1 ORDER BY key",
                              {halls[0].id});
        for (int i = 0; i < r.rows(); ++i)
            insert.bind(1, r.text(i, 0)).bind(2, r.text(i, 1)).run();
        if (combined)
            insert.bind(1, "name").bind(2, std::to_string(halls.size()) + "个大厅合计").run();
    }
    auto each = [&](const std::string& sql,
                    const std::function<void(const HallRef&, const pg::Result&, int)>& fn,
                    std::vector<pg::Param> params = {}) {
        params.insert(params.begin(), ids);
        central.for_each_row(sql, params, [&](const pg::Result& r, int i) {
            fn(*by_id.at(std::string(r.text(i, 0))), r, i);
        });
    };

    // A catalog table of the halls, column by column; the columns' names are the same in both.
    auto copy = [&](std::string_view table, const std::vector<CopiedColumn>& columns) {
        std::string names, values;
        std::string select = "SELECT hall_id";
        int index = 0;
        for (const auto& c : columns) {
            if (!names.empty()) {
                names += ", ";
                values += ", ";
            }
            names += c.name;
            if (c.copy == Copy::empty) {
                values += "''";
                continue;
            }
            values += "?" + std::to_string(++index);
            select += ", " + std::string(c.name);
        }
        auto insert = db.prepare("INSERT INTO " + std::string(table) + " (" + names + ") VALUES (" +
                                 values + ")");
        each(select + " FROM " + std::string(table) + " WHERE hall_id = ANY($1::text[])",
             [&](const HallRef& h, const pg::Result& r, int i) {
                 int column = 0;
                 for (const auto& c : columns) {
                     if (c.copy == Copy::empty)
                         continue;
                     ++column;
                     bind_copied(insert, column, c.copy, keys, h, r, i);
                 }
                 insert.run();
             });
    };

    copy("zones", {{"code", Copy::code},
                   {"name", Copy::name},
                   {"prefix", Copy::text},
                   {"active", Copy::integer},
                   {"retired_on", Copy::optional_text}});
    copy("departments", {{"code", Copy::code},
                         {"name", Copy::name},
                         {"zone", Copy::code},
                         {"stationed_on", Copy::text},
                         {"active", Copy::integer},
                         {"retired_on", Copy::optional_text}});
    {
        // An item known by its national code is one item over the halls: the first hall's row
        // names it.
        auto insert = db.prepare(
            "INSERT OR IGNORE INTO items (code, name, department, high_frequency, "
            "time_limit_days, materials, guide_url, stationed_on, active, retired_on, "
            "national_code) VALUES (?1, ?2, ?3, ?4, ?5, '', '', ?6, ?7, ?8, ?9)");
        each(
            "SELECT hall_id, code, name, department, national_code, high_frequency, "
            "time_limit_days, stationed_on, active, retired_on FROM items WHERE hall_id = "
            "ANY($1::text[]) ORDER BY hall_id, code",
            [&](const HallRef& h, const pg::Result& r, int i) {
                keys.add_national_code(h, r.text(i, 1), r.text(i, 4));
                insert.bind(1, keys.item(h, r.text(i, 1)))
                    .bind(2, r.text(i, 2))
                    .bind(3, keys.code(h, r.text(i, 3)))
                    .bind(4, r.int64(i, 5))
                    .bind(5, r.int64(i, 6))
                    .bind(6, r.text(i, 7))
                    .bind(7, r.int64(i, 8))
                    .bind(8, optional_text(r, i, 9))
                    .bind(9, r.text(i, 4))
                    .run();
            });
    }
    copy("queues", {{"code", Copy::code},
                    {"name", Copy::name},
                    {"zone", Copy::code},
                    {"prefix", Copy::text},
                    {"target_wait_min", Copy::integer},
                    {"service_min", Copy::integer},
                    {"priority_classes", Copy::text},
                    {"active", Copy::integer},
                    {"retired_on", Copy::optional_text}});
    copy("windows", {{"number", Copy::window},
                     {"name", Copy::name},
                     {"zone", Copy::code},
                     {"rule", Copy::text},
                     {"agency", Copy::integer},
                     {"active", Copy::integer},
                     {"retired_on", Copy::optional_text}});
    copy("staff", {{"id", Copy::code},
                   {"name", Copy::name},
                   {"department", Copy::code},
                   {"pin_hash", Copy::empty},
                   {"active", Copy::integer},
                   {"retired_on", Copy::optional_text}});
    copy("packages", {{"code", Copy::code},
                      {"name", Copy::name},
                      {"category", Copy::text},
                      {"active", Copy::integer},
                      {"retired_on", Copy::optional_text}});
    {
        auto add = db.prepare(
            "INSERT INTO yearly_tallies (year, dimension, key, metric, value) VALUES (?1, ?2, ?3, "
            "?4, ?5) ON CONFLICT (year, dimension, key, metric) DO UPDATE SET value = value + "
            "excluded.value");
        each(
            "SELECT hall_id, dimension, key, metric, value FROM yearly_tallies WHERE hall_id = "
            "ANY($1::text[]) AND year = $2::integer",
            [&](const HallRef& h, const pg::Result& r, int i) {
                add.bind(1, y)
                    .bind(2, r.text(i, 1))
                    .bind(3, keys.tally_key(h, r.text(i, 1), r.text(i, 2)))
                    .bind(4, r.text(i, 3))
                    .bind(5, r.int64(i, 4))
                    .run();
            },
            {y});
    }
    {
        // Each day's own hall figures (by day, month, weekday), summed over the halls.
        auto add = db.prepare(
            "INSERT INTO daily_tallies (day, dimension, key, metric, value) VALUES (?1, 'hall', "
            "'', ?2, ?3)");
        central.for_each_row(
            "SELECT day::text, metric, sum(value)::bigint FROM daily_tallies WHERE hall_id = "
            "ANY($1::text[]) AND day BETWEEN $2::date AND $3::date AND dimension = 'hall' AND "
            "key = '' AND metric IN ('issued', 'served', 'no_show', 'cancelled', 'unserved', "
            "'items_handled') GROUP BY 1, 2",
            {ids, from, to}, [&](const pg::Result& r, int i) {
                add.bind(1, r.text(i, 0)).bind(2, r.text(i, 1)).bind(3, r.int64(i, 2)).run();
            });
    }
    {
        auto insert = db.prepare(
            "INSERT INTO ratings (ticket_id, day, window_number, staff, grade, reason, at_ms) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
        each(
            "SELECT hall_id, ticket_id, day::text, window_number, staff, grade, reason, at_ms "
            "FROM ratings WHERE hall_id = ANY($1::text[]) AND day BETWEEN $2::date AND $3::date "
            "AND grade >= 4",
            [&](const HallRef& h, const pg::Result& r, int i) {
                insert.bind(1, keys.ticket(h, r.int64(i, 1)))
                    .bind(2, r.text(i, 2))
                    .bind(3, keys.window(h, r.int64(i, 3)))
                    .bind(4, keys.code(h, r.text(i, 4)))
                    .bind(5, r.int64(i, 5))
                    .bind(6, optional_text(r, i, 6))
                    .bind(7, r.int64(i, 7))
                    .run();
            },
            {from, to});
    }
    tx.commit();
}

Statistics statistics_of(pg::Connection& central, const std::vector<HallRef>& halls, int year) {
    sql::Database db(":memory:");
    migrate(db);
    load(central, db, halls, year);
    StatisticsOptions options;
    options.now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    return compute_statistics(db, year_period(year), options);
}

Cell minutes(const std::optional<std::int64_t>& ms) {
    return ms ? Cell::number(static_cast<double>(*ms) / 60'000.0, 1) : Cell::none();
}

Cell percentage(const std::optional<double>& share) {
    return share ? Cell::number(*share * 100.0, 1) : Cell::none();
}

Cell average(const std::optional<double>& per_day) {
    return per_day ? Cell::number(*per_day, 1) : Cell::none();
}

std::vector<Cell> comparison_row(const std::string& code, const std::string& name,
                                 const Statistics& s) {
    const auto& h = s.hall;
    return {Cell::of(code),
            Cell::of(name),
            Cell::of(std::int64_t{s.profile.departments}),
            Cell::of(std::int64_t{s.profile.items}),
            Cell::of(std::int64_t{s.profile.staff}),
            Cell::of(std::int64_t{s.open_days}),
            Cell::of(h.get("issued")),
            Cell::of(h.get("served")),
            average(s.daily_average_visitors()),
            Cell::of(h.get("items_handled")),
            Cell::of(h.get("agency_cases")),
            Cell::of(h.get("packages")),
            minutes(h.wait().mean_ms),
            minutes(h.wait().median_ms),
            minutes(h.service().mean_ms),
            percentage(h.within_target_share()),
            Cell::of(h.ratings()),
            percentage(h.good_review_rate())};
}

const std::vector<std::string> comparison_headers = {
    "大厅代码",          "大厅",     "进驻单位",       "进驻事项",         "进驻人员",
    "开放天数",          "取号",     "接待群众",       "日均接待群众",     "办件",
    "综合代办件",        "企业套餐", "平均等候(分钟)", "等候中位数(分钟)", "平均办理(分钟)",
    "目标等候内叫号(%)", "评价",     "好评率(%)"};

}  // namespace

std::string render_central_export(pg::Connection& central, const CentralExportRequest& request) {
    if (request.year < 1900 || request.year > 9999)
        throw std::invalid_argument("the year is written with four digits, e.g. 2019");
    pg::Transaction snapshot(central, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");

    std::vector<HallRef> halls;
    {
        auto r = central.exec("SELECT hall_id, name FROM halls ORDER BY hall_id");
        std::map<std::string, std::string> known;
        for (int i = 0; i < r.rows(); ++i)
            known[std::string(r.text(i, 0))] = std::string(r.text(i, 1));
        std::vector<std::string> wanted = request.halls;
        if (wanted.empty())
            for (const auto& [id, name] : known)
                wanted.push_back(id);
        for (const auto& id : wanted) {
            auto it = known.find(id);
            if (it == known.end()) {
                std::string list;
                for (const auto& [k, name] : known)
                    list += (list.empty() ? "" : ", ") + k;
                throw std::invalid_argument("the central holds no hall \"" + id + "\" (it holds: " +
                                            (list.empty() ? "none yet" : list) + ")");
            }
            bool seen = false;
            for (const auto& h : halls)
                seen = seen || h.id == id;
            if (!seen)
                halls.push_back({id, it->second.empty() ? id : it->second,
                                 static_cast<std::int64_t>(halls.size()) + 1});
        }
        if (halls.empty())
            throw std::invalid_argument("the central holds no hall yet (run hall_server sync)");
    }

    // Each hall on its own first, for the side-by-side table, then all of them as one.
    Table comparison;
    comparison.id = "halls";
    comparison.title = "各大厅对比";
    comparison.sheet = "大厅对比";
    comparison.headers = comparison_headers;
    nlohmann::ordered_json halls_json = nlohmann::ordered_json::array();
    std::optional<Statistics> single;
    for (const auto& h : halls) {
        auto s = statistics_of(central, {h}, request.year);
        comparison.rows.push_back(comparison_row(h.id, h.name, s));
        if (request.format == ExportFormat::json)
            halls_json.push_back({{"hall_id", h.id},
                                  {"name", h.name},
                                  {"totals", statistics_json(s, {})["totals"]}});
        if (halls.size() == 1)
            single = std::move(s);
    }
    const Statistics all =
        single ? std::move(*single) : statistics_of(central, halls, request.year);
    if (halls.size() > 1)
        comparison.rows.push_back(comparison_row("", "合计", all));
    snapshot.commit();

    switch (request.format) {
        case ExportFormat::csv:
        case ExportFormat::xlsx: {
            auto tables = export_tables(all, {}, {});
            tables.insert(tables.begin(), std::move(comparison));
            return request.format == ExportFormat::csv ? render_csv(tables) : render_xlsx(tables);
        }
        case ExportFormat::json: {
            // The one-hall shape, with the halls' own totals added at its end.
            auto text = render_json(all, {});
            const auto end = text.rfind('}');
            text.insert(end, ",\"halls\":" + halls_json.dump());
            return text;
        }
        case ExportFormat::markdown: {
            auto text = render_markdown(all, {});
            std::string table;
            write_markdown_table(table, comparison);
            // After the paragraph, before the first table.
            const auto at = text.find("\n## ");
            text.insert(at == std::string::npos ? text.size() : at + 1, table);
            return text;
        }
    }
    throw std::invalid_argument("unknown export format");
}

}  // namespace hall::central
