// A simulated device's WebSocket: a reader and a writer coroutine per connection, reconnecting.
#include "device_link.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>

#include <chrono>
#include <cstdio>

namespace hall::sim {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using nlohmann::json;

namespace {
constexpr auto reconnect_delay = std::chrono::milliseconds(200);
constexpr auto rate_limited_delay = std::chrono::milliseconds(50);
}  // namespace

DeviceLink::DeviceLink(net::io_context& io, net::ip::tcp::endpoint server, std::string token)
    : io_(io), server_(server), token_(std::move(token)), wake_(io) {
    device_ = token_.substr(0, token_.find('.'));
}

void DeviceLink::start() {
    net::co_spawn(io_, run(shared_from_this()), net::detached);
}

void DeviceLink::close() {
    closing_ = true;
    wake_.cancel();
    if (ws_) {
        boost::system::error_code ec;
        beast::get_lowest_layer(*ws_).socket().close(ec);
    }
}

void DeviceLink::request(json message, OnReply on_reply) {
    const auto id = next_id_++;
    message["id"] = id;
    pending_.emplace(id, Pending{std::move(message), std::move(on_reply)});
    outbox_.push_back(id);
    ++in_flight_;
    wake_.cancel_one();
}

net::awaitable<void> DeviceLink::run(std::shared_ptr<DeviceLink> self) {
    while (!closing_) {
        try {
            ws_ = std::make_shared<Stream>(io_);
            auto& tcp = beast::get_lowest_layer(*ws_);
            tcp.expires_after(std::chrono::seconds(10));
            co_await tcp.async_connect(server_, net::use_awaitable);
            tcp.socket().set_option(net::ip::tcp::no_delay(true));
            tcp.expires_never();
            ws_->set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
            ws_->read_message_max(16 * 1024 * 1024);
            co_await ws_->async_handshake(server_.address().to_string(), "/ws", net::use_awaitable);
            // hello first; every request not yet answered follows it, in the order made.
            hello_id_ = next_id_++;
            json hello = {{"id", hello_id_}, {"op", "hello"}, {"token", token_}};
            const std::string text = hello.dump();
            ws_->text(true);
            co_await ws_->async_write(net::buffer(text), net::use_awaitable);
            outbox_.clear();
            for (auto& [id, pending] : pending_) {
                pending.sent = false;
                outbox_.push_back(id);
            }
            net::co_spawn(io_, writer(self, ws_), net::detached);
            for (;;) {
                beast::flat_buffer buffer;
                co_await ws_->async_read(buffer, net::use_awaitable);
                on_message(beast::buffers_to_string(buffer.data()));
            }
        } catch (const std::exception&) {
            // The link dropped (or never came up): below, a new one.
        }
        ready_ = false;
        wake_.cancel();
        if (closing_)
            break;
        link_lost();
        ++reconnects_;
        net::steady_timer pause(io_, reconnect_delay);
        boost::system::error_code ec;
        co_await pause.async_wait(net::redirect_error(net::use_awaitable, ec));
    }
}

net::awaitable<void> DeviceLink::writer(std::shared_ptr<DeviceLink> /*self*/,
                                        std::shared_ptr<Stream> ws) {
    try {
        while (!closing_ && ws == ws_) {
            if (outbox_.empty()) {
                wake_.expires_at(std::chrono::steady_clock::time_point::max());
                boost::system::error_code ec;
                co_await wake_.async_wait(net::redirect_error(net::use_awaitable, ec));
                continue;
            }
            const auto id = outbox_.front();
            outbox_.pop_front();
            auto it = pending_.find(id);
            if (it == pending_.end())
                continue;
            it->second.sent = true;
            const std::string text = it->second.message.dump();
            ws->text(true);
            co_await ws->async_write(net::buffer(text), net::use_awaitable);
        }
    } catch (const std::exception&) {
        // The reader sees the same failure and reconnects.
    }
}

void DeviceLink::on_message(const std::string& text) {
    // Events are {"data":...,"event":NAME}: counted without parsing (there are many).
    if (text.starts_with("{\"data\"")) {
        ++events_seen_;
        if (text.ends_with("\"event\":\"call\"}"))
            ++calls_seen_;
        return;
    }
    json message = json::parse(text, nullptr, false);
    if (message.is_discarded() || !message.contains("id") || !message["id"].is_number_integer())
        return;
    const auto id = message["id"].get<std::int64_t>();
    if (id == hello_id_) {
        ready_ = message.value("ok", false);
        if (!ready_) {
            std::fprintf(stderr, "hall_sim: %s: hello refused: %s\n", device_.c_str(),
                         message.dump().c_str());
            close();
        }
        return;
    }
    if (message.value("ok", true) == false &&
        message["error"].value("code", "") == "rate_limited") {
        resend_later(id);
        return;
    }
    answer(id, message);
}

void DeviceLink::answer(std::int64_t id, const json& reply) {
    auto it = pending_.find(id);
    if (it == pending_.end())
        return;
    auto on_reply = std::move(it->second.on_reply);
    pending_.erase(it);
    --in_flight_;
    if (on_reply)
        on_reply(reply);
    if (in_flight_ == 0 && all_answered_)
        all_answered_();
}

void DeviceLink::resend_later(std::int64_t id) {
    ++resent_;
    auto timer = std::make_shared<net::steady_timer>(io_, rate_limited_delay);
    timer->async_wait([this, self = shared_from_this(), timer, id](boost::system::error_code) {
        if (pending_.count(id)) {
            outbox_.push_front(id);
            wake_.cancel_one();
        }
    });
}

void DeviceLink::link_lost() {
    for (auto it = pending_.begin(); it != pending_.end();) {
        const bool retry_safe = it->second.message.contains("idempotency_key");
        if (!it->second.sent || retry_safe) {
            ++it;
            continue;
        }
        auto on_reply = std::move(it->second.on_reply);
        it = pending_.erase(it);
        --in_flight_;
        if (on_reply)
            on_reply(json{
                {"ok", false},
                {"error",
                 {{"code", "link_lost"}, {"message", "the link dropped before the reply came"}}}});
    }
    if (in_flight_ == 0 && all_answered_)
        all_answered_();
}

}  // namespace hall::sim
