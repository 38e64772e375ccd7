// The desktop program's screen-reader bridge (Linux): the control list the page mirrors as
// hidden HTML (AppCallbacks::mirror_controls: controls, texts and tables in reading order,
// the focused control, the status line) as a tree of ATK objects, which at-spi2-atk's bridge
// publishes over AT-SPI to Orca and other assistive technologies. The tree's operations
// (a press, a slider's or number box's new value) go back through the same callbacks the
// page's mirror uses. Set NO_AT_BRIDGE=1 to leave it off, as GTK programs do.
#pragma once

#include <cstdint>
#include <string>

#include "platform/platform.h"

namespace convscope::platform {

class AtkBridge {
public:
    // Publishes the tree under the program's name; false when the accessibility bus cannot
    // be reached (no session bus, or NO_AT_BRIDGE set): the program runs without it.
    bool Start(const AppCallbacks& app);
    // After each drawn frame: the frame's controls, focus and status line.
    void Update();
    // Answers the requests assistive technologies sent (the GLib main context's events);
    // true when one of them operated a control (the window should draw).
    bool Pump();
    void Stop();
    bool Running() const { return running_; }
    // Whether an assistive technology sent requests in the last half second: it usually
    // sends many in a row (a tree walk), so the program then answers at once.
    bool Busy() const;

private:
    bool running_ = false;
    int64_t last_request_us_ = 0;
};

}  // namespace convscope::platform
