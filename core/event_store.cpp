// Writes events and their derived state in SQLite; reads them back in order.
#include "event_store.hpp"

#include "event_data_decoder.hpp"

namespace hall {

namespace {
constexpr const char* event_columns =
    "seq, day, at_ms, type, ticket_id, queue, window_number, staff, device, data";
}

EventStore::EventStore(sql::Database& db)
    : db_(db),
      insert_event_(db.prepare(
          "INSERT INTO events (seq, day, at_ms, type, ticket_id, queue, window_number, staff, "
          "device, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")),
      upsert_ticket_(db.prepare(
          "INSERT INTO tickets (id, day, number, queue, zone, priority, channel, state, "
          "issued_ms, called_ms, started_ms, finished_ms, window_number, staff, recalls, "
          "transfers, idempotency_key, status_key, appointment) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
          "?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19) ON CONFLICT (id) DO "
          "UPDATE SET queue = excluded.queue, zone = excluded.zone, state = excluded.state, "
          "called_ms = excluded.called_ms, started_ms = excluded.started_ms, finished_ms = "
          "excluded.finished_ms, window_number = excluded.window_number, staff = excluded.staff, "
          "recalls = excluded.recalls, transfers = excluded.transfers")),
      insert_item_(db.prepare(
          "INSERT INTO items_handled (seq, ticket_id, day, item, department, zone, queue, "
          "window_number, staff, started_ms, finished_ms, agency, package) VALUES (?1, ?2, ?3, "
          "?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)")),
      insert_rating_(db.prepare(
          "INSERT INTO ratings (ticket_id, day, window_number, staff, grade, reason, at_ms) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")),
      add_tally_(db.prepare(
          "INSERT INTO daily_tallies (day, dimension, key, metric, value) VALUES (?1, ?2, ?3, "
          "?4, ?5) ON CONFLICT (day, dimension, key, metric) DO UPDATE SET value = value + "
          "excluded.value")),
      insert_day_close_(
          db.prepare("INSERT INTO day_closes (day, closed_ms, unserved) VALUES (?1, ?2, ?3)")),
      move_mark_(db.prepare("UPDATE tally_mark SET seq = ?1 WHERE id = 1")) {}

void EventStore::append(const std::vector<Event>& events) {
    // The counts are summed in memory: the events of a busy moment (or of a day replayed at once)
    // touch the same figures again and again, and each is then written once, at write_tallies().
    for (const auto& event : events) {
        append_one(event);
        add_to(counts_, event);
        if (counted_events_++ == 0)
            counted_from_ = event.seq;
        counted_through_ = event.seq;
    }
}

void EventStore::add_tallies(const TallyTable& tallies) {
    for (const auto& [key, value] : tallies) {
        if (value == 0)
            continue;
        const auto& [day, dimension, code, metric] = key;
        add_tally_.bind(1, day)
            .bind(2, dimension)
            .bind(3, code)
            .bind(4, metric)
            .bind(5, value)
            .run();
    }
}

std::size_t EventStore::write_tallies() {
    const std::int64_t mark = tally_mark(db_);
    std::size_t counted = 0;
    if (counted_events_ > 0 && mark == counted_from_ - 1) {
        add_tallies(counts_);
        move_mark_.bind(1, counted_through_).run();
        counted = counted_events_;
    } else {
        // The mark is not where the kept counts start: another connection counted some of these
        // events already, or the log holds events no one has counted (a crash came between their
        // commit and the counts'). The log after the mark is the truth.
        TallyTable recount;
        std::int64_t last = mark;
        for (const auto& e : events_from(mark + 1)) {
            add_to(recount, e);
            last = e.seq;
            ++counted;
        }
        if (counted > 0) {
            add_tallies(recount);
            move_mark_.bind(1, last).run();
        }
    }
    discard_counts();
    return counted;
}

void EventStore::discard_counts() {
    counts_.clear();
    counted_events_ = 0;
    counted_from_ = counted_through_ = 0;
}

void EventStore::append_durably(const std::vector<Event>& events) {
    try {
        sql::Transaction tx(db_);
        append(events);
        write_tallies();
        tx.commit();
    } catch (...) {
        discard_counts();
        throw;
    }
}

void EventStore::append_one(const Event& e) {
    auto empty_null = [](const std::string& s) {
        return s.empty() ? std::nullopt : std::optional<std::string>(s);
    };
    insert_event_.bind(1, e.seq)
        .bind(2, e.day)
        .bind(3, e.at_ms)
        .bind(4, to_string(e.type))
        .bind(5, e.ticket_id)
        .bind(6, empty_null(e.queue))
        .bind(7, e.window)
        .bind(8, empty_null(e.staff))
        .bind(9, empty_null(e.device))
        .bind(10, e.data.dump())
        .run();

    if (e.ticket_after) {
        const auto& t = *e.ticket_after;
        upsert_ticket_.bind(1, t.id)
            .bind(2, t.day)
            .bind(3, t.number)
            .bind(4, t.queue)
            .bind(5, t.zone)
            .bind(6, to_string(t.priority))
            .bind(7, to_string(t.channel))
            .bind(8, to_string(t.state))
            .bind(9, t.issued_ms)
            .bind(10, t.called_ms)
            .bind(11, t.started_ms)
            .bind(12, t.finished_ms)
            .bind(13, t.window)
            .bind(14, t.staff)
            .bind(15, t.recalls)
            .bind(16, t.transfers)
            .bind(17, empty_null(t.idempotency_key))
            .bind(18, empty_null(t.status_key))
            .bind(19, empty_null(t.appointment))
            .run();
    }

    const auto& d = e.data;
    if (e.type == EventType::item_handled) {
        insert_item_.bind(1, e.seq)
            .bind(2, e.ticket_id)
            .bind(3, e.day)
            .bind(4, d.value("item", ""))
            .bind(5, d.value("department", ""))
            .bind(6, d.value("zone", ""))
            .bind(7, e.queue)
            .bind(8, e.window)
            .bind(9, e.staff)
            .bind(10, d.value("started_ms", std::int64_t{0}))
            .bind(11, d.value("finished_ms", std::int64_t{0}))
            .bind(12, d.value("agency", false) ? 1 : 0)
            .bind(13, d.contains("package")
                          ? std::optional<std::string>(d["package"].get<std::string>())
                          : std::nullopt)
            .run();
    } else if (e.type == EventType::ticket_rated) {
        insert_rating_.bind(1, e.ticket_id)
            .bind(2, e.day)
            .bind(3, e.window)
            .bind(4, e.staff)
            .bind(5, d.value("grade", 0))
            .bind(6, d.contains("reason")
                         ? std::optional<std::string>(d["reason"].get<std::string>())
                         : std::nullopt)
            .bind(7, e.at_ms)
            .run();
    } else if (e.type == EventType::day_closed) {
        insert_day_close_.bind(1, e.day).bind(2, e.at_ms).bind(3, d.value("unserved", 0)).run();
    }
}

namespace {
// The row's columns but the data, which the caller reads.
Event event_from_row_but_data(sql::Statement& row) {
    Event e;
    e.seq = row.int64(0);
    e.day = row.text(1);
    e.at_ms = row.int64(2);
    auto type = parse_event_type(row.text(3));
    if (!type)
        throw std::runtime_error("unknown event type in the log: " + row.text(3));
    e.type = *type;
    e.ticket_id = row.optional_int64(4);
    e.queue = row.text(5);
    if (!row.is_null(6))
        e.window = row.int32(6);
    e.staff = row.text(7);
    e.device = row.text(8);
    return e;
}
}  // namespace

Event event_from_row(sql::Statement& row) {
    Event e = event_from_row_but_data(row);
    e.data = nlohmann::json::parse(row.text(9));
    return e;
}

QueueEngine::Start EventStore::resume() {
    QueueEngine::Start start;
    auto numbers = db_.prepare(
        "SELECT (SELECT COALESCE(MAX(seq), 0) FROM events), (SELECT COALESCE(MAX(id), 0) FROM "
        "tickets), (SELECT day FROM events ORDER BY seq DESC LIMIT 1)");
    numbers.step();
    start.next_seq = numbers.int64(0) + 1;
    start.next_ticket_id = numbers.int64(1) + 1;
    if (!numbers.is_null(2))
        start.day = numbers.text(2);
    return start;
}

void EventStore::replay_day(const std::string& day, QueueEngine& engine) {
    // Each event is applied as it is read: a busy day's 19,000 events are never all in memory.
    auto query = db_.prepare(std::string("SELECT ") + event_columns +
                             " FROM events WHERE day = ?1 ORDER BY seq");
    query.bind(1, day);
    EventDataDecoder data;  // simdjson: the day's JSON read about twice as fast
    while (query.step()) {
        Event e = event_from_row_but_data(query);
        data.decode(query.text(9));
        e.data = data.tree();
        engine.replay(e);
    }
}

std::vector<Event> EventStore::events_from(std::int64_t seq) {
    std::vector<Event> events;
    auto query = db_.prepare(std::string("SELECT ") + event_columns +
                             " FROM events WHERE seq >= ?1 ORDER BY seq");
    query.bind(1, seq);
    while (query.step())
        events.push_back(event_from_row(query));
    return events;
}

std::int64_t tally_mark(sql::Database& db) {
    auto query = db.prepare("SELECT seq FROM tally_mark WHERE id = 1");
    query.step();
    return query.int64(0);
}

std::size_t catch_up_tallies(sql::Database& db) {
    auto last = db.prepare("SELECT COALESCE(MAX(seq), 0) FROM events");
    last.step();
    if (last.int64(0) <= tally_mark(db))
        return 0;
    sql::Transaction tx(db);
    const auto counted = EventStore(db).write_tallies();  // from the mark as it is now
    tx.commit();
    return counted;
}

TallyTable EventStore::tallies() {
    TallyTable table;
    auto query = db_.prepare("SELECT day, dimension, key, metric, value FROM daily_tallies");
    while (query.step())
        table[{query.text(0), query.text(1), query.text(2), query.text(3)}] = query.int64(4);
    return table;
}

}  // namespace hall
