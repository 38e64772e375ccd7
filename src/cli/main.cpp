// The convscope command line: convolution arithmetic for scripts and terminals.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/arithmetic.h"
#include "core/version.h"

namespace {

void PrintUsage() {
    std::printf(
        "usage: convscope <command> [arguments]\n"
        "  shape I K [S [P [D]]]   output size of a convolution along one axis\n"
        "  --version               print the version\n");
}

bool ParseCount(const char* text, long long minimum, long long& value) {
    char* end = nullptr;
    value = std::strtoll(text, &end, 10);
    return end != text && *end == '\0' && value >= minimum && value <= (1LL << 40);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        PrintUsage();
        return 2;
    }
    const std::string command = argv[1];
    if (command == "--version") {
        std::printf("convscope %s\n", convscope::kVersion);
        return 0;
    }
    if (command == "--help" || command == "-h") {
        PrintUsage();
        return 0;
    }
    if (command == "shape" && argc >= 4 && argc <= 7) {
        long long values[5] = {0, 0, 1, 0, 1};
        const long long minimum[5] = {1, 1, 1, 0, 1};
        const char* names[5] = {"I", "K", "S", "P", "D"};
        for (int i = 2; i < argc; ++i) {
            if (!ParseCount(argv[i], minimum[i - 2], values[i - 2])) {
                std::fprintf(stderr, "convscope: %s must be a whole number >= %lld, got '%s'\n",
                             names[i - 2], minimum[i - 2], argv[i]);
                return 2;
            }
        }
        std::printf("%lld\n", static_cast<long long>(convscope::ConvOutputSize(
                                  values[0], values[1], values[2], values[3], values[3], values[4])));
        return 0;
    }
    PrintUsage();
    return 2;
}
