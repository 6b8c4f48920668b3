// sd_notify for READY, WATCHDOG and STOPPING.
#include "systemd_notifier.hpp"

#include <systemd/sd-daemon.h>

#include <chrono>

#include "log.hpp"

namespace hall::server {

SystemdNotifier::SystemdNotifier(boost::asio::io_context& io) : timer_(io) {}

void SystemdNotifier::ready(const std::string& status) {
    sd_notify(0, ("READY=1\nSTATUS=" + status).c_str());
    std::uint64_t usec = 0;
    if (sd_watchdog_enabled(0, &usec) > 0 && usec > 0) {
        watchdog_usec_ = usec;
        log::info("feeding the systemd watchdog every " + std::to_string(usec / 2 / 1000) + " ms");
        feed();
    }
}

void SystemdNotifier::feed() {
    sd_notify(0, "WATCHDOG=1");
    // Twice per period, as sd_watchdog_enabled(3) advises.
    timer_.expires_after(std::chrono::microseconds(watchdog_usec_ / 2));
    timer_.async_wait([this](boost::system::error_code ec) {
        if (!ec)
            feed();
    });
}

void SystemdNotifier::stopping() {
    timer_.cancel();
    sd_notify(0, "STOPPING=1");
}

}  // namespace hall::server
