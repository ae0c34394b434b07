# What `cmake --install` puts where, and the .deb that `cpack -G DEB` makes of
# it (scripts/package.sh): the binary, the unit and its system user, the
# configuration as a conffile, the man page, shell completion and the
# package's documents. Paths are Debian 12's: units in /lib/systemd/system.

set(JXC_PACKAGE_DIR ${PROJECT_SOURCE_DIR}/scripts/package)

install(TARGETS jxc-edge RUNTIME DESTINATION bin)
install(FILES ${PROJECT_SOURCE_DIR}/systemd/jxc-edge.service DESTINATION /lib/systemd/system)
install(FILES ${PROJECT_SOURCE_DIR}/systemd/jxc-edge.sysusers DESTINATION lib/sysusers.d RENAME jxc-edge.conf)
install(FILES ${PROJECT_SOURCE_DIR}/config/gateway.example.toml DESTINATION /etc/jxc-edge RENAME gateway.toml)
install(FILES ${JXC_PACKAGE_DIR}/jxc-edge.bash-completion DESTINATION share/bash-completion/completions
        RENAME jxc-edge)
install(FILES ${JXC_PACKAGE_DIR}/copyright ${PROJECT_SOURCE_DIR}/docs/operations.md
        DESTINATION share/doc/jxc-edge)

# Debian wants the changelog and the man page compressed, reproducibly (-n).
find_program(GZIP_PROGRAM gzip REQUIRED)
set(JXC_CHANGELOG_GZ ${CMAKE_BINARY_DIR}/package/changelog.gz)
add_custom_command(OUTPUT ${JXC_CHANGELOG_GZ}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/package
  COMMAND ${GZIP_PROGRAM} -9nc ${JXC_PACKAGE_DIR}/changelog > ${JXC_CHANGELOG_GZ}
  DEPENDS ${JXC_PACKAGE_DIR}/changelog VERBATIM)
set(JXC_PACKAGE_FILES ${JXC_CHANGELOG_GZ})
install(FILES ${JXC_CHANGELOG_GZ} DESTINATION share/doc/jxc-edge)

# The man page is the program's own --help (help2man), with the files and
# environment it uses added; it needs help2man (scripts/install-deps.sh).
find_program(HELP2MAN_PROGRAM help2man)
if(HELP2MAN_PROGRAM)
  set(JXC_MAN_GZ ${CMAKE_BINARY_DIR}/package/jxc-edge.1.gz)
  add_custom_command(OUTPUT ${JXC_MAN_GZ}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/package
    COMMAND ${HELP2MAN_PROGRAM} --no-info --no-discard-stderr --section=1
            --name=warehouse\ edge\ gateway --include=${JXC_PACKAGE_DIR}/jxc-edge.h2m
            --output=${CMAKE_BINARY_DIR}/package/jxc-edge.1 $<TARGET_FILE:jxc-edge>
    COMMAND ${GZIP_PROGRAM} -9nf ${CMAKE_BINARY_DIR}/package/jxc-edge.1
    DEPENDS jxc-edge ${JXC_PACKAGE_DIR}/jxc-edge.h2m VERBATIM)
  list(APPEND JXC_PACKAGE_FILES ${JXC_MAN_GZ})
  install(FILES ${JXC_MAN_GZ} DESTINATION share/man/man1)
endif()
add_custom_target(package-files ALL DEPENDS ${JXC_PACKAGE_FILES})

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME jxc-edge)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_PACKAGE_CONTACT "jxc-edge maintainers <maintainers@jxc-edge.example>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "warehouse edge gateway: RFID, barcode and shelf scales to inventory")
# CPack puts the summary above this as the synopsis line.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
  "jxc-edge runs on a warehouse's own box. It turns what UHF RFID readers (LLRP),
 barcode scanners and Modbus shelf scales see into receipts, issues, moves
 and stock counts, keeps the books in a local SQLite store and hands every
 posted event to the central purchase-sales-inventory system over MQTT, in
 order and once, also after a day offline.")
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "systemd (>= 252), tzdata")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
  ${JXC_PACKAGE_DIR}/postinst ${JXC_PACKAGE_DIR}/postrm ${JXC_PACKAGE_DIR}/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_STRIP_FILES ON)
include(CPack)
