# Installing counterhall as a Debian service (cmake --install) and its .deb (cpack -G DEB).
include(GNUInstallDirs)

# The units name /usr/bin/...; another prefix gets units that name its own bin directory.
function(hall_install_unit source destination)
  file(READ ${source} text)
  string(REPLACE "/usr/bin/" "${CMAKE_INSTALL_FULL_BINDIR}/" text "${text}")
  get_filename_component(name ${source} NAME)
  file(WRITE ${CMAKE_BINARY_DIR}/units/${name} "${text}")
  install(FILES ${CMAKE_BINARY_DIR}/units/${name} DESTINATION ${destination})
endfunction()

install(TARGETS hall_server RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
if(HALL_BUILD_KIOSK)
  install(TARGETS kiosk RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()

# The web pages and the schema are compiled into hall_server; the fonts are Debian's.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/assets/demo-catalog
        DESTINATION ${CMAKE_INSTALL_DATADIR}/counterhall)

foreach(unit hall-server.service hall-server-backup.service hall-server-backup.timer
             hall-server-sync.service)
  hall_install_unit(${PROJECT_SOURCE_DIR}/systemd/${unit} lib/systemd/system)
endforeach()
if(HALL_BUILD_KIOSK)
  hall_install_unit(${PROJECT_SOURCE_DIR}/systemd/user/kiosk@.service lib/systemd/user)
endif()
install(FILES ${PROJECT_SOURCE_DIR}/systemd/counterhall.sysusers
        DESTINATION lib/sysusers.d RENAME counterhall.conf)

install(FILES ${PROJECT_SOURCE_DIR}/packaging/hall-server.toml
        DESTINATION ${CMAKE_INSTALL_FULL_SYSCONFDIR}/counterhall)

install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/docs/operations.md
              ${PROJECT_SOURCE_DIR}/docs/protocol.md ${PROJECT_SOURCE_DIR}/docs/catalog.md
              ${PROJECT_SOURCE_DIR}/docs/queue-rules.md ${PROJECT_SOURCE_DIR}/docs/export.md
              ${PROJECT_SOURCE_DIR}/docs/storage.md ${PROJECT_SOURCE_DIR}/docs/scale.md
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
if(HALL_BUILD_KIOSK)
  install(FILES ${PROJECT_SOURCE_DIR}/kiosk/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR}
          RENAME kiosk.md)
endif()

# The .deb. Library dependencies come from dpkg-shlibdeps (Debian's package names); the rest
# are the packages the programs use at run time without linking them.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME counterhall)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "counterhall maintainers <counterhall@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "queue and service-statistics system of a citizen service hall")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_STRIP_FILES ON)
set(hall_depends "systemd, tzdata")
if(HALL_BUILD_KIOSK)
  string(APPEND hall_depends ", fonts-noto-cjk | fonts-wqy-microhei, espeak-ng-data")
endif()
set(CPACK_DEBIAN_PACKAGE_DEPENDS "${hall_depends}")
file(WRITE ${CMAKE_BINARY_DIR}/packaging/conffiles
     "${CMAKE_INSTALL_FULL_SYSCONFDIR}/counterhall/hall-server.toml\n")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${PROJECT_SOURCE_DIR}/packaging/postinst ${PROJECT_SOURCE_DIR}/packaging/prerm
    ${PROJECT_SOURCE_DIR}/packaging/postrm ${CMAKE_BINARY_DIR}/packaging/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
