// A plain TCP connection to a real hall_server that sends exactly the bytes it is given: for
// the tests that speak below HTTP and WebSocket, where a client library would correct them.
#pragma once

#include <string>

namespace hall::testing {

class RawConnection {
  public:
    explicit RawConnection(unsigned short port);
    ~RawConnection();
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;

    // Sends all of `bytes`, or throws.
    void send(const std::string& bytes);

    // Sends what the server takes of `bytes` before it closes the connection; returns whether
    // all of it went.
    bool send_until_closed(const std::string& bytes);

    // What the server sends until it closes the connection (10 s at most).
    std::string read_until_closed() { return read_until_closed_or(10'000); }

    // What the server sends until it closes the connection, or until nothing came for `ms`.
    // A connection the server reset still gives what arrived before the reset.
    std::string read_until_closed_or(int ms);

    // What the server sends until `marker` has come (or it closes, or 10 s pass): an HTTP
    // head, say, before the bytes that may only follow it.
    std::string read_until_seen(const std::string& marker);

    // Whether the server closed the connection: nothing comes within a while from one it keeps.
    bool closed_by_server();

  private:
    void wait_at_most(int ms);
    int fd_;
};

}  // namespace hall::testing
