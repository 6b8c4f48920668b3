// Finishing a visit: pick the items handled (several; searchable by code or name), or at an
// agency window an enterprise package, then finish.
#include <algorithm>
#include <set>

#include "common.hpp"
#include "search_field.hpp"

namespace kiosk {

namespace {

class CounterItems : public Screen {
  public:
    CounterItems(Context& context, std::function<void(const std::string&)> done)
        : Screen(context), done_(std::move(done)) {
        const auto& catalog = ctx_.client.catalog();
        const auto* window = catalog.window(ctx_.client.device().window);
        agency_ = window && window->agency;
        std::set<std::string> seen;
        if (window)
            for (const auto& code : window->queues)
                if (const auto* q = catalog.queue(code))
                    for (const auto& item : q->items)
                        if (seen.insert(item).second)
                            window_items_.push_back(item);
        all_items_ = window_items_;
        // The item the visitor chose with the ticket comes picked: usually what is handled.
        if (const auto* w = ctx_.client.model().window(ctx_.client.device().window);
            w && !w->current_item.empty() && catalog.item(w->current_item))
            chosen_.push_back(w->current_item);
        filter();
    }
    std::string name() const override { return "counter_items"; }
    void on_event(const Event&) override {}

    bool input(const Input& input) override {
        if (search_.input(input) || Screen::input(input))
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
        const auto& s = ctx_.text;
        const auto& catalog = ctx_.client.catalog();
        int unit = std::min(size.h, size.w * 3 / 5);
        std::string title =
            std::string(s.finish) + " · " + format(s.selected, {std::to_string(chosen_.size())});
        if (agency_)
            title += " · " + std::string(s.agency);
        Rect area = add_header(widgets_, ctx_, {0, 0, size.w, size.h}, title, unit / 9);
        area = area.inset(unit / 40);
        Rect bottom = take_bottom(area, unit / 9);
        auto actions = columns(bottom, 3, unit / 40);
        widgets_.add<Button>(
            actions[0], s.cancel, [this] { ctx_.nav.pop(); }, secondary_look(unit / 20));
        if (agency_ && !catalog.packages.empty())
            widgets_.add<Button>(
                actions[1],
                package_.empty() ? std::string(s.package)
                                 : package_ + " " + catalog.package(package_)->name,
                [this] { choose_package(); }, tile_look(theme::accent, unit / 22));
        widgets_
            .add<Button>(
                actions[2], s.finish, [this] { finish(); }, primary_look(unit / 18))
            .enabled(!chosen_.empty() && !busy_);
        take_bottom(area, unit / 60);
        add_message(widgets_, take_bottom(area, unit / 14), error_, theme::primary);

        // Item codes ("D01-001") on the keypad; a keyboard types names too.
        search_.add_to(widgets_, s, take_top(area, unit / 10), unit, [this] { filter(); });
        take_top(area, unit / 60);
        Rect pages = take_bottom(area, unit / 11);
        // Rows a tenth of the unit high, or more of them where the screen holds more rows of a
        // finger's comfortable height: a larger screen shows more items, not only larger ones.
        pager_.per_page = std::max({2, area.h / (unit / 10), area.h / 56}) * 2;
        pager_.count = static_cast<int>(shown_.size());
        pager_.clamp();
        auto cells = grid(area, pager_.last() - pager_.first(), 2, unit / 80, pager_.per_page / 2);
        for (int i = pager_.first(); i < pager_.last(); ++i) {
            const auto& code = shown_[static_cast<std::size_t>(i)];
            const auto* item = catalog.item(code);
            bool on = std::find(chosen_.begin(), chosen_.end(), code) != chosen_.end();
            Button::Look look = on ? tile_look(theme::green, unit / 28) : secondary_look(unit / 28);
            widgets_.add<Button>(
                cells[static_cast<std::size_t>(i - pager_.first())],
                (on ? "✓ " : "") + code + " " + (item ? item->name : ""),
                [this, code] { toggle(code); }, look);
        }
        add_pager(widgets_, ctx_, pages, pager_, *this);
    }

  private:
    void filter() {
        const auto& catalog = ctx_.client.catalog();
        shown_.clear();
        for (const auto& code : all_items_) {
            const auto* item = catalog.item(code);
            if (search_.matches({code, item ? std::string_view(item->name) : ""}))
                shown_.push_back(code);
        }
        pager_.page = 0;
        invalidate();
    }

    void toggle(const std::string& code) {
        auto found = std::find(chosen_.begin(), chosen_.end(), code);
        if (found != chosen_.end())
            chosen_.erase(found);
        else
            chosen_.push_back(code);
        invalidate();
    }

    void choose_package() {
        // The picker lies on top of this screen; it calls back only while this one is there.
        ctx_.nav.push(
            make_counter_package(ctx_, [this, alive = lifetime()](const std::string& code) {
                if (alive.lock())
                    use_package(code);
            }));
    }

    void use_package(const std::string& code) {
        package_ = code;
        const auto* package = ctx_.client.catalog().package(code);
        // A package's items are its own: offer them, all chosen; no package: the window's.
        all_items_ = package ? package->items : window_items_;
        chosen_ = package ? package->items : std::vector<std::string>{};
        filter();
    }

    void finish() {
        busy_ = true;
        error_.clear();
        invalidate();
        nlohmann::json fields = {{"items", chosen_}};
        if (!package_.empty())
            fields["package"] = package_;
        ctx_.client.request("finish", fields, guarded([this](const Reply& r) {
                                busy_ = false;
                                if (!r.ok) {
                                    show_error(r);
                                    return;
                                }
                                ctx_.nav.pop();
                                if (done_)
                                    done_("");  // the window shows what it did: it is free
                            }));
    }

    std::function<void(const std::string&)> done_;
    std::vector<std::string> window_items_;
    std::vector<std::string> all_items_;
    std::vector<std::string> shown_;
    std::vector<std::string> chosen_;
    SearchField search_{"D0123456789-"};
    std::string package_;
    bool agency_ = false;
    Pager pager_;
    bool busy_ = false;
};

}  // namespace

std::unique_ptr<Screen> make_counter_items(Context& context,
                                           std::function<void(const std::string&)> done) {
    return std::make_unique<CounterItems>(context, std::move(done));
}

}  // namespace kiosk
