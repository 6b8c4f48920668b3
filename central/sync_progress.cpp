// The sync's progress file, as JSON.
#include "sync_progress.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace hall::central {

std::string progress_path_for(const std::string& db_path) {
    return db_path + "-central.json";
}

void write_progress(const std::string& path, const SyncProgress& p) {
    nlohmann::json j = {{"hall_id", p.hall_id},         {"central", p.central},
                        {"shipped_seq", p.shipped_seq}, {"local_seq", p.local_seq},
                        {"checked_ms", p.checked_ms},   {"last_error", p.last_error}};
    j["first_pending_at_ms"] =
        p.first_pending_at_ms ? nlohmann::json(*p.first_pending_at_ms) : nlohmann::json();
    j["shipped_ms"] = p.shipped_ms ? nlohmann::json(*p.shipped_ms) : nlohmann::json();
    const std::string partial = path + ".partial";
    {
        std::ofstream out(partial, std::ios::trunc);
        out << j.dump(2) << '\n';
        out.close();
        if (!out)
            throw std::runtime_error("cannot write " + partial);
    }
    std::filesystem::rename(partial, path);
}

std::optional<SyncProgress> read_progress(const std::string& path) {
    std::ifstream in(path);
    if (!in)
        return std::nullopt;
    std::stringstream text;
    text << in.rdbuf();
    const auto j = nlohmann::json::parse(text.str(), nullptr, false);
    if (!j.is_object())
        return std::nullopt;
    SyncProgress p;
    p.hall_id = j.value("hall_id", "");
    p.central = j.value("central", "");
    p.shipped_seq = j.value("shipped_seq", std::int64_t{0});
    p.local_seq = j.value("local_seq", std::int64_t{0});
    p.checked_ms = j.value("checked_ms", std::int64_t{0});
    p.last_error = j.value("last_error", "");
    if (j.contains("first_pending_at_ms") && j["first_pending_at_ms"].is_number())
        p.first_pending_at_ms = j["first_pending_at_ms"].get<std::int64_t>();
    if (j.contains("shipped_ms") && j["shipped_ms"].is_number())
        p.shipped_ms = j["shipped_ms"].get<std::int64_t>();
    return p;
}

SyncLag sync_lag(const SyncProgress& progress, std::int64_t local_last_seq, std::int64_t now_ms) {
    SyncLag lag;
    lag.events = std::max<std::int64_t>(0, local_last_seq - progress.shipped_seq);
    if (lag.events == 0)
        return lag;
    // The oldest unshipped event the sync saw; if it saw none, every pending event came after
    // it last looked, so that moment bounds their age.
    const std::int64_t since = progress.first_pending_at_ms.value_or(progress.checked_ms);
    lag.seconds = static_cast<double>(std::max<std::int64_t>(0, now_ms - since)) / 1000.0;
    return lag;
}

}  // namespace hall::central
