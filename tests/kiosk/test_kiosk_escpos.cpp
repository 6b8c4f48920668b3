// The ESC/POS bytes of a printed ticket: GB18030 text, the printer's QR command, the cut.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "escpos_printer.hpp"

using namespace kiosk;

namespace {
bool contains(const std::string& haystack, std::string_view needle) {
    return haystack.find(needle) != std::string::npos;
}
}  // namespace

TEST_CASE("Chinese text is converted to GB18030 for the printer") {
    auto bytes = to_gb18030("号");
    REQUIRE(bytes);
    // 号 is BA C5 in GB2312, which GB18030 keeps.
    CHECK(*bytes == std::string("\xba\xc5"));
    CHECK(to_gb18030("A023") == std::optional<std::string>("A023"));
}

TEST_CASE("a printed ticket starts with init, has GB18030 text, a QR command and ends with a cut") {
    PrintedTicket ticket{"示例县市民服务大厅",
                         "A023",
                         "民政残联业务",
                         "办理事项：结婚登记",
                         "社会民生服务专区",
                         "前面还有 4 人",
                         "预计等候 16 分钟",
                         "取号时间 2026-11-27 09:12",
                         "http://hall.example/t/1042?k=abc",
                         "扫码查看排队进度"};
    auto bytes = encode_ticket(ticket);
    CHECK(bytes.starts_with(escpos::init));
    CHECK(contains(bytes, escpos::chinese_mode));
    CHECK(contains(bytes, *to_gb18030("示例县市民服务大厅")));
    CHECK(contains(bytes, *to_gb18030("前面还有 4 人")));
    CHECK(contains(bytes, *to_gb18030("民政残联业务\n办理事项：结婚登记\n")));
    CHECK_FALSE(contains(bytes, "示例"));  // no UTF-8 left in the stream
    CHECK(contains(bytes, "A023"));
    CHECK(contains(bytes, escpos::size(4, 4) + "A023"));
    // GS ( k store: length = data + 3, cn 0x31, fn 0x50, m 0x30, then the URL.
    std::string url = ticket.qr_url;
    std::string store = "\x1d\x28\x6b";
    store += static_cast<char>(url.size() + 3);
    store += '\0';
    store += "\x31\x50\x30" + url;
    CHECK(contains(bytes, store));
    CHECK(contains(bytes, std::string("\x1d\x28\x6b\x03\x00\x31\x51\x30", 8)));  // print it
    // GS V 66 0, all four bytes: without the last the printer takes the next ticket's first
    // byte as the cut's count, and this ticket stays on the roll until then.
    CHECK(bytes.ends_with(std::string("\x1d\x56\x42\x00", 4)));
    CHECK(escpos::cut.size() == 4);
}

TEST_CASE("a ticket without a status URL has no QR block") {
    PrintedTicket ticket;
    ticket.number = "B001";
    auto bytes = encode_ticket(ticket);
    CHECK_FALSE(contains(bytes, "\x1d\x28\x6b"));
    CHECK_FALSE(contains(bytes, *to_gb18030("办理事项")));  // no item: no line for it
    CHECK(bytes.ends_with(std::string("\x1d\x56\x42\x00", 4)));
}

TEST_CASE("printer targets are a device path, tcp:HOST:PORT or file:PATH") {
    auto device = parse_printer_target("/dev/usb/lp0");
    REQUIRE(device);
    CHECK(device->kind == PrinterTarget::Kind::device);
    auto tcp = parse_printer_target("tcp:192.168.1.50:9100");
    REQUIRE(tcp);
    CHECK(tcp->kind == PrinterTarget::Kind::tcp);
    CHECK(tcp->host == "192.168.1.50");
    CHECK(tcp->port == 9100);
    auto file = parse_printer_target("file:/tmp/ticket.bin");
    REQUIRE(file);
    CHECK(file->path == "/tmp/ticket.bin");
    CHECK_FALSE(parse_printer_target("lp0"));
    CHECK_FALSE(parse_printer_target("tcp:host:99999"));
}

TEST_CASE("the real-time status bytes say offline, cover open, paper out and paper low") {
    auto ready = decode_printer_status(0x12, 0x12, 0x12);
    CHECK(ready.answered);
    CHECK_FALSE(ready.offline);
    CHECK_FALSE(ready.paper_out);
    CHECK_FALSE(ready.paper_low);
    CHECK(decode_printer_status(0x1A, 0x16, 0x12).offline);
    CHECK(decode_printer_status(0x1A, 0x16, 0x12).cover_open);
    CHECK(decode_printer_status(0x1A, 0x32, 0x72).paper_out);
    CHECK(decode_printer_status(0x12, 0x12, 0x1E).paper_low);
    CHECK(decode_printer_status(0x1A, 0x52, 0x12).error);
    // Silence, or bytes that are no status byte, say nothing.
    CHECK_FALSE(decode_printer_status(std::nullopt, std::nullopt, std::nullopt).answered);
    CHECK_FALSE(decode_printer_status('H', 'T', 'P').answered);
}

TEST_CASE("printing to a file writes the bytes, and an unreachable printer is a clear fault") {
    auto path = std::filesystem::temp_directory_path() / "kiosk-test-ticket.bin";
    auto outcome = send_to_printer(*parse_printer_target("file:" + path.string()), "\x1b\x40hi");
    CHECK(outcome.ok);
    std::ifstream in(path, std::ios::binary);
    std::string written((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(written == "\x1b\x40hi");
    std::filesystem::remove(path);

    auto offline = send_to_printer(*parse_printer_target("tcp:127.0.0.1:1"), "x");
    CHECK_FALSE(offline.ok);
    CHECK(offline.offline);
    CHECK_THAT(offline.error, Catch::Contains("offline"));
    auto missing = send_to_printer(*parse_printer_target("/dev/usb/no-such-lp"), "x");
    CHECK_FALSE(missing.ok);
}
