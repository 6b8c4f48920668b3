// The rating pad at rest: the window and its staff member; a finished visit at this window
// opens the rating screen.
#include "common.hpp"

namespace kiosk {

namespace {

class RatingIdle : public Screen {
  public:
    using Screen::Screen;
    std::string name() const override { return "rating_idle"; }

    void on_event(const Event& event) override {
        if (event.name == "visit_finished") {
            auto visit = visit_finished_from_json(event.data);
            if (visit.window == ctx_.client.device().window) {
                // A new visit replaces whatever the pad was showing: one rating per visit.
                ctx_.nav.pop_to_root();
                ctx_.nav.push(make_rating_rate(ctx_, std::move(visit)));
            }
        } else if (event.name == "snapshot" && ctx_.nav.shows(*this)) {
            resume_rating();
        }
        invalidate();
    }

  private:
    // A pad that (re)connects at rest while a visit of its window waits to be rated, finished
    // within the rating screen's wait, shows it again for the rest of that wait: a restart of the
    // pad in the middle of a rating loses nothing. The age is by the server's clock at hello.
    void resume_rating() {
        const auto* w = ctx_.client.model().window(ctx_.client.device().window);
        if (!w || !w->unrated)
            return;
        const auto age = std::chrono::milliseconds(ctx_.client.model().now_ms - w->unrated->at_ms);
        if (age < std::chrono::milliseconds(0) || age >= rating_wait)
            return;
        ctx_.nav.push(make_rating_rate(ctx_, *w->unrated, rating_wait - age));
    }

  protected:
    void build(Size size) override {
        const auto& s = ctx_.text;
        int window = ctx_.client.device().window;
        int unit = std::min(size.h, size.w * 3 / 5);
        Rect area =
            add_header(widgets_, ctx_, {0, 0, size.w, size.h}, device_window_title(ctx_), unit / 9);
        area = area.inset(unit / 20);
        const auto* w = ctx_.client.model().window(window);
        if (w && !w->name.empty())
            widgets_.add<Label>(take_top(area, unit / 8), w->name,
                                TextStyle{unit / 16, true, theme::ink}, Align::center);
        if (w && !w->staff.empty())
            widgets_.add<Label>(take_top(area, unit / 8), format(s.staff_label, {staff_shown(*w)}),
                                TextStyle{unit / 20, false, theme::muted}, Align::center);
        widgets_.add<Label>(area, s.rating_idle, TextStyle{unit / 10, true, theme::primary},
                            Align::center);
    }
};

}  // namespace

std::unique_ptr<Screen> make_rating_idle(Context& context) {
    return std::make_unique<RatingIdle>(context);
}

}  // namespace kiosk
