# cmake -DDEPOT=path/to/depot -DLIBRARY=libtcmalloc_minimal -P check_malloc.cmake
#
# Runs `depot --version` with the dynamic linker reporting its symbol
# bindings and checks that malloc and free, as Qt and libc call them, bind
# to LIBRARY: linking a malloc library does not by itself prove it is used.
foreach(var DEPOT LIBRARY)
    if(NOT ${var})
        message(FATAL_ERROR "check_malloc.cmake needs -D${var}=...")
    endif()
endforeach()
execute_process(COMMAND ${CMAKE_COMMAND} -E env LD_DEBUG=bindings ${DEPOT} --version
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE bindings)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "depot --version failed (${rc}): ${out}")
endif()
foreach(symbol malloc free)
    foreach(caller libQt6Core libc)
        string(REGEX MATCH "binding file [^\n]*/${caller}\\.so[^\n]* to ([^\n]*) \\[[0-9]+\\]: normal symbol `${symbol}'"
            line "${bindings}")
        if(NOT line)
            message(FATAL_ERROR "no binding of ${symbol} for ${caller} in LD_DEBUG=bindings output")
        endif()
        set(target "${CMAKE_MATCH_1}")   # if(MATCHES) below sets CMAKE_MATCH_1 anew
        if(NOT target MATCHES "/${LIBRARY}\\.so")
            message(FATAL_ERROR "${caller}'s ${symbol} binds to ${target}, not ${LIBRARY}")
        endif()
        message(STATUS "${caller}'s ${symbol}: ${target}")
    endforeach()
endforeach()
