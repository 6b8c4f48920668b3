// Wrong-PIN counting and lockout.
#include "staff_guard.hpp"

namespace hall::server {

bool StaffGuard::locked(const std::string& staff, std::int64_t now_ms) const {
    auto it = records_.find(staff);
    return it != records_.end() && it->second.locked_until_ms > now_ms;
}

bool StaffGuard::failed(const std::string& staff, std::int64_t now_ms) {
    auto& record = records_[staff];
    if (record.locked_until_ms != 0 && record.locked_until_ms <= now_ms)
        record = {};
    if (++record.failures >= max_failures) {
        record.locked_until_ms = now_ms + lock_ms;
        return true;
    }
    return false;
}

void StaffGuard::succeeded(const std::string& staff) {
    records_.erase(staff);
}

}  // namespace hall::server
