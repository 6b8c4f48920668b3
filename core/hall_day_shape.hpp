// The shape of a simulated hall day at the annual report's scale: shared by the year generator
// (bench/generate_year.cpp) and hall_sim, so that both play the same hall.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "catalog.hpp"
#include "ticket.hpp"

namespace hall {

// The open days of a year: weekdays outside the long holidays (Spring Festival, Labour Day,
// National Day weeks), then Saturdays if more are asked for, evenly thinned if fewer.
std::vector<std::string> simulated_open_days(int year, int wanted);

// Visits on each day, averaging `visits_per_day`: busier in spring and before the year's end,
// quieter around the Spring Festival, Mondays busiest, and a little noise from `random`.
std::vector<int> simulated_visits(const std::vector<std::string>& days, int visits_per_day,
                                  std::mt19937_64& random);

struct SimulatedArrival {
    std::string queue;
    bool appointment = false;  // checks in an online appointment
    Priority priority = Priority::none;
};

struct SimulatedFinish {
    std::vector<std::string> items;
    std::string package;  // an enterprise package (its items are then the package's)
};

struct SimulatedRating {
    int grade = 0;       // 1 非常满意 ... 5 非常不满意
    std::string reason;  // for bad reviews (4 and 5)
};

// The random choices of a simulated hall, drawn from one seeded engine: the same seed and the
// same sequence of calls give the same hall. Not thread-safe.
class HallDayShape {
  public:
    HallDayShape(const Catalog& catalog, std::uint64_t seed);

    // The queues open on `day` (those with items stationed by then and windows) and their
    // weights; call before the day's arrivals.
    void prepare_day(const std::string& day);

    // Staff rota: who works window `index` (of catalog.windows) on the n-th simulated day, when
    // they log in (minute of the day), and whether they take a lunch break.
    const Staff& staff_at(std::size_t index, int day_index) const;
    static int login_minute(std::size_t index) { return 8 * 60 + 25 + static_cast<int>(index % 5); }
    static bool takes_lunch(std::size_t index, int day_index) {
        return (index + static_cast<std::size_t>(day_index)) % 2 == 0;
    }
    // Lunch breaks start at the first free moment after this minute of the day.
    static constexpr int lunch_from_minute = 12 * 60;

    // A visitor's arrival, as a (fractional) minute of the day: 08:30 to 17:30, shaped like a
    // hall's day with a morning peak, a lunch dip and an early-afternoon peak.
    double arrival_minute();
    SimulatedArrival arrival();
    // Minutes after issue at which a visitor gives up and cancels, for a few.
    std::optional<double> cancel_after_min();
    double lunch_minutes();
    // Called, recalled after a minute, marked absent after two and a half.
    bool no_show();
    static constexpr double recall_after_min = 1;
    static constexpr double no_show_after_min = 2.5;
    double walk_minutes();
    double service_minutes(const std::string& queue);
    // Another business line of the same zone to send the visit on to, for a few.
    std::optional<std::string> transfer_to(const std::string& queue);
    SimulatedFinish finish(const std::string& queue);
    std::optional<SimulatedRating> rating();
    // A window calls again this long after finishing or passing a visit on.
    static constexpr double next_call_after_min = 0.3;

    // Windows serving each queue.
    const std::map<std::string, std::vector<int>>& windows_of() const { return windows_of_; }

  private:
    bool chance(double p);
    double uniform();

    const Catalog& catalog_;
    std::mt19937_64 random_;
    std::vector<double> item_weight_;
    std::map<std::string, std::size_t> item_index_;
    std::map<std::string, std::vector<int>> windows_of_;
    std::map<std::string, double> capacity_;  // windows serving the queue, shared ones in part
    std::map<std::string, double> variety_;
    std::vector<std::string> queue_codes_;
    std::vector<std::vector<std::size_t>> queue_items_;
    std::discrete_distribution<std::size_t> pick_queue_;
};

}  // namespace hall
