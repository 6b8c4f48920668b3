// Boost.Beast WebSocket client (ws:// or wss:// with the server's certificate verified): one
// io_context on the link's thread, a reader and a writer coroutine per connection, and a
// reconnect loop with back-off.
#include "server_link.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>

namespace kiosk {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace ssl = net::ssl;
using net::use_awaitable;
using tcp = net::ip::tcp;

std::optional<ServerUrl> parse_server_url(std::string_view url) {
    ServerUrl out;
    if (url.starts_with("ws://")) {
        url.remove_prefix(5);
    } else if (url.starts_with("wss://")) {
        url.remove_prefix(6);
        out.secure = true;
        out.port = "443";
    } else {
        return std::nullopt;
    }
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
    std::string ca_file;
    net::io_context io;
    std::thread thread;
    std::mutex mutex;
    std::deque<LinkMessage> inbox;
    // Owned by the io thread:
    std::deque<std::string> outbox;
    bool connected = false;
    std::uint64_t connection = 0;  // counts connections, so a writer knows when its own ended
    std::function<void()> cancel;  // cancels the open connection's socket
    std::unique_ptr<net::steady_timer> outbox_signal;
    bool stopping = false;

    void deliver(LinkMessage message) {
        {
            std::lock_guard lock(mutex);
            inbox.push_back(std::move(message));
        }
        wake();
    }

    template <class WebSocket>
    net::awaitable<void> writer(std::shared_ptr<WebSocket> ws, std::uint64_t mine) {
        while (connected && connection == mine) {
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

    // The verifying client context: the given CA file or the system's store.
    std::shared_ptr<ssl::context> tls_context() const {
        auto context = std::make_shared<ssl::context>(ssl::context::tls_client);
        context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                             ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                             ssl::context::no_tlsv1_1);
        context->set_verify_mode(ssl::verify_peer);
        if (ca_file.empty())
            context->set_default_verify_paths();
        else
            context->load_verify_file(ca_file);  // throws: the reason reaches `disconnected`
        return context;
    }

    template <class WebSocket>
    net::awaitable<void> talk(std::shared_ptr<WebSocket> ws) {
        auto executor = co_await net::this_coro::executor;
        // The server pings every 20 s; no answer for this long means the link is dead.
        websocket::stream_base::timeout timeouts{std::chrono::seconds(5), std::chrono::seconds(45),
                                                 true};
        ws->set_option(timeouts);
        ws->read_message_max(1 << 20);
        co_await ws->async_handshake(url.host + ":" + url.port, url.path, use_awaitable);
        connected = true;
        auto mine = ++connection;
        cancel = [ws] { beast::get_lowest_layer(*ws).cancel(); };
        outbox.clear();  // frames queued while offline belonged to requests already failed
        deliver({LinkMessage::Kind::connected, {}});
        net::co_spawn(executor, writer(ws, mine), [this, mine](std::exception_ptr error) {
            if (error && connected && connection == mine && cancel) {
                // A failed write ends the connection; the reader then sees the close.
                cancel();
            }
        });
        beast::flat_buffer buffer;
        for (;;) {
            co_await ws->async_read(buffer, use_awaitable);
            deliver({LinkMessage::Kind::text, beast::buffers_to_string(buffer.data())});
            buffer.consume(buffer.size());
        }
    }

    net::awaitable<void> connect_and_read() {
        auto executor = co_await net::this_coro::executor;
        tcp::resolver resolver(executor);
        auto endpoints = co_await resolver.async_resolve(url.host, url.port, use_awaitable);
        if (!url.secure) {
            auto ws = std::make_shared<websocket::stream<beast::tcp_stream>>(executor);
            beast::get_lowest_layer(*ws).expires_after(std::chrono::seconds(5));
            co_await beast::get_lowest_layer(*ws).async_connect(endpoints, use_awaitable);
            beast::get_lowest_layer(*ws).expires_never();
            co_await talk(ws);
            co_return;
        }
        auto context = tls_context();
        using Secure = websocket::stream<beast::ssl_stream<beast::tcp_stream>>;
        auto ws = std::shared_ptr<Secure>(new Secure(executor, *context),
                                          [context](Secure* p) { delete p; });
        auto& tls = ws->next_layer();
        // The certificate must name the host the URL names (DNS name or IP address).
        tls.set_verify_callback(ssl::host_name_verification(url.host));
        boost::system::error_code not_ip;
        net::ip::make_address(url.host, not_ip);
        // SSL_set_tlsext_host_name, without the macro's C cast.
        if (not_ip && SSL_ctrl(tls.native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME,
                               TLSEXT_NAMETYPE_host_name, const_cast<char*>(url.host.c_str())) != 1)
            throw std::runtime_error("cannot set the TLS server name");
        beast::get_lowest_layer(*ws).expires_after(std::chrono::seconds(5));
        co_await beast::get_lowest_layer(*ws).async_connect(endpoints, use_awaitable);
        co_await tls.async_handshake(ssl::stream_base::client, use_awaitable);
        beast::get_lowest_layer(*ws).expires_never();
        co_await talk(ws);
    }

    net::awaitable<void> run() {
        auto executor = co_await net::this_coro::executor;
        net::steady_timer pause(executor);
        auto backoff = std::chrono::milliseconds(250);
        while (!stopping) {
            std::string why;
            try {
                co_await connect_and_read();
            } catch (const std::exception& e) {
                why = e.what();
            }
            bool was_connected = connected;
            connected = false;
            cancel = nullptr;
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

ServerLink::ServerLink(ServerUrl url, std::function<void()> wake, std::string ca_file)
    : impl_(std::make_unique<Impl>()) {
    impl_->url = std::move(url);
    impl_->wake = std::move(wake);
    impl_->ca_file = std::move(ca_file);
    impl_->outbox_signal = std::make_unique<net::steady_timer>(impl_->io);
}

ServerLink::~ServerLink() {
    net::post(impl_->io, [impl = impl_.get()] {
        impl->stopping = true;
        if (impl->cancel)
            impl->cancel();
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
        if (!impl->connected)
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
