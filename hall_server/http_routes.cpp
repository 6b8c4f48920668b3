// The REST routes over the running hall.
#include "http_routes.hpp"

#include <boost/asio/use_awaitable.hpp>

#include <nlohmann/json.hpp>

#include "protocol_json.hpp"

namespace hall::server {

namespace net = boost::asio;
namespace http = boost::beast::http;

namespace {
HttpResponse error_response(const HttpRequest& request, http::status status,
                            const std::string& code, const std::string& message) {
    nlohmann::json body = {{"ok", false}, {"error", {{"code", code}, {"message", message}}}};
    return json_response(request, status, body.dump());
}
}  // namespace

HttpHandler make_http_routes(HallService& hall) {
    return [&hall](const HttpRequest& request) -> net::awaitable<HttpResponse> {
        std::string target(request.target());
        auto path = target.substr(0, target.find('?'));
        if (path == "/healthz") {
            nlohmann::json body = {
                {"ok", true}, {"day", hall.engine().day()}, {"next_seq", hall.engine().next_seq()}};
            co_return json_response(request, http::status::ok, body.dump());
        }
        if (path == "/api/state") {
            if (request.method() != http::verb::get)
                co_return error_response(request, http::status::method_not_allowed,
                                         "method_not_allowed", "use GET");
            nlohmann::json body = {{"ok", true}, {"result", hall_state_json(hall.engine())}};
            co_return json_response(request, http::status::ok, body.dump());
        }
        co_return error_response(request, http::status::not_found, "not_found",
                                 "nothing at " + path);
    };
}

}  // namespace hall::server
