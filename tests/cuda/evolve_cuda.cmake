# Tests of the CUDA evaluator, the GPU tiles text, the CUDA example's offline
# statements and `tilevolve bench|oracle|eval --backend cuda` (issue 6). Included
# from tests/cuda/CMakeLists.txt; they run without a GPU (CI), and the GPU tests
# among them skip with a message there.
if("cuda" IN_LIST TV_SKIP_TEST_DIRS OR NOT TARGET tv_evolve_cuda)
  return()
endif()
set(tv_cuda_tests_dir ${PROJECT_SOURCE_DIR}/tests/cuda)

add_executable(tv_cuda_evaluator_test ${tv_cuda_tests_dir}/cuda_evaluator_test.cc
                                      ${tv_cuda_tests_dir}/cuda_oracle_file_test.cc
                                      ${tv_cuda_tests_dir}/gpu_tiles_text_test.cc)
target_link_libraries(tv_cuda_evaluator_test PRIVATE tv_evolve_cuda GTest::gtest_main)
target_compile_definitions(tv_cuda_evaluator_test PRIVATE
  TV_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
  TV_HEURISTIC_HOST_PATH="$<TARGET_FILE:tilevolve-heuristic-host>")
add_dependencies(tv_cuda_evaluator_test tilevolve-heuristic-host)
set_target_properties(tv_cuda_evaluator_test PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/tests/cuda)
tv_register_gtest(tv_cuda_evaluator_test)

add_executable(tv_cuda_example_statements_test ${tv_cuda_tests_dir}/example_statements_test.cc)
target_link_libraries(tv_cuda_example_statements_test PRIVATE tv_evolve_cuda GTest::gtest_main)
target_compile_definitions(tv_cuda_example_statements_test PRIVATE
  TV_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
  TV_HEURISTIC_HOST_PATH="$<TARGET_FILE:tilevolve-heuristic-host>")
add_dependencies(tv_cuda_example_statements_test tilevolve-heuristic-host)
set_target_properties(tv_cuda_example_statements_test PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/tests/cuda)
tv_register_gtest(tv_cuda_example_statements_test)

if(TARGET tilevolve)
  add_executable(tv_cuda_cli_test ${tv_cuda_tests_dir}/cuda_cli_test.cc)
  target_link_libraries(tv_cuda_cli_test PRIVATE tv_options GTest::gtest_main nlohmann_json::nlohmann_json)
  target_compile_definitions(tv_cuda_cli_test PRIVATE
    TV_CLI_PATH="$<TARGET_FILE:tilevolve>"
    TV_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  add_dependencies(tv_cuda_cli_test tilevolve)
  set_target_properties(tv_cuda_cli_test PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/tests/cuda)
  tv_register_gtest(tv_cuda_cli_test PROPERTIES TIMEOUT 600)
endif()
