// A call made at most once per interval: asked for sooner, it runs once the interval has
// passed, so the last request is never lost.
#pragma once

namespace convscope::platform {

// The clock and the timer a Throttle runs on: the browser's in the page, a fake in tests.
struct ThrottleClock {
    double (*now_ms)();
    void (*call_later)(void (*callback)(void*), void* argument, int delay_ms);
};

class Throttle {
public:
    Throttle(double interval_ms, void (*send)(), ThrottleClock clock)
        : interval_ms_(interval_ms), send_(send), clock_(clock) {}

    // A timer holds a pointer to this throttle.
    Throttle(const Throttle&) = delete;
    Throttle& operator=(const Throttle&) = delete;

    void Request(bool at_once = false) {
        pending_ = true;
        if (at_once || Remaining() <= 0.0) {
            Send();
        } else {
            StartTimer();
        }
    }

    // The interval starts now (what is asked for next waits for its end).
    void RestartInterval() { sent_at_ = clock_.now_ms(); }

private:
    double Remaining() const { return interval_ms_ - (clock_.now_ms() - sent_at_); }

    void Send() {
        pending_ = false;
        sent_at_ = clock_.now_ms();
        send_();
    }

    // One timer at a time. A busy page runs timers late, after calls made in the meantime
    // may already have sent: when it fires, the timer sends only if the interval has passed
    // since the last send, and otherwise waits out the rest.
    void StartTimer() {
        if (timer_running_) return;
        timer_running_ = true;
        clock_.call_later(&Throttle::TimerFired, this, static_cast<int>(Remaining()) + 1);
    }
    static void TimerFired(void* self) {
        Throttle& throttle = *static_cast<Throttle*>(self);
        throttle.timer_running_ = false;
        if (!throttle.pending_) return;
        if (throttle.Remaining() <= 0.0) {
            throttle.Send();
        } else {
            throttle.StartTimer();
        }
    }

    double interval_ms_;
    void (*send_)();
    ThrottleClock clock_;
    double sent_at_ = -1e9;
    bool pending_ = false;
    bool timer_running_ = false;
};

}  // namespace convscope::platform
