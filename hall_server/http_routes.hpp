// The REST routes: which handler answers which method and path.
#pragma once

#include "hall_service.hpp"
#include "http_server.hpp"

namespace hall::server {

HttpHandler make_http_routes(HallService& hall);

}  // namespace hall::server
