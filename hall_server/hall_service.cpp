// The running hall: resumes from the log, commits through the group committer, keeps the day.
#include "hall_service.hpp"

#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "catalog_store.hpp"
#include "event_store.hpp"
#include "migrations.hpp"
#include "sqlite.hpp"

namespace hall::server {

namespace net = boost::asio;

namespace {
[[noreturn]] void stop_on_failed_commit(std::exception_ptr error) {
    try {
        std::rethrow_exception(error);
    } catch (const std::exception& e) {
        std::fprintf(stderr,
                     "FATAL: a commit failed, stopping so that a restart recovers from "
                     "what is durable: %s\n",
                     e.what());
    } catch (...) {
        std::fprintf(stderr, "FATAL: a commit failed, stopping\n");
    }
    std::fflush(stderr);
    std::_Exit(75);
}
}  // namespace

HallService::HallService(net::io_context& io, const std::string& db_path) : io_(io), timer_(io) {
    reader_ = std::make_unique<sql::Database>(db_path);
    auto& db = *reader_;
    migrate(db);
    devices_ = std::make_unique<DeviceRegistry>(db);
    if (!has_catalog(db))
        throw std::runtime_error("the database " + db_path +
                                 " has no catalog yet: run hall_server import --db " + db_path +
                                 " CATALOG_DIR first");
    catalog_ = load_catalog(db);
    EventStore store(db);
    auto resume = store.resume();
    engine_ = std::make_unique<QueueEngine>(catalog_, clock_, resume.start);
    for (const auto& event : resume.open_day)
        engine_->replay(event);
    committer_ = std::make_unique<GroupCommitter>(db_path);
}

HallService::~HallService() = default;

net::awaitable<void> HallService::commit(const Outcome& outcome) {
    if (outcome.events.empty())
        co_return;
    co_await net::async_initiate<decltype(net::use_awaitable), void()>(
        [this, &outcome](auto handler) {
            // The committer's callback must be copyable; the awaitable's handler is not.
            auto resume = std::make_shared<decltype(handler)>(std::move(handler));
            auto events = std::make_shared<const std::vector<Event>>(outcome.events);
            committer_->submit(outcome.events, [this, resume, events](std::exception_ptr error) {
                if (error)
                    stop_on_failed_commit(error);
                // Published before the caller resumes, in commit order.
                net::post(io_, [this, resume, events] {
                    publish(*events);
                    (*resume)();
                });
            });
        },
        net::use_awaitable);
}

void HallService::commit_detached(const Outcome& outcome) {
    if (outcome.events.empty())
        return;
    auto events = std::make_shared<const std::vector<Event>>(outcome.events);
    committer_->submit(outcome.events, [this, events](std::exception_ptr error) {
        if (error)
            stop_on_failed_commit(error);
        net::post(io_, [this, events] { publish(*events); });
    });
}

void HallService::publish(const std::vector<Event>& events) {
    for (const auto& listener : listeners_)
        listener(events);
}

void HallService::start_clock() {
    tick();
}

void HallService::tick() {
    commit_detached(engine_->tick());
    for (const auto& listener : tick_listeners_)
        listener();
    timer_.expires_after(std::chrono::seconds(1));
    timer_.async_wait([this](boost::system::error_code ec) {
        if (!ec)
            tick();
    });
}

void HallService::stop() {
    timer_.cancel();
    committer_->flush();
}

}  // namespace hall::server
