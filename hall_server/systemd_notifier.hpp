// Tells systemd how the server is doing (sd_notify): ready once listening, alive while the io
// loop turns, stopping on shutdown. Does nothing when not run by systemd.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <string>

namespace hall::server {

// Lives on the io thread. The watchdog is fed from a timer on that thread, so a stalled io loop
// stops feeding it and systemd restarts the server (WatchdogSec= in the unit).
class SystemdNotifier {
  public:
    explicit SystemdNotifier(boost::asio::io_context& io);
    // READY=1 with a status line; starts feeding the watchdog if the unit asks for one.
    void ready(const std::string& status);
    // STOPPING=1; stops the watchdog timer.
    void stopping();

  private:
    void feed();

    boost::asio::steady_timer timer_;
    std::uint64_t watchdog_usec_ = 0;
};

}  // namespace hall::server
