// Reads the hall's log and catalog from SQLite and writes them to the central store.
#include "hall_shipper.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <map>
#include <stdexcept>

#include "central_schema.hpp"
#include "event_store.hpp"
#include "hall_identity.hpp"
#include "read_snapshot.hpp"
#include "tally.hpp"

namespace hall::central {

namespace {

// The catalog tables the central keeps: the hall's columns, read as they are, and the central
// table that takes them after hall_id (schema/central/001_central.sql). Staff PIN hashes stay.
struct CatalogTable {
    const char* table;
    const char* columns;
};
constexpr CatalogTable catalog_tables[] = {
    {"hall_profile", "key, value"},
    {"zones", "code, name, prefix, active, retired_on"},
    {"departments", "code, name, zone, stationed_on, active, retired_on"},
    {"items",
     "code, name, department, national_code, high_frequency, time_limit_days, stationed_on, "
     "active, retired_on"},
    {"queues",
     "code, name, zone, prefix, target_wait_min, service_min, priority_classes, active, "
     "retired_on"},
    {"windows", "number, name, zone, rule, agency, active, retired_on"},
    {"staff", "id, name, department, active, retired_on"},
    {"packages", "code, name, category, active, retired_on"},
};

int year_of(const std::string& day) {
    int year = 0;
    std::from_chars(day.data(), day.data() + std::min<std::size_t>(4, day.size()), year);
    return year;
}

}  // namespace

HallShipper::HallShipper(sql::Database& hall, pg::Connection& central)
    : hall_(hall), central_(central), hall_id_(read_hall_id(hall)) {
    // Staging tables, this connection's own, emptied at each commit.
    central_.exec(
        "CREATE TEMP TABLE IF NOT EXISTS incoming_events (seq bigint, day date, at_ms bigint, type "
        "text, ticket_id bigint, queue text, window_number integer, staff text, device text, data "
        "jsonb) ON COMMIT DELETE ROWS; CREATE TEMP TABLE IF NOT EXISTS incoming_tallies (day "
        "date, dimension text, key text, metric text, value bigint) ON COMMIT DELETE ROWS");
}

std::int64_t HallShipper::start() {
    central_.exec("INSERT INTO halls (hall_id) VALUES ($1) ON CONFLICT (hall_id) DO NOTHING",
                  {hall_id_});
    auto row =
        central_.exec("SELECT last_seq, catalog_import FROM halls WHERE hall_id = $1", {hall_id_});
    const std::int64_t high_water = row.int64(0, 0);
    if (high_water > 0)
        check_same_log(high_water);
    std::int64_t import_id = 0;
    {
        auto q = hall_.prepare("SELECT COALESCE(MAX(id), 0) FROM catalog_imports");
        q.step();
        import_id = q.int64(0);
    }
    if (import_id != row.int64(0, 1))
        ship_catalog(import_id);
    return high_water;
}

void HallShipper::check_same_log(std::int64_t high_water) {
    const std::string where =
        "the central holds hall " + hall_id_ + "'s events up to " + std::to_string(high_water);
    const std::string advice =
        ": was this hall's database restored from a backup? Stop the sync, and have the "
        "central's events of this hall after the backup's last one removed before syncing "
        "again (hall_server verify --central shows where they part; docs/operations.md)";
    auto q = hall_.prepare("SELECT at_ms, type FROM events WHERE seq = ?1");
    q.bind(1, high_water);
    if (!q.step())
        throw std::runtime_error(where + ", and this hall's log ends before that" + advice);
    const std::int64_t at_ms = q.int64(0);
    const std::string type = q.text(1);
    auto central = central_.exec("SELECT at_ms, type FROM events WHERE hall_id = $1 AND seq = $2",
                                 {hall_id_, std::to_string(high_water)});
    if (central.rows() == 0)
        return;  // a mark without its event: nothing to compare (a central set up by hand)
    if (central.int64(0, 0) != at_ms || central.text(0, 1) != type)
        throw std::runtime_error(where + ", and its event " + std::to_string(high_water) +
                                 " is not this hall's event of that number" + advice);
}

void HallShipper::ship_catalog(std::int64_t import_id) {
    pg::Transaction tx(central_);
    central_.exec("SELECT 1 FROM halls WHERE hall_id = $1 FOR UPDATE", {hall_id_});
    std::string name, time_zone;
    {
        sql::ReadSnapshot snapshot(hall_);
        for (const auto& t : catalog_tables) {
            central_.exec(std::string("DELETE FROM ") + t.table + " WHERE hall_id = $1",
                          {hall_id_});
            auto q = hall_.prepare(std::string("SELECT ") + t.columns + " FROM " + t.table);
            const int columns =
                static_cast<int>(std::count(t.columns, t.columns + std::strlen(t.columns), ',')) +
                1;
            std::string rows;
            while (q.step()) {
                pg::append_copy_field(rows, hall_id_, false);
                for (int c = 0; c < columns; ++c) {
                    std::optional<std::string_view> value;
                    if (!q.is_null(c))
                        value = q.text_view(c);
                    pg::append_copy_field(rows, value, c == columns - 1);
                }
                if (std::string_view(t.table) == "hall_profile") {
                    if (q.text(0) == "name")
                        name = q.text(1);
                    else if (q.text(0) == "time_zone")
                        time_zone = q.text(1);
                }
            }
            central_.copy_in(
                std::string("COPY ") + t.table + " (hall_id, " + t.columns + ") FROM STDIN", rows);
        }
    }
    central_.exec(
        "UPDATE halls SET name = $2, time_zone = $3, catalog_import = $4 WHERE hall_id = $1",
        {hall_id_, name, time_zone, std::to_string(import_id)});
    tx.commit();
}

LogBatch HallShipper::read_log(std::int64_t after_seq, std::size_t limit) {
    LogBatch batch;
    auto q = hall_.prepare(
        "SELECT seq, day, at_ms, type, ticket_id, queue, window_number, staff, device, data FROM "
        "events WHERE seq > ?1 ORDER BY seq LIMIT ?2");
    q.bind(1, after_seq).bind(2, static_cast<std::int64_t>(limit));
    batch.events.reserve(limit);
    while (q.step()) {
        batch.events.push_back(event_from_row(q));
        for (int c = 0; c < 10; ++c) {
            std::optional<std::string_view> value;
            if (!q.is_null(c))
                value = q.text_view(c);
            pg::append_copy_field(batch.copy_rows, value, c == 9);
        }
    }
    return batch;
}

std::int64_t last_event_seq(sql::Database& hall) {
    auto q = hall.prepare("SELECT COALESCE(MAX(seq), 0) FROM events");
    q.step();
    return q.int64(0);
}

std::optional<std::int64_t> first_event_after(sql::Database& hall, std::int64_t after_seq) {
    auto q = hall.prepare("SELECT at_ms FROM events WHERE seq > ?1 ORDER BY seq LIMIT 1");
    q.bind(1, after_seq);
    if (!q.step())
        return std::nullopt;
    return q.int64(0);
}

ShipResult HallShipper::ship(const LogBatch& batch) {
    ShipResult result;
    result.sent = batch.events.size();
    if (batch.empty())
        return result;
    for (std::size_t i = 1; i < batch.events.size(); ++i) {
        if (batch.events[i].seq != batch.events[i - 1].seq + 1)
            throw std::runtime_error("the hall's log has a hole after event " +
                                     std::to_string(batch.events[i - 1].seq));
    }
    std::set<int> years;
    for (const auto& e : batch.events)
        if (!years_ready_.count(year_of(e.day)))
            years.insert(year_of(e.day));
    ensure_years(central_, years);
    years_ready_.insert(years.begin(), years.end());

    pg::Transaction tx(central_);
    // The hall's row is the lock: two syncs of the same hall take turns, each seeing the mark
    // the other left.
    const std::int64_t high_water =
        central_.exec("SELECT last_seq FROM halls WHERE hall_id = $1 FOR UPDATE", {hall_id_})
            .int64(0, 0);
    const std::int64_t first = batch.events.front().seq;
    const std::int64_t last = batch.events.back().seq;
    if (first > high_water + 1)
        throw std::runtime_error("the central has hall " + hall_id_ + "'s events up to " +
                                 std::to_string(high_water) + ", and this batch starts at " +
                                 std::to_string(first) + ": it would leave a hole");
    result.high_water = std::max(high_water, last);
    if (last <= high_water) {
        tx.commit();
        return result;
    }
    central_.copy_in(
        "COPY incoming_events (seq, day, at_ms, type, ticket_id, queue, window_number, staff, "
        "device, data) FROM STDIN",
        batch.copy_rows);
    const std::vector<pg::Param> params = {hall_id_, std::to_string(high_water)};
    auto added = central_.exec(
        "INSERT INTO events (hall_id, seq, day, at_ms, type, ticket_id, queue, window_number, "
        "staff, device, data) SELECT $1::text, seq, day, at_ms, type, ticket_id, queue, "
        "window_number, "
        "staff, device, data FROM incoming_events WHERE seq > $2::bigint ORDER BY seq ON CONFLICT "
        "DO NOTHING RETURNING seq",
        params);
    central_.exec(
        "INSERT INTO ratings (hall_id, ticket_id, day, window_number, staff, grade, reason, "
        "at_ms) SELECT $1::text, ticket_id, day, COALESCE(window_number, 0), COALESCE(staff, ''), "
        "COALESCE((data->>'grade')::integer, 0), data->>'reason', at_ms FROM incoming_events "
        "WHERE type = 'ticket_rated' AND seq > $2::bigint ON CONFLICT DO NOTHING",
        params);

    // Only the events stored now add to the tallies, each once, by the hall's own function.
    std::set<std::int64_t> stored;
    for (int r = 0; r < added.rows(); ++r)
        stored.insert(added.int64(r, 0));
    result.added = stored.size();
    TallyTable tallies;
    for (const auto& e : batch.events)
        if (stored.count(e.seq))
            add_to(tallies, e);
    std::string rows;
    for (const auto& [key, value] : tallies) {
        if (value == 0)
            continue;
        const auto& [day, dimension, code, metric] = key;
        pg::append_copy_field(rows, day, false);
        pg::append_copy_field(rows, dimension, false);
        pg::append_copy_field(rows, code, false);
        pg::append_copy_field(rows, metric, false);
        pg::append_copy_field(rows, std::to_string(value), true);
    }
    if (!rows.empty()) {
        central_.copy_in("COPY incoming_tallies (day, dimension, key, metric, value) FROM STDIN",
                         rows);
        central_.exec(
            "INSERT INTO daily_tallies (hall_id, day, dimension, key, metric, value) SELECT "
            "$1::text, "
            "day, dimension, key, metric, value FROM incoming_tallies ON CONFLICT (hall_id, day, "
            "dimension, key, metric) DO UPDATE SET value = daily_tallies.value + excluded.value",
            {hall_id_});
        central_.exec(
            "INSERT INTO yearly_tallies (hall_id, year, dimension, key, metric, value) SELECT "
            "$1::text, "
            "extract(year FROM day)::integer, dimension, key, metric, sum(value) FROM "
            "incoming_tallies GROUP BY 2, 3, 4, 5 ON CONFLICT (hall_id, year, dimension, key, "
            "metric) DO UPDATE SET value = yearly_tallies.value + excluded.value",
            {hall_id_});
    }
    central_.exec(
        "UPDATE halls SET last_seq = $2, last_at_ms = $3, synced_at = now() WHERE hall_id = $1",
        {hall_id_, std::to_string(result.high_water), std::to_string(batch.events.back().at_ms)});
    tx.commit();
    return result;
}

}  // namespace hall::central
