// The JSON forms of the hall's values, as the protocol (docs/protocol.md) and exports write them.
#pragma once

#include <nlohmann/json.hpp>

#include <string_view>

#include "catalog.hpp"
#include "queue_engine.hpp"
#include "ticket.hpp"

namespace hall {

class JsonWriter;

// A ticket's own fields, as a window's current ticket shows them.
nlohmann::json ticket_json(const Ticket& ticket);
// The ticket with its place in the queue: people ahead and the expected wait; with the link to
// its status page when one is given. Written straight as text: every issue and call is answered
// with it.
void write_ticket_status(JsonWriter& writer, const QueueEngine& engine, const Ticket& ticket,
                         std::string_view status_url = {});
nlohmann::json queue_status_json(const QueueStatus& status, const Catalog& catalog);
nlohmann::json window_status_json(const WindowStatus& status, const Catalog& catalog);
nlohmann::json refusal_json(const Refusal& refusal);
// The catalog as devices need it: zones, departments, queues with their items, items, windows,
// packages and the hall's name and hours.
nlohmann::json catalog_json(const Catalog& catalog);
// A call as the boards show it (the `call` event's data).
nlohmann::json call_json(const ShownCall& call, const Catalog& catalog);
// A finished visit as the `visit_finished` event and a window's `unrated` give it.
nlohmann::json visit_json(int window, const std::string& number, const std::string& staff,
                          std::int64_t at_ms, const Catalog& catalog);
// The `notice` event's data.
nlohmann::json notice_json(const Notice& notice);
// Today's queues, windows, last calls and notices, as a board or a manager sees them (the
// `snapshot` event's data). Calls and notices are those of events up to `published_seq`: a
// device sent the snapshot is sent the later ones as events, once they are durable.
nlohmann::json hall_state_json(const QueueEngine& engine, std::int64_t published_seq);

}  // namespace hall
