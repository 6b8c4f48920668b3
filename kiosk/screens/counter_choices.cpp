// The counter's choice lists: transfer to a queue or a window and the enterprise packages
// (both long, so searchable), a break's reason, a parked ticket to call back. A choice sends one
// request, or hands its code back to the screen below, and returns.
#include <algorithm>
#include <cctype>

#include "common.hpp"
#include "search_field.hpp"

namespace kiosk {

namespace {

// A titled, paged list of choices; picking one sends `op` with the choice's fields, or, without
// an op, runs `chosen`. With search keys, a search line filters the list.
class CounterChoice : public Screen {
  public:
    struct Choice {
        std::string title;
        std::string subtitle;
        std::string op;
        nlohmann::json fields;
        std::string code;  // matched by the search besides the title, e.g. "Q02", "12"
        std::function<void()> chosen;
        // With an op: called with the reply's result once the server has done it.
        std::function<void(const nlohmann::json&)> done;
    };
    CounterChoice(Context& context, std::string name, std::string title,
                  std::vector<Choice> choices, std::optional<std::string> search_keys = {})
        : Screen(context),
          name_(std::move(name)),
          title_(std::move(title)),
          choices_(std::move(choices)) {
        if (search_keys)
            search_.emplace(*search_keys);
        filter();
    }
    std::string name() const override { return name_; }
    void on_event(const Event&) override {}

    bool input(const Input& input) override {
        if (search_ && search_->input(input))
            return true;
        if (Screen::input(input))
            return true;
        if (input.kind == Input::Kind::swipe) {
            if (input.dy < 0 || input.dx < 0)
                pager_.forward();
            else
                pager_.back();
            invalidate();
            return true;
        }
        return false;
    }

  protected:
    void build(Size size) override {
        int unit = std::min(size.h, size.w * 3 / 5);
        Rect area = add_header(widgets_, ctx_, {0, 0, size.w, size.h}, title_, unit / 9);
        area = area.inset(unit / 40);
        // Cancel on the left of the bottom row and the pager beside it, so that the choices run
        // down to the message line.
        Rect bottom = take_bottom(area, unit / 9);
        auto parts = columns(bottom, 3, unit / 40);
        widgets_.add<Button>(
            parts[0], ctx_.text.cancel, [this] { ctx_.nav.pop(); }, secondary_look(unit / 20));
        // add_pager() leaves a sixth of its height free above its buttons: given that much more
        // above the row, they line up with Cancel.
        Rect pages{parts[1].x, bottom.y - bottom.h / 5, bottom.x + bottom.w - parts[1].x,
                   bottom.h + bottom.h / 5};
        add_message(widgets_, take_bottom(area, unit / 12), error_, theme::primary);
        if (search_) {
            search_->add_to(widgets_, ctx_.text, take_top(area, unit / 10), unit,
                            [this] { filter(); });
            take_top(area, unit / 60);
        }
        // Rows of a finger's comfortable height, as many as the screen holds, and at least those
        // of the 800x480 terminal: a larger screen shows more choices, not only larger ones.
        const int rows = std::max(search_ ? 3 : 4, area.h / 84);
        pager_.per_page = rows * 3;
        pager_.clamp();
        auto cells = grid(area, pager_.last() - pager_.first(), 3, unit / 60, rows);
        Button::Look look = tile_look(theme::accent, unit / 26);
        look.subtitle_size = std::max(14, unit / 34);  // the code the keypad finds it by
        for (int i = pager_.first(); i < pager_.last(); ++i) {
            std::size_t index = shown_[static_cast<std::size_t>(i)];
            widgets_
                .add<Button>(
                    cells[static_cast<std::size_t>(i - pager_.first())], choices_[index].title,
                    [this, index] { pick(index); }, look)
                .subtitle(choices_[index].subtitle)
                .enabled(!busy_);
        }
        add_pager(widgets_, ctx_, pages, pager_, *this);
    }

  private:
    void filter() {
        shown_.clear();
        for (std::size_t i = 0; i < choices_.size(); ++i)
            if (!search_ || search_->matches({choices_[i].code, choices_[i].title}))
                shown_.push_back(i);
        // A code typed whole comes first: "2" is window 2 before queues Q02, Q12, Q20...
        if (search_ && !search_->query().empty()) {
            const auto& query = search_->query();
            std::stable_partition(shown_.begin(), shown_.end(), [&](std::size_t i) {
                const auto& code = choices_[i].code;
                return code.size() == query.size() &&
                       std::equal(code.begin(), code.end(), query.begin(), [](char a, char b) {
                           return std::toupper(static_cast<unsigned char>(a)) ==
                                  std::toupper(static_cast<unsigned char>(b));
                       });
            });
        }
        pager_.count = static_cast<int>(shown_.size());
        pager_.page = 0;
        invalidate();
    }

    void pick(std::size_t index) {
        if (choices_[index].op.empty()) {
            if (choices_[index].chosen)
                choices_[index].chosen();
            ctx_.nav.pop();
            return;
        }
        busy_ = true;
        invalidate();
        ctx_.client.request(choices_[index].op, choices_[index].fields,
                            guarded([this, index](const Reply& r) {
                                busy_ = false;
                                if (!r.ok) {
                                    show_error(r);
                                    return;
                                }
                                auto done = choices_[index].done;
                                ctx_.nav.pop();  // this screen goes
                                if (done)
                                    done(r.result);
                            }));
    }

    std::string name_;
    std::string title_;
    std::vector<Choice> choices_;
    std::optional<SearchField> search_;
    std::vector<std::size_t> shown_;  // indexes into choices_ that match the search
    Pager pager_;
    bool busy_ = false;
};

}  // namespace

std::unique_ptr<Screen> make_counter_transfer(Context& context,
                                              std::function<void(const std::string&)> done) {
    const auto& s = context.text;
    // "A001 已转至 B 卫生健康与教育": the ticket as the reply has it, the target as listed.
    auto told = [&s, done](std::string target) {
        return [&s, done, target = std::move(target)](const nlohmann::json& result) {
            const auto ticket = result.is_object() ? result.find("ticket") : result.end();
            const std::string number = ticket != result.end() && ticket->is_object()
                                           ? ticket->value("number", std::string())
                                           : std::string();
            if (done)
                done(format(s.done_transfer, {number, target}));
        };
    };
    const auto& catalog = context.client.catalog();
    int mine = context.client.device().window;
    std::vector<CounterChoice::Choice> choices;
    // The ticket's own queue is no transfer: the server would refuse it as same_queue.
    std::string own_queue;
    if (const auto* w = context.client.model().window(mine))
        own_queue = w->current_queue;
    for (const auto& q : catalog.queues)
        if (q.code != own_queue)
            choices.push_back({q.prefix + " " + q.name,
                               std::string(s.to_queue) + " " + q.code,  // the code typed to find it
                               "transfer",
                               {{"to_queue", q.code}},
                               q.code,
                               {},
                               told(q.prefix + " " + q.name)});
    // A window's state beside it: a ticket sent to a closed window waits until someone logs in
    // there.
    auto window_state = [&](int number) -> std::string {
        const auto* w = context.client.model().window(number);
        if (!w || (!w->open && !w->on_break && !w->current))
            return s.closed;
        if (w->on_break)
            return s.on_break;
        if (!w->current)
            return s.idle_window;
        return w->current_state == "serving" ? s.now_serving : s.now_calling;
    };
    for (const auto& w : catalog.windows)
        if (w.number != mine)
            choices.push_back({w.name,
                               std::string(s.to_window) + " · " + window_state(w.number),
                               "transfer",
                               {{"to_window", w.number}},
                               std::to_string(w.number),
                               {},
                               told(w.name)});
    // Queue codes (Q02) and window numbers on the keypad; names from a keyboard.
    return std::make_unique<CounterChoice>(context, "counter_transfer", s.transfer,
                                           std::move(choices), "Q0123456789");
}

std::unique_ptr<Screen> make_counter_package(Context& context,
                                             std::function<void(const std::string&)> chosen) {
    const auto& s = context.text;
    std::vector<CounterChoice::Choice> choices;
    choices.push_back({s.no_package, "", "", {}, "", [chosen] { chosen(""); }, {}});
    for (const auto& p : context.client.catalog().packages)
        // Its code first, as an item's is: the keypad searches by it.
        choices.push_back({p.code + " " + p.name,
                           p.category,
                           "",
                           {},
                           p.code + " " + p.category,
                           [chosen, code = p.code] { chosen(code); },
                           {}});
    return std::make_unique<CounterChoice>(context, "counter_package", s.package,
                                           std::move(choices), "P0123456789");
}

namespace {
// The done of an action whose outcome the main screen shows (a break, a ticket called back).
std::function<void(const nlohmann::json&)> without_words(
    std::function<void(const std::string&)> done) {
    return [done = std::move(done)](const nlohmann::json&) {
        if (done)
            done("");
    };
}
}  // namespace

std::unique_ptr<Screen> make_counter_break(Context& context,
                                           std::function<void(const std::string&)> done) {
    const auto& s = context.text;
    std::vector<CounterChoice::Choice> choices;
    for (const char* reason : s.break_reasons)
        choices.push_back(
            {reason, "", "break_start", {{"reason", reason}}, "", {}, without_words(done)});
    return std::make_unique<CounterChoice>(context, "counter_break", s.break_reason,
                                           std::move(choices));
}

std::unique_ptr<Screen> make_counter_parked(Context& context,
                                            std::function<void(const std::string&)> done) {
    const auto& s = context.text;
    std::vector<CounterChoice::Choice> choices;
    if (const auto* w = context.client.model().window(context.client.device().window))
        for (const auto& number : w->parked)
            choices.push_back(
                {number, "", "call_parked", {{"number", number}}, number, {}, without_words(done)});
    return std::make_unique<CounterChoice>(context, "counter_parked", s.call_parked,
                                           std::move(choices));
}

}  // namespace kiosk
