# Installs the build tree into a temporary prefix, then builds and runs
# examples/consumer against it twice: with find_package(tilevolve) and with
# pkg-config --cflags --libs tilevolve.
#   cmake -DBUILD_DIR=... -DCONSUMER_DIR=... -DWORK_DIR=... -DGENERATOR=... -DCXX=... -DPROGRAM=X.cpp
#         -P install_consumer.cmake
file(REMOVE_RECURSE ${WORK_DIR})
set(prefix ${WORK_DIR}/prefix)

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
  set(last_output "${out}" PARENT_SCOPE)
endfunction()

run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})
foreach(f include/tilevolve/tilevolve.h include/tilevolve/device_info.h lib/libtilevolve.so
          lib/libtilevolve_blas.so lib/tilevolve-blas/libblas.so.3 lib/cmake/tilevolve/tilevolveConfig.cmake
          lib/cmake/tilevolve/tilevolveConfigVersion.cmake lib/pkgconfig/tilevolve.pc)
  if(NOT EXISTS ${prefix}/${f})
    message(FATAL_ERROR "cmake --install did not install ${f}")
  endif()
endforeach()

# find_package(tilevolve)
run(${CMAKE_COMMAND} -S ${CONSUMER_DIR} -B ${WORK_DIR}/build -G ${GENERATOR} -DCMAKE_CXX_COMPILER=${CXX}
    -DCMAKE_PREFIX_PATH=${prefix})
run(${CMAKE_COMMAND} --build ${WORK_DIR}/build)
run(${WORK_DIR}/build/tilevolve_consumer)
if(NOT last_output MATCHES "tilevolve optimizations:" OR NOT last_output MATCHES "max error")
  message(FATAL_ERROR "the consumer printed no optimization info:\n${last_output}")
endif()
message(STATUS "consumer (find_package):\n${last_output}")
# With a program: compiled, probed by the heuristic host and used (hits counted).
run(${CMAKE_COMMAND} -E env TILEVOLVE_PROGRAM=${PROGRAM} ${WORK_DIR}/build/tilevolve_consumer)
if(NOT last_output MATCHES "enable_optimizations: true" OR NOT last_output MATCHES "evolved tiles 1")
  message(FATAL_ERROR "the consumer did not use the program ${PROGRAM}:\n${last_output}")
endif()
message(STATUS "consumer with TILEVOLVE_PROGRAM:\n${last_output}")

# pkg-config --cflags --libs tilevolve
set(ENV{PKG_CONFIG_PATH} ${prefix}/lib/pkgconfig)
run(pkg-config --cflags --libs tilevolve)
string(STRIP "${last_output}" flags)
separate_arguments(flags UNIX_COMMAND "${flags}")
run(${CXX} -std=c++17 ${CONSUMER_DIR}/main.cc ${flags} -Wl,-rpath,${prefix}/lib -o ${WORK_DIR}/consumer_pkgconfig)
run(${WORK_DIR}/consumer_pkgconfig)
message(STATUS "consumer (pkg-config) ran")
file(REMOVE_RECURSE ${WORK_DIR})
