// The counter's short choice lists: transfer to a queue or a window, a break's reason, a parked
// ticket to call back. Each sends one request and returns to the main screen.
#include "common.hpp"

namespace kiosk {

namespace {

// A titled, paged list of choices; picking one sends `op` with the choice's fields.
class CounterChoice : public Screen {
  public:
    struct Choice {
        std::string title;
        std::string subtitle;
        std::string op;
        nlohmann::json fields;
    };
    CounterChoice(Context& context, std::string name, std::string title,
                  std::vector<Choice> choices)
        : Screen(context),
          name_(std::move(name)),
          title_(std::move(title)),
          choices_(std::move(choices)) {
        pager_.count = static_cast<int>(choices_.size());
    }
    std::string name() const override { return name_; }
    void on_event(const Event&) override {}

  protected:
    void build(Size size) override {
        int unit = std::min(size.h, size.w * 3 / 5);
        Rect area = add_header(widgets_, ctx_, {0, 0, size.w, size.h}, title_, unit / 9);
        area = area.inset(unit / 40);
        Rect bottom = take_bottom(area, unit / 9);
        auto parts = columns(bottom, 3, unit / 40);
        widgets_.add<Button>(
            parts[0], ctx_.text.cancel, [this] { ctx_.nav.pop(); }, secondary_look(unit / 20));
        add_message(widgets_, take_bottom(area, unit / 12), error_, theme::primary);
        Rect pages = take_bottom(area, unit / 11);
        pager_.per_page = 12;
        pager_.clamp();
        auto cells = grid(area, pager_.last() - pager_.first(), 3, unit / 60, 4);
        for (int i = pager_.first(); i < pager_.last(); ++i) {
            std::size_t index = static_cast<std::size_t>(i);
            widgets_
                .add<Button>(
                    cells[static_cast<std::size_t>(i - pager_.first())], choices_[index].title,
                    [this, index] { pick(index); }, tile_look(theme::accent, unit / 26))
                .subtitle(choices_[index].subtitle)
                .enabled(!busy_);
        }
        add_pager(widgets_, ctx_, pages, pager_, *this);
    }

  private:
    void pick(std::size_t index) {
        busy_ = true;
        invalidate();
        ctx_.client.request(choices_[index].op, choices_[index].fields,
                            guarded([this](const Reply& r) {
                                busy_ = false;
                                if (!r.ok) {
                                    show_error(r);
                                    return;
                                }
                                ctx_.nav.pop();
                            }));
    }

    std::string name_;
    std::string title_;
    std::vector<Choice> choices_;
    Pager pager_;
    bool busy_ = false;
};

}  // namespace

std::unique_ptr<Screen> make_counter_transfer(Context& context) {
    const auto& s = context.text;
    const auto& catalog = context.client.catalog();
    int mine = context.client.device().window;
    std::vector<CounterChoice::Choice> choices;
    // The ticket's own queue is no transfer: the server would refuse it as same_queue.
    std::string own_queue;
    if (const auto* w = context.client.model().window(mine))
        own_queue = w->current_queue;
    for (const auto& q : catalog.queues)
        if (q.code != own_queue)
            choices.push_back(
                {q.prefix + " " + q.name, s.to_queue, "transfer", {{"to_queue", q.code}}});
    for (const auto& w : catalog.windows)
        if (w.number != mine)
            choices.push_back({w.name, s.to_window, "transfer", {{"to_window", w.number}}});
    return std::make_unique<CounterChoice>(context, "counter_transfer", s.transfer,
                                           std::move(choices));
}

std::unique_ptr<Screen> make_counter_break(Context& context) {
    const auto& s = context.text;
    std::vector<CounterChoice::Choice> choices;
    for (const char* reason : s.break_reasons)
        choices.push_back({reason, "", "break_start", {{"reason", reason}}});
    return std::make_unique<CounterChoice>(context, "counter_break", s.break_reason,
                                           std::move(choices));
}

std::unique_ptr<Screen> make_counter_parked(Context& context) {
    const auto& s = context.text;
    std::vector<CounterChoice::Choice> choices;
    if (const auto* w = context.client.model().window(context.client.device().window))
        for (const auto& number : w->parked)
            choices.push_back({number, "", "call_parked", {{"number", number}}});
    return std::make_unique<CounterChoice>(context, "counter_parked", s.call_parked,
                                           std::move(choices));
}

}  // namespace kiosk
