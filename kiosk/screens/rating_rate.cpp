// Rating a visit: five large grades (非常满意 … 非常不满意); a bad review asks for its reason
// before it is sent. Goes back to idle if nobody rates.
#include "common.hpp"

namespace kiosk {

namespace {

class RatingRate : public Screen {
  public:
    RatingRate(Context& context, VisitFinished visit, std::chrono::milliseconds left)
        : Screen(context), visit_(std::move(visit)), until_(ctx_.steady_now() + left) {}
    std::string name() const override { return grade_ >= 4 ? "rating_reason" : "rating_rate"; }
    void on_event(const Event&) override {}
    std::optional<SteadyTime> deadline() const override { return until_; }
    void tick(SteadyTime now) override {
        if (now >= until_) {
            until_ = SteadyTime::max();
            ctx_.nav.pop_to_root();
        }
    }

  protected:
    void build(Size size) override {
        const auto& s = ctx_.text;
        int unit = std::min(size.h, size.w * 3 / 5);
        std::string title =
            format(s.window_label, {std::to_string(visit_.window)}) + " · " + visit_.number;
        Rect area = add_header(widgets_, ctx_, {0, 0, size.w, size.h}, title, unit / 9);
        area = area.inset(unit / 40);
        std::string staff = visit_.staff_name.empty() ? visit_.staff : visit_.staff_name;
        widgets_.add<Label>(take_top(area, unit / 10), format(s.staff_label, {staff}),
                            TextStyle{unit / 22, false, theme::muted}, Align::center);
        add_message(widgets_, take_bottom(area, unit / 12), error_, theme::primary);
        if (grade_ >= 4) {
            widgets_.add<Label>(take_top(area, unit / 8), s.reason_prompt,
                                TextStyle{unit / 16, true, theme::ink}, Align::center);
            Rect bottom = take_bottom(area, unit / 8);
            widgets_.add<Button>(
                take_left(bottom, bottom.w / 3), s.back,
                [this] {
                    grade_ = 0;
                    invalidate();
                },
                secondary_look(unit / 20));
            // The hall's own list from its catalog (a server without one: the default list).
            auto reasons = ctx_.client.catalog().hall.review_reasons;
            if (reasons.empty())
                reasons = hall::default_review_reasons();
            int count = static_cast<int>(reasons.size());
            auto cells = grid(area.inset(unit / 60), count, count > 6 ? 3 : 2, unit / 40);
            for (std::size_t i = 0; i < reasons.size(); ++i) {
                std::string reason = reasons[i];
                widgets_
                    .add<Button>(
                        cells[i], reason, [this, reason] { send(reason); },
                        tile_look(theme::amber, unit / 16))
                    .enabled(!busy_);
            }
            return;
        }
        widgets_.add<Label>(take_top(area, unit / 8), s.rate_prompt,
                            TextStyle{unit / 14, true, theme::ink}, Align::center);
        auto cells = columns(area, 5, unit / 40);
        const Color colors[] = {{24, 128, 72, 255},
                                {60, 150, 90, 255},
                                {20, 96, 170, 255},
                                {214, 140, 0, 255},
                                {176, 30, 35, 255}};
        for (int grade = 1; grade <= 5; ++grade) {
            std::size_t i = static_cast<std::size_t>(grade - 1);
            widgets_
                .add<Button>(
                    cells[i], s.grade[i], [this, grade] { choose(grade); },
                    tile_look(colors[i], unit / 18))
                .enabled(!busy_);
        }
    }

  private:
    void choose(int grade) {
        grade_ = grade;
        until_ = ctx_.steady_now() + rating_wait;
        if (grade >= 4) {
            invalidate();
            return;
        }
        send({});
    }

    void send(const std::string& reason) {
        busy_ = true;
        invalidate();
        nlohmann::json fields = {{"grade", grade_}};
        if (!reason.empty())
            fields["reason"] = reason;
        ctx_.client.request("rate", fields, guarded([this](const Reply& r) {
                                busy_ = false;
                                if (!r.ok && r.code != "already_rated") {
                                    show_error(r);
                                    return;
                                }
                                ctx_.nav.pop_to_root();
                                ctx_.nav.push(make_rating_thanks(ctx_));
                            }));
    }

    VisitFinished visit_;
    SteadyTime until_;
    int grade_ = 0;
    bool busy_ = false;
};

class RatingThanks : public Screen {
  public:
    explicit RatingThanks(Context& context)
        : Screen(context), until_(ctx_.steady_now() + std::chrono::seconds(5)) {}
    std::string name() const override { return "rating_thanks"; }
    void on_event(const Event&) override {}
    std::optional<SteadyTime> deadline() const override { return until_; }
    void tick(SteadyTime now) override {
        if (now >= until_) {
            until_ = SteadyTime::max();
            ctx_.nav.pop_to_root();
        }
    }

  protected:
    void build(Size size) override {
        int unit = std::min(size.h, size.w * 3 / 5);
        widgets_.add<Label>(Rect{0, 0, size.w, size.h}, ctx_.text.thanks,
                            TextStyle{unit / 8, true, theme::green}, Align::center);
    }

  private:
    SteadyTime until_;
};

}  // namespace

std::unique_ptr<Screen> make_rating_rate(Context& context, VisitFinished visit,
                                         std::chrono::milliseconds left) {
    return std::make_unique<RatingRate>(context, std::move(visit), left);
}

std::unique_ptr<Screen> make_rating_thanks(Context& context) {
    return std::make_unique<RatingThanks>(context);
}

}  // namespace kiosk
