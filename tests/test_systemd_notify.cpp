// hall_server serve tells systemd it is ready once it listens, feeds the watchdog, and says
// when it stops: a real notify socket, as systemd gives a Type=notify service.
#include <poll.h>
#include <signal.h>

#include <catch2/catch.hpp>

#include <sys/socket.h>
#include <sys/un.h>

#include <cstdlib>

#include "hall_fixture.hpp"
#include "server_process.hpp"

using namespace hall::testing;

namespace {
class NotifySocket {
  public:
    explicit NotifySocket(const std::string& path) : path_(path) {
        fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        path.copy(address.sun_path, sizeof address.sun_path - 1);
        if (fd_ < 0 || bind(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0)
            throw std::runtime_error("cannot bind " + path);
    }
    ~NotifySocket() { close(fd_); }
    NotifySocket(const NotifySocket&) = delete;
    NotifySocket& operator=(const NotifySocket&) = delete;

    // The next datagram, or "" after the timeout.
    std::string receive(int timeout_ms) {
        pollfd p{fd_, POLLIN, 0};
        if (poll(&p, 1, timeout_ms) <= 0)
            return {};
        char buffer[4096];
        auto n = recv(fd_, buffer, sizeof buffer, 0);
        return n > 0 ? std::string(buffer, static_cast<std::size_t>(n)) : std::string();
    }
    // Waits for a datagram that holds `line`.
    bool wait_for(const std::string& line, int timeout_ms) {
        auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
        while (std::chrono::steady_clock::now() < deadline) {
            auto message = receive(100);
            if (message.find(line) != std::string::npos) {
                last_ = message;
                return true;
            }
        }
        return false;
    }
    const std::string& last() const { return last_; }

  private:
    std::string path_;
    std::string last_;
    int fd_ = -1;
};
}  // namespace

TEST_CASE("serve says READY once it listens, feeds the watchdog, and says STOPPING") {
    TempDir dir;
    auto db = dir.file("hall.db");
    import_demo_catalog(db);
    NotifySocket notify(dir.file("notify.sock"));
    // The server inherits these, as from systemd; a watchdog of 1 s is fed every 0.5 s.
    setenv("NOTIFY_SOCKET", dir.file("notify.sock").c_str(), 1);
    setenv("WATCHDOG_USEC", "1000000", 1);
    RunningServer server(db);
    unsetenv("NOTIFY_SOCKET");
    unsetenv("WATCHDOG_USEC");

    REQUIRE(notify.wait_for("READY=1", 10000));
    CHECK(notify.last().find("STATUS=serving on port " + std::to_string(server.port())) !=
          std::string::npos);
    // Ready means listening: a request is answered.
    CHECK(server.http("GET", "/healthz").status == 200);
    int fed = 0;
    for (int i = 0; i < 3; ++i)
        fed += notify.wait_for("WATCHDOG=1", 3000) ? 1 : 0;
    CHECK(fed == 3);
    kill(server.pid(), SIGTERM);
    CHECK(notify.wait_for("STOPPING=1", 10000));
    CHECK(server.stop(0) == 0);  // no second signal: it exits by itself, with 0
}
