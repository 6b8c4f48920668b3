// Pure layout arithmetic: rectangles, grids, rows and pages. No SDL, so tests check it directly.
#pragma once

#include <vector>

namespace kiosk {

struct Size {
    int w = 0;
    int h = 0;
    bool operator==(const Size&) const = default;
};

struct Rect {
    int x = 0;
    int y = 0;
    int w = 0;
    int h = 0;
    bool contains(int px, int py) const { return px >= x && py >= y && px < x + w && py < y + h; }
    Rect inset(int by) const { return {x + by, y + by, w - 2 * by, h - 2 * by}; }
    bool operator==(const Rect&) const = default;
};

// Cuts a strip off the top/bottom/left/right of `area` and returns it; `area` keeps the rest.
Rect take_top(Rect& area, int height);
Rect take_bottom(Rect& area, int height);
Rect take_left(Rect& area, int width);
Rect take_right(Rect& area, int width);

// `count` equal cells in `columns` columns filling `area` row by row; rows as many as needed
// (at least `min_rows`, so that a short list keeps the same cell height on every page).
std::vector<Rect> grid(Rect area, int count, int columns, int gap, int min_rows = 1);

// Equal parts side by side or stacked.
std::vector<Rect> columns(Rect area, int count, int gap);
std::vector<Rect> rows(Rect area, int count, int gap);

// How many columns a touch grid gets: wide screens more, narrow ones fewer, at least one.
int columns_for(int width, int min_cell_width);

// A list shown a page at a time.
struct Pager {
    int count = 0;
    int per_page = 1;
    int page = 0;
    int pages() const { return per_page <= 0 ? 1 : (count + per_page - 1) / per_page; }
    int first() const { return page * per_page; }
    int last() const;  // one past the last index on this page
    bool can_back() const { return page > 0; }
    bool can_forward() const { return page + 1 < pages(); }
    void forward();
    void back();
    void clamp();
};

// Integer percentage of a length, for proportional layouts that work at any screen size.
inline int pct(int length, int percent) {
    return length * percent / 100;
}

}  // namespace kiosk
