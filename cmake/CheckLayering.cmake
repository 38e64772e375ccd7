# Run by convscope_library() (Layering.cmake) at build time: fails when a file of LIBRARY
# includes a project folder outside ALLOWED or a system header starting with one of FORBID.
# Lists arrive '|'-separated.
string(REPLACE "|" ";" allowed "${ALLOWED}")
string(REPLACE "|" ";" forbid "${FORBID}")
string(REPLACE "|" ";" files "${FILES}")
set(problems "")
foreach(file ${files})
    file(STRINGS "${file}" includes REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"]")
    foreach(line ${includes})
        if(line MATCHES "include[ \t]*\"((core|app|platform|cli)/[A-Za-z0-9_]+)/")
            list(FIND allowed "${CMAKE_MATCH_1}" index)
            if(index EQUAL -1)
                string(APPEND problems "\n  ${file}: ${line}\n    ${CMAKE_MATCH_1} is not among "
                       "${LIBRARY}'s dependencies (${allowed}); depend on its library in the "
                       "folder's CMakeLists.txt if the layering allows it, or move the code down")
            endif()
        elseif(line MATCHES "include[ \t]*\"(core|app|platform|cli)/[^/\"]+\"")
            string(APPEND problems "\n  ${file}: ${line}\n    project headers live in a folder "
                   "of src/${CMAKE_MATCH_1} (core/layer/..., app/widgets/...)")
        endif()
        foreach(prefix ${forbid})
            if(line MATCHES "include[ \t]*<${prefix}")
                string(APPEND problems "\n  ${file}: ${line}\n    ${LIBRARY} must not include "
                       "<${prefix}...> (docs/architecture.md: what each layer may use)")
            endif()
        endforeach()
    endforeach()
endforeach()
if(problems)
    message(FATAL_ERROR "Layering: ${LIBRARY} includes what it may not:${problems}")
endif()
file(TOUCH "${STAMP}")
