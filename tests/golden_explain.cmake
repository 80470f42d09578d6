# Runs `slaudit explain` on a scenario and compares the text with its explain.expected.
execute_process(COMMAND ${SLAUDIT} explain --contract ${CONTRACT} --history ${SCENARIO}/history --period ${PERIOD}
                OUTPUT_VARIABLE actual RESULT_VARIABLE code)
file(READ ${SCENARIO}/explain.expected expected)
if(NOT code EQUAL 0 OR NOT actual STREQUAL expected)
  message(FATAL_ERROR "explain differs from ${SCENARIO}/explain.expected (exit ${code}):\n${actual}")
endif()
