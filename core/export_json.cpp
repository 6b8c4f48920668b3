// Writes the statistics as JSON: counts as integers, durations in milliseconds, shares 0 to 1.
// Written as a stream: a year's export is tens of thousands of values, and building them as a
// tree first cost more than everything else the export does.
#include "export_json.hpp"

#include "json_writer.hpp"

namespace hall {

namespace {

void durations(JsonWriter& w, std::string_view name, const Durations& d) {
    w.key(name).begin_object();
    w.field("count", d.count)
        .field("total_ms", d.total_ms)
        .field("mean_ms", d.mean_ms)
        .field("median_ms", d.median_ms)
        .field("p90_ms", d.p90_ms);
    w.end_object();
}

// The summed tallies by metric name, histograms apart.
void metrics(JsonWriter& w, const Figures& f) {
    w.key("metrics").begin_object();
    for (const auto& [metric, value] : f.metrics)
        w.field(metric, value);
    w.end_object();
}

void figures(JsonWriter& w, const Figures& f) {
    w.field("code", f.code).field("name", f.name);
    if (!f.group.empty()) {
        w.key("group").begin_object();
        w.field("code", f.group).field("name", f.group_name);
        w.end_object();
    }
    metrics(w, f);
    durations(w, "wait", f.wait());
    w.field("within_target_share", f.within_target_share());
    durations(w, "service", f.service());
}

template <typename Extra>
void list(JsonWriter& w, std::string_view name, const std::vector<Figures>& all, Extra extra) {
    w.key(name).begin_array();
    for (const auto& f : all) {
        w.begin_object();
        figures(w, f);
        extra(w, f);
        w.end_object();
    }
    w.end_array();
}

void counter_extra(JsonWriter& w, const Figures& f) {
    w.field("logged_in_ms", f.get("logged_in_ms"))
        .field("break_ms", f.get("break_ms"))
        .field("idle_ms", f.idle_ms())
        .field("ratings", f.ratings())
        .field("good_review_rate", f.good_review_rate());
}

void day_group(JsonWriter& w, const DayGroup& g) {
    w.field("open_days", g.open_days)
        .field("issued", g.issued)
        .field("served", g.served)
        .field("items_handled", g.items_handled);
}

}  // namespace

std::string render_json(const Statistics& s, const std::vector<SuppliedFigure>& supplied) {
    const auto& h = s.hall;
    const auto& p = s.profile;
    JsonWriter w;
    w.begin_object();
    w.field("schema", statistics_schema);
    w.key("hall").begin_object().field("name", s.hall_name).field("time_zone", s.time_zone);
    w.end_object();
    w.key("period").begin_object();
    w.field("from", s.period.from)
        .field("to", s.period.to)
        .field("year", s.year)
        .field("open_day", s.open_day);
    w.end_object();

    w.key("profile").begin_object();
    w.field("as_of", p.as_of)
        .field("departments", p.departments)
        .field("items", p.items)
        .field("high_frequency_items", p.high_frequency_items)
        .field("staff", p.staff)
        .field("zones", p.zones);
    w.key("zone_names").begin_array();
    for (const auto& name : p.zone_names)
        w.value(name);
    w.end_array();
    w.field("queues", p.queues)
        .field("windows", p.windows)
        .field("agency_windows", p.agency_windows)
        .field("packages", p.packages)
        .field("package_categories", p.package_categories);
    w.key("new_departments").begin_array();
    for (const auto& d : p.new_departments) {
        w.begin_object();
        w.field("code", d.code)
            .field("name", d.name)
            .field("zone_name", d.zone_name)
            .field("stationed_on", d.stationed_on)
            .field("items", d.items);
        w.end_object();
    }
    w.end_array();
    w.field("new_items", p.new_items);
    w.end_object();

    w.key("totals").begin_object();
    for (const char* metric : {"issued", "served", "no_show", "cancelled", "unserved"})
        w.field(metric, h.get(metric));
    w.field("open_visits", s.open_visits);
    for (const char* metric :
         {"transferred", "issued_priority", "issued_appointment", "items_handled", "agency_cases",
          "packages", "packages_multi_department"})
        w.field(metric, h.get(metric));
    w.field("open_days", s.open_days)
        .field("daily_average_visitors", s.daily_average_visitors())
        .field("daily_average_items", s.daily_average_items());
    w.key("busiest_day");
    if (s.busiest_day) {
        w.begin_object();
        w.field("day", s.busiest_day->day)
            .field("issued", s.busiest_day->issued)
            .field("served", s.busiest_day->served);
        w.end_object();
    } else {
        w.null();
    }
    durations(w, "wait", h.wait());
    w.field("within_target_share", h.within_target_share());
    durations(w, "service", h.service());
    metrics(w, h);
    w.end_object();

    w.key("by_day").begin_array();
    for (const auto& d : s.days) {
        w.begin_object();
        w.field("day", d.day)
            .field("weekday", d.weekday)
            .field("issued", d.issued)
            .field("served", d.served)
            .field("no_show", d.no_show)
            .field("cancelled", d.cancelled)
            .field("unserved", d.unserved)
            .field("items_handled", d.items_handled);
        w.end_object();
    }
    w.end_array();
    w.key("by_month").begin_array();
    for (const auto& m : s.by_month) {
        w.begin_object().field("month", m.key);
        day_group(w, m);
        w.end_object();
    }
    w.end_array();
    w.key("by_weekday").begin_array();
    for (std::size_t i = 0; i < s.by_weekday.size(); ++i) {
        w.begin_object().field("weekday", i);
        day_group(w, s.by_weekday[i]);
        w.end_object();
    }
    w.end_array();
    w.key("by_hour").begin_array();
    for (std::size_t hour = 0; hour < s.issued_by_hour.size(); ++hour) {
        w.begin_object().field("hour", hour).field("issued", s.issued_by_hour[hour]);
        w.end_object();
    }
    w.end_array();

    auto none = [](JsonWriter&, const Figures&) {};
    list(w, "zones", s.zones, none);
    list(w, "departments", s.departments,
         [](JsonWriter& o, const Figures& f) { o.field("stationed_on", f.stationed_on); });
    list(w, "queues", s.queues,
         [](JsonWriter& o, const Figures& f) { o.field("target_wait_min", f.target_wait_min); });
    list(w, "items", s.items, [](JsonWriter& o, const Figures& f) {
        o.field("high_frequency", f.high_frequency).field("stationed_on", f.stationed_on);
    });
    list(w, "windows", s.windows, [](JsonWriter& o, const Figures& f) {
        o.field("agency", f.agency);
        counter_extra(o, f);
    });
    list(w, "staff", s.staff, counter_extra);
    list(w, "packages", s.packages, none);

    w.key("satisfaction").begin_object();
    w.key("grades").begin_array();
    for (int grade = 1; grade <= 5; ++grade)
        w.value(h.get("rating_" + std::to_string(grade)));
    w.end_array();
    w.field("good_reviews", h.get("good_reviews"))
        .field("bad_reviews", h.get("bad_reviews"))
        .field("good_review_rate", h.good_review_rate());
    w.key("bad_review_list").begin_array();
    for (const auto& r : s.bad_reviews) {
        w.begin_object();
        w.field("day", r.day)
            .field("time", r.time)
            .field("ticket_id", r.ticket_id)
            .field("window", r.window)
            .field("staff", r.staff)
            .field("staff_name", r.staff_name)
            .field("grade", r.grade)
            .field("reason", r.reason)
            .field("at_ms", r.at_ms);
        w.end_object();
    }
    w.end_array();
    w.end_object();

    w.key("supplied").begin_array();
    for (const auto& f : supplied) {
        w.begin_object();
        w.field("key", f.key)
            .field("label", f.label)
            .field("value", f.value)
            .field("unit", f.unit)
            .field("source", f.source);
        w.end_object();
    }
    w.end_array();
    w.end_object();
    return w.take() + "\n";
}

nlohmann::ordered_json statistics_json(const Statistics& statistics,
                                       const std::vector<SuppliedFigure>& supplied) {
    return nlohmann::ordered_json::parse(render_json(statistics, supplied));
}

}  // namespace hall
