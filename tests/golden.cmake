# Runs `slaudit check fixtures/invalid/NAME.sla` and compares its output with NAME.expected.
# The expected exit code is 1 when the file has errors, 0 when it has warnings only.
execute_process(COMMAND ${SLAUDIT} check fixtures/invalid/${NAME}.sla
                OUTPUT_VARIABLE actual RESULT_VARIABLE code)
file(READ fixtures/invalid/${NAME}.expected expected)
if(NOT actual STREQUAL expected)
  file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/${NAME}.actual "${actual}")
  message(FATAL_ERROR "output differs from fixtures/invalid/${NAME}.expected:\n--- expected\n${expected}--- actual\n${actual}"
                      "(scripts/update-goldens rewrites the .expected files; review the diff)")
endif()
string(FIND "${expected}" "error[" has_error)
if(has_error EQUAL -1)
  set(want 0)
else()
  set(want 1)
endif()
if(NOT code EQUAL want)
  message(FATAL_ERROR "exit code ${code}, expected ${want}")
endif()
