// The fan-out rule of the pushed events, by role.
#include "event_audience.hpp"

#include <algorithm>

namespace hall {

namespace {

bool own_window(const Audience& audience, const PushedAbout& about) {
    return audience.window && about.window && *audience.window == *about.window;
}

bool serves_queue(const Audience& audience, std::string_view queue, const Catalog& catalog) {
    if (!audience.window)
        return false;
    const auto* window = catalog.window(*audience.window);
    return window &&
           std::find(window->queues.begin(), window->queues.end(), queue) != window->queues.end();
}

}  // namespace

bool receives(const Audience& audience, PushedEvent event, const PushedAbout& about,
              const Catalog& catalog) {
    if (event == PushedEvent::snapshot || event == PushedEvent::notice ||
        event == PushedEvent::day_closed)
        return true;
    switch (audience.role) {
        case Role::board:
        case Role::manager:
            return true;
        case Role::kiosk:
            return event == PushedEvent::queue;
        case Role::counter:
            if (event == PushedEvent::queue)
                return serves_queue(audience, about.queue, catalog);
            return own_window(audience, about);
        case Role::rating:
            return event != PushedEvent::queue && own_window(audience, about);
    }
    return false;
}

}  // namespace hall
