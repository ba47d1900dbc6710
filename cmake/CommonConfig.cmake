# Shared compile settings for every Depot target, carried by one INTERFACE target.
add_library(depot_common_config INTERFACE)
target_compile_features(depot_common_config INTERFACE cxx_std_20)
target_compile_definitions(depot_common_config INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CONTEXTLESS_CONNECT
    QT_USE_QSTRINGBUILDER
    QT_NO_FOREACH
    DEPOT_VERSION="${PROJECT_VERSION}")
target_compile_options(depot_common_config INTERFACE -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers)
if(DEPOT_WERROR)
    target_compile_options(depot_common_config INTERFACE -Werror)
endif()
# Sanitizers: ASan and UBSan, and the first report ends the process, so a
# test that triggers one fails instead of printing and passing. ASan stops at
# its first report unless built with -fsanitize-recover=address; UBSan needs
# -fno-sanitize-recover to do the same.
if(DEPOT_SANITIZE OR DEPOT_BUILD_FUZZERS)
    target_compile_options(depot_common_config INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    target_link_options(depot_common_config INTERFACE -fsanitize=address,undefined)
    # Leak reports from Qt's OpenSSL backend, which Depot cannot fix; the file says which.
    target_sources(depot_common_config INTERFACE ${CMAKE_CURRENT_LIST_DIR}/SanitizerSuppressions.cpp)
endif()
# Fuzzing (tests/fuzz): every Depot library is built with libFuzzer's coverage
# instrumentation; only the fuzz targets link libFuzzer's main.
if(DEPOT_BUILD_FUZZERS)
    if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
        message(FATAL_ERROR "DEPOT_BUILD_FUZZERS needs clang (libFuzzer): configure with CC=clang-14 CXX=clang++-14")
    endif()
    target_compile_options(depot_common_config INTERFACE -fsanitize=fuzzer-no-link)
endif()
