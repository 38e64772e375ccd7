# Finds ConvScope's third-party dependencies, all from Debian: nlohmann-json and Catch2
# (header-only), Dear ImGui 1.86 (compiled from the Debian source package in the cache),
# SDL2 (libsdl2-dev natively; the cached WebAssembly build of the Debian source on the web),
# protobuf-lite (libprotobuf-dev natively; the cached WebAssembly build of the Debian source
# on the web) with protoc (protobuf-compiler) and ONNX's own onnx.proto (libonnx-dev).

set(CONVSCOPE_IMGUI_DIR "${CONVSCOPE_CACHE}/src/imgui-1.86" CACHE PATH "Dear ImGui sources")
set(CONVSCOPE_SDL2_WEB_DIR "${CONVSCOPE_CACHE}/sdl2-web-2.26.5-lean" CACHE PATH
    "SDL2 built for WebAssembly (lean: video and events only, see scripts/setup.sh)")
set(CONVSCOPE_PROTOBUF_WEB_DIR "${CONVSCOPE_CACHE}/protobuf-lite-web-3.21.12" CACHE PATH
    "protobuf-lite built for WebAssembly (see scripts/setup.sh)")
set(CONVSCOPE_ONNX_PROTO "/usr/include/onnx/onnx.proto" CACHE FILEPATH "ONNX's onnx.proto (libonnx-dev)")

# protobuf-lite and the code protoc generates from onnx.proto (core/onnx).
find_program(PROTOC protoc)
if(NOT PROTOC OR NOT EXISTS "${CONVSCOPE_ONNX_PROTO}")
    message(FATAL_ERROR "protoc or ${CONVSCOPE_ONNX_PROTO} is missing: run scripts/setup.sh")
endif()
if(EMSCRIPTEN)
    if(NOT EXISTS "${CONVSCOPE_PROTOBUF_WEB_DIR}/lib/libprotobuf-lite.a")
        message(FATAL_ERROR "protobuf-lite for WebAssembly not found in ${CONVSCOPE_PROTOBUF_WEB_DIR}: run scripts/setup.sh")
    endif()
    add_library(protobuf::libprotobuf-lite STATIC IMPORTED)
    set_target_properties(protobuf::libprotobuf-lite PROPERTIES
        IMPORTED_LOCATION "${CONVSCOPE_PROTOBUF_WEB_DIR}/lib/libprotobuf-lite.a"
        INTERFACE_INCLUDE_DIRECTORIES "${CONVSCOPE_PROTOBUF_WEB_DIR}/include")
else()
    find_package(Protobuf REQUIRED)
endif()

if(EMSCRIPTEN)
    # Emscripten does not search /usr/include (and must not: glibc headers would leak into
    # the wasm build), so the header-only libraries come through a folder of links.
    set(debian_headers "${CMAKE_BINARY_DIR}/debian-headers")
    file(MAKE_DIRECTORY "${debian_headers}")
    set(header_dirs nlohmann)
    if(CONVSCOPE_BUILD_TESTS)
        list(APPEND header_dirs catch2)
    endif()
    foreach(dir ${header_dirs})
        if(NOT EXISTS "/usr/include/${dir}")
            message(FATAL_ERROR "/usr/include/${dir} is missing: run scripts/setup.sh")
        endif()
        if(NOT EXISTS "${debian_headers}/${dir}")
            file(CREATE_LINK "/usr/include/${dir}" "${debian_headers}/${dir}" SYMBOLIC)
        endif()
    endforeach()
    add_library(nlohmann_json::nlohmann_json INTERFACE IMPORTED)
    target_include_directories(nlohmann_json::nlohmann_json SYSTEM INTERFACE "${debian_headers}")
    add_library(Catch2::Catch2 INTERFACE IMPORTED)
    target_include_directories(Catch2::Catch2 SYSTEM INTERFACE "${debian_headers}")
else()
    find_package(nlohmann_json 3 REQUIRED)
    if(CONVSCOPE_BUILD_TESTS)
        find_package(Catch2 2 REQUIRED)
    endif()
endif()

if(CONVSCOPE_BUILD_APP)
    if(NOT EXISTS "${CONVSCOPE_IMGUI_DIR}/imgui.cpp")
        message(FATAL_ERROR "Dear ImGui sources not found in ${CONVSCOPE_IMGUI_DIR}: run scripts/setup.sh")
    endif()
    if(EMSCRIPTEN)
        if(NOT EXISTS "${CONVSCOPE_SDL2_WEB_DIR}/lib/libSDL2.a")
            message(FATAL_ERROR "SDL2 for WebAssembly not found in ${CONVSCOPE_SDL2_WEB_DIR}: run scripts/setup.sh")
        endif()
        add_library(SDL2::SDL2 STATIC IMPORTED)
        set_target_properties(SDL2::SDL2 PROPERTIES
            IMPORTED_LOCATION "${CONVSCOPE_SDL2_WEB_DIR}/lib/libSDL2.a"
            INTERFACE_INCLUDE_DIRECTORIES "${CONVSCOPE_SDL2_WEB_DIR}/include/SDL2")
    else()
        find_package(SDL2 REQUIRED)
        find_package(OpenGL REQUIRED)
    endif()

    set(imgui_dir "${CONVSCOPE_IMGUI_DIR}")
    add_library(imgui STATIC
        ${imgui_dir}/imgui.cpp ${imgui_dir}/imgui_draw.cpp
        ${imgui_dir}/imgui_tables.cpp ${imgui_dir}/imgui_widgets.cpp
        ${imgui_dir}/backends/imgui_impl_sdl.cpp ${imgui_dir}/backends/imgui_impl_opengl3.cpp)
    target_include_directories(imgui SYSTEM PUBLIC ${imgui_dir} ${imgui_dir}/backends)
    # 32-bit indices: a large field drawn cell by cell passes 65,536 vertices in one window,
    # and WebGL2's OpenGL3 backend has no vertex offsets to split a draw list at that limit.
    # IMGUI_ENABLE_TEST_ENGINE: the item hooks that give the keyboard's Tab order (and the
    # screen-reader mirror) every control with its rectangle and label.
    target_compile_definitions(imgui PUBLIC IMGUI_DISABLE_OBSOLETE_FUNCTIONS
                                            "ImDrawIdx=unsigned int" IMGUI_ENABLE_TEST_ENGINE)
    target_link_libraries(imgui PUBLIC SDL2::SDL2)
    if(EMSCRIPTEN)
        # WebGL2: without this the OpenGL3 backend assumes WebGL1 under Emscripten.
        target_compile_definitions(imgui PUBLIC IMGUI_IMPL_OPENGL_ES3)
        target_compile_options(imgui PRIVATE ${CONVSCOPE_SIZE_OPTIONS})
    else()
        target_link_libraries(imgui PUBLIC OpenGL::GL ${CMAKE_DL_LIBS})
    endif()
endif()
