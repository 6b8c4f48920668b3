// Layout arithmetic: strips, grids and pages at any screen size.
#include <catch2/catch.hpp>

#include "layout.hpp"

using namespace kiosk;

TEST_CASE("taking strips off an area leaves the rest") {
    Rect area{0, 0, 1080, 1920};
    Rect top = take_top(area, 200);
    CHECK(top == Rect{0, 0, 1080, 200});
    CHECK(area == Rect{0, 200, 1080, 1720});
    Rect bottom = take_bottom(area, 100);
    CHECK(bottom == Rect{0, 1820, 1080, 100});
    CHECK(area.h == 1620);
    Rect right = take_right(area, 80);
    CHECK(right.x == 1000);
    CHECK(area.w == 1000);
    // Asking for more than there is takes what there is.
    Rect all = take_left(area, 5000);
    CHECK(all.w == 1000);
    CHECK(area.w == 0);
}

TEST_CASE("nine zone tiles fill three rows of three without overlapping") {
    auto cells = grid({0, 0, 1000, 900}, 9, 3, 10);
    REQUIRE(cells.size() == 9);
    for (std::size_t i = 0; i < cells.size(); ++i)
        for (std::size_t j = i + 1; j < cells.size(); ++j) {
            const auto& a = cells[i];
            const auto& b = cells[j];
            bool apart =
                a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
            CHECK(apart);
        }
    CHECK(cells[8].x + cells[8].w <= 1000);
    CHECK(cells[8].y + cells[8].h <= 900);
}

TEST_CASE("a short last page keeps the cell height of full pages") {
    auto full = grid({0, 0, 600, 800}, 8, 2, 0, 4);
    auto short_page = grid({0, 0, 600, 800}, 3, 2, 0, 4);
    CHECK(full[0].h == short_page[0].h);
}

TEST_CASE("a pager walks the pages and stops at the ends") {
    Pager pager{108, 10, 0};
    CHECK(pager.pages() == 11);
    CHECK_FALSE(pager.can_back());
    pager.back();
    CHECK(pager.page == 0);
    for (int i = 0; i < 20; ++i)
        pager.forward();
    CHECK(pager.page == 10);
    CHECK(pager.first() == 100);
    CHECK(pager.last() == 108);
    pager.count = 5;
    pager.clamp();
    CHECK(pager.page == 0);
}

TEST_CASE("wide screens get more columns than narrow ones") {
    CHECK(columns_for(1920, 400) == 4);
    CHECK(columns_for(300, 400) == 1);
}
