# Runs `slaudit check --format FORMAT` over every fixtures/invalid/*.sla at once and compares the
# document with fixtures/invalid/all.FORMAT.expected: the JSON and SARIF a CI step reads, byte for byte.
file(GLOB contracts RELATIVE ${CMAKE_CURRENT_SOURCE_DIR} fixtures/invalid/*.sla)
list(SORT contracts)
execute_process(COMMAND ${SLAUDIT} check --format ${FORMAT} ${contracts}
                OUTPUT_VARIABLE actual RESULT_VARIABLE code)
file(READ fixtures/invalid/all.${FORMAT}.expected expected)
if(NOT actual STREQUAL expected)
  file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/all.${FORMAT}.actual "${actual}")
  message(FATAL_ERROR "output differs from fixtures/invalid/all.${FORMAT}.expected (the actual output is in "
                      "all.${FORMAT}.actual; scripts/update-goldens rewrites it: review the diff)")
endif()
if(NOT code EQUAL 1)
  message(FATAL_ERROR "exit code ${code}, expected 1")
endif()
