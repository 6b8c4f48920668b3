// The HTTP side of the server: REST for the protocol's operations, the public pages, metrics.
#pragma once

#include <boost/asio/thread_pool.hpp>

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
    boost::asio::thread_pool& exports;  // yearly exports run here, off the io thread
};

HttpHandler make_http_routes(RouteContext& context);

}  // namespace hall::server
