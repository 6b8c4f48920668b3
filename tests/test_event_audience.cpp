// The fan-out rule: which role is sent which pushed event.
#include <catch2/catch.hpp>

#include "event_audience.hpp"

using hall::Audience;
using hall::PushedAbout;
using hall::PushedEvent;
using hall::Role;

namespace {

hall::Catalog two_windows() {
    hall::Catalog catalog;
    hall::Window first;
    first.number = 1;
    first.queues = {"Q01", "Q02"};
    hall::Window second;
    second.number = 2;
    second.queues = {"Q03"};
    catalog.windows = {first, second};
    catalog.index();
    return catalog;
}

}  // namespace

TEST_CASE("boards and managers are sent every event") {
    auto catalog = two_windows();
    for (auto role : {Role::board, Role::manager})
        for (auto event :
             {PushedEvent::snapshot, PushedEvent::call, PushedEvent::window, PushedEvent::queue,
              PushedEvent::visit_finished, PushedEvent::notice, PushedEvent::day_closed})
            CHECK(hall::receives({role, std::nullopt}, event, {2, "Q03"}, catalog));
}

TEST_CASE("every device is sent snapshots, notices and the day's close") {
    auto catalog = two_windows();
    for (auto role : {Role::kiosk, Role::counter, Role::rating})
        for (auto event : {PushedEvent::snapshot, PushedEvent::notice, PushedEvent::day_closed})
            CHECK(hall::receives({role, 1}, event, {}, catalog));
}

TEST_CASE("a kiosk is sent the queues' counts and nothing about windows") {
    auto catalog = two_windows();
    Audience kiosk{Role::kiosk, std::nullopt};
    CHECK(hall::receives(kiosk, PushedEvent::queue, {std::nullopt, "Q03"}, catalog));
    CHECK_FALSE(hall::receives(kiosk, PushedEvent::call, {1, "Q01"}, catalog));
    CHECK_FALSE(hall::receives(kiosk, PushedEvent::window, {1, {}}, catalog));
    CHECK_FALSE(hall::receives(kiosk, PushedEvent::visit_finished, {1, {}}, catalog));
}

TEST_CASE("a counter is sent its own window and the queues it serves") {
    auto catalog = two_windows();
    Audience counter{Role::counter, 1};
    CHECK(hall::receives(counter, PushedEvent::call, {1, "Q01"}, catalog));
    CHECK(hall::receives(counter, PushedEvent::window, {1, {}}, catalog));
    CHECK(hall::receives(counter, PushedEvent::visit_finished, {1, {}}, catalog));
    CHECK(hall::receives(counter, PushedEvent::queue, {std::nullopt, "Q02"}, catalog));
    CHECK_FALSE(hall::receives(counter, PushedEvent::queue, {std::nullopt, "Q03"}, catalog));
    CHECK_FALSE(hall::receives(counter, PushedEvent::call, {2, "Q03"}, catalog));
    CHECK_FALSE(hall::receives(counter, PushedEvent::window, {2, {}}, catalog));
    // A window the catalog no longer has serves no queue.
    CHECK_FALSE(
        hall::receives({Role::counter, 9}, PushedEvent::queue, {std::nullopt, "Q01"}, catalog));
}

TEST_CASE("a rating pad is sent its own window's calls, state and finished visits") {
    auto catalog = two_windows();
    Audience pad{Role::rating, 2};
    CHECK(hall::receives(pad, PushedEvent::visit_finished, {2, {}}, catalog));
    CHECK(hall::receives(pad, PushedEvent::call, {2, "Q03"}, catalog));
    CHECK(hall::receives(pad, PushedEvent::window, {2, {}}, catalog));
    CHECK_FALSE(hall::receives(pad, PushedEvent::visit_finished, {1, {}}, catalog));
    CHECK_FALSE(hall::receives(pad, PushedEvent::queue, {std::nullopt, "Q03"}, catalog));
}
