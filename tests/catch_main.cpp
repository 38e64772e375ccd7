// Catch2's main for the core tests (native and WebAssembly builds share it).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
