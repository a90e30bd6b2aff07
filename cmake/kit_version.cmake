# Run by the build (not only at configure time), so the version follows commits and edits:
# writes `#define LOGSGD_KIT_VERSION "<git describe --always --dirty>"` to OUTPUT, touching the
# file only when the text changes (an unchanged version recompiles nothing).
# Outside a git checkout (a source tarball, git missing) the version says so.
execute_process(COMMAND git describe --always --dirty
                WORKING_DIRECTORY "${SOURCE_DIR}"
                OUTPUT_VARIABLE version OUTPUT_STRIP_TRAILING_WHITESPACE
                RESULT_VARIABLE status ERROR_QUIET)
if(NOT status EQUAL 0 OR version STREQUAL "")
  set(version "unknown (not a git checkout)")
endif()
file(WRITE "${OUTPUT}.new" "#define LOGSGD_KIT_VERSION \"${version}\"\n")
file(COPY_FILE "${OUTPUT}.new" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.new")
