// libpq calls behind the RAII wrappers.
#include "pg.hpp"

#include <charconv>

namespace hall::pg {

std::int64_t Result::int64(int row, int column) const {
    const auto text = this->text(row, column);
    std::int64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size())
        throw Error("not a whole number from PostgreSQL: " + std::string(text), "", false);
    return value;
}

std::int64_t Result::affected() const {
    const char* text = PQcmdTuples(result_);
    return text && *text ? std::stoll(text) : 0;
}

Connection::Connection(const std::string& uri) {
    // The URI's own settings win: expand_dbname reads it first, the defaults fill the rest.
    const char* keys[] = {"connect_timeout",
                          "keepalives_idle",
                          "keepalives_interval",
                          "keepalives_count",
                          "application_name",
                          "dbname",
                          nullptr};
    const char* values[] = {"10", "30", "10", "3", "hall_server", uri.c_str(), nullptr};
    conn_ = PQconnectdbParams(keys, values, 1);
    if (!conn_ || PQstatus(conn_) != CONNECTION_OK) {
        std::string message = conn_ ? PQerrorMessage(conn_) : "out of memory";
        while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
            message.pop_back();
        PQfinish(conn_);
        conn_ = nullptr;
        throw Error("cannot connect to the central PostgreSQL: " + message, "", true);
    }
    exec("SET client_min_messages = warning");
}

Connection::~Connection() {
    PQfinish(conn_);
}

void Connection::fail(const std::string& context, PGresult* result) {
    std::string state;
    std::string message;
    if (result) {
        if (const char* s = PQresultErrorField(result, PG_DIAG_SQLSTATE))
            state = s;
        message = PQresultErrorMessage(result);
        PQclear(result);
    }
    if (message.empty())
        message = PQerrorMessage(conn_);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
        message.pop_back();
    const bool lost = PQstatus(conn_) != CONNECTION_OK || state.starts_with("08") ||
                      state == "57P01" || state == "57P02" || state == "57P03";
    throw Error(context + ": " + message, state, lost);
}

Result Connection::exec(const std::string& sql, const std::vector<Param>& params) {
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& p : params)
        values.push_back(p ? p->c_str() : nullptr);
    // Without parameters, PQexec: it also runs a script of several statements (a migration).
    PGresult* result = params.empty()
                           ? PQexec(conn_, sql.c_str())
                           : PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()),
                                          nullptr, values.data(), nullptr, nullptr, 0);
    const auto status = PQresultStatus(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
        fail("PostgreSQL refused \"" + sql.substr(0, 60) + "\"", result);
    return Result(result);
}

void Connection::for_each_row(const std::string& sql, const std::vector<Param>& params,
                              const std::function<void(const Result&, int)>& row) {
    exec("DECLARE counterhall_rows NO SCROLL CURSOR FOR " + sql, params);
    for (;;) {
        auto rows = exec("FETCH 20000 FROM counterhall_rows");
        if (rows.rows() == 0)
            break;
        for (int r = 0; r < rows.rows(); ++r)
            row(rows, r);
    }
    exec("CLOSE counterhall_rows");
}

void Connection::copy_in(const std::string& copy_sql, std::string_view rows) {
    PGresult* start = PQexec(conn_, copy_sql.c_str());
    if (PQresultStatus(start) != PGRES_COPY_IN)
        fail("PostgreSQL refused \"" + copy_sql.substr(0, 60) + "\"", start);
    PQclear(start);
    // libpq takes at most INT_MAX bytes a call.
    constexpr std::size_t chunk = 1 << 20;
    for (std::size_t at = 0; at < rows.size(); at += chunk) {
        const auto n = std::min(chunk, rows.size() - at);
        if (PQputCopyData(conn_, rows.data() + at, static_cast<int>(n)) != 1)
            fail("COPY");
    }
    if (PQputCopyEnd(conn_, nullptr) != 1)
        fail("COPY");
    PGresult* end = PQgetResult(conn_);
    if (PQresultStatus(end) != PGRES_COMMAND_OK)
        fail("COPY", end);
    PQclear(end);
    while (PGresult* extra = PQgetResult(conn_))
        PQclear(extra);
}

std::string Connection::describe() const {
    const char* host = PQhost(conn_);
    std::string where = host && *host ? host : "localhost";
    if (where.starts_with('/'))
        where = "socket " + where;
    return where + ":" + PQport(conn_) + "/" + PQdb(conn_);
}

Transaction::Transaction(Connection& connection, const char* begin) : connection_(connection) {
    connection_.exec(begin);
}

Transaction::~Transaction() {
    if (done_)
        return;
    try {
        connection_.exec("ROLLBACK");
    } catch (...) {
        // A lost connection rolls the transaction back by itself.
    }
}

void Transaction::commit() {
    connection_.exec("COMMIT");
    done_ = true;
}

void append_copy_field(std::string& out, std::optional<std::string_view> value, bool last) {
    if (!value) {
        out += "\\N";
    } else {
        for (char c : *value) {
            switch (c) {
                case '\\':
                    out += "\\\\";
                    break;
                case '\t':
                    out += "\\t";
                    break;
                case '\n':
                    out += "\\n";
                    break;
                case '\r':
                    out += "\\r";
                    break;
                default:
                    out += c;
            }
        }
    }
    out += last ? '\n' : '\t';
}

}  // namespace hall::pg
