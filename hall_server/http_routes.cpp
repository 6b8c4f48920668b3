// Routes from method and path to the protocol's operations and the public pages.
#include "http_routes.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/string.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <optional>
#include <string_view>

#include "event_hub.hpp"
#include "export.hpp"
#include "hall_service.hpp"
#include "message_decoder.hpp"
#include "metrics.hpp"
#include "protocol_json.hpp"
#include "request_handler.hpp"
#include "web_assets.hpp"

namespace hall::server {

namespace net = boost::asio;
namespace http = boost::beast::http;
using nlohmann::json;

namespace {

HttpResponse reply_response(const HttpRequest& request, const Reply& reply) {
    auto status = reply.ok() ? 200u : http_status_of(reply.error);
    return json_response(request, static_cast<http::status>(status), reply.text);
}

HttpResponse error_response(const HttpRequest& request, const std::string& code,
                            const std::string& message) {
    return reply_response(request, reply_of(error_reply(code, message)));
}

// RFC 3986 2.1: "%41" is "A", in a path segment as in a query. nullopt for a broken escape, or
// for bytes that are not UTF-8 text (a zero byte included), which no name or number of the hall
// holds and no reply could quote.
std::optional<std::string> percent_decoded(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out += text[i];
            continue;
        }
        unsigned value = 0;
        const char* first = text.data() + i + 1;
        const char* last = text.data() + std::min(i + 3, text.size());
        auto [end, ec] = std::from_chars(first, last, value, 16);
        if (ec != std::errc() || end != first + 2)
            return std::nullopt;
        out += static_cast<char>(value);
        i += 2;
    }
    if (out.find('\0') != std::string::npos || !is_valid_utf8(out))
        return std::nullopt;
    return out;
}

// The path's segments, percent-decoded; nullopt if one cannot be.
std::optional<std::vector<std::string>> split_path(std::string_view path) {
    std::vector<std::string> parts;
    while (!path.empty()) {
        if (path.front() == '/') {
            path.remove_prefix(1);
            continue;
        }
        auto end = path.find('/');
        auto part = percent_decoded(path.substr(0, end));
        if (!part)
            return std::nullopt;
        parts.push_back(std::move(*part));
        path = end == std::string_view::npos ? std::string_view() : path.substr(end);
    }
    return parts;
}

// The query's name=value pairs, percent-decoded (a '+' stays a '+'); nullopt if one cannot be.
std::optional<std::vector<std::pair<std::string, std::string>>> split_query(
    std::string_view target) {
    std::vector<std::pair<std::string, std::string>> pairs;
    auto q = target.find('?');
    auto query = q == std::string_view::npos ? std::string_view() : target.substr(q + 1);
    while (!query.empty()) {
        auto amp = query.find('&');
        auto pair = query.substr(0, amp);
        auto eq = pair.find('=');
        auto name = percent_decoded(pair.substr(0, eq));
        auto value = percent_decoded(eq == std::string_view::npos ? "" : pair.substr(eq + 1));
        if (!name || !value)
            return std::nullopt;
        pairs.emplace_back(std::move(*name), std::move(*value));
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    }
    return pairs;
}

// The query's value of `name`: nullopt when the query does not name it, "" when it names it
// without a value ("?day="). The first of several.
std::optional<std::string> query_param(
    const std::vector<std::pair<std::string, std::string>>& query, std::string_view name) {
    for (const auto& [key, value] : query)
        if (key == name)
            return value;
    return std::nullopt;
}

// The device whose token the request carries (Authorization: Bearer NAME.SECRET), if any.
std::optional<Device> bearer_device(const HttpRequest& request, DeviceRegistry& devices) {
    // RFC 9110 11.1: the scheme's name is case-insensitive ("bearer" is "Bearer"), and one or
    // more spaces part it from the credentials.
    const std::string_view authorization(request[http::field::authorization].data(),
                                         request[http::field::authorization].size());
    const auto space = authorization.find(' ');
    if (space == std::string_view::npos ||
        !boost::beast::iequals(boost::beast::string_view(authorization.data(), space), "Bearer"))
        return std::nullopt;
    auto token = authorization.substr(space);
    token.remove_prefix(std::min(token.find_first_not_of(' '), token.size()));
    return devices.authenticate(std::string(token));
}

// A number in a path or query as the server writes it: decimal digits, no sign, no leading zero
// ("01" names no window: one resource, one address).
std::optional<std::int64_t> to_number(std::string_view text) {
    if (text.empty() || (text.size() > 1 && text.front() == '0') ||
        text.find_first_not_of("0123456789") != std::string_view::npos)
        return std::nullopt;
    std::int64_t value = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || ptr != text.data() + text.size())
        return std::nullopt;
    return value;
}

}  // namespace

HttpHandler make_http_routes(RouteContext& c) {
    return [&c](const HttpRequest& request, bool within_rate) -> net::awaitable<HttpResponse> {
        // Every request on a connection counts toward its rate, as every WebSocket message does.
        if (!within_rate) {
            c.metrics.count_request("unknown", "rate_limited");
            auto response = error_response(request, "rate_limited", "too many requests: slow down");
            response.set(http::field::retry_after, "1");  // RFC 6585 4: when to try again
            co_return response;
        }
        std::string_view target(request.target().data(), request.target().size());
        std::string_view path = target.substr(0, target.find('?'));
        auto split = split_path(path);
        auto query = split_query(target);
        if (!split || !query)
            co_return error_response(request, "bad_request",
                                     "the request target has a broken percent-escape, or one "
                                     "that is not UTF-8 text");
        const auto& parts = *split;
        // HEAD is answered as GET, and the server sends only the head of the answer.
        const bool get =
            request.method() == http::verb::get || request.method() == http::verb::head;
        const bool post = request.method() == http::verb::post;
        if (!get && !path.starts_with("/api/"))
            co_return error_response(
                request, "not_found",
                "no page for " + std::string(request.method_string()) + " " + std::string(path));

        // Public: pages, health, metrics, catalog, state, a ticket by its status key.
        if (path == "/healthz") {
            json body = {{"ok", true},
                         {"day", c.hall.engine().day()},
                         {"next_seq", c.hall.engine().next_seq()},
                         {"storage_available", c.hall.storage_available()}};
            co_return json_response(request, http::status::ok, body.dump());
        }
        if (path == "/metrics")
            co_return text_response(request, http::status::ok, c.metrics.render(c.hall),
                                    "text/plain; version=0.0.4; charset=utf-8");
        if (path == "/") {
            auto moved = text_response(request, http::status::found, "", "text/plain");
            moved.set(http::field::location, "/board");
            co_return moved;
        }
        if (parts.size() == 2 && parts[0] == "t") {
            if (const auto* page = find_web_asset("/ticket.html"))
                co_return text_response(request, http::status::ok, std::string(page->content),
                                        std::string(page->content_type));
        }
        if (const auto* asset = find_web_asset(path == "/board" ? "/board.html" : path)) {
            co_return text_response(request, http::status::ok, std::string(asset->content),
                                    std::string(asset->content_type));
        }
        if (path == "/api/catalog" && get)
            co_return reply_response(request, c.handler.catalog());
        if (path == "/api/state" && get)
            co_return reply_response(request,
                                     reply_of({{"ok", true}, {"result", c.hub.snapshot()}}));
        if (parts.size() == 3 && parts[0] == "api" && parts[1] == "t" && get) {
            auto id = to_number(parts[2]);
            const auto* t = id ? c.hall.engine().find_ticket(*id) : nullptr;
            auto key = query_param(*query, "k").value_or("");
            if (!t || key.empty() || key != t->status_key)
                co_return error_response(request, "unknown_ticket",
                                         "no ticket today with that number and key");
            co_return reply_response(request, ticket_reply(c.hall.engine(), *t));
        }
        if (parts.empty() || parts[0] != "api")
            co_return error_response(request, "not_found", "nothing at " + std::string(path));

        // The yearly export, for managers: read on its own connection off the io thread.
        if (path == "/api/export" && get) {
            auto device = bearer_device(request, c.hall.devices());
            auto refuse = [&](const std::string& code, const std::string& message) {
                c.metrics.count_request("export", code);
                return error_response(request, code, message);
            };
            if (!device)
                co_return refuse("unauthenticated",
                                 "send a device token: Authorization: Bearer NAME.SECRET");
            if (device->role != Role::manager)
                co_return refuse("forbidden", "only a manager device may export");
            auto year = to_number(query_param(*query, "year").value_or(""));
            auto format = parse_export_format(query_param(*query, "format").value_or(""));
            if (!year || !format)
                co_return refuse("bad_request", "give year=YYYY and format=csv, xlsx, json or md");
            ExportRequest what;
            what.year = static_cast<int>(*year);
            what.format = *format;
            what.now_ms = c.hall.now_ms();  // the hall's clock: a test clock's time under test
            std::string bytes, failure;
            const std::string db_path = c.hall.reader().path();
            co_await c.hall.flush_tallies();
            co_await net::post(c.exports, net::use_awaitable);
            try {
                sql::Database db(db_path);
                bytes = render_export(db, what);
            } catch (const std::exception& e) {
                failure = e.what();
            }
            co_await net::post(c.hall.io(), net::use_awaitable);
            c.metrics.count_request("export", failure.empty() ? "ok" : "bad_request");
            if (!failure.empty())
                co_return error_response(request, "bad_request", failure);
            auto response =
                text_response(request, http::status::ok, bytes, std::string(content_type(*format)));
            response.set(http::field::content_disposition,
                         "attachment; filename=\"hall-" + std::to_string(*year) + "." +
                             std::string(file_extension(*format)) + "\"");
            co_return response;
        }

        // The rest needs a device token.
        json op = {{"op", ""}};
        std::optional<int> path_window;
        if (get && parts.size() == 3 && parts[1] == "tickets") {
            op = {{"op", "ticket"}, {"number", std::string(parts[2])}};
        } else if (get && parts.size() == 2 && parts[1] == "stats") {
            op = {{"op", "stats"}};
            // "?day=" gives an empty day, refused as over the WebSocket; no day is today.
            if (auto day = query_param(*query, "day"))
                op["day"] = *day;
        } else if (post && parts.size() == 2 && parts[1] == "tickets") {
            op["op"] = "issue";
        } else if (post && parts.size() == 2 && parts[1] == "check-in") {
            op["op"] = "check_in";
        } else if (post && parts.size() == 4 && parts[1] == "tickets" && parts[3] == "cancel") {
            op = {{"op", "cancel"}, {"number", std::string(parts[2])}};
        } else if (post && parts.size() == 4 && parts[1] == "windows") {
            auto n = to_number(parts[2]);
            if (!n || *n < 1 || *n > 99999) {
                c.metrics.count_request(metric_op_name(parts[3]), "unknown_window");
                co_return error_response(request, "unknown_window",
                                         "no window " + std::string(parts[2]).substr(0, 64));
            }
            path_window = static_cast<int>(*n);
            op["op"] = std::string(parts[3]);
        } else if (post && parts.size() == 2 && parts[1] == "close-day") {
            op["op"] = "close_day";
        } else if (post && parts.size() == 2 && parts[1] == "notices") {
            op["op"] = "notice";
        } else {
            co_return error_response(request, "not_found",
                                     "no operation at " + std::string(request.method_string()) +
                                         " " + std::string(path));
        }

        // A refusal before the handler is counted as the handler counts its own.
        const std::string op_name = op["op"].get<std::string>();
        auto refuse = [&](const std::string& code, const std::string& message) {
            c.metrics.count_request(metric_op_name(op_name), code);
            return error_response(request, code, message);
        };
        auto device = bearer_device(request, c.hall.devices());
        if (!device)
            co_return refuse("unauthenticated",
                             "send a device token: Authorization: Bearer NAME.SECRET");
        if (path_window && device->window != path_window)
            co_return refuse("forbidden", "this device does not belong to window " +
                                              std::to_string(*path_window));
        if (path_window && !is_window_operation(op_name))
            co_return refuse("unknown_op",
                             "there is no window operation \"" + op_name.substr(0, 64) + "\"");

        // A GET's fields are its path's and query's alone: a body sent with it is not read.
        if (post && !request.body().empty()) {
            if (!is_valid_utf8(request.body()))
                co_return refuse("invalid_utf8", "the body is not valid UTF-8");
            auto body = parse_json_object(request.body());
            if (!body)
                co_return refuse("bad_json", "the body is not a JSON object");
            // Moved, not copied: a copy recurses once per level of nesting, and a body of
            // nested arrays would overflow the stack. The path's fields (op, number) stay.
            for (auto& [key, value] : body->items())
                if (!op.contains(key))
                    op[key] = std::move(value);
        }
        co_return reply_response(request, co_await c.handler.handle(*device, op));
    };
}

}  // namespace hall::server
