// The hall's high-frequency items, a page at a time, each opening its one-time-notice guide.
#include "common.hpp"

namespace kiosk {

namespace {

class TicketHighFrequency : public Screen {
  public:
    explicit TicketHighFrequency(Context& context) : Screen(context) {
        for (const auto& item : ctx_.client.catalog().items)
            if (item.high_frequency)
                items_.push_back(item.code);
        pager_.count = static_cast<int>(items_.size());
    }
    std::string name() const override { return "ticket_high_frequency"; }

    bool input(const Input& input) override {
        if (Screen::input(input))
            return true;
        if (turn_page_on_swipe(input, pager_)) {
            invalidate();
            return true;
        }
        return false;
    }

    void on_event(const Event&) override {}

  protected:
    void build(Size size) override {
        const auto& s = ctx_.text;
        const auto& catalog = ctx_.client.catalog();
        int unit = std::min(size.w, size.h * 9 / 16);
        Rect area = add_header(widgets_, ctx_, {0, 0, size.w, size.h}, s.high_frequency, unit / 8);
        area = area.inset(unit / 30);
        add_back_home(widgets_, ctx_, area, unit);
        Rect pages = take_bottom(area, unit / 10);
        take_bottom(area, unit / 40);
        int cols = size.w > size.h ? 3 : 2;
        int row_count = std::max(1, area.h / (unit / 6));
        pager_.per_page = cols * row_count;
        pager_.clamp();
        auto cells = grid(area, pager_.last() - pager_.first(), cols, unit / 40, row_count);
        // One size for every tile on every page, fitted once for the screen's size.
        if (fitted_for_ != size && !cells.empty()) {
            fitted_for_ = size;
            look_ = shared_look(ctx_.text_cache, tile_look(theme::accent, unit / 26),
                                item_names(catalog, items_), cells[0], true, unit / 40);
        }
        for (int i = pager_.first(); i < pager_.last(); ++i) {
            const auto* item = catalog.item(items_[static_cast<std::size_t>(i)]);
            if (!item)
                continue;
            std::string code = item->code;
            const auto* department = catalog.department(item->department);
            widgets_
                .add<Button>(
                    cells[static_cast<std::size_t>(i - pager_.first())], item->name,
                    [this, code] { ctx_.nav.push(make_ticket_guide(ctx_, code)); }, look_)
                .subtitle(department ? department->name : "");
        }
        add_pager(widgets_, ctx_, pages, pager_, *this);
    }

  private:
    std::vector<std::string> items_;
    Pager pager_;
    Size fitted_for_{};
    Button::Look look_;
};

}  // namespace

std::unique_ptr<Screen> make_ticket_high_frequency(Context& context) {
    return std::make_unique<TicketHighFrequency>(context);
}

}  // namespace kiosk
