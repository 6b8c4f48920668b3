// The kiosk's words in Chinese (the default) and English; error codes become plain sentences.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace kiosk {

enum class Lang { zh, en };

// Every sentence a screen shows, so that a missing translation is a compile error, not a blank.
struct Strings {
    const char* out_of_service;  // 暂停取号
    const char* reconnecting;    // shown while the link is down
    const char* offline;         // small corner badge
    const char* high_frequency;  // 高频事项
    const char* appointment;     // 预约取号
    const char* choose_zone;
    const char* choose_queue;
    const char* items_heading;   // a zone's departments: tap for their items' guides
    const char* guides_heading;  // a department's items: tap for the guide
    const char* item_count;      // "{} 项"
    const char* back;
    const char* home;
    const char* prev_page;
    const char* next_page;
    const char* page_of;  // "{} / {}"
    const char* take_ticket;
    const char* green_channel;  // 绿色通道
    const char* priority_none;
    const char* priority_elderly;
    const char* priority_disabled;
    const char* priority_military;
    const char* materials;
    const char* time_limit;  // "承诺时限：{}"
    const char* on_the_spot;
    const char* days;  // "{} 个工作日"
    const char* scan_guide;
    const char* booking_code;
    const char* booking_queue;  // "预约码 {}：请选择办理业务"
    const char* item_line;      // "办理事项：{}", on a ticket taken from an item's guide
    const char* confirm;
    const char* clear;
    const char* your_number;
    const char* people_ahead;   // "前面还有 {} 人"
    const char* expected_wait;  // "预计等候 {} 分钟"
    const char* issued_at;
    const char* scan_status;
    const char* printing;
    const char* printed;
    const char* printer_fault;  // "{}" reason
    const char* please_wait;
    const char* now_calling;
    const char* now_serving;  // a window's state while it serves a visit
    const char* recent_calls;
    const char* watch_calls;  // the latest call's panel while no window holds a call
    const char* windows;
    const char* waiting;
    const char* idle_window;
    const char* on_break;
    const char* closed;
    const char* call_phrase;  // "请 {number} 号到 {window} 号窗口办理"
    const char* staff_id;
    const char* pin;
    const char* login;
    const char* logout;
    const char* break_start;
    const char* break_end;
    const char* break_reason;
    const char* call_next;
    const char* recall;
    const char* start;
    const char* finish;
    const char* no_show;
    const char* park;
    const char* call_parked;
    const char* transfer;
    const char* to_queue;
    const char* to_window;
    const char* current_ticket;
    const char* no_ticket;
    const char* served_today;
    const char* search;
    const char* selected;
    const char* package;
    const char* no_package;
    const char* agency;
    const char* cancel;
    const char* rate_prompt;
    const char* grade[5];
    const char* reason_prompt;
    const char* thanks;
    const char* rating_idle;
    const char* window_label;  // "{}号窗口", as the catalog writes window names
    const char* staff_label;
    const char* nobody_waiting;
    const char* no_open_window;  // instead of an expected wait while no window serves the queue
    const char* done_recall;     // "已重呼 {}（第 {} 次）"
    const char* done_no_show;    // "{} 已记为过号"
    const char* done_park;       // "{} 已挂起"
    const char* done_transfer;   // "{} 已转至 {}"
    const char* parked_list;     // "挂起：{}"
    const char* day_closed;
    const char* break_reasons[3];
};

const Strings& strings(Lang lang);
std::optional<Lang> parse_lang(std::string_view text);

// A refusal code from the server (docs/protocol.md) as a sentence for the person at the screen.
std::string error_text(Lang lang, std::string_view code, std::string_view server_message);

// Replaces each "{}" in order with the arguments.
std::string format(std::string_view pattern, std::initializer_list<std::string_view> args);

}  // namespace kiosk
