// The SDL loop, input normalisation, screen stack and rendering.
#include "app.hpp"

#include <SDL_image.h>
#include <SDL_ttf.h>

#include <cstdlib>
#include <cstring>
#include <iostream>

#include "hall_time_zone.hpp"

namespace kiosk {

namespace {

std::int64_t wall_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// A drag shorter than this is a tap: fingers wobble.
constexpr int tap_slop = 24;

}  // namespace

App::App(Config config) : config_(std::move(config)) {}

App::~App() {
    screens_.clear();
    pending_navigation_.clear();
    context_.reset();
    // The link's thread and the printer's thread push SDL events; stop them before SDL goes.
    link_.reset();
    printer_.reset();
    speaker_.reset();
    text_cache_.reset();
    fonts_.reset();
    if (renderer_)
        SDL_DestroyRenderer(renderer_);
    if (window_)
        SDL_DestroyWindow(window_);
    if (sdl_started_) {
        IMG_Quit();
        TTF_Quit();
        SDL_Quit();
    }
}

std::string App::start() {
    auto font_choice = find_chinese_fonts();
    if (!font_choice)
        return fonts_missing_message();
    auto url = parse_server_url(config_.server);
    if (!url)
        return "--server must be a ws:// or wss:// URL, e.g. ws://127.0.0.1:8080 (got \"" +
               config_.server + "\")";
    std::optional<PrinterTarget> printer_target;
    if (!config_.printer.empty()) {
        printer_target = parse_printer_target(config_.printer);
        if (!printer_target)
            return "--printer must be a device path, tcp:HOST:PORT or file:PATH";
    }

    prepare_time_zone();  // before the link's and the printer's threads start
    // Touch arrives as finger events only; synthetic mouse events would double every tap.
    SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");
    SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0)
        return std::string("SDL could not start: ") + SDL_GetError();
    sdl_started_ = true;
    if (TTF_Init() != 0)
        return std::string("SDL_ttf could not start: ") + TTF_GetError();
    IMG_Init(IMG_INIT_PNG);
    wake_event_ = SDL_RegisterEvents(1);

    const char* driver = SDL_GetCurrentVideoDriver();
    bool headless = !config_.screenshot.empty() || (driver && std::strcmp(driver, "dummy") == 0);
    Uint32 flags = SDL_WINDOW_ALLOW_HIGHDPI;
    if (config_.fills_display() && !headless)
        flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    else
        flags |= SDL_WINDOW_RESIZABLE;
    std::string title =
        "counterhall " + std::string(to_string(config_.role)) + " " + config_.device;
    const int x = config_.position ? config_.position->x : int{SDL_WINDOWPOS_CENTERED};
    const int y = config_.position ? config_.position->y : int{SDL_WINDOWPOS_CENTERED};
    window_ = SDL_CreateWindow(title.c_str(), x, y, config_.size.w, config_.size.h, flags);
    if (!window_)
        return std::string("cannot open a window: ") + SDL_GetError();
    // Headless runs use the software renderer: it gives the same pixels as a real display.
    bool software = headless || config_.software_renderer;
    // Without this SDL backs the software renderer's window surface with an OpenGL texture,
    // which loads Mesa all the same.
    if (software)
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    if (!software)
        renderer_ = SDL_CreateRenderer(window_, -1, SDL_RENDERER_ACCELERATED);
    if (!renderer_)
        renderer_ = SDL_CreateRenderer(window_, -1, SDL_RENDERER_SOFTWARE);
    if (!renderer_)
        return std::string("cannot create a renderer: ") + SDL_GetError();
    int w = 0;
    int h = 0;
    SDL_GetRendererOutputSize(renderer_, &w, &h);
    size_ = {w, h};

    fonts_ = std::make_unique<Fonts>(*font_choice);
    if (!fonts_->get(24, false))
        return "cannot open the font " + font_choice->regular.file + ": " + TTF_GetError();
    text_cache_ = std::make_unique<TextCache>(renderer_, *fonts_);

    if (config_.role == Role::board && !config_.mute && config_.screenshot.empty()) {
        speaker_ = std::make_unique<Speaker>(config_.lang);
        if (!speaker_->available()) {
            SDL_Log("kiosk: no voice: %s", speaker_->problem().c_str());
            speaker_.reset();
        }
    }
    if (printer_target)
        printer_ = std::make_unique<PrintService>(*printer_target, [this] { wake(); });

    link_ = std::make_unique<ServerLink>(
        *url, [this] { wake(); }, config_.ca);
    client_ = std::make_unique<HallClient>(
        config_.token, [this](std::string text) { link_->send(std::move(text)); });
    context_ = std::make_unique<Context>(Context{
        config_, strings(config_.lang), *client_, *this, renderer_, *text_cache_, speaker_.get(),
        printer_.get(), wall_ms, [] { return std::chrono::steady_clock::now(); }});

    switch (config_.role) {
        case Role::ticket:
            screens_.push_back(make_ticket_home(*context_));
            break;
        case Role::board:
            screens_.push_back(make_board(*context_));
            break;
        case Role::counter:
            screens_.push_back(make_counter_root(*context_));
            break;
        case Role::rating:
            screens_.push_back(make_rating_idle(*context_));
            break;
    }
    link_->start();
    return {};
}

void App::wake() {
    SDL_Event event{};
    event.type = wake_event_;
    SDL_PushEvent(&event);
}

int App::run() {
    while (step(std::chrono::hours(1))) {
    }
    return 0;
}

std::optional<SteadyTime> App::idle_home_at() const {
    if (config_.role != Role::ticket || screens_.size() <= 1)
        return std::nullopt;
    return last_input_ + std::chrono::seconds(config_.home_after_s);
}

std::optional<SteadyTime> App::next_deadline() const {
    std::optional<SteadyTime> soonest = idle_home_at();
    for (const auto& screen : screens_)
        if (auto d = screen->deadline(); d && (!soonest || *d < *soonest))
            soonest = d;
    return soonest;
}

bool App::step(std::chrono::milliseconds max_wait) {
    prepare();
    auto now = std::chrono::steady_clock::now();
    auto until = now + max_wait;
    if (auto d = next_deadline(); d && *d < until)
        until = *d;
    // Screens show the time to the minute: wake at the next minute, not before.
    std::int64_t ms = wall_ms();
    auto to_minute = std::chrono::milliseconds(60000 - ms % 60000 + 5);
    if (now + to_minute < until)
        until = now + to_minute;
    auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(until - now).count();
    SDL_Event event;
    if (SDL_WaitEventTimeout(&event, static_cast<int>(std::max<std::int64_t>(wait, 1))) != 0) {
        handle(event);
        while (SDL_PollEvent(&event) != 0)
            handle(event);
    }
    now = std::chrono::steady_clock::now();
    for (auto& screen : screens_)
        if (auto d = screen->deadline(); d && *d <= now) {
            screen->tick(now);
            dirty_ = true;
        }
    if (auto home = idle_home_at(); home && *home <= now) {
        pop_to_root();
        apply_navigation();
        dirty_ = true;
    }
    if (wall_ms() / 60000 != shown_minute_) {
        shown_minute_ = wall_ms() / 60000;
        for (auto& screen : screens_)
            screen->invalidate();
    }
    prepare();
    if (dirty_)
        render();
    return !quit_;
}

bool App::run_until(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0)
            return done();
        if (!step(std::min(left, std::chrono::milliseconds(100))))
            return done();
    }
    return true;
}

void App::handle(const SDL_Event& event) {
    if (event.type == wake_event_) {
        drain_link();
        drain_printer();
        return;
    }
    switch (event.type) {
        case SDL_QUIT:
            quit_ = true;
            break;
        case SDL_WINDOWEVENT:
            if (event.window.event == SDL_WINDOWEVENT_SIZE_CHANGED) {
                int w = 0;
                int h = 0;
                SDL_GetRendererOutputSize(renderer_, &w, &h);
                size_ = {w, h};
                for (auto& screen : screens_)
                    screen->invalidate();
            }
            dirty_ = true;  // exposed, restored: the compositor may have dropped our pixels
            break;
        case SDL_MOUSEBUTTONDOWN:
            if (event.button.which != SDL_TOUCH_MOUSEID && event.button.button == SDL_BUTTON_LEFT) {
                pointer_down_ = true;
                down_x_ = event.button.x;
                down_y_ = event.button.y;
            }
            break;
        case SDL_MOUSEBUTTONUP:
            if (event.button.which != SDL_TOUCH_MOUSEID && event.button.button == SDL_BUTTON_LEFT &&
                pointer_down_) {
                pointer_down_ = false;
                int dx = event.button.x - down_x_;
                int dy = event.button.y - down_y_;
                if (std::abs(dx) < tap_slop && std::abs(dy) < tap_slop)
                    deliver({Input::Kind::tap, down_x_, down_y_, 0, 0, 0, {}});
                else
                    deliver({Input::Kind::swipe, down_x_, down_y_, dx, dy, 0, {}});
            }
            break;
        case SDL_FINGERDOWN:
            pointer_down_ = true;
            down_x_ = static_cast<int>(event.tfinger.x * static_cast<float>(size_.w));
            down_y_ = static_cast<int>(event.tfinger.y * static_cast<float>(size_.h));
            break;
        case SDL_FINGERUP:
            if (pointer_down_) {
                pointer_down_ = false;
                int x = static_cast<int>(event.tfinger.x * static_cast<float>(size_.w));
                int y = static_cast<int>(event.tfinger.y * static_cast<float>(size_.h));
                int dx = x - down_x_;
                int dy = y - down_y_;
                if (std::abs(dx) < tap_slop && std::abs(dy) < tap_slop)
                    deliver({Input::Kind::tap, down_x_, down_y_, 0, 0, 0, {}});
                else
                    deliver({Input::Kind::swipe, down_x_, down_y_, dx, dy, 0, {}});
            }
            break;
        case SDL_KEYDOWN:
            if (event.key.keysym.sym == SDLK_ESCAPE && !config_.fills_display() &&
                (event.key.keysym.mod & KMOD_CTRL) != 0) {
                quit_ = true;
                break;
            }
            deliver({Input::Kind::key, 0, 0, 0, 0, event.key.keysym.sym, {}});
            break;
        case SDL_TEXTINPUT:
            deliver({Input::Kind::text, 0, 0, 0, 0, 0, event.text.text});
            break;
        default:
            break;
    }
}

void App::deliver(const Input& input) {
    if (screens_.empty())
        return;
    last_input_ = std::chrono::steady_clock::now();
    prepare();
    // Out of service: the kiosk takes no taps rather than promise a ticket it cannot issue.
    if (config_.role == Role::ticket && !client_->online())
        return;
    if (screens_.back()->input(input))
        dirty_ = true;
    apply_navigation();
}

void App::drain_link() {
    for (auto& message : link_->take()) {
        switch (message.kind) {
            case LinkMessage::Kind::connected:
                client_->on_connected();
                break;
            case LinkMessage::Kind::disconnected:
                link_problem_ = message.text;
                client_->on_disconnected();
                break;
            case LinkMessage::Kind::text:
                for (auto& event : client_->on_message(message.text)) {
                    ++event_counts_[event.name];
                    for (std::size_t i = 0; i < screens_.size(); ++i)
                        screens_[i]->on_event(event);
                }
                break;
        }
        dirty_ = true;
    }
    // A refused hello is for the hall's staff to fix, not the citizen: say it once, on standard
    // error (the journal of the kiosk's unit).
    if (client_->hello_error() != reported_hello_error_) {
        reported_hello_error_ = client_->hello_error();
        if (!reported_hello_error_.empty())
            std::cerr << "kiosk: the server refused this device (" << reported_hello_error_
                      << "): its token is unknown or revoked; `hall_server device add` prints a "
                         "new one\n";
    }
    // The clock shows the hall's time, from the catalog's hall profile.
    bool zone_changed =
        client_->has_catalog() && use_hall_time_zone(client_->catalog().hall.time_zone);
    if (zone_changed || client_->online() != was_online_ ||
        client_->has_catalog() != had_catalog_) {
        if (client_->online() && !was_online_)
            for (auto& screen : screens_)
                screen->link_restored();
        was_online_ = client_->online();
        had_catalog_ = client_->has_catalog();
        for (auto& screen : screens_)
            screen->invalidate();
    }
    apply_navigation();
}

void App::drain_printer() {
    if (!printer_)
        return;
    for (auto& outcome : printer_->take()) {
        ++print_results_;
        std::string message;
        bool en = config_.lang == Lang::en;
        if (!outcome.ok) {
            // The visitor reads a plain reason; the technical one goes to the log.
            SDL_Log("kiosk: printer: %s", outcome.error.c_str());
            message = outcome.paper_out    ? (en ? "out of paper" : "缺纸")
                      : outcome.cover_open ? (en ? "printer cover open" : "打印机盖未关")
                      : outcome.offline    ? (en ? "printer offline" : "打印机未连接")
                                           : (en ? "printing failed" : "打印失败");
        } else if (outcome.paper_low) {
            SDL_Log("kiosk: printer: the paper roll is near its end");
            message = en ? "paper running low" : "打印纸即将用完";
        }
        last_print_message_ = message;
        for (auto& screen : screens_)
            screen->on_print_result(outcome.ok, message);
        dirty_ = true;
    }
}

void App::push(std::unique_ptr<Screen> screen) {
    auto shared = std::make_shared<std::unique_ptr<Screen>>(std::move(screen));
    pending_navigation_.push_back([this, shared] {
        screens_.push_back(std::move(*shared));
        last_input_ = std::chrono::steady_clock::now();  // a new page gets its full time
    });
}

void App::pop() {
    pending_navigation_.push_back([this] {
        if (screens_.size() > 1)
            screens_.pop_back();
        screens_.back()->invalidate();
    });
}

void App::pop_to_root() {
    pending_navigation_.push_back([this] {
        while (screens_.size() > 1)
            screens_.pop_back();
        screens_.back()->invalidate();
    });
}

bool App::shows(const Screen& screen) const {
    return pending_navigation_.empty() && !screens_.empty() && screens_.back().get() == &screen;
}

void App::apply_navigation() {
    if (pending_navigation_.empty())
        return;
    auto actions = std::move(pending_navigation_);
    pending_navigation_.clear();
    for (auto& action : actions)
        action();
    dirty_ = true;
}

void App::prepare() {
    apply_navigation();
    if (!screens_.empty() && screens_.back()->needs_layout()) {
        screens_.back()->layout(size_);
        dirty_ = true;
    }
}

void App::draw_offline_overlay(const Painter& painter) const {
    const Strings& s = context_->text;
    if (config_.role == Role::ticket) {
        painter.fill({0, 0, size_.w, size_.h}, {30, 30, 36, 235});
        int big = std::max(24, size_.w / 10);
        painter.text({0, size_.h / 2 - big * 2, size_.w, big * 2}, s.out_of_service,
                     {big, true, theme::white}, Align::center);
        int small = std::max(16, size_.w / 30);
        std::string detail = client_->hello_error().empty()
                                 ? s.reconnecting
                                 : error_text(config_.lang, client_->hello_error(), "");
        painter.text({0, size_.h / 2 + big / 2, size_.w, small * 2}, detail,
                     {small, false, theme::white}, Align::center);
        return;
    }
    // Over the whole header bar, as high as the screen drew it, so that no half of its title or
    // clock shows under the banner; on an LED strip, its top line.
    int h = std::max(18, std::min(size_.h / 8, 48));
    if (config_.strip)
        h = size_.h < 48 ? size_.h : size_.h / 2;  // its one line, or the first of its two
    else if (!screens_.empty())
        h = std::max(h, screens_.back()->header_height());
    painter.fill({0, 0, size_.w, h}, {200, 40, 40, 255});  // opaque: nothing half shows through
    std::string text =
        std::string(s.offline) + " · " +
        (client_->hello_error().empty() ? std::string(s.reconnecting)
                                        : error_text(config_.lang, client_->hello_error(), ""));
    painter.text({8, 0, size_.w - 16, h}, text,
                 {std::max(h * 45 / 100, std::min(h * 6 / 10, 28)), true, theme::white},
                 Align::center);
}

void App::render() {
    Painter painter(renderer_, *text_cache_);
    if (!screens_.empty())
        screens_.back()->draw(painter);
    if (!client_->online())
        draw_offline_overlay(painter);
    SDL_RenderPresent(renderer_);
    dirty_ = false;
}

void App::tap(int x, int y) {
    deliver({Input::Kind::tap, x, y, 0, 0, 0, {}});
    prepare();
    if (dirty_)
        render();
}

bool App::tap_button(std::string_view title) {
    prepare();
    if (screens_.empty())
        return false;
    const Button* button = screens_.back()->find_button(title);
    if (!button || !button->is_enabled())
        return false;
    Rect r = button->rect();
    tap(r.x + r.w / 2, r.y + r.h / 2);
    return true;
}

std::optional<Rect> App::button_at(std::string_view title) {
    prepare();
    const Button* button = screens_.empty() ? nullptr : screens_.back()->find_button(title);
    return button ? std::optional<Rect>(button->rect()) : std::nullopt;
}

bool App::shows_label(std::string_view text) {
    prepare();
    return !screens_.empty() && screens_.back()->shows_label(text);
}

std::vector<std::string> App::label_texts() {
    prepare();
    return screens_.empty() ? std::vector<std::string>{} : screens_.back()->label_texts();
}

void App::swipe(int x, int y, int dx, int dy) {
    deliver({Input::Kind::swipe, x, y, dx, dy, 0, {}});
    prepare();
    if (dirty_)
        render();
}

void App::type_text(const std::string& text) {
    deliver({Input::Kind::text, 0, 0, 0, 0, 0, text});
}

bool App::screenshot(const std::string& path) {
    prepare();
    Painter painter(renderer_, *text_cache_);
    if (!screens_.empty())
        screens_.back()->draw(painter);
    if (!client_->online())
        draw_offline_overlay(painter);
    SDL_Surface* surface =
        SDL_CreateRGBSurfaceWithFormat(0, size_.w, size_.h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!surface)
        return false;
    // Read before presenting: after SDL_RenderPresent the back buffer's content is undefined.
    bool ok = SDL_RenderReadPixels(renderer_, nullptr, SDL_PIXELFORMAT_ARGB8888, surface->pixels,
                                   surface->pitch) == 0 &&
              IMG_SavePNG(surface, path.c_str()) == 0;
    SDL_FreeSurface(surface);
    SDL_RenderPresent(renderer_);
    dirty_ = false;
    return ok;
}

std::chrono::nanoseconds App::redraw() {
    auto start = std::chrono::steady_clock::now();
    if (!screens_.empty())
        screens_.back()->invalidate();
    prepare();
    render();
    return std::chrono::steady_clock::now() - start;
}

std::string App::screen_name() const {
    return screens_.empty() ? "" : screens_.back()->name();
}

int App::events_seen(std::string_view name) const {
    auto found = event_counts_.find(name);
    return found == event_counts_.end() ? 0 : found->second;
}

}  // namespace kiosk
