# The mutation layer (src/evolve/mutation): EVOLVE-BLOCK regions, SEARCH/REPLACE
# diffs and rewrites, the literal scanner and the offline mutator. The offline
# mutator test compiles children of examples/gemm_tiling/initial_program.cpp
# with the system compiler (-fsyntax-only). Included from tests/evolve/CMakeLists.txt.
add_executable(tv_evolve_mutation_test
  ${CMAKE_CURRENT_LIST_DIR}/mutation/diff_apply_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/mutation/evolve_blocks_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/mutation/literal_scanner_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/mutation/offline_mutator_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/mutation/rewrite_apply_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/mutation/shape_rules_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/mutation/statement_edits_test.cc)
target_link_libraries(tv_evolve_mutation_test PRIVATE tv_evolve_mutation tv_evolve_config GTest::gtest GTest::gtest_main)
target_compile_definitions(tv_evolve_mutation_test PRIVATE TV_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
tv_register_gtest(tv_evolve_mutation_test)
