// Writes the statistics as JSON: counts as integers, durations in milliseconds, shares 0 to 1.
#include "export_json.hpp"

namespace hall {

namespace {

using json = nlohmann::ordered_json;

json optional_number(const std::optional<std::int64_t>& value) {
    return value ? json(*value) : json(nullptr);
}

json optional_share(const std::optional<double>& value) {
    return value ? json(*value) : json(nullptr);
}

json durations_json(const Durations& d) {
    return {{"count", d.count},
            {"total_ms", d.total_ms},
            {"mean_ms", optional_number(d.mean_ms)},
            {"median_ms", optional_number(d.median_ms)},
            {"p90_ms", optional_number(d.p90_ms)}};
}

// The summed tallies by metric name, histograms apart.
json metrics_json(const Figures& f) {
    json metrics = json::object();
    for (const auto& [metric, value] : f.metrics)
        metrics[metric] = value;
    return metrics;
}

json figures_json(const Figures& f) {
    json j{{"code", f.code}, {"name", f.name}};
    if (!f.group.empty())
        j["group"] = {{"code", f.group}, {"name", f.group_name}};
    j["metrics"] = metrics_json(f);
    j["wait"] = durations_json(f.wait());
    j["within_target_share"] = optional_share(f.within_target_share());
    j["service"] = durations_json(f.service());
    return j;
}

json list_json(const std::vector<Figures>& list, const auto& extra) {
    json out = json::array();
    for (const auto& f : list) {
        json j = figures_json(f);
        extra(f, j);
        out.push_back(std::move(j));
    }
    return out;
}

json counter_extra(const Figures& f, json& j) {
    j["logged_in_ms"] = f.get("logged_in_ms");
    j["break_ms"] = f.get("break_ms");
    j["idle_ms"] = f.idle_ms();
    j["ratings"] = f.ratings();
    j["good_review_rate"] = optional_share(f.good_review_rate());
    return j;
}

json day_group_json(const DayGroup& g) {
    return {{"open_days", g.open_days},
            {"issued", g.issued},
            {"served", g.served},
            {"items_handled", g.items_handled}};
}

}  // namespace

json statistics_json(const Statistics& s, const std::vector<SuppliedFigure>& supplied) {
    const auto& h = s.hall;
    const auto& p = s.profile;
    json out;
    out["schema"] = statistics_schema;
    out["hall"] = {{"name", s.hall_name}, {"time_zone", s.time_zone}};
    out["period"] = {{"from", s.period.from},
                     {"to", s.period.to},
                     {"year", s.year ? json(*s.year) : json(nullptr)},
                     {"open_day", s.open_day ? json(*s.open_day) : json(nullptr)}};

    json new_departments = json::array();
    for (const auto& d : p.new_departments)
        new_departments.push_back({{"code", d.code},
                                   {"name", d.name},
                                   {"zone_name", d.zone_name},
                                   {"stationed_on", d.stationed_on},
                                   {"items", d.items}});
    out["profile"] = {{"as_of", p.as_of},
                      {"departments", p.departments},
                      {"items", p.items},
                      {"high_frequency_items", p.high_frequency_items},
                      {"staff", p.staff},
                      {"zones", p.zones},
                      {"zone_names", p.zone_names},
                      {"queues", p.queues},
                      {"windows", p.windows},
                      {"agency_windows", p.agency_windows},
                      {"packages", p.packages},
                      {"package_categories", p.package_categories},
                      {"new_departments", std::move(new_departments)},
                      {"new_items", p.new_items}};

    json busiest = nullptr;
    if (s.busiest_day)
        busiest = {{"day", s.busiest_day->day},
                   {"issued", s.busiest_day->issued},
                   {"served", s.busiest_day->served}};
    out["totals"] = {{"issued", h.get("issued")},
                     {"served", h.get("served")},
                     {"no_show", h.get("no_show")},
                     {"cancelled", h.get("cancelled")},
                     {"unserved", h.get("unserved")},
                     {"open_visits", s.open_visits},
                     {"transferred", h.get("transferred")},
                     {"issued_priority", h.get("issued_priority")},
                     {"issued_appointment", h.get("issued_appointment")},
                     {"items_handled", h.get("items_handled")},
                     {"agency_cases", h.get("agency_cases")},
                     {"packages", h.get("packages")},
                     {"packages_multi_department", h.get("packages_multi_department")},
                     {"open_days", s.open_days},
                     {"daily_average_visitors", s.daily_average_visitors()},
                     {"daily_average_items", s.daily_average_items()},
                     {"busiest_day", std::move(busiest)},
                     {"wait", durations_json(h.wait())},
                     {"within_target_share", optional_share(h.within_target_share())},
                     {"service", durations_json(h.service())},
                     {"metrics", metrics_json(h)}};

    json days = json::array();
    for (const auto& d : s.days)
        days.push_back({{"day", d.day},
                        {"weekday", d.weekday},
                        {"issued", d.issued},
                        {"served", d.served},
                        {"no_show", d.no_show},
                        {"cancelled", d.cancelled},
                        {"unserved", d.unserved},
                        {"items_handled", d.items_handled}});
    out["by_day"] = std::move(days);
    json months = json::array();
    for (const auto& m : s.by_month) {
        json j{{"month", m.key}};
        j.update(day_group_json(m));
        months.push_back(std::move(j));
    }
    out["by_month"] = std::move(months);
    json weekdays = json::array();
    for (std::size_t i = 0; i < s.by_weekday.size(); ++i) {
        json j{{"weekday", i}};
        j.update(day_group_json(s.by_weekday[i]));
        weekdays.push_back(std::move(j));
    }
    out["by_weekday"] = std::move(weekdays);
    json hours = json::array();
    for (std::size_t hour = 0; hour < s.issued_by_hour.size(); ++hour)
        hours.push_back({{"hour", hour}, {"issued", s.issued_by_hour[hour]}});
    out["by_hour"] = std::move(hours);

    auto none = [](const Figures&, json&) {};
    out["zones"] = list_json(s.zones, none);
    out["departments"] = list_json(
        s.departments, [](const Figures& f, json& j) { j["stationed_on"] = f.stationed_on; });
    out["queues"] = list_json(
        s.queues, [](const Figures& f, json& j) { j["target_wait_min"] = f.target_wait_min; });
    out["items"] = list_json(s.items, [](const Figures& f, json& j) {
        j["high_frequency"] = f.high_frequency;
        j["stationed_on"] = f.stationed_on;
    });
    out["windows"] = list_json(s.windows, [](const Figures& f, json& j) {
        j["agency"] = f.agency;
        counter_extra(f, j);
    });
    out["staff"] = list_json(s.staff, [](const Figures& f, json& j) { counter_extra(f, j); });
    out["packages"] = list_json(s.packages, none);

    json grades = json::array();
    for (int grade = 1; grade <= 5; ++grade)
        grades.push_back(h.get("rating_" + std::to_string(grade)));
    json bad = json::array();
    for (const auto& r : s.bad_reviews)
        bad.push_back({{"day", r.day},
                       {"time", r.time},
                       {"ticket_id", r.ticket_id},
                       {"window", r.window},
                       {"staff", r.staff},
                       {"staff_name", r.staff_name},
                       {"grade", r.grade},
                       {"reason", r.reason},
                       {"at_ms", r.at_ms}});
    out["satisfaction"] = {{"grades", std::move(grades)},
                           {"good_reviews", h.get("good_reviews")},
                           {"bad_reviews", h.get("bad_reviews")},
                           {"good_review_rate", optional_share(h.good_review_rate())},
                           {"bad_review_list", std::move(bad)}};

    json given = json::array();
    for (const auto& f : supplied)
        given.push_back({{"key", f.key},
                         {"label", f.label},
                         {"value", f.value},
                         {"unit", f.unit},
                         {"source", f.source}});
    out["supplied"] = std::move(given);
    return out;
}

std::string render_json(const Statistics& statistics, const std::vector<SuppliedFigure>& supplied) {
    return statistics_json(statistics, supplied).dump(2) + "\n";
}

}  // namespace hall
