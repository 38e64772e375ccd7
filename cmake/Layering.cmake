# convscope_library(): each folder of src/core and src/app is one static library that names
# the libraries it depends on. The build checks every file of the folder: an include of
# another project folder must name the library's own folder or one it depends on (directly
# or through its dependencies), so a lower library that includes a higher one fails to build.
#
#   convscope_library(convscope_core_network FOLDER core/network
#       SOURCES network.cpp ... DEPENDS convscope_core_numeric [LINKS imgui] [FORBID SDL ...])
#
# FORBID lists system header prefixes the folder must not include (`<SDL`, `<imgui`, ...).

function(convscope_library target)
    cmake_parse_arguments(ARG "SPEED" "FOLDER" "SOURCES;DEPENDS;LINKS;FORBID" ${ARGN})
    add_library(${target} STATIC ${ARG_SOURCES})
    target_link_libraries(${target} PUBLIC ${ARG_DEPENDS} ${ARG_LINKS})
    target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR}/src)
    target_compile_options(${target} PRIVATE ${CONVSCOPE_WARNINGS})
    # Optimised for size on the web (cmake/CompilerOptions.cmake), unless marked SPEED.
    if(NOT ARG_SPEED)
        target_compile_options(${target} PRIVATE ${CONVSCOPE_SIZE_OPTIONS})
    endif()

    set(allowed ${ARG_FOLDER})
    foreach(dependency ${ARG_DEPENDS})
        get_property(folders GLOBAL PROPERTY CONVSCOPE_FOLDERS_${dependency})
        if(NOT folders)
            message(FATAL_ERROR "${target} depends on ${dependency}, which is not a convscope_library "
                                "declared before it")
        endif()
        list(APPEND allowed ${folders})
    endforeach()
    list(REMOVE_DUPLICATES allowed)
    set_property(GLOBAL PROPERTY CONVSCOPE_FOLDERS_${target} ${allowed})

    file(GLOB_RECURSE files CONFIGURE_DEPENDS
         ${CMAKE_CURRENT_SOURCE_DIR}/*.h ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp
         ${CMAKE_CURRENT_SOURCE_DIR}/*.inc ${CMAKE_CURRENT_SOURCE_DIR}/*.in)
    string(REPLACE ";" "|" allowed_arg "${allowed}")
    string(REPLACE ";" "|" forbid_arg "${ARG_FORBID}")
    string(REPLACE ";" "|" files_arg "${files}")
    set(stamp ${CMAKE_CURRENT_BINARY_DIR}/${target}.layering-checked)
    add_custom_command(OUTPUT ${stamp}
        COMMAND ${CMAKE_COMMAND} -DLIBRARY=${target} "-DALLOWED=${allowed_arg}"
                "-DFORBID=${forbid_arg}" "-DFILES=${files_arg}" -DSTAMP=${stamp}
                -P ${PROJECT_SOURCE_DIR}/cmake/CheckLayering.cmake
        DEPENDS ${files} ${PROJECT_SOURCE_DIR}/cmake/CheckLayering.cmake
        COMMENT "Checking that ${target} includes only the folders it depends on"
        VERBATIM)
    add_custom_target(${target}_layering DEPENDS ${stamp})
    add_dependencies(${target} ${target}_layering)
endfunction()
