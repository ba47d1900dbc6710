# Installing Depot like a desktop app, and its Debian package (cpack -G DEB,
# run by `./scripts/depot package`): the binary, the desktop entry and icons,
# AppStream metadata, a man page made from the program's own --help, bash
# completion and a systemd user unit for the headless broker.

include(GNUInstallDirs)

set(DEPOT_APP_ID "io.github.depotbroker.Depot")
set(DEPOT_SCREENSHOT_BASE_URL
    "https://raw.githubusercontent.com/depotbroker/depot/main/docs/screenshots"
    CACHE STRING "Where the screenshots named in the AppStream metadata are published")
set(DEPOT_PACKAGE_MAINTAINER "Depot developers <depot@localhost>"
    CACHE STRING "The Maintainer field of the Debian package")

install(TARGETS depot RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# A development tree (DEPOT_SHARED_LIBS) installs its libraries beside, in a
# private folder the binary finds through its run path; a Release tree has none.
if(DEPOT_SHARED_LIBS)
    get_property(depot_libraries GLOBAL PROPERTY DEPOT_LIBRARIES)
    install(TARGETS ${depot_libraries} LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}/depot)
    set_target_properties(depot PROPERTIES INSTALL_RPATH "$ORIGIN/../${CMAKE_INSTALL_LIBDIR}/depot")
    # A run path reaches only its own object's needs: each library finds its siblings.
    set_target_properties(${depot_libraries} PROPERTIES INSTALL_RPATH "$ORIGIN")
endif()

if(DEPOT_BUILD_GUI)
    set(resources ${PROJECT_SOURCE_DIR}/resources)
    install(FILES ${resources}/${DEPOT_APP_ID}.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
    install(FILES ${resources}/icons/depot.svg DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps
            RENAME ${DEPOT_APP_ID}.svg)
    foreach(size 48 64 128 256)
        install(FILES ${resources}/icons/hicolor/${size}x${size}/apps/${DEPOT_APP_ID}.png
                DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps)
    endforeach()
    # SOURCE_DATE_EPOCH, when set, makes the date (and so the package) reproducible.
    string(TIMESTAMP DEPOT_RELEASE_DATE "%Y-%m-%d" UTC)
    configure_file(${resources}/${DEPOT_APP_ID}.metainfo.xml.in ${PROJECT_BINARY_DIR}/${DEPOT_APP_ID}.metainfo.xml
                   @ONLY)
    install(FILES ${PROJECT_BINARY_DIR}/${DEPOT_APP_ID}.metainfo.xml DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
endif()

install(FILES ${PROJECT_SOURCE_DIR}/resources/depot.bash-completion
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME depot)
install(FILES ${PROJECT_SOURCE_DIR}/resources/depot.service DESTINATION lib/systemd/user)

# depot(1) from `depot --help` and `depot --version`, so it always says what
# the program does; resources/depot.h2m adds what --help does not.
find_program(HELP2MAN help2man)
find_program(GZIP gzip)
if(HELP2MAN AND GZIP)
    set(man ${PROJECT_BINARY_DIR}/depot.1)
    add_custom_command(
        OUTPUT ${man}.gz
        COMMAND ${CMAKE_COMMAND} -E env PATH=$<TARGET_FILE_DIR:depot>:$ENV{PATH} QT_QPA_PLATFORM=offscreen
                ${HELP2MAN} --no-info --section=1 "--name=a desktop message broker you can see into"
                --include=${PROJECT_SOURCE_DIR}/resources/depot.h2m --output=${man} depot
        COMMAND ${GZIP} -n -9 -f ${man}
        DEPENDS depot ${PROJECT_SOURCE_DIR}/resources/depot.h2m
        COMMENT "Writing the depot(1) man page from depot --help"
        VERBATIM)
    add_custom_target(depot_man ALL DEPENDS ${man}.gz)
    install(FILES ${man}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
else()
    message(STATUS "help2man not found: no depot(1) man page (apt-get install help2man)")
endif()

set(CPACK_PACKAGE_NAME depot)
set(CPACK_PACKAGE_VENDOR "Depot")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "desktop message broker you can see into")
set(CPACK_PACKAGE_DESCRIPTION "Depot is a message broker for developers that shows what flows through it. \
Applications connect with the clients they already use (RabbitMQ's AMQP 0-9-1 clients, Amazon SQS SDKs), \
and its window shows queue depths, every message's body and headers, retries and dead letters, \
and replays dead letters by click.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${DEPOT_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Qt's plugins (the SQLite driver; the window's platform plugins) are loaded
# at run time, where dpkg-shlibdeps cannot see them.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6sql6-sqlite")
if(DEPOT_BUILD_GUI)
    string(APPEND CPACK_DEBIAN_PACKAGE_DEPENDS ", qt6-qpa-plugins, libqt6svg6")
endif()
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "bash-completion")
set(CPACK_STRIP_FILES ON)
include(CPack)
