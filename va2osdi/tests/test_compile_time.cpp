// Compiling one .va file (front end + g++ -O1) must take under 2 s. A run
// over the limit is retried twice (best of three), so a momentary load on a
// shared machine does not fail the build.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>

#include "support/workdir.h"

TEST_CASE("compiling each model takes less than 2 seconds") {
    double worst = 0;
    for (std::string m : {"resistor", "diode", "tlmul", "tlmuli", "logint", "vcvs", "inductor", "features", "tcres", "sine"}) {
        testing::CompiledModel c = testing::compileModel(m);
        CAPTURE(m);
        INFO(c.messages);
        REQUIRE(!c.osdi.empty());
        for (int retry = 0; retry < 2 && c.seconds >= 2.0; ++retry) {
            std::printf("[compile] %-9s %.3f s (machine busy? retrying)\n", m.c_str(), c.seconds);
            c.seconds = std::min(c.seconds, testing::compileModel(m).seconds);
        }
        std::printf("[compile] %-9s %.3f s\n", m.c_str(), c.seconds);
        CHECK(c.seconds < 2.0);
        worst = std::max(worst, c.seconds);
    }
    std::printf("[compile] slowest %.3f s\n", worst);
}
