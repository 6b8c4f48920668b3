// Saves and loads the catalog tables of schema/001_catalog.sql. Rows are compared with what is
// stored so that the summary says what an import really changed, and re-importing the same
// files changes nothing, not even a PIN hash.
#include "catalog_store.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <tuple>
#include <vector>

#include <nlohmann/json.hpp>

#include "pin_hash.hpp"
#include "read_snapshot.hpp"

namespace hall {

namespace {

std::string join(const std::vector<std::string>& parts, char separator) {
    std::string text;
    for (const auto& part : parts) {
        if (!text.empty())
            text += separator;
        text += part;
    }
    return text;
}

std::vector<std::string> split(std::string_view text, char separator) {
    std::vector<std::string> parts;
    if (text.empty())
        return parts;
    while (true) {
        auto at = text.find(separator);
        parts.emplace_back(text.substr(0, at));
        if (at == std::string_view::npos)
            break;
        text.remove_prefix(at + 1);
    }
    return parts;
}

std::string priority_text(const std::vector<Priority>& classes) {
    std::vector<std::string> names;
    for (auto p : classes)
        names.emplace_back(to_string(p));
    return join(names, ';');
}

std::vector<std::string> sorted(std::vector<std::string> codes) {
    std::sort(codes.begin(), codes.end());
    return codes;
}

std::vector<std::pair<std::string, int>> sorted(const std::vector<ServeFirst>& rules) {
    std::vector<std::pair<std::string, int>> pairs;
    for (const auto& r : rules)
        pairs.emplace_back(r.queue, r.after_min);
    std::sort(pairs.begin(), pairs.end());
    return pairs;
}

// Membership tables keep no order except window_queues, so those lists compare as sets.
bool same(const Zone& a, const Zone& b) {
    return std::tie(a.name, a.prefix) == std::tie(b.name, b.prefix);
}
bool same(const Department& a, const Department& b) {
    return std::tie(a.name, a.zone, a.stationed_on) == std::tie(b.name, b.zone, b.stationed_on);
}
bool same(const Item& a, const Item& b) {
    return std::tie(a.name, a.department, a.high_frequency, a.time_limit_days, a.materials,
                    a.guide_url, a.stationed_on, a.national_code) ==
           std::tie(b.name, b.department, b.high_frequency, b.time_limit_days, b.materials,
                    b.guide_url, b.stationed_on, b.national_code);
}
bool same(const Queue& a, const Queue& b) {
    return std::tie(a.name, a.zone, a.prefix, a.target_wait_min, a.service_min,
                    a.priority_classes) == std::tie(b.name, b.zone, b.prefix, b.target_wait_min,
                                                    b.service_min, b.priority_classes) &&
           sorted(a.items) == sorted(b.items);
}
bool same(const Window& a, const Window& b) {
    return std::tie(a.name, a.zone, a.queues, a.agency) ==
               std::tie(b.name, b.zone, b.queues, b.agency) &&
           to_string(a.rule) == to_string(b.rule) && sorted(a.serve_first) == sorted(b.serve_first);
}
bool same(const Staff& a, const Staff& b) {
    return std::tie(a.name, a.department, a.pin_hash) == std::tie(b.name, b.department, b.pin_hash);
}
bool same(const Package& a, const Package& b) {
    return std::tie(a.name, a.category) == std::tie(b.name, b.category) &&
           sorted(a.items) == sorted(b.items);
}

template <typename Row>
struct Stored {
    Row row;
    bool active = true;
};
template <typename Row, typename Key = std::string>
using StoredRows = std::map<Key, Stored<Row>, std::less<>>;

// Every catalog table as stored, with its membership rows; active_only leaves out retired rows.
struct StoredCatalog {
    std::map<std::string, std::string, std::less<>> hall;
    StoredRows<Zone> zones;
    StoredRows<Department> departments;
    StoredRows<Item> items;
    StoredRows<Queue> queues;
    StoredRows<Window, int> windows;
    StoredRows<Staff> staff;
    StoredRows<Package> packages;
};

StoredCatalog read_stored(sql::Database& db, bool active_only) {
    StoredCatalog stored;
    auto query_rows = [&](std::string_view sql) {
        auto query = db.prepare(sql);
        query.bind(1, active_only ? 1 : 0);
        return query;
    };
    {
        auto q = db.prepare("SELECT key, value FROM hall_profile");
        while (q.step())
            stored.hall.emplace(q.text(0), q.text(1));
    }
    {
        auto q = query_rows("SELECT code, name, prefix, active FROM zones WHERE ?1 = 0 OR active");
        while (q.step()) {
            stored.zones[q.text(0)] = {Zone{q.text(0), q.text(1), q.text(2)}, q.int32(3) != 0};
        }
    }
    {
        auto q = query_rows(
            "SELECT code, name, zone, stationed_on, active FROM departments "
            "WHERE ?1 = 0 OR active");
        while (q.step()) {
            stored.departments[q.text(0)] = {Department{q.text(0), q.text(1), q.text(2), q.text(3)},
                                             q.int32(4) != 0};
        }
    }
    {
        auto q = query_rows(
            "SELECT code, name, department, high_frequency, time_limit_days, materials, "
            "guide_url, stationed_on, active, national_code FROM items WHERE ?1 = 0 OR active");
        while (q.step()) {
            Item item{q.text(0),       q.text(1),  q.text(2),
                      q.int32(3) != 0, q.int32(4), split(q.text(5), '\n'),
                      q.text(6),       q.text(7),  q.text(9)};
            auto code = item.code;
            stored.items[code] = {std::move(item), q.int32(8) != 0};
        }
    }
    {
        auto q = query_rows(
            "SELECT code, name, zone, prefix, target_wait_min, service_min, priority_classes, "
            "active FROM queues WHERE ?1 = 0 OR active");
        while (q.step()) {
            Queue queue{q.text(0), q.text(1), q.text(2), q.text(3), q.int32(4), q.int32(5), {}, {}};
            for (const auto& name : split(q.text(6), ';')) {
                if (auto p = parse_priority(name))
                    queue.priority_classes.push_back(*p);
            }
            auto code = queue.code;
            stored.queues[code] = {std::move(queue), q.int32(7) != 0};
        }
        auto members = db.prepare("SELECT queue, item FROM queue_items ORDER BY queue, item");
        while (members.step()) {
            auto it = stored.queues.find(members.text(0));
            if (it != stored.queues.end())
                it->second.row.items.push_back(members.text(1));
        }
    }
    {
        auto q = query_rows(
            "SELECT number, name, zone, rule, agency, active FROM windows "
            "WHERE ?1 = 0 OR active");
        while (q.step()) {
            Window window;
            window.number = q.int32(0);
            window.name = q.text(1);
            window.zone = q.text(2);
            // A rule in the table was written by save_catalog from a parsed one.
            window.rule = parse_calling_rule(q.text(3)).value_or(CallingRule{});
            window.agency = q.int32(4) != 0;
            auto number = window.number;
            stored.windows[number] = {std::move(window), q.int32(5) != 0};
        }
        auto members = db.prepare(
            "SELECT window_number, queue FROM window_queues ORDER BY window_number, position");
        while (members.step()) {
            auto it = stored.windows.find(members.int32(0));
            if (it != stored.windows.end())
                it->second.row.queues.push_back(members.text(1));
        }
        auto rules = db.prepare(
            "SELECT window_number, queue, after_min FROM window_serve_first "
            "ORDER BY window_number, queue");
        while (rules.step()) {
            auto it = stored.windows.find(rules.int32(0));
            if (it != stored.windows.end()) {
                it->second.row.serve_first.push_back({rules.text(1), rules.int32(2)});
            }
        }
    }
    {
        auto q = query_rows(
            "SELECT id, name, department, pin_hash, active FROM staff WHERE ?1 = 0 OR active");
        while (q.step()) {
            stored.staff[q.text(0)] = {Staff{q.text(0), q.text(1), q.text(2), q.text(3)},
                                       q.int32(4) != 0};
        }
    }
    {
        auto q =
            query_rows("SELECT code, name, category, active FROM packages WHERE ?1 = 0 OR active");
        while (q.step()) {
            stored.packages[q.text(0)] = {Package{q.text(0), q.text(1), q.text(2), {}},
                                          q.int32(3) != 0};
        }
        auto members = db.prepare("SELECT package, item FROM package_items ORDER BY package, item");
        while (members.step()) {
            auto it = stored.packages.find(members.text(0));
            if (it != stored.packages.end())
                it->second.row.items.push_back(members.text(1));
        }
    }
    return stored;
}

std::map<std::string, std::string, std::less<>> profile_rows(const HallProfile& hall) {
    std::map<std::string, std::string, std::less<>> rows{
        {"name", hall.name},
        {"time_zone", hall.time_zone},
        {"opens", format_time_of_day(hall.opens_min)},
        {"closes", format_time_of_day(hall.closes_min)},
        {"day_close", format_time_of_day(hall.day_close_min)},
        {"recall_limit", std::to_string(hall.recall_limit)},
        {"demo", hall.demo ? "yes" : "no"}};
    // Only a catalog that names its own reasons has the row (a JSON array of strings).
    if (!hall.review_reasons.empty())
        rows["review_reasons"] = nlohmann::json(hall.review_reasons).dump();
    return rows;
}

HallProfile profile_from(const std::map<std::string, std::string, std::less<>>& rows) {
    HallProfile hall;
    auto value = [&](std::string_view key) -> const std::string* {
        auto it = rows.find(key);
        return it == rows.end() ? nullptr : &it->second;
    };
    auto time = [&](std::string_view key, int& out) {
        if (auto v = value(key))
            out = parse_time_of_day(*v).value_or(out);
    };
    if (auto v = value("name"))
        hall.name = *v;
    if (auto v = value("time_zone"))
        hall.time_zone = *v;
    time("opens", hall.opens_min);
    time("closes", hall.closes_min);
    time("day_close", hall.day_close_min);
    if (auto v = value("recall_limit"); v && v->size() == 1 && (*v)[0] >= '0' && (*v)[0] <= '9') {
        hall.recall_limit = (*v)[0] - '0';
    }
    if (auto v = value("demo"))
        hall.demo = parse_boolean(*v).value_or(false);
    if (auto v = value("review_reasons")) {
        auto reasons = nlohmann::json::parse(*v, nullptr, false);
        if (reasons.is_array())
            for (const auto& reason : reasons)
                if (reason.is_string())
                    hall.review_reasons.push_back(reason.get<std::string>());
    }
    return hall;
}

// Upserts the rows that are new or changed and retires stored active rows that are gone.
template <typename Row, typename Key, typename KeyOf, typename Write, typename Retire>
TableCounts sync(const std::vector<Row>& rows, const StoredRows<Row, Key>& before, KeyOf key_of,
                 Write write, Retire retire) {
    TableCounts counts;
    std::set<Key, std::less<>> present;
    for (const auto& row : rows) {
        const auto& key = key_of(row);
        present.insert(key);
        auto it = before.find(key);
        if (it == before.end()) {
            write(row);
            ++counts.added;
        } else if (!it->second.active || !same(it->second.row, row)) {
            write(row);
            ++counts.updated;
        } else {
            ++counts.unchanged;
        }
    }
    for (const auto& [key, stored] : before) {
        if (stored.active && !present.contains(key)) {
            retire(key);
            ++counts.retired;
        }
    }
    return counts;
}

// Runs job(0..count-1) on up to four threads. Each job touches only its own slot, and all
// threads are joined before returning; the first exception is rethrown here.
template <typename Job>
void run_in_parallel(std::size_t count, Job job) {
    std::size_t threads =
        std::min<std::size_t>(count, std::clamp(std::thread::hardware_concurrency(), 1U, 4U));
    std::atomic<std::size_t> next{0};
    std::mutex failure_mutex;
    std::exception_ptr failure;
    auto work = [&] {
        for (auto i = next.fetch_add(1); i < count; i = next.fetch_add(1)) {
            try {
                job(i);
            } catch (...) {
                std::lock_guard lock(failure_mutex);
                if (!failure)
                    failure = std::current_exception();
                next = count;
                return;
            }
        }
    };
    {
        std::vector<std::jthread> workers;
        for (std::size_t t = 1; t < threads; ++t)
            workers.emplace_back(work);
        work();
    }
    if (failure)
        std::rethrow_exception(failure);
}

// What to store for one plain PIN, worked out before the transaction (argon2id is slow).
struct PinPlan {
    std::string staff_id;
    std::string pin;
    std::string stored_hash;  // the hash in the database when planned, or empty
    bool matches_stored = false;
    std::string new_hash;  // set when the stored hash does not match the PIN
};

std::vector<PinPlan> plan_pins(sql::Database& db, const Catalog& catalog,
                               const PlainPins& plain_pins) {
    std::map<std::string, std::string, std::less<>> stored;
    {
        auto q = db.prepare("SELECT id, pin_hash FROM staff");
        while (q.step())
            stored.emplace(q.text(0), q.text(1));
    }
    std::vector<PinPlan> plans;
    std::size_t plain_used = 0;
    for (const auto& member : catalog.staff) {
        auto plain = plain_pins.find(member.id);
        auto old = stored.find(member.id);
        if (plain != plain_pins.end()) {
            ++plain_used;
            if (!member.pin_hash.empty()) {
                throw CatalogSaveError("staff " + member.id + " has both a PIN and a PIN hash");
            }
            plans.push_back(
                {member.id, plain->second, old == stored.end() ? "" : old->second, false, {}});
        } else if (!member.pin_hash.empty()) {
            if (!is_pin_hash(member.pin_hash)) {
                throw CatalogSaveError("staff " + member.id + "'s PIN hash is not argon2id");
            }
        } else if (old == stored.end()) {
            throw CatalogSaveError("staff.csv: new staff member " + member.id +
                                   " has no PIN (only staff already in the database may leave "
                                   "pin empty)");
        }
    }
    if (plain_used != plain_pins.size()) {
        throw CatalogSaveError("a plain PIN is given for a staff id that is not in the catalog");
    }
    run_in_parallel(plans.size(), [&](std::size_t i) {
        auto& plan = plans[i];
        plan.matches_stored = !plan.stored_hash.empty() && verify_pin(plan.stored_hash, plan.pin);
        if (!plan.matches_stored)
            plan.new_hash = hash_pin(plan.pin);
    });
    return plans;
}

}  // namespace

std::string ImportSummary::to_string() const {
    std::string text;
    auto table = [&](std::string_view name, const TableCounts& c) {
        text += std::string(name) + ": " + std::to_string(c.added) + " added, " +
                std::to_string(c.updated) + " updated, " + std::to_string(c.retired) +
                " retired, " + std::to_string(c.unchanged) + " unchanged; ";
    };
    table("zones", zones);
    table("departments", departments);
    table("items", items);
    table("queues", queues);
    table("windows", windows);
    table("staff", staff);
    table("packages", packages);
    text += std::to_string(pins_hashed) + (pins_hashed == 1 ? " PIN" : " PINs") + " hashed; ";
    text += hall_changed ? "hall profile changed" : "hall profile unchanged";
    return text;
}

ImportSummary save_catalog(sql::Database& db, const Catalog& catalog, const PlainPins& plain_pins,
                           std::string_view source, std::string_view today, std::int64_t now_ms) {
    if (!is_date(today)) {
        throw std::invalid_argument("save_catalog: today must be YYYY-MM-DD, not \"" +
                                    std::string(today) + "\"");
    }
    ImportSummary summary;
    auto plans = plan_pins(db, catalog, plain_pins);

    sql::Transaction tx(db);
    auto before = read_stored(db, false);

    // Each staff member's hash to store: planned, given in the catalog, or kept.
    std::map<std::string, std::string, std::less<>> pin_hashes;
    for (const auto& member : catalog.staff) {
        if (!member.pin_hash.empty())
            pin_hashes[member.id] = member.pin_hash;
    }
    for (auto& plan : plans) {
        auto old = before.staff.find(plan.staff_id);
        std::string current = old == before.staff.end() ? "" : old->second.row.pin_hash;
        if (!plan.matches_stored) {
            pin_hashes[plan.staff_id] = plan.new_hash;
            ++summary.pins_hashed;
        } else if (current == plan.stored_hash) {
            pin_hashes[plan.staff_id] = current;
        } else {
            // Someone changed the PIN since it was checked: the catalog's PIN wins.
            pin_hashes[plan.staff_id] = hash_pin(plan.pin);
            ++summary.pins_hashed;
        }
    }
    std::vector<Staff> staff = catalog.staff;
    for (auto& member : staff) {
        if (auto it = pin_hashes.find(member.id); it != pin_hashes.end()) {
            member.pin_hash = it->second;
        } else if (auto old = before.staff.find(member.id); old != before.staff.end()) {
            member.pin_hash = old->second.row.pin_hash;
        } else {
            throw CatalogSaveError("staff.csv: new staff member " + member.id + " has no PIN");
        }
    }

    auto retire_by = [&](std::string_view table, std::string_view key_column) {
        return [statement = db.prepare("UPDATE " + std::string(table) +
                                       " SET active = 0, retired_on = ?2 WHERE " +
                                       std::string(key_column) + " = ?1"),
                today](const auto& key) mutable { statement.bind(1, key).bind(2, today).run(); };
    };
    auto code_of = [](const auto& row) -> const std::string& { return row.code; };

    {
        auto upsert = db.prepare(
            "INSERT INTO zones (code, name, prefix) VALUES (?1, ?2, ?3) "
            "ON CONFLICT (code) DO UPDATE SET name = excluded.name, prefix = excluded.prefix, "
            "active = 1, retired_on = NULL");
        summary.zones = sync(
            catalog.zones, before.zones, code_of,
            [&](const Zone& z) { upsert.bind(1, z.code).bind(2, z.name).bind(3, z.prefix).run(); },
            retire_by("zones", "code"));
    }
    {
        auto upsert = db.prepare(
            "INSERT INTO departments (code, name, zone, stationed_on) VALUES (?1, ?2, ?3, ?4) "
            "ON CONFLICT (code) DO UPDATE SET name = excluded.name, zone = excluded.zone, "
            "stationed_on = excluded.stationed_on, active = 1, retired_on = NULL");
        summary.departments = sync(
            catalog.departments, before.departments, code_of,
            [&](const Department& d) {
                upsert.bind(1, d.code)
                    .bind(2, d.name)
                    .bind(3, d.zone)
                    .bind(4, d.stationed_on)
                    .run();
            },
            retire_by("departments", "code"));
    }
    {
        auto upsert = db.prepare(
            "INSERT INTO items (code, name, department, high_frequency, time_limit_days, "
            "materials, guide_url, stationed_on, national_code) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
            "?7, ?8, ?9) ON CONFLICT (code) DO UPDATE SET name = excluded.name, "
            "department = excluded.department, high_frequency = excluded.high_frequency, "
            "time_limit_days = excluded.time_limit_days, materials = excluded.materials, "
            "guide_url = excluded.guide_url, stationed_on = excluded.stationed_on, "
            "national_code = excluded.national_code, active = 1, retired_on = NULL");
        summary.items = sync(
            catalog.items, before.items, code_of,
            [&](const Item& i) {
                upsert.bind(1, i.code)
                    .bind(2, i.name)
                    .bind(3, i.department)
                    .bind(4, i.high_frequency ? 1 : 0)
                    .bind(5, i.time_limit_days)
                    .bind(6, join(i.materials, '\n'))
                    .bind(7, i.guide_url)
                    .bind(8, i.stationed_on)
                    .bind(9, i.national_code)
                    .run();
            },
            retire_by("items", "code"));
    }
    {
        auto upsert = db.prepare(
            "INSERT INTO queues (code, name, zone, prefix, target_wait_min, service_min, "
            "priority_classes) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
            "ON CONFLICT (code) DO UPDATE SET name = excluded.name, zone = excluded.zone, "
            "prefix = excluded.prefix, target_wait_min = excluded.target_wait_min, "
            "service_min = excluded.service_min, priority_classes = excluded.priority_classes, "
            "active = 1, retired_on = NULL");
        summary.queues = sync(
            catalog.queues, before.queues, code_of,
            [&](const Queue& q) {
                upsert.bind(1, q.code)
                    .bind(2, q.name)
                    .bind(3, q.zone)
                    .bind(4, q.prefix)
                    .bind(5, q.target_wait_min)
                    .bind(6, q.service_min)
                    .bind(7, priority_text(q.priority_classes))
                    .run();
            },
            retire_by("queues", "code"));
    }
    {
        auto upsert = db.prepare(
            "INSERT INTO windows (number, name, zone, rule, agency) VALUES (?1, ?2, ?3, ?4, ?5) "
            "ON CONFLICT (number) DO UPDATE SET name = excluded.name, zone = excluded.zone, "
            "rule = excluded.rule, agency = excluded.agency, active = 1, retired_on = NULL");
        summary.windows = sync(
            catalog.windows, before.windows, [](const Window& w) -> const int& { return w.number; },
            [&](const Window& w) {
                upsert.bind(1, w.number)
                    .bind(2, w.name)
                    .bind(3, w.zone)
                    .bind(4, to_string(w.rule))
                    .bind(5, w.agency ? 1 : 0)
                    .run();
            },
            retire_by("windows", "number"));
    }
    {
        auto upsert = db.prepare(
            "INSERT INTO staff (id, name, department, pin_hash) VALUES (?1, ?2, ?3, ?4) "
            "ON CONFLICT (id) DO UPDATE SET name = excluded.name, "
            "department = excluded.department, pin_hash = excluded.pin_hash, active = 1, "
            "retired_on = NULL");
        summary.staff = sync(
            staff, before.staff, [](const Staff& s) -> const std::string& { return s.id; },
            [&](const Staff& s) {
                upsert.bind(1, s.id)
                    .bind(2, s.name)
                    .bind(3, s.department)
                    .bind(4, s.pin_hash)
                    .run();
            },
            retire_by("staff", "id"));
    }
    {
        auto upsert = db.prepare(
            "INSERT INTO packages (code, name, category) VALUES (?1, ?2, ?3) "
            "ON CONFLICT (code) DO UPDATE SET name = excluded.name, "
            "category = excluded.category, active = 1, retired_on = NULL");
        summary.packages = sync(
            catalog.packages, before.packages, code_of,
            [&](const Package& p) {
                upsert.bind(1, p.code).bind(2, p.name).bind(3, p.category).run();
            },
            retire_by("packages", "code"));
    }

    // Membership rows describe only the catalog in force, so they are simply replaced.
    db.exec(
        "DELETE FROM queue_items; DELETE FROM window_queues; DELETE FROM window_serve_first; "
        "DELETE FROM package_items; DELETE FROM hall_profile;");
    {
        auto insert = db.prepare("INSERT INTO queue_items (queue, item) VALUES (?1, ?2)");
        for (const auto& queue : catalog.queues) {
            for (const auto& item : queue.items)
                insert.bind(1, queue.code).bind(2, item).run();
        }
    }
    {
        auto insert = db.prepare(
            "INSERT INTO window_queues (window_number, position, queue) VALUES (?1, ?2, ?3)");
        auto rule = db.prepare(
            "INSERT INTO window_serve_first (window_number, queue, after_min) VALUES (?1, ?2, ?3)");
        for (const auto& window : catalog.windows) {
            int position = 0;
            for (const auto& queue : window.queues) {
                insert.bind(1, window.number).bind(2, ++position).bind(3, queue).run();
            }
            for (const auto& first : window.serve_first) {
                rule.bind(1, window.number).bind(2, first.queue).bind(3, first.after_min).run();
            }
        }
    }
    {
        auto insert = db.prepare("INSERT INTO package_items (package, item) VALUES (?1, ?2)");
        for (const auto& package : catalog.packages) {
            for (const auto& item : package.items)
                insert.bind(1, package.code).bind(2, item).run();
        }
    }
    {
        auto rows = profile_rows(catalog.hall);
        summary.hall_changed = rows != before.hall;
        auto insert = db.prepare("INSERT INTO hall_profile (key, value) VALUES (?1, ?2)");
        for (const auto& [key, value] : rows)
            insert.bind(1, key).bind(2, value).run();
    }
    db.prepare("INSERT INTO catalog_imports (imported_ms, source, summary) VALUES (?1, ?2, ?3)")
        .bind(1, now_ms)
        .bind(2, source)
        .bind(3, summary.to_string())
        .run();
    tx.commit();
    return summary;
}

Catalog load_catalog(sql::Database& db) {
    sql::ReadSnapshot snapshot(db);
    if (!has_catalog(db))
        throw std::runtime_error("no catalog has been imported into this database");
    auto stored = read_stored(db, true);
    Catalog catalog;
    catalog.hall = profile_from(stored.hall);
    auto take = [](auto& rows, auto& out) {
        for (auto& [key, row] : rows)
            out.push_back(std::move(row.row));
    };
    take(stored.zones, catalog.zones);
    take(stored.departments, catalog.departments);
    take(stored.items, catalog.items);
    take(stored.queues, catalog.queues);
    take(stored.windows, catalog.windows);
    take(stored.staff, catalog.staff);
    take(stored.packages, catalog.packages);
    catalog.index();
    return catalog;
}

bool has_catalog(sql::Database& db) {
    auto q = db.prepare("SELECT EXISTS (SELECT 1 FROM hall_profile)");
    return q.step() && q.int32(0) != 0;
}

}  // namespace hall
