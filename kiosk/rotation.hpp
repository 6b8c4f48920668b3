// A list shown a page at a time that turns to its next page by itself every so often: the
// board's windows and waiting counts, the counter's waiting counts.
#pragma once

#include <chrono>
#include <optional>

#include "layout.hpp"

namespace kiosk {

struct Rotation {
    using Time = std::chrono::steady_clock::time_point;

    explicit Rotation(std::chrono::steady_clock::duration every) : period(every) {}

    Pager pager;
    std::chrono::steady_clock::duration period;
    std::optional<Time> until;  // when the page turns; nullopt while the list fits on one

    // After a layout of `count` entries, `per_page` to a page: turning while there is more than
    // one page, still otherwise.
    void lay_out(int count, int per_page, Time now) {
        pager.count = count;
        pager.per_page = per_page;
        pager.clamp();
        if (pager.pages() <= 1)
            until.reset();
        else if (!until)
            until = now + period;
    }
    // To the next page now (the first after the last); the next turn a period later.
    void turn(Time now) {
        pager.page = pager.can_forward() ? pager.page + 1 : 0;
        until = now + period;
    }
    // turn() once its time has come; true if it turned.
    bool turn_if_due(Time now) {
        if (!until || now < *until)
            return false;
        turn(now);
        return true;
    }
};

}  // namespace kiosk
