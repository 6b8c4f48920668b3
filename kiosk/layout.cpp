// Layout arithmetic.
#include "layout.hpp"

#include <algorithm>

namespace kiosk {

Rect take_top(Rect& area, int height) {
    height = std::clamp(height, 0, area.h);
    Rect top{area.x, area.y, area.w, height};
    area.y += height;
    area.h -= height;
    return top;
}

Rect take_bottom(Rect& area, int height) {
    height = std::clamp(height, 0, area.h);
    area.h -= height;
    return {area.x, area.y + area.h, area.w, height};
}

Rect take_left(Rect& area, int width) {
    width = std::clamp(width, 0, area.w);
    Rect left{area.x, area.y, width, area.h};
    area.x += width;
    area.w -= width;
    return left;
}

Rect take_right(Rect& area, int width) {
    width = std::clamp(width, 0, area.w);
    area.w -= width;
    return {area.x + area.w, area.y, width, area.h};
}

std::vector<Rect> grid(Rect area, int count, int columns_count, int gap, int min_rows) {
    std::vector<Rect> cells;
    if (count <= 0 || columns_count <= 0)
        return cells;
    int row_count = std::max(min_rows, (count + columns_count - 1) / columns_count);
    int cell_w = (area.w - gap * (columns_count - 1)) / columns_count;
    int cell_h = (area.h - gap * (row_count - 1)) / row_count;
    for (int i = 0; i < count; ++i) {
        int column = i % columns_count;
        int row = i / columns_count;
        cells.push_back(
            {area.x + column * (cell_w + gap), area.y + row * (cell_h + gap), cell_w, cell_h});
    }
    return cells;
}

std::vector<Rect> columns(Rect area, int count, int gap) {
    return grid(area, count, count, gap);
}

std::vector<Rect> rows(Rect area, int count, int gap) {
    return grid(area, count, 1, gap, count);
}

int columns_for(int width, int min_cell_width) {
    if (min_cell_width <= 0)
        return 1;
    return std::max(1, width / min_cell_width);
}

int Pager::last() const {
    return std::min(count, first() + per_page);
}

void Pager::forward() {
    if (can_forward())
        ++page;
}

void Pager::back() {
    if (can_back())
        --page;
}

void Pager::clamp() {
    page = std::clamp(page, 0, std::max(0, pages() - 1));
}

}  // namespace kiosk
