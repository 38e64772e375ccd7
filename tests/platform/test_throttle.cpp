// The address's and the screen-reader mirror's throttle, on a clock and timers the test moves:
// never two sends closer than the interval, even when the page runs its timers late, and the
// last request always sent.
#include <algorithm>
#include <catch2/catch.hpp>
#include <vector>

#include "platform/throttle.h"

namespace {

using convscope::platform::Throttle;
using convscope::platform::ThrottleClock;

struct Timer {
    void (*callback)(void*);
    void* argument;
    double due_ms;
};

double g_now = 0.0;
std::vector<Timer> g_timers;
std::vector<double> g_sent_at;

double Now() { return g_now; }
void CallLater(void (*callback)(void*), void* argument, int delay_ms) {
    g_timers.push_back({callback, argument, g_now + delay_ms});
}
void RecordSend() { g_sent_at.push_back(g_now); }

const ThrottleClock kFakeClock{&Now, &CallLater};

void Reset() {
    g_now = 0.0;
    g_timers.clear();
    g_sent_at.clear();
}

// Moves the clock to `time`, running the timers due by then (each at its due time, unless
// `late_until` holds them back: a busy page runs them only once it is free).
void AdvanceTo(double time, double late_until = -1.0) {
    for (;;) {
        auto next =
            std::min_element(g_timers.begin(), g_timers.end(),
                             [](const Timer& a, const Timer& b) { return a.due_ms < b.due_ms; });
        if (next == g_timers.end()) break;
        const double runs_at = std::max(next->due_ms, late_until);
        if (runs_at > time) break;
        const Timer timer = *next;
        g_timers.erase(next);
        g_now = runs_at;
        timer.callback(timer.argument);
    }
    g_now = time;
}

double ShortestGap() {
    double gap = 1e9;
    for (size_t i = 1; i < g_sent_at.size(); ++i)
        gap = std::min(gap, g_sent_at[i] - g_sent_at[i - 1]);
    return gap;
}

}  // namespace

TEST_CASE("a drag's requests are sent at most once per interval, the last one included") {
    Reset();
    Throttle throttle(250.0, &RecordSend, kFakeClock);
    for (double t = 0.0; t <= 1000.0; t += 16.0) {
        AdvanceTo(t);
        throttle.Request();
    }
    AdvanceTo(2000.0);
    // Requests every 16 ms up to 992: sent at 0, by the timer at 251 and 502, by the request
    // at 752 (the interval just passed), and by the timer at 1003 with the request of 992.
    CHECK(g_sent_at == std::vector<double>{0.0, 251.0, 502.0, 752.0, 1003.0});
    CHECK(ShortestGap() >= 250.0);
    CHECK(g_timers.empty());
}

TEST_CASE("a timer that runs late does not send sooner than the interval after a send") {
    Reset();
    Throttle throttle(250.0, &RecordSend, kFakeClock);
    throttle.Request();  // sent at 0
    AdvanceTo(10.0);
    throttle.Request();  // waits for 250: a timer due at 251
    // The page is busy until 400: at 300 a frame's request finds the interval passed and
    // sends, at 310 another waits; the timer due at 251 runs only at 400.
    AdvanceTo(300.0, 400.0);
    throttle.Request();
    AdvanceTo(310.0, 400.0);
    throttle.Request();
    AdvanceTo(400.0, 400.0);
    CHECK(g_sent_at == std::vector<double>{0.0, 300.0});  // not at 400: 100 ms after 300
    AdvanceTo(1000.0);
    CHECK(g_sent_at == std::vector<double>{0.0, 300.0, 551.0});  // 310's request, not lost
    CHECK(g_timers.empty());
}

TEST_CASE("at most one timer waits, however many requests come in the interval") {
    Reset();
    Throttle throttle(100.0, &RecordSend, kFakeClock);
    throttle.Request();
    for (double t = 1.0; t < 100.0; t += 1.0) {
        AdvanceTo(t);
        throttle.Request();
    }
    CHECK(g_timers.size() == 1);
    AdvanceTo(500.0);
    CHECK(g_sent_at == std::vector<double>{0.0, 101.0});
}

TEST_CASE("a request at once is sent at once; a restarted interval holds the next one back") {
    Reset();
    Throttle throttle(250.0, &RecordSend, kFakeClock);
    throttle.Request();
    AdvanceTo(5.0);
    throttle.Request(true);
    CHECK(g_sent_at == std::vector<double>{0.0, 5.0});

    Reset();
    Throttle restarted(250.0, &RecordSend, kFakeClock);
    AdvanceTo(1000.0);
    restarted.RestartInterval();
    AdvanceTo(1100.0);
    restarted.Request();
    CHECK(g_sent_at.empty());
    AdvanceTo(2000.0);
    CHECK(g_sent_at == std::vector<double>{1251.0});
}
