// A plain HTTP/1.1 client for end-to-end tests, over loopback to a real hall_server. Beast
// stays inside http_client.cpp so that each test file need not compile it again.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace hall::testing {

struct HttpReply {
    unsigned status = 0;
    std::string body;
};

// One keep-alive connection; requests go one after another.
class HttpConnection {
  public:
    explicit HttpConnection(unsigned short port);
    ~HttpConnection();
    HttpConnection(const HttpConnection&) = delete;
    HttpConnection& operator=(const HttpConnection&) = delete;

    // METHOD is "GET", "POST", ...; a body is sent as application/json; a token as
    // "Authorization: Bearer TOKEN".
    HttpReply send(std::string_view method, const std::string& target, const std::string& body = {},
                   const std::string& token = {});

  private:
    struct State;
    std::unique_ptr<State> state_;
};

// One request on a connection of its own.
HttpReply http_request(unsigned short port, std::string_view method, const std::string& target,
                       const std::string& body = {}, const std::string& token = {});

}  // namespace hall::testing
