# ctest's clang_format test: every C/C++ source follows .clang-format.
#   cmake -DCLANG_FORMAT=<path> -DROOT=<source dir> -P CheckFormat.cmake
file(GLOB_RECURSE sources
  ${ROOT}/include/*.h ${ROOT}/src/*.h ${ROOT}/src/*.cc ${ROOT}/apps/*.h ${ROOT}/apps/*.cc
  ${ROOT}/tests/*.h ${ROOT}/tests/*.cc ${ROOT}/bench/*.h ${ROOT}/bench/*.cc
  ${ROOT}/src/*.cu ${ROOT}/src/*.cuh ${ROOT}/examples/*.cc ${ROOT}/examples/*.cpp)
execute_process(COMMAND ${CLANG_FORMAT} --dry-run --Werror ${sources} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "Some files are not clang-formatted (above). Fix with: clang-format -i <file>")
endif()
