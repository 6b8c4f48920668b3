// Reads the JSON data of events read back from the log, fast: simdjson into buffers kept from one
// event to the next, for `verify`, which reads millions of them, and for a restart's replay.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

namespace hall {

// One event's data at a time; the fields read stay valid until the next decode(). Not shared
// between threads: each thread that reads the log has its own.
class EventDataDecoder {
  public:
    EventDataDecoder();
    ~EventDataDecoder();
    EventDataDecoder(const EventDataDecoder&) = delete;
    EventDataDecoder& operator=(const EventDataDecoder&) = delete;

    // Parses one event's data; throws std::runtime_error unless it is a JSON object.
    void decode(std::string_view json);

    // The fields, as tally_rules.hpp reads them: nullopt when absent, std::runtime_error when
    // the field holds another type.
    std::optional<std::string_view> text(const char* name) const;
    std::optional<std::int64_t> integer(const char* name) const;
    std::optional<bool> boolean(const char* name) const;
    // The whole data as the tree an Event holds, the same as nlohmann::json::parse gives
    // (non-negative integers unsigned, as it reads them).
    nlohmann::json tree() const;

  private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace hall
