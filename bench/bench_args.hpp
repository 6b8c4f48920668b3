// Options of the benchmark programs: hall_server's own command-line parser, with numbers.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <set>
#include <stdexcept>
#include <string>

#include "command_line.hpp"

namespace hall::bench {

class Args {
  public:
    // Prints `help` and exits on --help, or on a wrong option (status 2).
    Args(int argc, char** argv, const char* help, const std::set<std::string>& flags)
        : help_(help), line_(parse(argc, argv, help, flags)) {
        if (line_.has("help")) {
            std::fputs(help, stdout);
            std::exit(0);
        }
    }

    std::string text(const std::string& name, const std::string& fallback) const {
        return line_.value(name).value_or(fallback);
    }
    std::string required(const std::string& name) const {
        auto value = line_.value(name);
        if (!value)
            fail("--" + name + " is required");
        return *value;
    }
    long integer(const std::string& name, long fallback) const {
        auto value = line_.value(name);
        if (!value)
            return fallback;
        char* end = nullptr;
        long n = std::strtol(value->c_str(), &end, 10);
        if (value->empty() || *end != '\0')
            fail("--" + name + " wants a whole number, not \"" + *value + "\"");
        return n;
    }
    double number(const std::string& name, double fallback) const {
        auto value = line_.value(name);
        if (!value)
            return fallback;
        char* end = nullptr;
        double n = std::strtod(value->c_str(), &end);
        if (value->empty() || *end != '\0')
            fail("--" + name + " wants a number, not \"" + *value + "\"");
        return n;
    }

  private:
    static server::CommandLine parse(int argc, char** argv, const char* help,
                                     const std::set<std::string>& flags) {
        try {
            return server::CommandLine(argc, argv, 1, flags, {"help"});
        } catch (const std::exception& e) {
            std::fprintf(stderr, "%s\n%s", e.what(), help);
            std::exit(2);
        }
    }
    [[noreturn]] void fail(const std::string& why) const {
        std::fprintf(stderr, "%s\n%s", why.c_str(), help_);
        std::exit(2);
    }

    const char* help_;
    server::CommandLine line_;
};

}  // namespace hall::bench
