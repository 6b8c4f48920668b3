// The hall's catalog: zones, departments, service items, queues, windows, staff, packages and
// the hall profile. Plain values, loaded once and read by the queue engine.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hall {

// Green-channel classes and appointments: tickets that may be called before normal ones.
enum class Priority { none, elderly, disabled, military, appointment };

std::string_view to_string(Priority priority);
std::optional<Priority> parse_priority(std::string_view text);

struct HallProfile {
    std::string name;
    std::string time_zone = "Asia/Shanghai";
    int opens_min = 8 * 60 + 30;  // minutes after local midnight
    int closes_min = 17 * 60 + 30;
    int day_close_min = 18 * 60;  // open tickets are closed as unserved at this time
    int recall_limit = 2;         // recalls allowed after each call of a ticket
    bool demo = false;            // the shipped demo catalog, not a real hall's
    // The reasons a rating pad offers for a bad review (hall.csv's review_reasons); empty:
    // default_review_reasons().
    std::vector<std::string> review_reasons;
};

// The bad-review reasons of a hall whose catalog names none.
inline std::vector<std::string> default_review_reasons() {
    return {"等候时间长", "服务态度差", "办事效率低", "材料要求不清", "多次跑动", "其他"};
}

struct Zone {
    std::string code;
    std::string name;
    std::string prefix;  // one capital letter, shown on the zone's kiosk tile
};

struct Department {
    std::string code;
    std::string name;
    std::string zone;
    std::string stationed_on;  // YYYY-MM-DD
};

struct Item {
    std::string code;
    std::string name;
    std::string department;
    bool high_frequency = false;
    int time_limit_days = 0;             // promised time limit (承诺时限), 0 = on the spot
    std::vector<std::string> materials;  // the one-time-notice guide (一次性告知)
    std::string guide_url;               // opened by the guide's QR code
    std::string stationed_on;
    // The national item code (国家政务服务事项编码): the same item in every hall of a region,
    // whatever the hall's own code. Empty when the catalog gives none.
    std::string national_code;
};

struct Queue {
    std::string code;
    std::string name;
    std::string zone;
    std::string prefix;  // 1-3 capital letters, unique in the hall: "B" gives B001, B002, ...
    int target_wait_min = 20;
    int service_min = 8;                     // expected service time until measured ones exist
    std::vector<Priority> priority_classes;  // green-channel classes this queue accepts
    std::vector<std::string> items;          // items this queue's business line serves
};

// How a window picks among priority and normal tickets.
struct CallingRule {
    enum class Kind { strict, interleave, weighted };
    Kind kind = Kind::strict;
    int normal_run = 2;    // interleave: this many normal tickets ...
    int priority_run = 1;  // ... then this many priority ones
    double weight = 2.0;   // weighted: a priority ticket's wait counts this many times
};

// "interleave 2:1", "weighted 2", "strict"; nullopt with a reason in *error when malformed.
std::optional<CallingRule> parse_calling_rule(std::string_view text, std::string* error = nullptr);
std::string to_string(const CallingRule& rule);

// "Serve queue X first once its longest wait exceeds N minutes."
struct ServeFirst {
    std::string queue;
    int after_min = 0;
};

struct Window {
    int number = 0;
    std::string name;
    std::string zone;
    std::vector<std::string> queues;  // in order of preference
    CallingRule rule;
    std::vector<ServeFirst> serve_first;
    bool agency = false;  // comprehensive agency window (综合代办窗口)
};

struct Staff {
    std::string id;
    std::string name;
    std::string department;
    std::string pin_hash;  // argon2id, crypto_pwhash_str format
};

// An enterprise package (企业套餐): a named bundle of items from several departments.
struct Package {
    std::string code;
    std::string name;
    std::string category;
    std::vector<std::string> items;
};

// The catalog as currently in force. Lookups return nullptr for unknown codes.
struct Catalog {
    HallProfile hall;
    std::vector<Zone> zones;
    std::vector<Department> departments;
    std::vector<Item> items;
    std::vector<Queue> queues;
    std::vector<Window> windows;
    std::vector<Staff> staff;
    std::vector<Package> packages;

    // Rebuilds the lookup indexes; call after filling or changing the vectors.
    void index();

    const Zone* zone(std::string_view code) const;
    const Department* department(std::string_view code) const;
    const Item* item(std::string_view code) const;
    const Queue* queue(std::string_view code) const;
    const Window* window(int number) const;
    const Staff* staff_member(std::string_view id) const;
    const Package* package(std::string_view code) const;

  private:
    std::map<std::string, std::size_t, std::less<>> zone_index_, department_index_, item_index_,
        queue_index_, staff_index_, package_index_;
    std::map<int, std::size_t> window_index_;
};

}  // namespace hall
