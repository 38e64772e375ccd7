# Splits the linked page program in two (run by cmake -P after convscope_web links):
# convscope.wasm, what a first visit downloads, holds the functions listed in KEEP (those
# the first frames call, as recorded by scripts/record-first-visit.sh);
# convscope.deferred.HASH.wasm holds the rest and is loaded when the reader starts to use the
# figure (web/index.html). HASH is the start of the first part's SHA-256, and convscope.js
# is given the name (src/platform/page_pre.js): a page whose files come from a cache never
# pairs one build's first part with another build's deferred part.
#
# In: DIST (the page folder), WORK (a build folder), KEEP (the list), WASM_SPLIT (binaryen's
# wasm-split). emcc -sSPLIT_MODULE leaves DIST/convscope.wasm.orig (whole, with function
# names) and DIST/convscope.wasm (the same, instrumented to record which functions run);
# both move to WORK, where the recording script finds them.
foreach(input DIST WORK KEEP WASM_SPLIT)
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
