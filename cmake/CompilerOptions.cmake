# Compiler and linker flags shared by every ConvScope target: warnings, SIMD (wasm simd128
# on the web, the host's SSE/AVX natively), exceptions on the web (the core reports bad
# input by throwing, and the wasm must never abort), size-optimised web builds, and
# sanitizer builds for the tests.

option(CONVSCOPE_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(CONVSCOPE_FUZZ "Build the libFuzzer target (needs clang; implies the sanitizers)" OFF)
if(CONVSCOPE_FUZZ)
    if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
        message(FATAL_ERROR "CONVSCOPE_FUZZ needs clang (configure with CXX=clang++)")
    endif()
    set(CONVSCOPE_SANITIZE ON)
    # The core itself is instrumented for coverage, so the fuzzer learns its branches.
    add_compile_options(-fsanitize=fuzzer-no-link)
endif()

if(EMSCRIPTEN)
    # WebAssembly's own exceptions: no JavaScript round trip (and no invoke_ wrapper) for each
    # call that may throw, which made the code a fifth larger and every such call slower.
    add_compile_options(-msimd128 -fwasm-exceptions)
    add_link_options(-fwasm-exceptions)
    # A first visit downloads the whole program, so the page is optimised for size: every
    # library takes CONVSCOPE_SIZE_OPTIONS (cmake/Layering.cmake) except the numeric one,
    # where the time goes (src/core/numeric/CMakeLists.txt). Per library, not in the global
    # flags: once emcc sees -Oz in a command it turns inlining off for all of it, whatever
    # -O3 follows, and the kernels ran 6x slower.
    set(CONVSCOPE_SIZE_OPTIONS -Oz)
    add_compile_options(-flto)
    add_link_options(-flto)
    # How a page is linked: ConvScope's (src/platform) and the bare Dear ImGui page it is
    # measured against (bench/bare_page). No virtual file system: the page reads no files
    # (fonts, shaders and exercise cards are compiled in), and the file system was a quarter
    # of the JavaScript.
    set(CONVSCOPE_PAGE_LINK_OPTIONS
        -Oz -sENVIRONMENT=web -sMODULARIZE=1 -sFILESYSTEM=0
        # A figure starts small (course pages hold dozens) and grows only for large problems.
        -sINITIAL_MEMORY=8388608 -sTOTAL_STACK=1048576 -sALLOW_MEMORY_GROWTH=1
        -sMIN_WEBGL_VERSION=2 -sMAX_WEBGL_VERSION=2
        # WebGL2 itself is all the page draws with: no extension is enabled (enabling all of
        # them took a sixth of the time to the first frame), and WebGL's errors are not
        # translated into GLES ones.
        -sGL_SUPPORT_AUTOMATIC_ENABLE_EXTENSIONS=0 -sGL_SUPPORT_SIMPLE_ENABLE_EXTENSIONS=0
        -sGL_TRACK_ERRORS=0
        -sEXIT_RUNTIME=0)
    # The page's JavaScript (emcc's glue, index.html's inline script) is minified by terser,
    # Debian's node-terser: CONVSCOPE_MINIFY_JS script|html IN OUT (cmake/minify_page.mjs).
    find_program(NODE node REQUIRED)
    set(CONVSCOPE_MINIFY_JS ${CMAKE_COMMAND} -E env NODE_PATH=/usr/share/nodejs ${NODE}
        ${CMAKE_CURRENT_LIST_DIR}/minify_page.mjs)
    # Debian's emcc needs the acorn module from Debian's node packages at link time.
    set(CMAKE_CXX_LINKER_LAUNCHER ${CMAKE_COMMAND} -E env NODE_PATH=/usr/share/nodejs)
    set(CMAKE_C_LINKER_LAUNCHER ${CMAKE_COMMAND} -E env NODE_PATH=/usr/share/nodejs)
else()
    # x86-64-v3 (AVX2, FMA) is the native SIMD level; a portable build can set it to
    # x86-64 (SSE2) and the same kernels compile to 4-wide vectors.
    set(CONVSCOPE_NATIVE_ARCH "x86-64-v3" CACHE STRING "-march level of the native build")
    if(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64")
        add_compile_options(-march=${CONVSCOPE_NATIVE_ARCH})
    endif()
endif()

set(CONVSCOPE_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion)

if(CONVSCOPE_SANITIZE)
    add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
    add_link_options(-fsanitize=address,undefined)
endif()
