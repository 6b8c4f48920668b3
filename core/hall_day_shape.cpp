// The simulated hall's random choices: the draws keep the order the year generator made them in,
// so a seed gives the same hall as before they were shared.
#include "hall_day_shape.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>
#include <set>

#include "civil_days.hpp"

namespace hall {

std::vector<std::string> simulated_open_days(int year, int wanted) {
    const auto y = std::to_string(year);
    auto holiday = [&](const std::string& day) {
        const auto md = day.substr(5);
        return (md >= "02-10" && md <= "02-16") || (md >= "05-01" && md <= "05-03") ||
               (md >= "10-01" && md <= "10-07") || md == "01-01";
    };
    std::vector<std::string> weekdays, saturdays;
    for (std::string d = y + "-01-01"; d.starts_with(y); d = day_after(d)) {
        const int w = weekday_of_day(d);
        if (w < 5 && !holiday(d))
            weekdays.push_back(d);
        else if (w == 5 && !holiday(d))
            saturdays.push_back(d);
    }
    std::vector<std::string> days = weekdays;
    for (std::size_t i = 0; days.size() < static_cast<std::size_t>(wanted) && i < saturdays.size();
         ++i)
        days.push_back(saturdays[i]);
    std::sort(days.begin(), days.end());
    if (days.size() > static_cast<std::size_t>(wanted)) {
        std::vector<std::string> kept;
        const double step = static_cast<double>(days.size()) / wanted;
        for (int i = 0; i < wanted; ++i)
            kept.push_back(days[static_cast<std::size_t>(i * step)]);
        days = std::move(kept);
    }
    return days;
}

std::vector<int> simulated_visits(const std::vector<std::string>& days, int visits_per_day,
                                  std::mt19937_64& random) {
    static const std::array<double, 12> by_month{1.0,  0.85, 1.1, 1.05, 1.0,  1.0,
                                                 0.95, 0.95, 1.0, 0.95, 1.05, 1.1};
    static const std::array<double, 7> by_weekday{1.15, 1.0, 1.0, 0.95, 0.9, 0.6, 0.6};
    auto factor = [&](const std::string& day) {
        return by_month[static_cast<std::size_t>(std::stoi(day.substr(5, 2)) - 1)] *
               by_weekday[static_cast<std::size_t>(weekday_of_day(day))];
    };
    double sum = 0;
    for (const auto& d : days)
        sum += factor(d);
    const double scale = static_cast<double>(days.size()) / sum;
    std::normal_distribution<double> noise(1.0, 0.04);
    std::vector<int> visits;
    for (const auto& day : days)
        visits.push_back(std::max(1, static_cast<int>(std::lround(visits_per_day * factor(day) *
                                                                  scale * noise(random)))));
    return visits;
}

HallDayShape::HallDayShape(const Catalog& catalog, std::uint64_t seed)
    : catalog_(catalog), random_(seed) {
    // A fixed skew: items in a random order, weights falling with rank, high-frequency ones
    // (with their QR guide) eight times as asked for.
    std::vector<std::size_t> order(catalog.items.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::shuffle(order.begin(), order.end(), random_);
    item_weight_.resize(catalog.items.size());
    for (std::size_t rank = 0; rank < order.size(); ++rank) {
        const auto& item = catalog.items[order[rank]];
        item_weight_[order[rank]] =
            (item.high_frequency ? 8.0 : 1.0) / std::pow(static_cast<double>(rank + 1), 0.8);
    }
    for (std::size_t i = 0; i < catalog.items.size(); ++i)
        item_index_[catalog.items[i].code] = i;
    for (const auto& w : catalog.windows)
        for (const auto& q : w.queues) {
            windows_of_[q].push_back(w.number);
            capacity_[q] += 1.0 / static_cast<double>(w.queues.size());
        }
    // Some business lines are busier than their windows suggest, some quieter.
    for (const auto& q : catalog.queues)
        variety_[q.code] = 0.8 + 0.4 * uniform();
}

bool HallDayShape::chance(double p) {
    return uniform() < p;
}

double HallDayShape::uniform() {
    return std::uniform_real_distribution<double>(0, 1)(random_);
}

// Queue weights follow the windows a queue has (a hall staffs its busy lines), the items
// stationed by this day decide which lines are open at all; the agency queue gets about two
// visits a day and the enquiries queue a few dozen, as a county hall sees.
void HallDayShape::prepare_day(const std::string& day) {
    std::vector<double> weights;
    queue_codes_.clear();
    queue_items_.clear();
    for (const auto& q : catalog_.queues) {
        std::vector<std::size_t> items;
        for (const auto& code : q.items) {
            auto it = item_index_.find(code);
            if (it == item_index_.end() || catalog_.items[it->second].stationed_on > day)
                continue;
            items.push_back(it->second);
        }
        if (items.empty() || !windows_of_.count(q.code))
            continue;
        queue_codes_.push_back(q.code);
        queue_items_.push_back(std::move(items));
        weights.push_back(capacity_[q.code] / q.service_min * variety_[q.code]);
    }
    const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
    for (std::size_t i = 0; i < queue_codes_.size(); ++i) {
        if (queue_codes_[i] == "Q24")
            weights[i] = total * 0.0007;
        else if (queue_codes_[i] == "Q25")
            weights[i] = total * 0.012;
    }
    pick_queue_ = std::discrete_distribution<std::size_t>(weights.begin(), weights.end());
}

const Staff& HallDayShape::staff_at(std::size_t index, int day_index) const {
    const auto count = catalog_.staff.size();
    return catalog_.staff[(index * 7 + static_cast<std::size_t>(day_index) * 37) % count];
}

double HallDayShape::arrival_minute() {
    static const std::array<double, 18> half_hours{0.5, 1.2, 1.5, 1.6, 1.6, 1.5, 1.2, 0.9, 0.5,
                                                   0.4, 0.6, 0.9, 1.2, 1.3, 1.2, 1.0, 0.8, 0.4};
    std::discrete_distribution<int> slot(half_hours.begin(), half_hours.end());
    std::uniform_real_distribution<double> within(0, 30);
    // One expression, as the generator always drew it (the order of the two draws is the
    // compiler's).
    return 8 * 60 + 30 + slot(random_) * 30 + within(random_);
}

SimulatedArrival HallDayShape::arrival() {
    SimulatedArrival a;
    a.queue = queue_codes_[pick_queue_(random_)];
    const auto* queue = catalog_.queue(a.queue);
    if (chance(0.1)) {
        a.appointment = true;
    } else if (chance(0.06)) {
        for (auto p : {Priority::elderly, Priority::disabled, Priority::military})
            if (std::find(queue->priority_classes.begin(), queue->priority_classes.end(), p) !=
                queue->priority_classes.end()) {
                a.priority = p;
                break;
            }
    }
    return a;
}

std::optional<double> HallDayShape::cancel_after_min() {
    if (!chance(0.012))
        return std::nullopt;
    return 15 + 25 * uniform();
}

double HallDayShape::lunch_minutes() {
    return 40 + 20 * uniform();
}

bool HallDayShape::no_show() {
    return chance(0.03);
}

double HallDayShape::walk_minutes() {
    return 0.2 + 1.3 * uniform();
}

double HallDayShape::service_minutes(const std::string& queue) {
    const auto* q = catalog_.queue(queue);
    std::lognormal_distribution<double> service(std::log(q->service_min * 1.0), 0.45);
    return std::clamp(service(random_), 1.0, 90.0);
}

std::optional<std::string> HallDayShape::transfer_to(const std::string& queue) {
    const auto index = static_cast<std::size_t>(
        std::find(queue_codes_.begin(), queue_codes_.end(), queue) - queue_codes_.begin());
    if (queue == "Q24" || queue == "Q25" || !chance(0.015) || index >= queue_codes_.size())
        return std::nullopt;
    const auto zone = catalog_.queue(queue)->zone;
    std::vector<std::string> others;
    for (const auto& code : queue_codes_)
        if (code != queue && catalog_.queue(code)->zone == zone)
            others.push_back(code);
    if (others.empty())
        return std::nullopt;
    return others[std::uniform_int_distribution<std::size_t>(0, others.size() - 1)(random_)];
}

SimulatedFinish HallDayShape::finish(const std::string& queue) {
    SimulatedFinish finish;
    const auto index = static_cast<std::size_t>(
        std::find(queue_codes_.begin(), queue_codes_.end(), queue) - queue_codes_.begin());
    if (queue == "Q24" && chance(0.5) && !catalog_.packages.empty()) {
        finish.package = catalog_
                             .packages[std::uniform_int_distribution<std::size_t>(
                                 0, catalog_.packages.size() - 1)(random_)]
                             .code;
    } else if (index < queue_items_.size()) {
        const auto& items = queue_items_[index];
        std::vector<double> weights;
        for (auto i : items)
            weights.push_back(item_weight_[i]);
        std::discrete_distribution<std::size_t> pick(weights.begin(), weights.end());
        const double u = uniform();
        const std::size_t count = std::min<std::size_t>(items.size(), u < 0.55  ? 1
                                                                      : u < 0.9 ? 2
                                                                                : 3);
        std::set<std::size_t> chosen;
        while (chosen.size() < count)
            chosen.insert(items[pick(random_)]);
        for (auto i : chosen)
            finish.items.push_back(catalog_.items[i].code);
    }
    return finish;
}

std::optional<SimulatedRating> HallDayShape::rating() {
    if (!chance(0.35))
        return std::nullopt;
    static const std::array<const char*, 6> reasons{"等候时间长",     "工作人员态度不好",
                                                    "办事指南不清楚", "材料要求反复",
                                                    "系统故障办理慢", "窗口人员不在岗"};
    std::discrete_distribution<int> grade({0.0, 72.0, 19.0, 7.0, 1.5, 0.5});
    SimulatedRating r;
    r.grade = grade(random_);
    if (r.grade >= 4)
        r.reason =
            reasons[std::uniform_int_distribution<std::size_t>(0, reasons.size() - 1)(random_)];
    return r;
}

}  // namespace hall
