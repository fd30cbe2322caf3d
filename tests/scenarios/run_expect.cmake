# SPDX-License-Identifier: MIT
#
# Run `gntsim ARGS` and check its exit status and output (a CTest helper).
#   -DGNTSIM=path -DARGS="run;file.gsc" -DEXPECT_RC=2 -DEXPECT_RE=regex
#   [-DTRACE=out -DGOLDEN=file]: then the trace written to TRACE must equal GOLDEN.
execute_process(COMMAND ${GNTSIM} ${ARGS}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}${err}")
if(NOT rc STREQUAL "${EXPECT_RC}")
    message(FATAL_ERROR "exit status ${rc}, expected ${EXPECT_RC}")
endif()
if(DEFINED EXPECT_RE AND NOT "${out}${err}" MATCHES "${EXPECT_RE}")
    message(FATAL_ERROR "output does not match: ${EXPECT_RE}")
endif()
if(DEFINED GOLDEN)
    execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${TRACE} ${GOLDEN}
                    RESULT_VARIABLE same)
    if(NOT same EQUAL 0)
        message(FATAL_ERROR "trace ${TRACE} differs from ${GOLDEN} "
                            "(regenerate: gntsim ${ARGS})")
    endif()
endif()
