// The kiosk's Chinese and English sentences, and refusal codes turned into sentences.
#include "i18n.hpp"

#include <map>

namespace kiosk {

namespace {

const Strings chinese{
    .out_of_service = "暂停取号",
    .reconnecting = "正在连接服务器，请稍候……",
    .offline = "离线",
    .high_frequency = "高频事项",
    .appointment = "预约取号",
    .choose_zone = "请选择服务专区",
    .choose_queue = "请选择办理业务",
    .items_heading = "办事指南（请选择部门）",
    .guides_heading = "办事指南（点击查看）",
    .item_count = "{} 项",
    .back = "返回",
    .home = "首页",
    .prev_page = "上一页",
    .next_page = "下一页",
    .page_of = "{} / {}",
    .take_ticket = "取号",
    .green_channel = "绿色通道",
    .priority_none = "普通取号",
    .priority_elderly = "老年人",
    .priority_disabled = "残疾人",
    .priority_military = "军人依法优先",
    .materials = "所需材料",
    .time_limit = "承诺时限：{}",
    .on_the_spot = "即办",
    .days = "{} 个工作日",
    .scan_guide = "扫码查看一次性告知",
    .booking_code = "请输入预约码",
    .booking_queue = "预约码 {}：请选择办理业务",
    .item_line = "办理事项：{}",
    .confirm = "确定",
    .clear = "清除",
    .your_number = "您的号码",
    .people_ahead = "前面还有 {} 人",
    .expected_wait = "预计等候 {} 分钟",
    .issued_at = "取号时间 {}",
    .scan_status = "扫码查看排队进度",
    .printing = "正在打印……",
    .printed = "请取走号票",
    .printer_fault = "打印机故障：{}。请记下您的号码。",
    .please_wait = "请稍候……",
    .now_calling = "正在呼叫",
    .now_serving = "正在办理",
    .recent_calls = "最近呼叫",
    .watch_calls = "请留意叫号",
    .windows = "窗口",
    .waiting = "等候",
    .idle_window = "空闲",
    .on_break = "暂停服务",
    .closed = "未开放",
    .call_phrase = "请 {} 号到 {} 号窗口办理",
    .staff_id = "工号",
    .pin = "密码",
    .login = "登录",
    .logout = "退出",
    .break_start = "暂停",
    .break_end = "恢复服务",
    .break_reason = "请选择暂停原因",
    .call_next = "呼叫下一位",
    .recall = "重呼",
    .start = "开始办理",
    .finish = "办结",
    .no_show = "过号",
    .park = "挂起",
    .call_parked = "回呼挂起",
    .transfer = "转移",
    .to_queue = "转到队列",
    .to_window = "转到窗口",
    .current_ticket = "当前号码",
    .no_ticket = "无",
    .served_today = "今日已办 {} 人",
    .search = "搜索",
    .selected = "已选 {} 项",
    .package = "企业套餐",
    .no_package = "不选套餐",
    .agency = "代办",
    .cancel = "取消",
    .rate_prompt = "请对本次服务进行评价",
    .grade = {"非常满意", "满意", "基本满意", "不满意", "非常不满意"},
    .reason_prompt = "请选择不满意的原因",
    .thanks = "感谢您的评价！",
    .rating_idle = "欢迎评价我们的服务",
    .window_label = "{}号窗口",
    .staff_label = "工作人员：{}",
    .nobody_waiting = "当前无人等候",
    .no_open_window = "暂无窗口办理，请稍候",
    .done_recall = "已重呼 {}（第 {} 次）",
    .done_no_show = "{} 已记为过号",
    .done_park = "{} 已挂起",
    .done_transfer = "{} 已转至 {}",
    .parked_list = "挂起：{}",
    .day_closed = "今日已停止取号",
    .break_reasons = {"会议", "休息", "其他"},
};

const Strings english{
    .out_of_service = "Out of service",
    .reconnecting = "Connecting to the server, please wait...",
    .offline = "offline",
    .high_frequency = "Frequent items",
    .appointment = "Appointment check-in",
    .choose_zone = "Choose a service zone",
    .choose_queue = "Choose your business",
    .items_heading = "Service guides by department",
    .guides_heading = "Service guides (tap to read)",
    .item_count = "{} items",
    .back = "Back",
    .home = "Home",
    .prev_page = "Previous",
    .next_page = "Next",
    .page_of = "{} / {}",
    .take_ticket = "Take a ticket",
    .green_channel = "Green channel",
    .priority_none = "Normal ticket",
    .priority_elderly = "Elderly",
    .priority_disabled = "Disabled",
    .priority_military = "Military",
    .materials = "Materials needed",
    .time_limit = "Time limit: {}",
    .on_the_spot = "on the spot",
    .days = "{} working days",
    .scan_guide = "Scan for the full guide",
    .booking_code = "Enter your booking code",
    .booking_queue = "Booking {}: choose your business",
    .item_line = "For: {}",
    .confirm = "OK",
    .clear = "Clear",
    .your_number = "Your number",
    .people_ahead = "{} people ahead",
    .expected_wait = "About {} min wait",
    .issued_at = "Issued {}",
    .scan_status = "Scan to follow your place",
    .printing = "Printing...",
    .printed = "Please take your ticket",
    .printer_fault = "Printer fault: {}. Please note your number.",
    .please_wait = "Please wait...",
    .now_calling = "Now calling",
    .now_serving = "Now serving",
    .recent_calls = "Recent calls",
    .watch_calls = "Please watch for your number",
    .windows = "Windows",
    .waiting = "Waiting",
    .idle_window = "idle",
    .on_break = "on break",
    .closed = "closed",
    .call_phrase = "Number {}, please go to window {}",
    .staff_id = "Staff id",
    .pin = "PIN",
    .login = "Log in",
    .logout = "Log out",
    .break_start = "Break",
    .break_end = "Resume",
    .break_reason = "Why the break?",
    .call_next = "Call next",
    .recall = "Recall",
    .start = "Start",
    .finish = "Finish",
    .no_show = "No-show",
    .park = "Park",
    .call_parked = "Call parked",
    .transfer = "Transfer",
    .to_queue = "To queue",
    .to_window = "To window",
    .current_ticket = "Current ticket",
    .no_ticket = "none",
    .served_today = "Served today: {}",
    .search = "Search",
    .selected = "{} selected",
    .package = "Package",
    .no_package = "No package",
    .agency = "Agency",
    .cancel = "Cancel",
    .rate_prompt = "Please rate our service",
    .grade = {"Very satisfied", "Satisfied", "Fairly satisfied", "Dissatisfied",
              "Very dissatisfied"},
    .reason_prompt = "What went wrong?",
    .thanks = "Thank you!",
    .rating_idle = "Tell us how we did",
    .window_label = "Window {}",
    .staff_label = "Staff: {}",
    .nobody_waiting = "Nobody waiting",
    .no_open_window = "No window open for it yet",
    .done_recall = "{} recalled (time {})",
    .done_no_show = "{} marked as a no-show",
    .done_park = "{} parked",
    .done_transfer = "{} transferred to {}",
    .parked_list = "Parked: {}",
    .day_closed = "Tickets are closed for today",
    .break_reasons = {"Meeting", "Rest", "Other"},
};

}  // namespace

const Strings& strings(Lang lang) {
    return lang == Lang::en ? english : chinese;
}

std::optional<Lang> parse_lang(std::string_view text) {
    if (text == "zh")
        return Lang::zh;
    if (text == "en")
        return Lang::en;
    return std::nullopt;
}

std::string error_text(Lang lang, std::string_view code, std::string_view server_message) {
    static const std::map<std::string_view, std::pair<const char*, const char*>> texts{
        {"offline", {"与服务器的连接已断开", "The server cannot be reached"}},
        {"timeout", {"服务器没有响应", "The server did not answer"}},
        {"day_closed", {"今日已停止取号", "Tickets are closed for today"}},
        {"wrong_pin", {"工号或密码错误", "Wrong staff id or PIN"}},
        {"unknown_staff", {"工号或密码错误", "Wrong staff id or PIN"}},
        {"staff_locked",
         {"密码错误次数过多，请 5 分钟后再试", "Too many wrong PINs: wait 5 minutes"}},
        {"window_busy", {"请先办结当前号码", "Finish the current ticket first"}},
        {"recall_limit_reached",
         {"重呼次数已满，请标记过号", "Recall limit reached: mark a no-show"}},
        {"priority_not_accepted",
         {"该业务不接受此优先类别", "This queue does not take that class"}},
        {"unknown_ticket", {"预约码无效", "No such booking"}},
        {"item_not_in_queue", {"该事项不在此业务办理", "This queue does not handle that item"}},
        {"appointment_used",
         {"该预约码今日已取号，请勿重复取号", "This booking was checked in today already"}},
        {"items_required", {"请至少选择一个办理事项", "Choose at least one item"}},
        {"already_rated", {"本次服务已评价", "This visit was rated already"}},
        {"nothing_to_rate", {"暂无可评价的服务", "Nothing to rate"}},
        {"no_current_ticket", {"当前没有号码", "No current ticket"}},
        {"not_logged_in", {"请先登录", "Log in first"}},
        {"window_occupied", {"该窗口已有人员登录", "Someone is logged in at this window"}},
        {"already_logged_in", {"该工号已在其他窗口登录", "Already logged in at another window"}},
        {"forbidden", {"本设备无权进行此操作", "This device may not do that"}},
        {"unauthenticated",
         {"本设备未登记或已停用，请联系工作人员",
          "This device is not registered or was revoked: call the staff"}},
        {"rate_limited", {"操作过于频繁", "Too many requests"}},
    };
    auto found = texts.find(code);
    if (found != texts.end())
        return lang == Lang::en ? found->second.second : found->second.first;
    std::string text = lang == Lang::en ? "Refused: " : "操作未成功：";
    text += server_message.empty() ? code : server_message;
    return text;
}

std::string format(std::string_view pattern, std::initializer_list<std::string_view> args) {
    std::string out;
    auto arg = args.begin();
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i] == '{' && i + 1 < pattern.size() && pattern[i + 1] == '}' &&
            arg != args.end()) {
            out += *arg++;
            ++i;
        } else {
            out += pattern[i];
        }
    }
    return out;
}

}  // namespace kiosk
