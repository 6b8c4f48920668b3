// Command-line and config-file parsing.
#include "config.hpp"

#include <charconv>
#include <cstdlib>
#include <fstream>
#include <map>

namespace kiosk {

std::optional<Role> parse_role(std::string_view text) {
    if (text == "ticket" || text == "kiosk")
        return Role::ticket;
    if (text == "board")
        return Role::board;
    if (text == "counter")
        return Role::counter;
    if (text == "rating")
        return Role::rating;
    return std::nullopt;
}

std::string_view to_string(Role role) {
    switch (role) {
        case Role::ticket:
            return "ticket";
        case Role::board:
            return "board";
        case Role::counter:
            return "counter";
        case Role::rating:
            return "rating";
    }
    return "ticket";
}

Size default_size(Role role, bool strip) {
    switch (role) {
        case Role::ticket:
            return {1080, 1920};
        case Role::board:
            return strip ? Size{384, 64} : Size{1920, 1080};
        case Role::counter:
        case Role::rating:
            return {800, 480};
    }
    return {800, 480};
}

std::string usage() {
    return "usage: kiosk --role ticket|board|counter|rating --server ws://HOST:PORT --token "
           "NAME.SECRET\n"
           "             [--ca FILE] (with --server wss://HOST:PORT: the CA to verify it by)\n"
           "             [--device NAME] [--config FILE] [--size WxH] [--position X,Y]\n"
           "             [--windowed]\n"
           "             [--layout strip] [--mute] [--lang zh|en]\n"
           "             [--renderer accelerated|software] [--home-after SECONDS]\n"
           "             [--printer /dev/usb/lp0|tcp:HOST:9100|file:PATH]\n"
           "             [--screenshot FILE [--wait MS]] [--script FILE]\n";
}

namespace {

bool apply(Config& config, const std::string& key, const std::string& value, std::string& error) {
    if (key == "role") {
        auto role = parse_role(value);
        if (!role) {
            error = "unknown role \"" + value + "\"";
            return false;
        }
        config.role = *role;
    } else if (key == "server") {
        config.server = value;
    } else if (key == "token") {
        config.token = value;
    } else if (key == "device") {
        config.device = value;
    } else if (key == "size") {
        auto x = value.find('x');
        try {
            if (x == std::string::npos)
                throw std::invalid_argument(value);
            config.size = {std::stoi(value.substr(0, x)), std::stoi(value.substr(x + 1))};
        } catch (const std::exception&) {
            error = "--size wants WIDTHxHEIGHT, e.g. 1080x1920";
            return false;
        }
        if (config.size.w < 64 || config.size.h < 32) {
            error = "--size is too small";
            return false;
        }
        config.size_given = true;
    } else if (key == "position") {
        auto comma = value.find(',');
        try {
            if (comma == std::string::npos)
                throw std::invalid_argument(value);
            std::size_t x_end = 0;
            std::size_t y_end = 0;
            const int x = std::stoi(value.substr(0, comma), &x_end);
            const int y = std::stoi(value.substr(comma + 1), &y_end);
            if (x_end != comma || comma + 1 + y_end != value.size())
                throw std::invalid_argument(value);
            config.position = WindowPosition{x, y};
        } catch (const std::exception&) {
            error = "--position wants X,Y, e.g. 0,0";
            return false;
        }
    } else if (key == "layout") {
        if (value != "strip" && value != "full") {
            error = "--layout is strip or full";
            return false;
        }
        config.strip = value == "strip";
    } else if (key == "lang") {
        auto lang = parse_lang(value);
        if (!lang) {
            error = "--lang is zh or en";
            return false;
        }
        config.lang = *lang;
    } else if (key == "ca") {
        config.ca = value;
    } else if (key == "printer") {
        config.printer = value;
    } else if (key == "screenshot") {
        config.screenshot = value;
    } else if (key == "script") {
        config.script = value;
    } else if (key == "wait") {
        try {
            config.wait_ms = std::stoi(value);
        } catch (const std::exception&) {
            error = "--wait wants milliseconds";
            return false;
        }
    } else if (key == "home-after") {
        int seconds = 0;
        auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
        if (ec != std::errc() || end != value.data() + value.size() || seconds < 5 ||
            seconds > 3600) {
            error = "--home-after wants seconds from 5 to 3600";
            return false;
        }
        config.home_after_s = seconds;
    } else if (key == "renderer") {
        if (value != "accelerated" && value != "software") {
            error = "--renderer is accelerated or software";
            return false;
        }
        config.software_renderer = value == "software";
    } else if (key == "windowed") {
        config.windowed = value != "no" && value != "false" && value != "0";
    } else if (key == "mute") {
        config.mute = value != "no" && value != "false" && value != "0";
    } else {
        error = "unknown option \"" + key + "\"";
        return false;
    }
    return true;
}

std::string trim(const std::string& s) {
    auto begin = s.find_first_not_of(" \t\r");
    if (begin == std::string::npos)
        return {};
    auto end = s.find_last_not_of(" \t\r");
    return s.substr(begin, end - begin + 1);
}

bool read_config_file(Config& config, const std::string& path, std::string& error) {
    std::ifstream in(path);
    if (!in) {
        error = "cannot read " + path;
        return false;
    }
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        line = trim(line);
        if (line.empty() || line[0] == '#')
            continue;
        auto eq = line.find('=');
        std::string key = trim(line.substr(0, eq));
        std::string value = eq == std::string::npos ? "yes" : trim(line.substr(eq + 1));
        if (!apply(config, key, value, error)) {
            error = path + ":" + std::to_string(number) + ": " + error;
            return false;
        }
    }
    return true;
}

}  // namespace

std::optional<Config> parse_command_line(const std::vector<std::string>& args, std::string& error) {
    Config config;
    // The config file first, so that options on the command line override it.
    for (std::size_t i = 0; i + 1 < args.size(); ++i)
        if (args[i] == "--config" && !read_config_file(config, args[i + 1], error))
            return std::nullopt;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (!arg.starts_with("--")) {
            error = "unexpected argument \"" + arg + "\"";
            return std::nullopt;
        }
        std::string key = arg.substr(2);
        if (key == "windowed" || key == "mute") {
            apply(config, key, "yes", error);
            continue;
        }
        if (i + 1 >= args.size()) {
            error = arg + " needs a value";
            return std::nullopt;
        }
        std::string value = args[++i];
        if (key == "config")
            continue;
        if (!apply(config, key, value, error))
            return std::nullopt;
    }
    // The environment keeps the token out of `ps` for other users to read.
    if (config.token.empty())
        if (const char* token = std::getenv("HALL_DEVICE_TOKEN"))
            config.token = token;
    if (config.token.empty() && config.screenshot.empty()) {
        error = "--token (or HALL_DEVICE_TOKEN) is required: hall_server device add prints it";
        return std::nullopt;
    }
    if (config.device.empty())
        config.device = config.token.substr(0, config.token.find('.'));
    if (config.size.w == 0)
        config.size = default_size(config.role, config.strip);
    return config;
}

}  // namespace kiosk
