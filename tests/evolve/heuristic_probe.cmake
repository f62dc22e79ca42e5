# Probing heuristic programs (evolve/heuristic_probe.h) with the real
# tilevolve-heuristic-host. The programs (heuristics/probe_*.cpp) are compiled
# at test time by CompileProgram into a cache under the build tree, so the
# test's own sanitizer flags never reach them; the host is built without them
# too (apps/tilevolve-heuristic-host). Included from tests/evolve/CMakeLists.txt.
add_executable(tv_heuristic_probe_test heuristic_probe_test.cc heuristic_probe_end_to_end_test.cc test_processes.cc)
target_link_libraries(tv_heuristic_probe_test PRIVATE tv_evolve GTest::gtest GTest::gtest_main)
target_compile_definitions(tv_heuristic_probe_test PRIVATE
  TV_HEURISTIC_HOST_PATH="$<TARGET_FILE:tilevolve-heuristic-host>"
  TV_TEST_HEURISTICS_DIR="${CMAKE_CURRENT_SOURCE_DIR}/heuristics"
  TV_PROBE_TEST_CACHE_DIR="${CMAKE_CURRENT_BINARY_DIR}/heuristic_probe_cache"
  TV_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
  TV_SANDBOX_PROGRAMS_DIR="${CMAKE_CURRENT_BINARY_DIR}/programs")
add_dependencies(tv_heuristic_probe_test tilevolve-heuristic-host)
tv_register_gtest(tv_heuristic_probe_test)
