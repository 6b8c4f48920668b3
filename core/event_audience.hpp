// Which devices receive which pushed event. Boards and managers see the whole hall; a ticket
// kiosk, a counter terminal and a rating pad get what their screens show, so that a hall's 200
// window devices are not sent every call of every other window (docs/protocol.md, "Events").
#pragma once

#include <optional>
#include <string_view>

#include "catalog.hpp"
#include "device_registry.hpp"

namespace hall {

enum class PushedEvent { snapshot, call, window, queue, visit_finished, notice, day_closed };

// A connected device as the fan-out sees it.
struct Audience {
    Role role = Role::kiosk;
    std::optional<int> window;  // counters and rating pads: the window they belong to
};

// What a pushed event is about: the window of a call, window state or finished visit; the
// queue of a queue state.
struct PushedAbout {
    std::optional<int> window;
    std::string_view queue;
};

// True if a device of `audience` is sent `event` (a queue's or window's state: that state in a
// `status` event):
// - boards and managers: every event;
// - everyone: `snapshot`, `notice`, `day_closed`;
// - kiosks: `queue` (the waiting counts and expected waits they show);
// - counters: `call`, `window` and `visit_finished` of their own window, and `queue` for the
//   queues their window serves (as the catalog says now);
// - rating pads: `call`, `window` and `visit_finished` of their own window.
bool receives(const Audience& audience, PushedEvent event, const PushedAbout& about,
              const Catalog& catalog);

}  // namespace hall
