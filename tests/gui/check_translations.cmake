# Fails when a string the window shows has no German or Japanese translation.
# Runs lupdate over the window's sources (the project file qt_add_translations
# wrote, with the compiler's include paths, so contexts resolve as in the
# build) into copies of the .ts files, and counts the entries lupdate left
# unfinished: new strings, changed strings, and translations marked
# unfinished, plus translations left empty. The .ts files in the source tree
# are never touched.
#
#   cmake -DLUPDATE=... -DGENERATOR=.../GenerateLUpdateProject.cmake
#         -DPROJECT_IN=.../depot_ui_project.cmake -DWORK_DIR=...
#         "-DTS_FILES=a.ts;b.ts" -P check_translations.cmake
foreach(var LUPDATE GENERATOR PROJECT_IN WORK_DIR TS_FILES)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "check_translations: ${var} is not set")
    endif()
endforeach()
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
execute_process(COMMAND "${CMAKE_COMMAND}" -DIN_FILE=${PROJECT_IN} -DOUT_FILE=${WORK_DIR}/project.json
                        -P "${GENERATOR}"
                RESULT_VARIABLE result)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "check_translations: could not write the lupdate project (${result})")
endif()
set(copies)
foreach(ts IN LISTS TS_FILES)
    get_filename_component(name "${ts}" NAME)
    file(COPY "${ts}" DESTINATION "${WORK_DIR}")
    list(APPEND copies "${WORK_DIR}/${name}")
endforeach()
execute_process(COMMAND "${LUPDATE}" -silent -project "${WORK_DIR}/project.json" -no-obsolete -ts ${copies}
                RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "check_translations: lupdate failed (${result}):\n${out}${err}")
endif()
set(missing 0)
set(checked 0)
foreach(copy IN LISTS copies)
    file(READ "${copy}" text)
    # CMake lists split on ';', which XML's entities hold: make them plain
    # characters first (the count and the sources shown stay the same).
    string(REPLACE "&lt;" "‹" text "${text}")
    string(REPLACE "&gt;" "›" text "${text}")
    string(REPLACE "&quot;" "\"" text "${text}")
    string(REPLACE "&apos;" "'" text "${text}")
    string(REPLACE "&amp;" "&" text "${text}")
    string(REPLACE ";" "," text "${text}")
    # One <message> per match; the source is what a translator needs to see.
    string(REGEX MATCHALL "<message[^>]*>[^<]*(<location[^>]*>[^<]*)*<source>[^<]*</source>[^<]*(<comment>[^<]*</comment>[^<]*)?(<extracomment>[^<]*</extracomment>[^<]*)?<translation type=\"unfinished\""
           unfinished "${text}")
    string(REGEX MATCHALL "<source>" sources "${text}")
    list(LENGTH sources count)
    math(EXPR checked "${checked} + ${count}")
    get_filename_component(name "${copy}" NAME)
    foreach(entry IN LISTS unfinished)
        string(REGEX REPLACE ".*<source>([^<]*)</source>.*" "\\1" source "${entry}")
        message(STATUS "${name}: no translation for \"${source}\"")
    endforeach()
    # The pattern above names the source where it can; the count does not
    # depend on it: every entry marked unfinished (whatever else lupdate wrote
    # into it: an old source, a translator's comment), and every translation
    # or plural form left empty (the window would show the English text).
    string(REGEX MATCHALL "<translation type=\"unfinished\"" marked "${text}")
    string(REGEX MATCHALL "<translation>[ \t\r\n]*</translation>|<numerusform>[ \t\r\n]*</numerusform>" empty "${text}")
    list(LENGTH unfinished named)
    list(LENGTH marked marked_count)
    list(LENGTH empty empty_count)
    if(marked_count GREATER named)
        math(EXPR unnamed "${marked_count} - ${named}")
        message(STATUS "${name}: ${unnamed} more entries marked unfinished (search the copy in ${WORK_DIR} for type=\"unfinished\")")
    endif()
    if(empty_count GREATER 0)
        message(STATUS "${name}: ${empty_count} translations are empty")
    endif()
    math(EXPR missing "${missing} + ${marked_count} + ${empty_count}")
endforeach()
if(checked EQUAL 0)
    message(FATAL_ERROR "check_translations: lupdate found no strings at all; the check checked nothing")
endif()
if(missing GREATER 0)
    message(FATAL_ERROR "check_translations: ${missing} strings the window shows have no translation "
                        "(build the depot_ui_lupdate target and translate the entries marked unfinished)")
endif()
message(STATUS "check_translations: ${checked} entries, every one translated")
