# Shared compile settings for every Depot target, carried by one INTERFACE target.
add_library(depot_common_config INTERFACE)
target_compile_features(depot_common_config INTERFACE cxx_std_20)
target_compile_definitions(depot_common_config INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CONTEXTLESS_CONNECT
    QT_USE_QSTRINGBUILDER
    QT_NO_FOREACH
    DEPOT_VERSION="${PROJECT_VERSION}")
target_compile_options(depot_common_config INTERFACE -Wall -Wextra -Wno-unused-parameter)
if(DEPOT_WERROR)
    target_compile_options(depot_common_config INTERFACE -Werror)
endif()
if(DEPOT_SANITIZE)
    target_compile_options(depot_common_config INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    target_link_options(depot_common_config INTERFACE -fsanitize=address,undefined)
endif()
