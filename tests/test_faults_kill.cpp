// Kill -9 under load, and many devices at once: what was acknowledged is what is stored.
#include <catch2/catch.hpp>

#include "faults/fault_scenario.hpp"
#include "hall_fixture.hpp"

using namespace hall::testing;

namespace {

void check(const ScenarioResult& result) {
    INFO("operations " << result.operations << ", issued " << result.issued << ", called "
                       << result.called << ", ended " << result.ended << ", retried "
                       << result.retried << ", reconnects " << result.reconnects);
    for (const auto& what : result.unexpected)
        UNSCOPED_INFO("unexpected reply: " << what);
    for (const auto& what : result.broken)
        UNSCOPED_INFO("broken: " << what);
    CHECK(result.unexpected.empty());
    CHECK(result.broken.empty());
    INFO(result.verify_output);
    CHECK(result.verify_status == 0);
    CHECK(result.issued > 0);
    CHECK(result.ended > 0);
}

}  // namespace

TEST_CASE(
    "kill -9 under load loses nothing acknowledged, and no ticket is issued or called twice") {
    TempDir dir;
    ScenarioPlan plan;
    plan.kiosks = 6;
    plan.counters = 6;
    plan.operations = 1'000'000;  // bounded by the kills instead
    plan.kills = 8;
    plan.kill_after_ms_min = 300;
    plan.kill_after_ms_max = 1500;
    plan.seed = std::random_device{}();
    INFO("seed " << plan.seed);
    auto result = run_fault_scenario(dir.file("hall.db"), plan);
    CHECK(result.kills == plan.kills);
    // Every device came back after every kill.
    CHECK(result.reconnects >= plan.kills);
    check(result);
}

TEST_CASE("many kiosks and counters at once: the same invariants hold after thousands of changes") {
    TempDir dir;
    ScenarioPlan plan;
    plan.kiosks = 8;
    plan.counters = 8;
    plan.operations = 3000;
    auto result = run_fault_scenario(dir.file("hall.db"), plan);
    CHECK(result.operations >= plan.operations);
    check(result);
}
