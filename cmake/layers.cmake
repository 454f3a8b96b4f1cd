# ddn_layer(NAME DEPS ...): a library built from src/NAME/*.cc (without *_test.cc), in namespace
# ddn::NAME, linking only the layers below it (docs/architecture.md lists the graph). Unit tests
# src/NAME/*_test.cc become the test executable NAME_test.
function(ddn_layer name)
  cmake_parse_arguments(L "" "" "DEPS;LIBS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/src/${name}/*.cc)
  list(FILTER sources EXCLUDE REGEX "_test\\.cc$")
  add_library(ddn_${name} STATIC ${sources})
  target_include_directories(ddn_${name} PUBLIC ${CMAKE_SOURCE_DIR}/src ${CMAKE_BINARY_DIR}/generated)
  target_link_libraries(ddn_${name} PUBLIC ${L_DEPS} ${L_LIBS})
endfunction()

function(ddn_layer_tests name)
  file(GLOB tests CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/src/${name}/*_test.cc)
  if(tests)
    add_executable(${name}_test ${tests})
    target_link_libraries(${name}_test PRIVATE ddn_${name} GTest::gtest_main)
    target_compile_definitions(${name}_test PRIVATE DDN_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
    gtest_discover_tests(${name}_test DISCOVERY_MODE PRE_TEST)
  endif()
endfunction()
