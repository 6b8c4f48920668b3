// The long fault runs: many kiosks and counters against a real hall_server, with kill -9 at
// random moments or without, then every invariant checked against what the devices were told.
//   hall_fault_load [--operations N] [--kiosks K] [--counters C] [--kills N]
//                   [--kill-after MIN_MS MAX_MS] [--seed S]
// Prints the figures; exits 1 if any invariant does not hold.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>

#include "faults/fault_scenario.hpp"

namespace {

void usage() {
    std::fputs(
        "usage: hall_fault_load [--operations N] [--kiosks K] [--counters C] [--kills N]\n"
        "                       [--kill-after MIN_MS MAX_MS] [--seed S]\n",
        stderr);
    std::exit(2);
}

long long number(int argc, char** argv, int& i) {
    if (i + 1 >= argc)
        usage();
    char* end = nullptr;
    long long value = std::strtoll(argv[++i], &end, 10);
    if (*end != '\0' || value < 0)
        usage();
    return value;
}

}  // namespace

int main(int argc, char** argv) {
    hall::testing::ScenarioPlan plan;
    plan.operations = 1'000'000;
    plan.kiosks = 40;
    plan.counters = 91;  // every window of the demo hall but the 4 agency windows
    plan.seed = std::random_device{}();
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "--operations")
            plan.operations = number(argc, argv, i);
        else if (arg == "--kiosks")
            plan.kiosks = static_cast<int>(number(argc, argv, i));
        else if (arg == "--counters")
            plan.counters = static_cast<int>(number(argc, argv, i));
        else if (arg == "--kills")
            plan.kills = static_cast<int>(number(argc, argv, i));
        else if (arg == "--kill-after") {
            plan.kill_after_ms_min = static_cast<int>(number(argc, argv, i));
            plan.kill_after_ms_max = static_cast<int>(number(argc, argv, i));
        } else if (arg == "--seed")
            plan.seed = static_cast<unsigned>(number(argc, argv, i));
        else
            usage();
    }

    auto dir = std::filesystem::temp_directory_path() /
               ("counterhall-fault-load-" + std::to_string(plan.seed));
    std::filesystem::create_directories(dir);
    auto result = hall::testing::run_fault_scenario((dir / "hall.db").string(), plan);
    std::filesystem::remove_all(dir);

    std::printf("devices: %d kiosks, %d counters; kills: %d; seed %u\n", plan.kiosks, plan.counters,
                result.kills, plan.seed);
    std::printf("acknowledged changes: %lld in %.1f s (%.0f/s)\n",
                static_cast<long long>(result.operations), result.load_seconds,
                static_cast<double>(result.operations) / result.load_seconds);
    std::printf("tickets issued %lld, called %lld, ended at a window %lld\n",
                static_cast<long long>(result.issued), static_cast<long long>(result.called),
                static_cast<long long>(result.ended));
    std::printf("issues retried after a lost reply: %lld; connections (re)made: %lld\n",
                static_cast<long long>(result.retried), static_cast<long long>(result.reconnects));
    for (const auto& what : result.unexpected)
        std::printf("unexpected reply: %s\n", what.c_str());
    for (const auto& what : result.broken)
        std::printf("BROKEN: %s\n", what.c_str());
    std::printf("verify: exit %d\n", result.verify_status);
    bool ok = result.broken.empty() && result.unexpected.empty() && result.verify_status == 0;
    if (result.verify_status != 0)
        std::printf("%s\n", result.verify_output.c_str());
    std::printf("%s\n", ok ? "every invariant holds" : "INVARIANTS BROKEN");
    return ok ? 0 : 1;
}
