// Wrong-PIN lockout: 5 wrong PINs in a row lock a staff member for 5 minutes.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>

namespace hall::server {

// Lives on the io thread. Kept in memory: a restart forgets failures, which only ever helps a
// staff member who mistyped, while each guess still costs an argon2id verification.
class StaffGuard {
  public:
    static constexpr int max_failures = 5;
    static constexpr std::int64_t lock_ms = 5 * 60'000;

    bool locked(const std::string& staff, std::int64_t now_ms) const;
    // Records a wrong PIN; true if the staff member is now locked.
    bool failed(const std::string& staff, std::int64_t now_ms);
    void succeeded(const std::string& staff);

  private:
    struct Record {
        int failures = 0;
        std::int64_t locked_until_ms = 0;
    };
    std::unordered_map<std::string, Record> records_;
};

}  // namespace hall::server
