// The place a link names: a link's view= selects its tab, which ImGui shows from the next
// frame on; the link the address follows names the requested place from the start, so a
// link written in between never sends a reader back to the other place.
#include <catch2/catch.hpp>
#include <string>

#include "headless_application.h"

namespace {

bool NamesView(const std::string& link, const std::string& view) {
    return ("&" + link + "&").find("&view=" + view + "&") != std::string::npos;
}

}  // namespace

TEST_CASE("a link's view is named by the app's link from the frame it is applied", "[links]") {
    HeadlessApplication headless;
    headless.Frames(2);
    REQUIRE(headless.Get()["values"]["place"] == "playground");

    headless.app.ApplyLink("view=rf&stack=c3p1;c3p1;m2;c3p1;c3p1");
    CHECK(NamesView(headless.app.Link(), "rf"));
    headless.Frames(1);  // the explorer's tab is selected, not yet shown
    CHECK(NamesView(headless.app.Link(), "rf"));
    headless.Frames(1);
    CHECK(headless.Get()["values"]["place"] == "receptive_field");
    CHECK(NamesView(headless.app.Link(), "rf"));

    headless.app.ApplyLink("view=playground");
    headless.Frames(1);
    CHECK(NamesView(headless.app.Link(), "playground"));
    headless.Frames(1);
    CHECK(headless.Get()["values"]["place"] == "playground");
    CHECK(NamesView(headless.app.Link(), "playground"));
}

TEST_CASE("a requested place stays requested until shown, then the tabs decide", "[links]") {
    HeadlessApplication headless;
    headless.app.ApplyLink("view=rf");
    headless.Frames(3);
    CHECK(headless.Get()["values"]["place"] == "receptive_field");
    // Applying the place already shown changes nothing, and the next link applies as well.
    headless.app.ApplyLink("view=rf");
    headless.Frames(2);
    CHECK(headless.Get()["values"]["place"] == "receptive_field");
    headless.app.ApplyLink("view=playground");
    headless.Frames(2);
    CHECK(headless.Get()["values"]["place"] == "playground");
    CHECK(NamesView(headless.app.Link(), "playground"));
}
