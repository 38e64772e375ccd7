# Fails when a C++ file of src/, tests/ or bench/ differs from what the checked-in
# .clang-format makes of it, listing the files and the command that fixes them.
# Run as: cmake -DSOURCE_DIR=<repo> -DCLANG_FORMAT=<clang-format> -P CheckFormat.cmake
file(GLOB_RECURSE files RELATIVE "${SOURCE_DIR}"
     "${SOURCE_DIR}/src/*.cpp" "${SOURCE_DIR}/src/*.h"
     "${SOURCE_DIR}/tests/*.cpp" "${SOURCE_DIR}/tests/*.h" "${SOURCE_DIR}/bench/*.cpp")
list(LENGTH files count)
set(unformatted "")
foreach(file ${files})
    execute_process(COMMAND "${CLANG_FORMAT}" --dry-run --Werror "${file}"
                    WORKING_DIRECTORY "${SOURCE_DIR}" RESULT_VARIABLE status
                    OUTPUT_QUIET ERROR_QUIET)
    if(NOT status EQUAL 0)
        list(APPEND unformatted "${file}")
    endif()
endforeach()
if(unformatted)
    list(LENGTH unformatted bad)
    list(JOIN unformatted " " listed)
    message(FATAL_ERROR "${bad} of ${count} files are not formatted with .clang-format:\n"
                        "  ${listed}\nFix with: clang-format -i ${listed}")
endif()
message(STATUS "format: ${count} files match .clang-format")
