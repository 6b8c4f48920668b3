// The WebSocket to hall_server on its own thread: connects, reconnects with back-off, sends what
// the SDL thread queues, and hands every received frame back through a locked inbox. The SDL
// thread is woken by the `wake` callback (an SDL_PushEvent), so it can sleep in SDL_WaitEvent.
#pragma once

#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

namespace kiosk {

struct ServerUrl {
    std::string host;
    std::string port = "80";
    std::string path = "/ws";
    bool secure = false;  // wss://: TLS, the server's certificate verified, host name included
};
// "ws://127.0.0.1:8080", "wss://hall.example.cn:8443" or "ws://host:port/ws"; nullopt if it is
// not a ws:// or wss:// URL.
std::optional<ServerUrl> parse_server_url(std::string_view url);

struct LinkMessage {
    enum class Kind { connected, disconnected, text };
    Kind kind = Kind::text;
    std::string text;  // the frame, or why the link went down
};

class ServerLink {
  public:
    // For wss://, `ca_file` (PEM) holds the certificates the server's must chain to; empty: the
    // system's CA store. A certificate that does not verify ends the connection attempt (the
    // reason is in the `disconnected` message) and the link tries again later.
    ServerLink(ServerUrl url, std::function<void()> wake, std::string ca_file = {});
    ~ServerLink();
    ServerLink(const ServerLink&) = delete;
    ServerLink& operator=(const ServerLink&) = delete;

    void start();
    // Queues a frame; dropped when the link is down (the client fails its request itself).
    void send(std::string text);
    // Everything received since the last call, in order. SDL thread.
    std::deque<LinkMessage> take();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace kiosk
