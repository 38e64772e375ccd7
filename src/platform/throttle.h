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
        if (at_once) {
            Send();
        } else {
            SendWhenDue();
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

    // Sends now if the interval has passed since the last send, or else once it has, by one
    // timer at a time. A busy page runs timers late, after calls made in the meantime may
    // already have sent: a timer that fires early for the last send waits out the rest.
    void SendWhenDue() {
        const double remaining = Remaining();
        if (remaining <= 0.0) {
            Send();
        } else if (!timer_running_) {
            timer_running_ = true;
            clock_.call_later(&Throttle::TimerFired, this, static_cast<int>(remaining) + 1);
        }
    }
    static void TimerFired(void* self) {
        Throttle& throttle = *static_cast<Throttle*>(self);
        throttle.timer_running_ = false;
        if (throttle.pending_) throttle.SendWhenDue();
    }

    double interval_ms_;
    void (*send_)();
    ThrottleClock clock_;
    double sent_at_ = -1e9;
    bool pending_ = false;
    bool timer_running_ = false;
};

}  // namespace convscope::platform
