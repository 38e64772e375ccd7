# Splits the linked page program in two (run by cmake -P after convscope_web links):
# convscope.wasm, what a first visit downloads, holds the functions listed in KEEP (those
# the first frames call, as recorded by scripts/record-first-visit.sh);
# convscope.deferred.HASH.wasm holds the rest and is loaded when the reader starts to use the
# figure (web/index.html). HASH is the start of the first part's SHA-256, and convscope.js
# is given the name (src/platform/page_pre.js): a page whose files come from a cache never
# pairs one build's first part with another build's deferred part.
#
# Before the split, Dear ImGui's built-in font, which ConvScope never uses, is blanked and its
# bytes left out (cmake/page-split/drop_default_font.mjs, then binaryen's memory packing).
#
# In: DIST (the page folder), WORK (a build folder), KEEP (the list), WASM_SPLIT and WASM_OPT
# (binaryen's), NODE, IMGUI_DRAW (ImGui's imgui_draw.cpp, which holds the font).
# emcc -sSPLIT_MODULE leaves DIST/convscope.wasm.orig (whole, with function names) and
# DIST/convscope.wasm (the same, instrumented to record which functions run); both move to
# WORK, where the recording script finds them.
foreach(input DIST WORK KEEP WASM_SPLIT WASM_OPT NODE IMGUI_DRAW)
    if(NOT DEFINED ${input})
        message(FATAL_ERROR "SplitPage.cmake needs -D${input}=...")
    endif()
endforeach()

file(MAKE_DIRECTORY "${WORK}")
file(RENAME "${DIST}/convscope.wasm.orig" "${WORK}/convscope.named.wasm")
file(RENAME "${DIST}/convscope.wasm" "${WORK}/convscope.instrumented.wasm")

# The WebAssembly features the page is compiled with (cmake/CompilerOptions.cmake), for
# binaryen to read and write them unchanged (the linked file does not name them).
get_filename_component(here "${CMAKE_CURRENT_LIST_FILE}" DIRECTORY)
file(STRINGS "${here}/page-split/binaryen-features.txt" features)
execute_process(
    COMMAND "${NODE}" "${here}/page-split/drop_default_font.mjs" "${IMGUI_DRAW}"
            "${WORK}/convscope.named.wasm"
    RESULT_VARIABLE result ERROR_VARIABLE errors OUTPUT_QUIET)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "ImGui's default font could not be left out of the page program:\n${errors}")
endif()
execute_process(
    COMMAND "${WASM_OPT}" ${features} --debuginfo --memory-packing
            "${WORK}/convscope.named.wasm" -o "${WORK}/convscope.named.wasm"
    RESULT_VARIABLE result ERROR_VARIABLE errors OUTPUT_VARIABLE output)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "wasm-opt could not pack the page program's data (${result}):\n${output}${errors}")
endif()
execute_process(
    COMMAND "${WASM_SPLIT}" ${features} --split "--keep-funcs=@${KEEP}"
            "${WORK}/convscope.named.wasm"
            -o1 "${DIST}/convscope.wasm" -o2 "${WORK}/convscope.deferred.wasm"
    RESULT_VARIABLE result ERROR_VARIABLE errors OUTPUT_VARIABLE output)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "wasm-split could not split the page program (${result}):\n${output}${errors}")
endif()

file(SHA256 "${DIST}/convscope.wasm" hash)
string(SUBSTRING "${hash}" 0 12 hash)
set(deferred_name "convscope.deferred.${hash}.wasm")
file(GLOB earlier "${DIST}/convscope.deferred*.wasm")
if(earlier)
    file(REMOVE ${earlier})
endif()
file(RENAME "${WORK}/convscope.deferred.wasm" "${DIST}/${deferred_name}")
file(READ "${DIST}/convscope.js" glue)
string(REPLACE "convscope.deferred.wasm" "${deferred_name}" named "${glue}")
if(named STREQUAL glue)
    message(FATAL_ERROR "convscope.js does not name convscope.deferred.wasm (src/platform/page_pre.js)")
endif()
file(WRITE "${DIST}/convscope.js" "${named}")
