// A device's WebSocket session: a reader coroutine, an outbox written in order, a rate limit.
#include "websocket_session.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <deque>
#include <set>

#include "event_hub.hpp"
#include "hall_service.hpp"
#include "log.hpp"
#include "message_decoder.hpp"
#include "metrics.hpp"
#include "rate_limit.hpp"
#include "request_handler.hpp"

namespace hall::server {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using nlohmann::json;

namespace {

constexpr std::size_t max_outbox_messages = 1024;
constexpr std::size_t max_outbox_bytes = 4 * 1024 * 1024;
constexpr int max_in_flight = 64;
// How long a device ended with a close frame has to answer it before its socket is closed.
constexpr auto close_answer_wait = std::chrono::seconds(5);

// Stream is beast::tcp_stream, or TlsStream for WSS.
template <class Stream>
class Session : public Subscriber, public std::enable_shared_from_this<Session<Stream>> {
  public:
    Session(WebSocketContext& context, Stream stream)
        : context_(context),
          ws_(std::move(stream)),
          slot_(ws_.get_executor()),
          close_wait_(ws_.get_executor()),
          rate_(context.limits.requests_per_second, context.limits.request_burst) {}

    // Coroutines take their own reference: a frame may start after the caller let go.
    net::awaitable<void> run(std::shared_ptr<Session> /*keep_alive*/, HttpRequest request) {
        context_.sessions.insert(this);
        ++context_.metrics.connections_open;
        ++context_.metrics.connections_total;
        try {
            ws_.read_message_max(context_.limits.message_bytes);
            auto timeouts = websocket::stream_base::timeout::suggested(beast::role_type::server);
            timeouts.idle_timeout = std::chrono::seconds(context_.limits.idle_seconds);
            timeouts.keep_alive_pings = true;
            ws_.set_option(timeouts);
            ws_.set_option(websocket::stream_base::decorator([](websocket::response_type& r) {
                r.set(beast::http::field::server, "counterhall");
            }));
            // RFC 6455 7.4 defines close codes up to 4999; Beast takes a higher one as valid and
            // would send it back. Such a close fails the connection instead.
            ws_.control_callback([this](websocket::frame_type kind, beast::string_view) {
                if (kind == websocket::frame_type::close && ws_.reason().code >= 5000)
                    close();
            });
            co_await ws_.async_accept(request, net::use_awaitable);
            ws_.text(true);
            // Each message is one frame, as docs/protocol.md promises: Beast would otherwise cut
            // one of over 4 KiB (a snapshot) into fragments, with pings or a close between them,
            // which a simple client may not put back together.
            ws_.auto_fragment(false);
            accepted_ = true;
            write_next();
            co_await reader();
        } catch (const std::exception&) {
            // The device went away or broke the protocol: its session simply ends.
        }
        closing_ = true;
        if (device_)
            log::info("device " + device_name_ + " disconnected");
        context_.hub.leave(this);
        context_.sessions.erase(this);
        --context_.metrics.connections_open;
    }

    void deliver(std::shared_ptr<const std::string> message) override {
        if (closing_ || close_sent_)
            return;
        if (outbox_.size() >= max_outbox_messages ||
            outbox_bytes_ + message->size() > max_outbox_bytes) {
            // A device that stopped reading is dropped, not buffered without end.
            ++context_.metrics.slow_devices_dropped;
            close();
            return;
        }
        outbox_bytes_ += message->size();
        outbox_.push_back(std::move(message));
        if (!writing_)
            write_next();
    }

    const std::string& device_name() const override { return device_name_; }
    net::any_io_executor executor() { return ws_.get_executor(); }

    void close() override {
        if (closing_)
            return;
        closing_ = true;
        boost::system::error_code ec;
        beast::get_lowest_layer(ws_).socket().shutdown(net::ip::tcp::socket::shutdown_both, ec);
        beast::get_lowest_layer(ws_).socket().close(ec);
    }

    void end(int code, std::string reason) override {
        if (closing_ || ending_)
            return;
        if (!accepted_) {  // no handshake yet, so no frame to close it with
            close();
            return;
        }
        ending_ = websocket::close_reason(static_cast<websocket::close_code>(code), reason);
        context_.hub.leave(this);  // no more events; what it asked for is still answered
        if (!writing_)
            write_next();
    }

  private:
    void send(const json& message) { deliver(std::make_shared<const std::string>(message.dump())); }

    void reply(const json& id, const json& body) { answer(id, reply_of(body)); }

    // The handler's reply text with the request's id put first: {"id":...,"ok":...}.
    void answer(const json& id, const Reply& body) {
        auto text = std::make_shared<std::string>("{\"id\":");
        text->reserve(body.text.size() + 16);
        *text += id.dump();
        *text += ',';
        text->append(body.text, 1);
        deliver(std::move(text));
    }

    net::awaitable<void> reader() {
        beast::flat_buffer buffer;  // one for every message: read, decoded, then emptied
        for (;;) {
            buffer.consume(buffer.size());
            co_await ws_.async_read(buffer, net::use_awaitable);
            if (closing_)
                co_return;
            if (ending_)
                continue;  // an ended session takes nothing more; reading waits for the close
            // Every message counts toward the rate, even one that is refused as malformed.
            const bool within_rate = rate_.allow(std::chrono::steady_clock::now());
            const auto data = buffer.cdata();
            auto decoded = decode_message(
                std::string_view(static_cast<const char*>(data.data()), data.size()));
            if (!decoded.ok()) {
                reply(nullptr, error_reply(decoded.error, decoded.message));
                context_.metrics.count_request("unknown", decoded.error);
                continue;
            }
            json id = std::move(decoded.id);
            json message = std::move(decoded.request);
            if (!within_rate) {
                reply(id, error_reply("rate_limited", "too many requests: slow down"));
                context_.metrics.count_request("unknown", "rate_limited");
                continue;
            }
            auto op = message.find("op");
            if (op != message.end() && *op == "hello") {
                hello(id, message);
                continue;
            }
            if (!device_) {
                reply(id,
                      error_reply("unauthenticated", "say hello with the device's token first"));
                context_.metrics.count_request("unknown", "unauthenticated");
                continue;
            }
            while (in_flight_ >= max_in_flight && !closing_) {
                slot_.expires_after(std::chrono::seconds(5));
                boost::system::error_code ec;
                co_await slot_.async_wait(net::redirect_error(net::use_awaitable, ec));
            }
            ++in_flight_;
            net::co_spawn(ws_.get_executor(),
                          handle(this->shared_from_this(), device_, id, std::move(message)),
                          net::detached);
        }
    }

    // The request is carried out for the device that sent it, even if a hello names another
    // device while it is in flight.
    net::awaitable<void> handle(std::shared_ptr<Session> /*keep_alive*/,
                                std::shared_ptr<const Device> device, json id, json message) {
        Reply body;
        try {
            body = co_await context_.handler.handle(*device, message);
        } catch (const std::exception& e) {
            log::error("a request from " + device->name + " failed: " + e.what());
            body = reply_of(error_reply("internal", "the server could not complete the request"));
        }
        --in_flight_;
        slot_.cancel_one();
        answer(id, body);
    }

    void hello(const json& id, const json& message) {
        auto token = message.find("token");
        const bool given = token != message.end() && token->is_string();
        std::optional<Device> device;
        if (given)
            device = context_.hall.devices().authenticate(token->get<std::string>());
        if (!device) {
            reply(id, error_reply("unauthenticated",
                                  given ? "unknown or revoked device token"
                                        : "hello needs the device's token, as a string"));
            context_.metrics.count_request("hello", "unauthenticated");
            return;
        }
        device_ = std::make_shared<const Device>(*device);
        device_name_ = device->name;
        log::info("device " + device_name_ + " (" + std::string(to_string(device->role)) +
                  ") connected");
        json result = {{"device", device->name},
                       {"role", to_string(device->role)},
                       {"window", device->window ? json(*device->window) : json(nullptr)},
                       {"hall", context_.hall.catalog().hall.name},
                       {"time_zone", context_.hall.catalog().hall.time_zone},
                       {"day", context_.hall.engine().day()},
                       {"now_ms", context_.hall.now_ms()}};
        reply(id, {{"ok", true}, {"result", std::move(result)}});
        send({{"event", "snapshot"}, {"data", context_.hub.snapshot()}});
        context_.hub.join(this, {device->role, device->window});
        context_.metrics.count_request("hello", "ok");
    }

    // While more than one message waits, the socket is corked: the kernel packs them into full
    // segments instead of sending (and, over loopback, receiving) one segment per message, which
    // was most of the io thread's time when every device got a burst of queue states. Uncorking
    // once the outbox is empty sends what is left at once.
    void cork(bool on) {
        if (corked_ == on)
            return;
        corked_ = on;
        const int value = on ? 1 : 0;
        ::setsockopt(beast::get_lowest_layer(ws_).socket().native_handle(), IPPROTO_TCP, TCP_CORK,
                     &value, sizeof value);
    }

    // Writes the outbox's messages one after another. The first write starts within deliver():
    // Asio tries the send at once, so a broadcast to many devices sends to each as it goes, with
    // no round through the io thread's queue per device.
    void write_next() {
        if (closing_ || !accepted_)
            return;
        if (outbox_.empty()) {
            writing_ = false;
            cork(false);
            if (ending_ && in_flight_ == 0)
                send_close();
            return;
        }
        writing_ = true;
        if (outbox_.size() > 1)
            cork(true);
        ws_.async_write(net::buffer(*outbox_.front()),
                        [self = this->shared_from_this()](boost::system::error_code ec,
                                                          std::size_t) { self->wrote(ec); });
    }

    // The close frame goes last, after everything queued before end() and the answers to the
    // requests in flight then. The device answers with its own and the socket is shut; one that
    // does not answer is cut off after a while.
    void send_close() {
        writing_ = true;
        close_sent_ = true;
        auto self = this->shared_from_this();
        close_wait_.expires_after(close_answer_wait);
        close_wait_.async_wait([self](boost::system::error_code ec) {
            if (!ec)
                self->close();
        });
        ws_.async_close(*ending_, [self](boost::system::error_code) {
            self->close_wait_.cancel();
            self->close();
        });
    }

    void wrote(boost::system::error_code ec) {
        if (ec) {
            writing_ = false;
            close();
            return;
        }
        outbox_bytes_ -= outbox_.front()->size();
        outbox_.pop_front();
        write_next();
    }

    WebSocketContext& context_;
    websocket::stream<Stream> ws_;
    net::steady_timer slot_;
    net::steady_timer close_wait_;
    std::deque<std::shared_ptr<const std::string>> outbox_;
    std::size_t outbox_bytes_ = 0;
    std::shared_ptr<const Device> device_;
    std::string device_name_;
    RateLimit rate_;
    int in_flight_ = 0;
    bool closing_ = false;
    std::optional<websocket::close_reason> ending_;  // end() was called: close when written
    bool close_sent_ = false;
    bool accepted_ = false;  // the handshake is done: messages may be written
    bool writing_ = false;   // a write is on its way
    bool corked_ = false;
};

}  // namespace

namespace {
template <class Stream>
void start_session(WebSocketContext& context, Stream stream, HttpRequest request) {
    if (context.stopping || context.sessions.size() >= context.limits.connections) {
        if (!context.stopping)
            ++context.metrics.connections_refused;
        boost::system::error_code ec;
        beast::get_lowest_layer(stream).socket().close(ec);
        return;
    }
    auto session = std::make_shared<Session<Stream>>(context, std::move(stream));
    net::co_spawn(session->executor(), session->run(session, std::move(request)), net::detached);
}
}  // namespace

void start_websocket_session(WebSocketContext& context, beast::tcp_stream stream,
                             HttpRequest request) {
    start_session(context, std::move(stream), std::move(request));
}

void start_websocket_session(WebSocketContext& context, TlsStream stream, HttpRequest request) {
    start_session(context, std::move(stream), std::move(request));
}

void end_all_websocket_sessions(WebSocketContext& context, int code, const std::string& reason) {
    context.stopping = true;
    auto sessions = std::vector<Subscriber*>(context.sessions.begin(), context.sessions.end());
    for (auto* session : sessions)
        if (context.sessions.count(session))
            session->end(code, reason);
}

void close_all_websocket_sessions(WebSocketContext& context) {
    auto sessions = std::vector<Subscriber*>(context.sessions.begin(), context.sessions.end());
    for (auto* session : sessions)
        session->close();
}

}  // namespace hall::server
