// The HTTP side of the server: REST for the protocol's operations, the public pages, metrics.
#pragma once

#include "http_server.hpp"

namespace hall::server {

class EventHub;
class HallService;
class RequestHandler;
struct Metrics;

struct RouteContext {
    HallService& hall;
    EventHub& hub;
    RequestHandler& handler;
    Metrics& metrics;
};

HttpHandler make_http_routes(RouteContext& context);

}  // namespace hall::server
