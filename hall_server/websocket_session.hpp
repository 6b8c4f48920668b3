// One device's WebSocket: hello, pipelined requests, pushed events through a bounded outbox.
#pragma once

#include <boost/beast/core/tcp_stream.hpp>

#include <set>

#include "http_server.hpp"
#include "server_config.hpp"

namespace hall::server {

class EventHub;
class Subscriber;
class HallService;
class RequestHandler;
struct Metrics;

struct WebSocketContext {
    HallService& hall;
    EventHub& hub;
    RequestHandler& handler;
    Metrics& metrics;
    std::set<Subscriber*> sessions;  // every open session, with or without hello
    ServerLimits limits;
    bool stopping = false;  // the server is stopping: no new session
};

// Starts a session on a connection that asked for /ws. The session owns itself (shared_ptr
// held by its reader coroutine and by the write in progress) and lives on the io thread.
void start_websocket_session(WebSocketContext& context, boost::beast::tcp_stream stream,
                             HttpRequest request);
// The same over TLS (WSS).
void start_websocket_session(WebSocketContext& context, TlsStream stream, HttpRequest request);

// Ends every open session with a close frame (`code`, `reason`) once it has answered the
// requests it holds; a session ends by itself when the close is answered or after 5 s. No new
// session starts after it (the server is stopping).
void end_all_websocket_sessions(WebSocketContext& context, int code, const std::string& reason);
// Closes every open session's socket at once.
void close_all_websocket_sessions(WebSocketContext& context);

}  // namespace hall::server
