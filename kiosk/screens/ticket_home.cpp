// The ticket kiosk's home: the hall, the clock, a tile per zone, frequent items, check-in.
#include "common.hpp"

namespace kiosk {

namespace {

class TicketHome : public Screen {
  public:
    using Screen::Screen;
    std::string name() const override { return "ticket_home"; }

  protected:
    void build(Size size) override {
        const auto& s = ctx_.text;
        const auto& catalog = ctx_.client.catalog();
        std::string hall =
            ctx_.client.model().hall.empty() ? catalog.hall.name : ctx_.client.model().hall;
        int unit = std::min(size.w, size.h * 9 / 16);  // one layout for portrait and landscape
        Rect area = add_header(widgets_, ctx_, {0, 0, size.w, size.h}, hall, unit / 8);
        area = area.inset(unit / 30);
        Rect title = take_top(area, unit / 10);
        widgets_.add<Label>(title, s.choose_zone, TextStyle{unit / 18, true, theme::ink});
        Rect bottom = take_bottom(area, unit / 6);
        auto actions = columns(bottom, 2, unit / 30);
        // The two side by side at one size: the larger at which both titles fit.
        Button::Look action =
            shared_look(ctx_.text_cache, tile_look(theme::accent, unit / 18),
                        {s.high_frequency, s.appointment}, actions[0], false, unit / 36);
        widgets_.add<Button>(
            actions[0], s.high_frequency,
            [this] { ctx_.nav.push(make_ticket_high_frequency(ctx_)); }, action);
        action.fill = theme::green;
        widgets_.add<Button>(
            actions[1], s.appointment, [this] { ctx_.nav.push(make_ticket_appointment(ctx_)); },
            action);
        take_bottom(area, unit / 30);
        if (ctx_.client.model().day_closed) {
            add_message(widgets_, take_bottom(area, unit / 12), s.day_closed, theme::primary);
        }
        const auto& zones = catalog.zones;
        int cols = size.w > size.h ? 4 : 3;
        auto cells = grid(area, static_cast<int>(zones.size()), cols, unit / 30);
        // One size for every tile: the largest at which each name fits in two lines.
        std::vector<std::string> names;
        for (const auto& zone : zones)
            names.push_back(zone.name);
        Button::Look look = tile_look(theme::primary, unit / 18);
        if (!cells.empty())
            look = shared_look(ctx_.text_cache, look, names, cells[0], true, unit / 36);
        for (std::size_t i = 0; i < zones.size() && i < cells.size(); ++i) {
            std::string code = zones[i].code;
            look.fill = i % 2 == 0 ? theme::primary : theme::primary_dark;
            widgets_
                .add<Button>(
                    cells[i], zones[i].name,
                    [this, code] { ctx_.nav.push(make_ticket_zone(ctx_, code)); }, look)
                .subtitle(zones[i].prefix);
        }
        if (zones.empty())
            add_message(widgets_, take_top(area, unit / 10), s.please_wait, theme::muted);
    }

    void on_event(const Event& event) override {
        // The tiles come from the catalog, which arrives after hello; queue counts do not show
        // here, so only snapshots and day changes matter.
        if (event.name == "snapshot" || event.name == "day_closed")
            invalidate();
    }
};

}  // namespace

std::unique_ptr<Screen> make_ticket_home(Context& context) {
    return std::make_unique<TicketHome>(context);
}

}  // namespace kiosk
