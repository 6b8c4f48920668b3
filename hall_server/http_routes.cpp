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

std::vector<std::string_view> split_path(std::string_view path) {
    std::vector<std::string_view> parts;
    while (!path.empty()) {
        if (path.front() == '/') {
            path.remove_prefix(1);
            continue;
        }
        auto end = path.find('/');
        parts.push_back(path.substr(0, end));
        path = end == std::string_view::npos ? std::string_view() : path.substr(end);
    }
    return parts;
}

// The value of a query parameter, without percent-decoding: our parameters are plain tokens.
// The query's value of `name`: nullopt when the query does not name it, "" when it names it
// without a value ("?day=").
std::optional<std::string> query_param(std::string_view target, std::string_view name) {
    auto q = target.find('?');
    if (q == std::string_view::npos)
        return std::nullopt;
    auto query = target.substr(q + 1);
    while (!query.empty()) {
        auto amp = query.find('&');
        auto pair = query.substr(0, amp);
        auto eq = pair.find('=');
        if (pair.substr(0, eq) == name)
            return std::string(eq == std::string_view::npos ? "" : pair.substr(eq + 1));
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    }
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

std::optional<std::int64_t> to_number(std::string_view text) {
    std::int64_t value = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || ptr != text.data() + text.size())
        return std::nullopt;
    return value;
}

}  // namespace

HttpHandler make_http_routes(RouteContext& c) {
    return [&c](const HttpRequest& request) -> net::awaitable<HttpResponse> {
        std::string_view target(request.target().data(), request.target().size());
        std::string_view path = target.substr(0, target.find('?'));
        auto parts = split_path(path);
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
            auto key = query_param(target, "k").value_or("");
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
            if (!device)
                co_return error_response(request, "unauthenticated",
                                         "send a device token: Authorization: Bearer NAME.SECRET");
            if (device->role != Role::manager)
                co_return error_response(request, "forbidden", "only a manager device may export");
            auto year = to_number(query_param(target, "year").value_or(""));
            auto format = parse_export_format(query_param(target, "format").value_or(""));
            if (!year || !format)
                co_return error_response(request, "bad_request",
                                         "give year=YYYY and format=csv, xlsx, json or md");
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
            if (auto day = query_param(target, "day"))
                op["day"] = *day;
        } else if (post && parts.size() == 2 && parts[1] == "tickets") {
            op["op"] = "issue";
        } else if (post && parts.size() == 2 && parts[1] == "check-in") {
            op["op"] = "check_in";
        } else if (post && parts.size() == 4 && parts[1] == "tickets" && parts[3] == "cancel") {
            op = {{"op", "cancel"}, {"number", std::string(parts[2])}};
        } else if (post && parts.size() == 4 && parts[1] == "windows") {
            auto n = to_number(parts[2]);
            if (!n || *n < 1 || *n > 99999)
                co_return error_response(request, "unknown_window",
                                         "no window " + std::string(parts[2]));
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

        auto device = bearer_device(request, c.hall.devices());
        if (!device)
            co_return error_response(request, "unauthenticated",
                                     "send a device token: Authorization: Bearer NAME.SECRET");
        if (path_window && device->window != path_window)
            co_return error_response(
                request, "forbidden",
                "this device does not belong to window " + std::to_string(*path_window));

        if (!request.body().empty()) {
            if (!is_valid_utf8(request.body()))
                co_return error_response(request, "invalid_utf8", "the body is not valid UTF-8");
            auto body = json::parse(request.body(), nullptr, false);
            if (body.is_discarded() || !body.is_object())
                co_return error_response(request, "bad_json", "the body is not a JSON object");
            // Moved, not copied: a copy recurses once per level of nesting, and a body of
            // nested arrays would overflow the stack. The path's fields (op, number) stay.
            for (auto& [key, value] : body.items())
                if (!op.contains(key))
                    op[key] = std::move(value);
        }
        co_return reply_response(request, co_await c.handler.handle(*device, op));
    };
}

}  // namespace hall::server
