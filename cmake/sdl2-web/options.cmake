# Initial cache for SDL2 2.26.5 built for WebAssembly (scripts/setup.sh passes it with -C):
# only what the page uses (video, events, timers), for size, since a first visit downloads all
# of it: -Oz, and SDL_LEAN_AND_MEAN drops the software blitters.
set(CMAKE_BUILD_TYPE MinSizeRel CACHE STRING "")
set(CMAKE_C_FLAGS_MINSIZEREL "-Oz -DNDEBUG" CACHE STRING "")
set(CMAKE_C_FLAGS "-DSDL_LEAN_AND_MEAN=1" CACHE STRING "")
set(SDL_SHARED OFF CACHE BOOL "")
set(SDL_STATIC ON CACHE BOOL "")
set(SDL_TEST OFF CACHE BOOL "")
foreach(subsystem AUDIO RENDER JOYSTICK HAPTIC HIDAPI POWER SENSOR LOCALE MISC FILESYSTEM LOADSO
                  THREADS DUMMYVIDEO)
    set(SDL_${subsystem} OFF CACHE BOOL "")
endforeach()

# The answers of SDL's 159 configure checks (headers and libc functions) under Debian's
# Emscripten 3.1.6: each check is a run of emcc, and together they took 4 min 38 s of a 5 min
# build. The target is the same on every machine, so the answers are too; record them again
# with scripts/record-sdl-web-checks.sh when SDL2 or Emscripten changes.
if(NOT CONVSCOPE_RECORDING_SDL_CHECKS)
    include("${CMAKE_CURRENT_LIST_DIR}/checks.cmake")
endif()
