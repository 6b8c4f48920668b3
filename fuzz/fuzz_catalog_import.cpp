// libFuzzer: one input cut at NUL bytes into the ten catalog files (in the order of
// file_names; fewer pieces leave the later files missing), read and checked by the import.
// A catalog comes back only without errors, and the error list stays bounded.
#include <unistd.h>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "catalog_import.hpp"

namespace {

constexpr std::array<const char*, 10> file_names = {
    "hall.csv",        "zones.csv",   "departments.csv", "items.csv",    "queues.csv",
    "queue_items.csv", "windows.csv", "staff.csv",       "packages.csv", "package_items.csv"};

const std::filesystem::path& scratch() {
    static const std::filesystem::path dir = [] {
        auto base = std::filesystem::exists("/dev/shm") ? std::filesystem::path("/dev/shm")
                                                        : std::filesystem::temp_directory_path();
        auto path = base / ("counterhall-fuzz-catalog-" + std::to_string(getpid()));
        std::filesystem::create_directories(path);
        std::atexit([] { std::filesystem::remove_all(scratch()); });
        return path;
    }();
    return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto& dir = scratch();
    for (auto name : file_names) {
        auto path = dir / name;
        if (input.data() == nullptr) {
            std::filesystem::remove(path);
            continue;
        }
        auto cut = input.find('\0');
        std::ofstream(path, std::ios::binary | std::ios::trunc) << input.substr(0, cut);
        input = cut == std::string_view::npos ? std::string_view() : input.substr(cut + 1);
    }
    auto result = hall::read_catalog_dir(dir);
    if (result.catalog.has_value() == !result.errors.empty())
        std::abort();
    if (result.errors.size() > hall::max_import_errors + 1)
        std::abort();
    for (const auto& error : result.errors)
        if (error.reason.empty())
            std::abort();
    return 0;
}
