// One department's items, a page at a time, each opening its one-time-notice guide: the zone's
// guides grouped, so that a visitor looking for one item turns a few pages, not dozens.
#include "common.hpp"

namespace kiosk {

namespace {

class TicketDepartment : public Screen {
  public:
    TicketDepartment(Context& context, std::string department)
        : Screen(context), department_(std::move(department)) {
        items_ = department_items(ctx_.client.catalog(), department_);
        pager_.count = static_cast<int>(items_.size());
    }
    std::string name() const override { return "ticket_department"; }

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
        const auto* department = catalog.department(department_);
        int unit = std::min(size.w, size.h * 9 / 16);
        Rect area = add_header(widgets_, ctx_, {0, 0, size.w, size.h},
                               department ? department->name : department_, unit / 8);
        area = area.inset(unit / 30);
        add_back_home(widgets_, ctx_, area, unit);
        widgets_.add<Label>(take_top(area, unit / 11), s.guides_heading,
                            TextStyle{unit / 20, true, theme::ink});
        Rect pages = take_bottom(area, unit / 10);
        // One column standing, two lying: a row as wide as a landscape screen is hard to read.
        int cols = size.w > size.h ? 2 : 1;
        int row_count = std::max(1, area.h / (unit / 8));
        pager_.per_page = cols * row_count;
        pager_.clamp();
        auto item_rows = grid(area, pager_.last() - pager_.first(), cols, unit / 60, row_count);
        // One size for every row on every page, fitted once for the screen's size.
        if (fitted_for_ != size && !item_rows.empty()) {
            fitted_for_ = size;
            Button::Look look = secondary_look(unit / 26);
            look.fill = theme::panel;
            look_ = shared_look(ctx_.text_cache, look, item_names(catalog, items_), item_rows[0],
                                true, unit / 40);
        }
        for (int i = pager_.first(); i < pager_.last(); ++i) {
            const auto* item = catalog.item(items_[static_cast<std::size_t>(i)]);
            if (!item)
                continue;
            std::string code = item->code;
            widgets_
                .add<Button>(
                    item_rows[static_cast<std::size_t>(i - pager_.first())], item->name,
                    [this, code] { ctx_.nav.push(make_ticket_guide(ctx_, code)); }, look_)
                .subtitle(time_limit_text(s, *item));
        }
        add_pager(widgets_, ctx_, pages, pager_, *this);
    }

  private:
    std::string department_;
    std::vector<std::string> items_;
    Pager pager_;
    Size fitted_for_{};
    Button::Look look_;
};

}  // namespace

std::unique_ptr<Screen> make_ticket_department(Context& context, std::string department) {
    return std::make_unique<TicketDepartment>(context, std::move(department));
}

}  // namespace kiosk
