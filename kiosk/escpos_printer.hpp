// ESC/POS ticket printing: the bytes of a ticket (GB18030 text, the printer's own QR command,
// cut) and their delivery to a device file, a TCP printer on port 9100, or a plain file.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk {

// UTF-8 to GB18030, the encoding Chinese thermal printers expect; nullopt if iconv fails.
std::optional<std::string> to_gb18030(std::string_view utf8);

struct PrintedTicket {
    std::string hall;
    std::string number;  // "A023"
    std::string queue;   // queue name
    std::string item;  // "办理事项：结婚登记" when the ticket was taken for an item; else empty
    std::string zone;   // zone name
    std::string ahead;  // already-worded lines, in the kiosk's language
    std::string wait;
    std::string issued;  // "2026-11-27 09:12"
    std::string qr_url;  // the ticket's status page; no QR block when empty
    std::string footer;
};

namespace escpos {
using namespace std::string_view_literals;
// The commands used, named for tests and for a reader holding the printer's manual. Each is a
// `sv` literal, so that a command ending in a zero byte keeps it.
inline constexpr std::string_view init = "\x1b\x40"sv;          // ESC @
inline constexpr std::string_view chinese_mode = "\x1c\x26"sv;  // FS & : double-byte (GB) text
inline constexpr std::string_view cut = "\x1d\x56\x42\x00"sv;   // GS V 66 0: feed and cut
// DLE EOT n: real-time status, answered with one byte even while the printer is offline.
inline constexpr std::string_view printer_status = "\x10\x04\x01"sv;  // DLE EOT 1: printer
inline constexpr std::string_view offline_status = "\x10\x04\x02"sv;  // DLE EOT 2: offline cause
inline constexpr std::string_view paper_status = "\x10\x04\x04"sv;    // DLE EOT 4: roll sensor

std::string align_center();
std::string align_left();
std::string size(int width, int height);  // GS ! : 1..8 times
// GS ( k: model 2, module size, error level M, store the data, print it.
std::string qr(std::string_view data, int module_size = 6);
}  // namespace escpos

// The whole ticket as printer bytes. Text that iconv cannot convert is left out of that line.
std::string encode_ticket(const PrintedTicket& ticket);

// Where tickets go: "/dev/usb/lp0" (or any device path), "tcp:HOST:PORT", "file:PATH".
struct PrinterTarget {
    enum class Kind { device, tcp, file };
    Kind kind = Kind::file;
    std::string path;  // device or file
    std::string host;
    unsigned short port = 9100;
};
std::optional<PrinterTarget> parse_printer_target(std::string_view text);

// What the printer says of itself through DLE EOT 1, 2 and 4 (a printer that does not answer,
// or a plain file, says nothing: answered stays false and the ticket is sent anyway).
struct PrinterStatus {
    bool answered = false;
    bool offline = false;     // DLE EOT 1 bit 3
    bool cover_open = false;  // DLE EOT 2 bit 2
    bool error = false;       // DLE EOT 2 bit 6: a mechanical, cutter or unrecoverable error
    bool paper_out = false;   // DLE EOT 4 bits 5-6 (or DLE EOT 2 bit 5: stopped for paper)
    bool paper_low = false;   // DLE EOT 4 bits 2-3: the roll is near its end; it still prints
};

// Reads the three answer bytes; a byte that is not a status byte (bits 0 and 7 clear, 1 and 4
// set) counts as no answer.
PrinterStatus decode_printer_status(std::optional<unsigned char> printer,
                                    std::optional<unsigned char> offline_cause,
                                    std::optional<unsigned char> paper);

struct PrintOutcome {
    bool ok = false;
    bool paper_out = false;   // only known when the printer answers DLE EOT
    bool cover_open = false;  // likewise
    bool paper_low = false;   // printed, but the roll should be changed soon
    bool offline = false;     // unreachable, or the printer says it is offline
    std::string error;        // plain reason when !ok
};

// Blocking: call it off the SDL thread. Asks the printer's real-time status first where the
// target can answer (TCP, a device file), and sends nothing to a printer that cannot print.
PrintOutcome send_to_printer(const PrinterTarget& target, std::string_view bytes);

}  // namespace kiosk
