// Shared screen pieces.
#include "common.hpp"

#include <ctime>

namespace kiosk {

std::string clock_text(std::int64_t ms) {
    std::time_t seconds = static_cast<std::time_t>(ms / 1000);
    std::tm local{};
    localtime_r(&seconds, &local);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M", &local);
    return buffer;
}

std::string time_of_day(std::int64_t ms) {
    std::time_t seconds = static_cast<std::time_t>(ms / 1000);
    std::tm local{};
    localtime_r(&seconds, &local);
    char buffer[16];
    std::strftime(buffer, sizeof buffer, "%H:%M", &local);
    return buffer;
}

int minutes_rounded_up(std::int64_t ms) {
    if (ms <= 0)
        return 0;
    return static_cast<int>((ms + 59999) / 60000);
}

namespace {
template <class Find>
std::vector<std::string> names_of(const std::vector<std::string>& codes, Find find) {
    std::vector<std::string> names;
    for (const auto& code : codes)
        if (const auto* row = find(code))
            names.push_back(row->name);
    return names;
}
}  // namespace

std::vector<std::string> queue_names(const hall::Catalog& catalog,
                                     const std::vector<std::string>& codes) {
    return names_of(codes, [&](const std::string& code) { return catalog.queue(code); });
}

std::vector<std::string> item_names(const hall::Catalog& catalog,
                                    const std::vector<std::string>& codes) {
    return names_of(codes, [&](const std::string& code) { return catalog.item(code); });
}

std::vector<std::string> department_names(const hall::Catalog& catalog,
                                          const std::vector<std::string>& codes) {
    return names_of(codes, [&](const std::string& code) { return catalog.department(code); });
}

std::vector<std::string> department_items(const hall::Catalog& catalog,
                                          std::string_view department) {
    std::vector<std::string> codes;
    for (const auto& item : catalog.items)
        if (item.department == department)
            codes.push_back(item.code);
    return codes;
}

std::string time_limit_text(const Strings& s, const hall::Item& item) {
    return format(s.time_limit, {item.time_limit_days == 0
                                     ? std::string(s.on_the_spot)
                                     : format(s.days, {std::to_string(item.time_limit_days)})});
}

bool turn_page_on_swipe(const Input& input, Pager& pager) {
    if (input.kind != Input::Kind::swipe)
        return false;
    bool forward = std::abs(input.dx) > std::abs(input.dy) ? input.dx < 0 : input.dy < 0;
    if (forward)
        pager.forward();
    else
        pager.back();
    return true;
}

std::string device_window_title(const Context& ctx) {
    const int window = ctx.client.device().window;
    return window > 0 ? format(ctx.text.window_label, {std::to_string(window)})
                      : ctx.client.model().hall;
}

Rect add_header(WidgetList& widgets, Context& ctx, Rect area, const std::string& title, int height,
                bool* title_whole) {
    Rect bar = take_top(area, height);
    widgets.add<Panel>(bar, theme::primary);
    widgets.set_header_height(bar.h);
    int text = height * 45 / 100;
    Rect inner = bar.inset(height / 5);
    // The clock takes what it needs; the title gets the rest. A long title (the hall's name, a
    // queue's) shrinks to fit before it is ever cut, and the clock is never the larger of them.
    std::string now = clock_text(ctx.now_ms());
    TextBox line{0, 0, 1};
    int clock_size = text * 8 / 10;
    int size = text;
    Rect clock;
    Rect title_area;
    for (int pass = 0; pass < 2; ++pass) {
        clock_size = std::min(clock_size, size);
        title_area = inner;
        int clock_w = ctx.text_cache.measure(now, clock_size, false).w + height / 4;
        clock = take_right(title_area, std::min(clock_w, title_area.w / 2));
        line.width = title_area.w;
        size = shared_text_size(ctx.text_cache, {title}, true, line, text, text * 55 / 100);
    }
    const auto set = set_text(ctx.text_cache, title, size, true, line);
    if (title_whole)
        *title_whole = set.whole;
    widgets.add<Label>(title_area, set.lines.front(), TextStyle{size, true, theme::white});
    widgets.add<Label>(clock, now, TextStyle{clock_size, false, theme::white}, Align::right);
    return area;
}

std::vector<Rect> add_back_home(WidgetList& widgets, Context& ctx, Rect& area, int unit,
                                int parts) {
    auto places = columns(take_bottom(area, unit / 9), parts, unit / 30);
    widgets.add<Button>(
        places[0], ctx.text.back, [&ctx] { ctx.nav.pop(); }, secondary_look(unit / 22));
    widgets.add<Button>(
        places[1], ctx.text.home, [&ctx] { ctx.nav.pop_to_root(); }, secondary_look(unit / 22));
    take_bottom(area, unit / 30);
    return places;
}

void add_pager(WidgetList& widgets, Context& ctx, Rect area, Pager& pager, Screen& screen) {
    if (pager.pages() <= 1)
        return;
    // A gap above the buttons, so that they never touch the list's last row.
    take_top(area, area.h / 6);
    auto parts = columns(area, 3, area.h / 4);
    int text = area.h * 4 / 10;
    widgets
        .add<Button>(
            parts[0], ctx.text.prev_page,
            [&pager, &screen] {
                pager.back();
                screen.invalidate();
            },
            secondary_look(text))
        .enabled(pager.can_back());
    widgets.add<Label>(
        parts[1],
        format(ctx.text.page_of, {std::to_string(pager.page + 1), std::to_string(pager.pages())}),
        TextStyle{text, false, theme::muted}, Align::center);
    widgets
        .add<Button>(
            parts[2], ctx.text.next_page,
            [&pager, &screen] {
                pager.forward();
                screen.invalidate();
            },
            secondary_look(text))
        .enabled(pager.can_forward());
}

void add_message(WidgetList& widgets, Rect area, const std::string& text, Color color) {
    if (text.empty())
        return;
    widgets.add<Label>(area, text, TextStyle{std::max(14, area.h * 6 / 10), true, color},
                       Align::center);
}

std::string public_base_url(const std::string& server) {
    // ws://host:port/ws -> http://host:port, where the server also serves the /t/ pages.
    std::string base = server;
    if (base.starts_with("wss://"))
        base = "https://" + base.substr(6);
    else if (base.starts_with("ws://"))
        base = "http://" + base.substr(5);
    auto slash = base.find('/', base.find("//") + 2);
    return slash == std::string::npos ? base : base.substr(0, slash);
}

void request_ticket(Context& ctx, const TicketAsk& ask, std::function<void(const Reply&)> failed) {
    nlohmann::json fields = {{"queue", ask.queue}};
    std::string op = "issue";
    if (!ask.appointment.empty()) {
        op = "check_in";
        fields["appointment"] = ask.appointment;
    } else if (ask.priority != hall::Priority::none) {
        fields["priority"] = std::string(hall::to_string(ask.priority));
    }
    if (!ask.item.empty())
        fields["item"] = ask.item;
    // Sent once per tap with its own idempotency key; a reply lost on a dropped link is asked
    // again with the same key after the reconnect, so the server hands back the first ticket.
    ctx.client.request_once(op, fields, [&ctx, failed = std::move(failed)](const Reply& reply) {
        if (!reply.ok) {
            failed(reply);
            return;
        }
        nlohmann::json ticket = reply.result.value("ticket", nlohmann::json::object());
        // docs/protocol.md puts status_url beside the ticket, the server inside it: read either.
        std::string url =
            reply.result.value("status_url", ticket.value("status_url", std::string()));
        if (url.starts_with("/"))
            url = public_base_url(ctx.config.server) + url;
        ctx.nav.push(make_ticket_issued(ctx, std::move(ticket), std::move(url)));
    });
}

std::vector<hall::Priority> green_channel_classes(const hall::Queue& queue) {
    std::vector<hall::Priority> out;
    for (auto p : queue.priority_classes)
        if (p == hall::Priority::elderly || p == hall::Priority::disabled ||
            p == hall::Priority::military)
            out.push_back(p);
    return out;
}

const char* priority_label(const Strings& s, hall::Priority priority) {
    switch (priority) {
        case hall::Priority::elderly:
            return s.priority_elderly;
        case hall::Priority::disabled:
            return s.priority_disabled;
        case hall::Priority::military:
            return s.priority_military;
        case hall::Priority::appointment:
            return s.appointment;
        case hall::Priority::none:
            break;
    }
    return s.priority_none;
}

std::string priority_mark(const Strings& s, const std::string& priority) {
    const auto parsed = hall::parse_priority(priority);
    if (!parsed || *parsed == hall::Priority::none)
        return {};
    if (*parsed == hall::Priority::appointment)
        return s.appointment;
    return std::string(s.green_channel) + " · " + priority_label(s, *parsed);
}

}  // namespace kiosk
