// ESC/POS encoding with iconv, and delivery over a device file, TCP or a file.
#include "escpos_printer.hpp"

#include <fcntl.h>
#include <iconv.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace kiosk {

std::optional<std::string> to_gb18030(std::string_view utf8) {
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    if (cd == reinterpret_cast<iconv_t>(-1))
        return std::nullopt;
    std::string in(utf8);
    std::string out(in.size() * 2 + 16, '\0');
    char* in_ptr = in.data();
    std::size_t in_left = in.size();
    char* out_ptr = out.data();
    std::size_t out_left = out.size();
    std::size_t rc = iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left);
    iconv_close(cd);
    if (rc == static_cast<std::size_t>(-1))
        return std::nullopt;
    out.resize(out.size() - out_left);
    return out;
}

namespace escpos {

std::string align_center() {
    return "\x1b\x61\x01";
}
std::string align_left() {
    return std::string("\x1b\x61\x00", 3);
}

std::string size(int width, int height) {
    auto w = static_cast<unsigned>(std::clamp(width, 1, 8) - 1);
    auto h = static_cast<unsigned>(std::clamp(height, 1, 8) - 1);
    std::string out = "\x1d\x21";
    out += static_cast<char>((w << 4) | h);
    return out;
}

std::string qr(std::string_view data, int module_size) {
    auto fn = [](char cn, char fn_code, std::string_view params) {
        std::size_t length = params.size() + 2;
        std::string out = "\x1d\x28\x6b";
        out += static_cast<char>(length & 0xff);
        out += static_cast<char>((length >> 8) & 0xff);
        out += cn;
        out += fn_code;
        out += params;
        return out;
    };
    std::string out;
    out += fn('\x31', '\x41', std::string("\x32\x00", 2));  // model 2
    out += fn('\x31', '\x43', std::string(1, static_cast<char>(std::clamp(module_size, 1, 16))));
    out += fn('\x31', '\x45', "\x31");                                   // level M
    out += fn('\x31', '\x50', std::string("\x30") + std::string(data));  // store
    out += fn('\x31', '\x51', "\x30");                                   // print
    return out;
}

}  // namespace escpos

std::string encode_ticket(const PrintedTicket& t) {
    auto text = [](std::string_view utf8) { return to_gb18030(utf8).value_or(""); };
    std::string out;
    out += escpos::init;
    out += escpos::chinese_mode;
    out += escpos::align_center();
    out += text(t.hall) + "\n";
    out += text(t.zone) + "\n";
    out += escpos::size(4, 4);
    out += text(t.number) + "\n";
    out += escpos::size(1, 1);
    out += text(t.queue) + "\n";
    if (!t.item.empty())
        out += text(t.item) + "\n";
    out += text(t.ahead) + "\n";
    out += text(t.wait) + "\n";
    out += text(t.issued) + "\n";
    if (!t.qr_url.empty()) {
        out += escpos::qr(t.qr_url);
        out += "\n";
    }
    if (!t.footer.empty())
        out += text(t.footer) + "\n";
    out += "\n\n\n";
    out += escpos::cut;
    return out;
}

std::optional<PrinterTarget> parse_printer_target(std::string_view text) {
    PrinterTarget target;
    if (text.starts_with("tcp:")) {
        auto rest = text.substr(4);
        auto colon = rest.rfind(':');
        target.kind = PrinterTarget::Kind::tcp;
        if (colon == std::string_view::npos) {
            target.host = std::string(rest);
        } else {
            target.host = std::string(rest.substr(0, colon));
            int port = 0;
            for (char c : rest.substr(colon + 1)) {
                if (c < '0' || c > '9')
                    return std::nullopt;
                port = port * 10 + (c - '0');
                if (port > 65535)
                    return std::nullopt;
            }
            if (port == 0)
                return std::nullopt;
            target.port = static_cast<unsigned short>(port);
        }
        if (target.host.empty())
            return std::nullopt;
        return target;
    }
    if (text.starts_with("file:")) {
        target.kind = PrinterTarget::Kind::file;
        target.path = std::string(text.substr(5));
        return target.path.empty() ? std::nullopt : std::optional(target);
    }
    if (text.starts_with("/")) {
        target.kind = PrinterTarget::Kind::device;
        target.path = std::string(text);
        return target;
    }
    return std::nullopt;
}

namespace {

bool write_all(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        ssize_t n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

// One DLE EOT request and its answer byte; nullopt when the printer does not answer in time.
std::optional<unsigned char> ask_status(int fd, std::string_view request, int wait_ms) {
    if (!write_all(fd, request))
        return std::nullopt;
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, wait_ms) <= 0)
        return std::nullopt;
    unsigned char status = 0;
    if (::read(fd, &status, 1) != 1)
        return std::nullopt;
    return status;
}

PrinterStatus read_printer_status(int fd) {
    // A printer that answers does so at once; one that stays silent is asked nothing more.
    auto printer = ask_status(fd, escpos::printer_status, 1000);
    if (!printer)
        return {};
    auto cause = ask_status(fd, escpos::offline_status, 500);
    auto paper = ask_status(fd, escpos::paper_status, 500);
    return decode_printer_status(printer, cause, paper);
}

int connect_tcp(const std::string& host, unsigned short port, std::string& error) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0) {
        error = "cannot resolve " + host;
        return -1;
    }
    int fd = -1;
    for (auto* a = found; a && fd < 0; a = a->ai_next) {
        fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
        if (fd >= 0 && connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(found);
    if (fd < 0)
        error = "printer " + host + ":" + std::to_string(port) + " is offline";
    return fd;
}

}  // namespace

PrinterStatus decode_printer_status(std::optional<unsigned char> printer,
                                    std::optional<unsigned char> offline_cause,
                                    std::optional<unsigned char> paper) {
    auto valid = [](std::optional<unsigned char> b) { return b && (*b & 0x93) == 0x12; };
    PrinterStatus status;
    if (valid(printer)) {
        status.answered = true;
        status.offline = (*printer & 0x08) != 0;
    }
    if (valid(offline_cause)) {
        status.answered = true;
        status.cover_open = (*offline_cause & 0x04) != 0;
        status.paper_out = (*offline_cause & 0x20) != 0;
        status.error = (*offline_cause & 0x40) != 0;
    }
    if (valid(paper)) {
        status.answered = true;
        status.paper_low = (*paper & 0x0C) == 0x0C;
        status.paper_out = status.paper_out || (*paper & 0x60) == 0x60;
    }
    return status;
}

PrintOutcome send_to_printer(const PrinterTarget& target, std::string_view bytes) {
    PrintOutcome outcome;
    int fd = -1;
    switch (target.kind) {
        case PrinterTarget::Kind::file:
            fd = open(target.path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
            break;
        case PrinterTarget::Kind::device:
            fd = open(target.path.c_str(), O_RDWR | O_CLOEXEC | O_NOCTTY);
            if (fd < 0)
                fd = open(target.path.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY);
            break;
        case PrinterTarget::Kind::tcp:
            fd = connect_tcp(target.host, target.port, outcome.error);
            if (fd < 0) {
                outcome.offline = true;
                return outcome;
            }
            break;
    }
    if (fd < 0) {
        outcome.offline = target.kind == PrinterTarget::Kind::device;
        outcome.error = target.path + ": " + std::strerror(errno);
        return outcome;
    }
    if (target.kind != PrinterTarget::Kind::file) {
        auto status = read_printer_status(fd);
        outcome.paper_out = status.paper_out;
        outcome.cover_open = status.cover_open;
        outcome.paper_low = status.paper_low;
        if (status.paper_out || status.cover_open || status.offline || status.error) {
            close(fd);
            outcome.offline = status.offline && !status.paper_out && !status.cover_open;
            outcome.error = status.paper_out    ? "paper out"
                            : status.cover_open ? "cover open"
                            : status.error      ? "printer error"
                                                : "printer offline";
            return outcome;
        }
    }
    outcome.ok = write_all(fd, bytes);
    if (!outcome.ok)
        outcome.error = std::string("write failed: ") + std::strerror(errno);
    close(fd);
    return outcome;
}

}  // namespace kiosk
