// Boost.Beast WebSocket client: one io_context on the link's thread, a reader and a writer
// coroutine per connection, and a reconnect loop with back-off.
#include "server_link.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <algorithm>
#include <chrono>

namespace kiosk {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using net::use_awaitable;
using tcp = net::ip::tcp;

std::optional<ServerUrl> parse_server_url(std::string_view url) {
    if (!url.starts_with("ws://"))
        return std::nullopt;
    url.remove_prefix(5);
    ServerUrl out;
    auto slash = url.find('/');
    std::string_view authority = url.substr(0, slash);
    if (slash != std::string_view::npos && url.size() > slash + 1)
        out.path = std::string(url.substr(slash));
    auto colon = authority.rfind(':');
    if (colon != std::string_view::npos) {
        out.host = std::string(authority.substr(0, colon));
        out.port = std::string(authority.substr(colon + 1));
        if (out.port.empty() || !std::all_of(out.port.begin(), out.port.end(),
                                             [](char c) { return c >= '0' && c <= '9'; }))
            return std::nullopt;
    } else {
        out.host = std::string(authority);
    }
    if (out.host.empty())
        return std::nullopt;
    return out;
}

struct ServerLink::Impl {
    ServerUrl url;
    std::function<void()> wake;
    net::io_context io;
    std::thread thread;
    std::mutex mutex;
    std::deque<LinkMessage> inbox;
    // Owned by the io thread:
    std::deque<std::string> outbox;
    std::shared_ptr<websocket::stream<beast::tcp_stream>> socket;
    std::unique_ptr<net::steady_timer> outbox_signal;
    bool stopping = false;

    void deliver(LinkMessage message) {
        {
            std::lock_guard lock(mutex);
            inbox.push_back(std::move(message));
        }
        wake();
    }

    net::awaitable<void> writer(std::shared_ptr<websocket::stream<beast::tcp_stream>> ws) {
        while (ws == socket) {
            if (outbox.empty()) {
                boost::system::error_code ignored;
                outbox_signal->expires_at(net::steady_timer::time_point::max());
                co_await outbox_signal->async_wait(net::redirect_error(use_awaitable, ignored));
                continue;
            }
            std::string text = std::move(outbox.front());
            outbox.pop_front();
            ws->text(true);
            co_await ws->async_write(net::buffer(text), use_awaitable);
        }
    }

    net::awaitable<void> connect_and_read() {
        auto executor = co_await net::this_coro::executor;
        tcp::resolver resolver(executor);
        auto endpoints = co_await resolver.async_resolve(url.host, url.port, use_awaitable);
        auto ws = std::make_shared<websocket::stream<beast::tcp_stream>>(executor);
        beast::get_lowest_layer(*ws).expires_after(std::chrono::seconds(5));
        co_await beast::get_lowest_layer(*ws).async_connect(endpoints, use_awaitable);
        beast::get_lowest_layer(*ws).expires_never();
        // The server pings every 20 s; no answer for this long means the link is dead.
        websocket::stream_base::timeout timeouts{std::chrono::seconds(5), std::chrono::seconds(45),
                                                 true};
        ws->set_option(timeouts);
        ws->read_message_max(1 << 20);
        co_await ws->async_handshake(url.host + ":" + url.port, url.path, use_awaitable);
        socket = ws;
        outbox.clear();  // frames queued while offline belonged to requests already failed
        deliver({LinkMessage::Kind::connected, {}});
        net::co_spawn(executor, writer(ws), [this](std::exception_ptr error) {
            if (error && socket) {
                // A failed write ends the connection; the reader then sees the close.
                beast::get_lowest_layer(*socket).cancel();
            }
        });
        beast::flat_buffer buffer;
        for (;;) {
            co_await ws->async_read(buffer, use_awaitable);
            deliver({LinkMessage::Kind::text, beast::buffers_to_string(buffer.data())});
            buffer.consume(buffer.size());
        }
    }

    net::awaitable<void> run() {
        auto executor = co_await net::this_coro::executor;
        net::steady_timer pause(executor);
        auto backoff = std::chrono::milliseconds(250);
        while (!stopping) {
            std::string why;
            bool was_connected = false;
            try {
                co_await connect_and_read();
            } catch (const std::exception& e) {
                why = e.what();
            }
            was_connected = socket != nullptr;
            socket.reset();
            outbox_signal->cancel();
            if (stopping)
                break;
            deliver({LinkMessage::Kind::disconnected, why});
            // Back-off: quick for a blip, then at most every 5 s so a hall of devices does not
            // hammer a restarting server.
            backoff = was_connected ? std::chrono::milliseconds(250)
                                    : std::min(backoff * 2, std::chrono::milliseconds(5000));
            pause.expires_after(backoff);
            boost::system::error_code ignored;
            co_await pause.async_wait(net::redirect_error(use_awaitable, ignored));
        }
    }
};

ServerLink::ServerLink(ServerUrl url, std::function<void()> wake)
    : impl_(std::make_unique<Impl>()) {
    impl_->url = std::move(url);
    impl_->wake = std::move(wake);
    impl_->outbox_signal = std::make_unique<net::steady_timer>(impl_->io);
}

ServerLink::~ServerLink() {
    net::post(impl_->io, [impl = impl_.get()] {
        impl->stopping = true;
        if (impl->socket)
            beast::get_lowest_layer(*impl->socket).cancel();
        impl->io.stop();
    });
    if (impl_->thread.joinable())
        impl_->thread.join();
}

void ServerLink::start() {
    net::co_spawn(impl_->io, impl_->run(), net::detached);
    impl_->thread = std::thread([impl = impl_.get()] {
        try {
            impl->io.run();
        } catch (...) {
            // run() catches everything per connection; nothing reaches here but shutdown.
        }
    });
}

void ServerLink::send(std::string text) {
    net::post(impl_->io, [impl = impl_.get(), text = std::move(text)]() mutable {
        if (!impl->socket)
            return;
        impl->outbox.push_back(std::move(text));
        impl->outbox_signal->cancel();
    });
}

std::deque<LinkMessage> ServerLink::take() {
    std::lock_guard lock(impl_->mutex);
    return std::exchange(impl_->inbox, {});
}

}  // namespace kiosk
