// The kiosk's benchmarks (issue 6): time from a tap to the frame that shows the ticket, frame
// time, CPU while idle and memory, against a real hall_server on loopback. bench/kiosk_bench.sh
// runs it; it prints Markdown tables for BENCHMARKS.md.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <thread>
#include <tuple>

#include "app.hpp"
#include "hall_fixture.hpp"
#include "kiosk/in_process_kiosk.hpp"
#include "kiosk/kiosk_process.hpp"
#include "server_process.hpp"
#include "ws_client.hpp"

using namespace hall::testing;
using kiosk::testing::config_for;
using kiosk::testing::online;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

struct Options {
    int taps = 200;
    int idle_seconds = 20;
    int frames = 50;
    std::string display;  // also measure idle under this X display (e.g. Xvfb's :99)
};

double ms(Clock::duration d) {
    return std::chrono::duration<double, std::milli>(d).count();
}

// p50, p99 and the largest of a sample, in milliseconds.
std::string spread(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    auto at = [&](double q) {
        return values[std::min(values.size() - 1,
                               static_cast<std::size_t>(q * static_cast<double>(values.size())))];
    };
    char text[96];
    std::snprintf(text, sizeof text, "%.2f | %.2f | %.2f", at(0.5), at(0.99), values.back());
    return text;
}

void wait_for(kiosk::App& app, const std::function<bool()>& done, const char* what) {
    if (!app.run_until(done, 20s))
        throw std::runtime_error(std::string("the kiosk never got to ") + what);
}

void start_online(kiosk::App& app) {
    if (auto problem = app.start(); !problem.empty())
        throw std::runtime_error(problem);
    wait_for(
        app, [&] { return online(app); }, "online");
}

void press(kiosk::App& app, const std::string& title) {
    if (!app.run_until([&] { return app.tap_button(title); }, 10s))
        throw std::runtime_error("no button " + title + " on " + app.screen_name());
}

// Frame times of the screen now shown: lay out and draw from scratch, `count` times.
std::vector<double> frame_times(kiosk::App& app, int count) {
    std::vector<double> out;
    for (int i = 0; i < count; ++i)
        out.push_back(ms(app.redraw()));
    return out;
}

// CPU ticks (user + system) of a process, from /proc/PID/stat.
long cpu_ticks(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    // Fields after the command name, which is in parentheses and may hold spaces.
    std::istringstream rest(text.substr(text.rfind(')') + 2));
    std::string field;
    long utime = 0;
    long stime = 0;
    for (int i = 3; i <= 15 && rest >> field; ++i) {
        if (i == 14)
            utime = std::stol(field);
        if (i == 15)
            stime = std::stol(field);
    }
    return utime + stime;
}

// A line of /proc/PID/status in kB (VmRSS, VmHWM).
long status_kb(pid_t pid, const std::string& key) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line))
        if (line.starts_with(key + ":"))
            return std::stol(line.substr(key.size() + 1));
    return -1;
}

struct Devices {
    std::string ticket, board, counter, rating;
};

// The roles as real kiosk processes left idle: CPU over `seconds`, then memory.
void measure_idle(const RunningServer& server, const Devices& devices, const TempDir& dir,
                  const Options& options, const std::vector<std::string>& settings,
                  const std::string& label, const std::vector<std::string>& extra_args = {}) {
    struct Role {
        const char* name;
        std::string token;
    };
    std::vector<Role> roles{{"ticket", devices.ticket},
                            {"board", devices.board},
                            {"counter", devices.counter},
                            {"rating", devices.rating}};
    std::vector<std::unique_ptr<kiosk::testing::KioskProcess>> processes;
    for (const auto& role : roles) {
        std::vector<std::string> args{
            "--role",  role.name,  "--server", "ws://127.0.0.1:" + std::to_string(server.port()),
            "--token", role.token, "--mute",   "--windowed"};
        args.insert(args.end(), extra_args.begin(), extra_args.end());
        processes.push_back(std::make_unique<kiosk::testing::KioskProcess>(
            args, dir.file(std::string(role.name) + "-" + label + ".log"), settings));
    }
    // Time to start, sign in, load the catalog and draw the first screens.
    std::this_thread::sleep_for(5s);
    std::vector<long> before;
    for (auto& p : processes)
        before.push_back(cpu_ticks(p->pid()));
    auto start = Clock::now();
    std::this_thread::sleep_for(std::chrono::seconds(options.idle_seconds));
    double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    double hz = static_cast<double>(sysconf(_SC_CLK_TCK));
    for (std::size_t i = 0; i < processes.size(); ++i) {
        pid_t pid = processes[i]->pid();
        double cpu = 100.0 * static_cast<double>(cpu_ticks(pid) - before[i]) / hz / seconds;
        std::printf("| %s | %s | %.2f %% | %.1f MB | %.1f MB |\n", roles[i].name, label.c_str(),
                    cpu, static_cast<double>(status_kb(pid, "VmRSS")) / 1024.0,
                    static_cast<double>(status_kb(pid, "VmHWM")) / 1024.0);
    }
}

}  // namespace

int main(int argc, char** argv) {
    Options options;
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string key = argv[i];
        if (key == "--taps")
            options.taps = std::stoi(argv[i + 1]);
        else if (key == "--idle-seconds")
            options.idle_seconds = std::stoi(argv[i + 1]);
        else if (key == "--frames")
            options.frames = std::stoi(argv[i + 1]);
        else if (key == "--display")
            options.display = argv[i + 1];
        else {
            std::cerr << "usage: kiosk_bench [--taps N] [--idle-seconds S] [--frames N] "
                         "[--display :99]\n";
            return 2;
        }
    }
    try {
        setenv("SDL_VIDEODRIVER", "dummy", 1);
        setenv("SDL_AUDIODRIVER", "dummy", 1);
        TempDir dir;
        auto db = dir.file("hall.db");
        import_demo_catalog(db);
        Devices devices{register_device(db, "kiosk", 0, "kiosk-bench"),
                        register_device(db, "board", 0, "board-bench"),
                        register_device(db, "counter", 1, "counter-bench"),
                        register_device(db, "rating", 1, "rating-bench")};
        auto baseline_token = register_device(db, "kiosk", 0, "kiosk-baseline");
        RunningServer server(db);

        // The baseline: the same durable issue over the WebSocket, without the kiosk.
        std::vector<double> round_trips;
        {
            WsDevice device(server.port());
            device.hello(baseline_token);
            for (int i = 0; i < options.taps; ++i) {
                auto start = Clock::now();
                auto reply = device.request({{"op", "issue"}, {"queue", "Q02"}});
                round_trips.push_back(ms(Clock::now() - start));
                if (reply["ok"] != true)
                    throw std::runtime_error("baseline issue refused: " + reply.dump());
            }
        }

        std::map<std::string, std::vector<double>> frames;
        std::vector<double> tap_to_ticket;
        {
            kiosk::App app(config_for(kiosk::Role::ticket, server.port(), devices.ticket));
            start_online(app);
            frames["ticket_home"] = frame_times(app, options.frames);
            for (int i = 0; i < options.taps; ++i) {
                press(app, "社会民生服务专区");
                wait_for(
                    app, [&] { return app.screen_name() == "ticket_zone"; }, "ticket_zone");
                if (i == 0)
                    frames["ticket_zone"] = frame_times(app, options.frames);
                press(app, "民政残联业务");
                wait_for(
                    app, [&] { return app.screen_name() == "ticket_priority"; }, "ticket_priority");
                // From the tap to the end of the step that drew the ticket screen: the request,
                // the durable commit, the reply, the ticket screen's layout with its QR code,
                // and the frame.
                auto start = Clock::now();
                press(app, "普通取号");
                wait_for(
                    app, [&] { return app.screen_name() == "ticket_issued"; }, "ticket_issued");
                tap_to_ticket.push_back(ms(Clock::now() - start));
                if (i == 0)
                    frames["ticket_issued"] = frame_times(app, options.frames);
                press(app, "首页");
                wait_for(
                    app, [&] { return app.screen_name() == "ticket_home"; }, "ticket_home");
            }
        }
        {
            kiosk::App app(config_for(kiosk::Role::board, server.port(), devices.board));
            start_online(app);
            frames["board"] = frame_times(app, options.frames);
        }
        {
            kiosk::App app(config_for(kiosk::Role::counter, server.port(), devices.counter));
            start_online(app);
            frames["counter_login"] = frame_times(app, options.frames);
        }
        // The same frames on a real X server, with each renderer the program can use there.
        if (!options.display.empty()) {
            setenv("SDL_VIDEODRIVER", "x11", 1);
            setenv("DISPLAY", options.display.c_str(), 1);
            for (bool software : {false, true}) {
                std::string label = software ? " (x11)" : " (x11, --renderer accelerated)";
                for (auto [role, token, name] :
                     {std::tuple{kiosk::Role::ticket, devices.ticket, "ticket_home"},
                      std::tuple{kiosk::Role::board, devices.board, "board"}}) {
                    auto config = config_for(role, server.port(), token);
                    config.windowed = true;
                    config.software_renderer = software;
                    kiosk::App app(config);
                    start_online(app);
                    frames[name + label] = frame_times(app, options.frames);
                }
            }
            setenv("SDL_VIDEODRIVER", "dummy", 1);
        }

        std::printf("### Tap to ticket on screen (%d taps)\n\n", options.taps);
        std::printf("| measured | p50 ms | p99 ms | max ms |\n|---|---|---|---|\n");
        std::printf("| kiosk: tap on 普通取号 → frame with the ticket | %s |\n",
                    spread(tap_to_ticket).c_str());
        std::printf("| baseline: the same issue over the WebSocket, no kiosk | %s |\n\n",
                    spread(round_trips).c_str());
        std::printf("### Frame time (layout and draw from scratch, %d frames each)\n\n",
                    options.frames);
        std::printf("| screen | p50 ms | p99 ms | max ms |\n|---|---|---|---|\n");
        for (const auto& [screen, times] : frames)
            std::printf("| %s | %s |\n", screen.c_str(), spread(times).c_str());
        std::printf("\n### Idle (%d s), and memory\n\n", options.idle_seconds);
        std::printf(
            "| role | video driver | CPU of one core | RSS | peak RSS |\n"
            "|---|---|---|---|---|\n");
        std::fflush(stdout);
        measure_idle(server, devices, dir, options,
                     {"SDL_VIDEODRIVER=dummy", "SDL_AUDIODRIVER=dummy"}, "dummy");
        if (!options.display.empty()) {
            std::vector<std::string> x11{"SDL_VIDEODRIVER=x11", "DISPLAY=" + options.display,
                                         "SDL_AUDIODRIVER=dummy"};
            measure_idle(server, devices, dir, options, x11, "x11 (Xvfb)");
            measure_idle(server, devices, dir, options, x11, "x11 (Xvfb), --renderer accelerated",
                         {"--renderer", "accelerated"});
        }
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "kiosk_bench: " << e.what() << "\n";
        return 1;
    }
}
