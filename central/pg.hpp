// RAII wrappers over libpq: a connection to the central PostgreSQL, query results, COPY, and a
// transaction guard. Every failure is one exception carrying PostgreSQL's SQLSTATE.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace hall::pg {

// A failed statement or a lost connection. sqlstate() is PostgreSQL's code ("23505", ...), empty
// when the server never answered; connection_lost() tells a broken link from a refused statement.
class Error : public std::runtime_error {
  public:
    Error(const std::string& what, std::string sqlstate, bool connection_lost)
        : std::runtime_error(what), sqlstate_(std::move(sqlstate)), lost_(connection_lost) {}
    const std::string& sqlstate() const { return sqlstate_; }
    bool connection_lost() const { return lost_; }

  private:
    std::string sqlstate_;
    bool lost_;
};

// The rows a query returned. Columns are read as text, the form libpq gives them.
class Result {
  public:
    explicit Result(PGresult* result) : result_(result) {}
    ~Result() { PQclear(result_); }
    Result(Result&& other) noexcept : result_(other.result_) { other.result_ = nullptr; }
    Result& operator=(Result&&) = delete;
    Result(const Result&) = delete;
    Result& operator=(const Result&) = delete;

    int rows() const { return PQntuples(result_); }
    bool is_null(int row, int column) const { return PQgetisnull(result_, row, column) != 0; }
    std::string_view text(int row, int column) const {
        return {PQgetvalue(result_, row, column),
                static_cast<std::size_t>(PQgetlength(result_, row, column))};
    }
    std::int64_t int64(int row, int column) const;
    // Rows changed by an INSERT, UPDATE or DELETE.
    std::int64_t affected() const;

  private:
    PGresult* result_;
};

// A parameter: text, or SQL NULL.
using Param = std::optional<std::string>;

// One connection, used by one thread at a time.
class Connection {
  public:
    // A libpq connection URI or key=value string. Connecting waits at most connect_timeout
    // seconds (10 unless the URI says otherwise) and keeps the link alive with TCP keepalives.
    explicit Connection(const std::string& uri);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    Result exec(const std::string& sql, const std::vector<Param>& params = {});
    // Calls `row` for each row of the query, read through a cursor a few thousand rows at a
    // time, so a large result never sits in memory whole. Needs an open transaction.
    void for_each_row(const std::string& sql, const std::vector<Param>& params,
                      const std::function<void(const Result&, int)>& row);
    // COPY ... FROM STDIN with the rows given in COPY's text format.
    void copy_in(const std::string& copy_sql, std::string_view rows);
    // host:port/database, without a password: for logs and progress files.
    std::string describe() const;

  private:
    [[noreturn]] void fail(const std::string& context, PGresult* result = nullptr);
    PGconn* conn_ = nullptr;
};

// BEGIN on construction; ROLLBACK in the destructor unless commit() was called.
class Transaction {
  public:
    explicit Transaction(Connection& connection, const char* begin = "BEGIN");
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

  private:
    Connection& connection_;
    bool done_ = false;
};

// Appends one field in COPY's text format (tab-separated, \N for NULL, backslash escapes).
void append_copy_field(std::string& out, std::optional<std::string_view> value, bool last);

}  // namespace hall::pg
