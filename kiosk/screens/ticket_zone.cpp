// A zone's queues (take a ticket) and its departments (read their items' guides), a page at a
// time.
#include "common.hpp"

namespace kiosk {

namespace {

class TicketZone : public Screen {
  public:
    TicketZone(Context& context, std::string zone) : Screen(context), zone_(std::move(zone)) {
        const auto& catalog = ctx_.client.catalog();
        for (const auto& q : catalog.queues)
            if (q.zone == zone_)
                queues_.push_back(q.code);
        // The zone's departments that have items, in catalog order.
        for (const auto& department : catalog.departments) {
            if (department.zone != zone_)
                continue;
            if (const auto items = department_items(catalog, department.code).size()) {
                departments_.push_back(department.code);
                item_counts_.push_back(items);
            }
        }
        queue_pager_.count = static_cast<int>(queues_.size());
        department_pager_.count = static_cast<int>(departments_.size());
    }
    std::string name() const override { return "ticket_zone"; }

    bool input(const Input& input) override {
        if (Screen::input(input))
            return true;
        // A sideways swipe turns the departments' page.
        if (input.kind == Input::Kind::swipe && std::abs(input.dx) > std::abs(input.dy)) {
            if (input.dx < 0)
                department_pager_.forward();
            else
                department_pager_.back();
            invalidate();
            return true;
        }
        return false;
    }

    void on_event(const Event& event) override {
        if (event.name == "status" || event.name == "snapshot")
            invalidate();
    }

  protected:
    void build(Size size) override {
        const auto& s = ctx_.text;
        const auto& catalog = ctx_.client.catalog();
        const auto* zone = catalog.zone(zone_);
        int unit = std::min(size.w, size.h * 9 / 16);
        Rect area =
            add_header(widgets_, ctx_, {0, 0, size.w, size.h}, zone ? zone->name : zone_, unit / 8);
        area = area.inset(unit / 30);
        add_back_home(widgets_, ctx_, area, unit);
        add_message(widgets_, take_bottom(area, unit / 14), error_, theme::primary);

        widgets_.add<Label>(take_top(area, unit / 11), s.choose_queue,
                            TextStyle{unit / 20, true, theme::ink});
        // Queues take the upper half: these are what a visitor came for.
        Rect queue_area = take_top(area, area.h * 45 / 100);
        int cols = size.w > size.h ? 3 : 2;
        queue_pager_.per_page = cols * 2;
        queue_pager_.clamp();
        Rect queue_pages = take_bottom(queue_area, queue_pager_.pages() > 1 ? unit / 12 : 0);
        auto cells =
            grid(queue_area, queue_pager_.last() - queue_pager_.first(), cols, unit / 40, 2);
        // One size for the queues' tiles and one for the departments', over every page.
        if (fitted_for_ != size) {
            fitted_for_ = size;
            queue_look_ = tile_look(theme::primary, unit / 24);
            if (!cells.empty())
                queue_look_ = shared_look(ctx_.text_cache, queue_look_,
                                          queue_names(ctx_.client.catalog(), queues_), cells[0],
                                          true, unit / 36);
            department_look_ = tile_look(theme::panel, unit / 28);
            department_look_.text = theme::ink;
            department_fitted_ = false;
        }
        for (int i = queue_pager_.first(); i < queue_pager_.last(); ++i) {
            const auto* q = catalog.queue(queues_[static_cast<std::size_t>(i)]);
            if (!q)
                continue;
            std::string code = q->code;
            const auto* status = ctx_.client.model().queue(code);
            std::string waiting =
                q->prefix + " · " + s.waiting + " " + std::to_string(status ? status->waiting : 0);
            widgets_
                .add<Button>(
                    cells[static_cast<std::size_t>(i - queue_pager_.first())], q->name,
                    [this, code] { choose(code); }, queue_look_)
                .subtitle(waiting)
                .enabled(!busy_);
        }
        add_pager(widgets_, ctx_, queue_pages, queue_pager_, *this);

        take_top(area, unit / 40);
        widgets_.add<Label>(take_top(area, unit / 12), s.items_heading,
                            TextStyle{unit / 24, true, theme::ink});
        Rect department_pages = take_bottom(area, unit / 12);
        int row_count = std::max(1, area.h / (unit / 9));
        department_pager_.per_page = cols * row_count;
        department_pager_.clamp();
        auto department_cells = grid(area, department_pager_.last() - department_pager_.first(),
                                     cols, unit / 40, row_count);
        if (!department_fitted_ && !department_cells.empty()) {
            department_fitted_ = true;
            department_look_ = shared_look(ctx_.text_cache, department_look_,
                                           department_names(catalog, departments_),
                                           department_cells[0], true, unit / 40);
        }
        for (int i = department_pager_.first(); i < department_pager_.last(); ++i) {
            const auto* department = catalog.department(departments_[static_cast<std::size_t>(i)]);
            if (!department)
                continue;
            std::string code = department->code;
            auto count = item_counts_[static_cast<std::size_t>(i)];
            widgets_
                .add<Button>(
                    department_cells[static_cast<std::size_t>(i - department_pager_.first())],
                    department->name,
                    [this, code] { ctx_.nav.push(make_ticket_department(ctx_, code)); },
                    department_look_)
                .subtitle(format(s.item_count, {std::to_string(count)}));
        }
        add_pager(widgets_, ctx_, department_pages, department_pager_, *this);
    }

  private:
    void choose(const std::string& queue) {
        const auto* q = ctx_.client.catalog().queue(queue);
        if (q && !green_channel_classes(*q).empty()) {
            ctx_.nav.push(make_ticket_priority(ctx_, queue));
            return;
        }
        busy_ = true;
        error_ = ctx_.text.please_wait;
        invalidate();
        request_ticket(ctx_, {queue, hall::Priority::none, {}, {}},
                       guarded([this](const Reply& reply) {
                           busy_ = false;
                           show_error(reply);
                       }));
    }

    std::string zone_;
    std::vector<std::string> queues_;
    std::vector<std::string> departments_;
    std::vector<std::size_t> item_counts_;  // each department's items, counted once
    Pager queue_pager_;
    Pager department_pager_;
    bool busy_ = false;
    // Fitted once for a screen size: the names do not change while the screen is shown.
    Size fitted_for_{};
    Button::Look queue_look_;
    Button::Look department_look_;
    bool department_fitted_ = false;
};

}  // namespace

std::unique_ptr<Screen> make_ticket_zone(Context& context, std::string zone) {
    return std::make_unique<TicketZone>(context, std::move(zone));
}

}  // namespace kiosk
