# The evolution controller (src/evolve/run) with a test evaluation pool.
# Included from tests/evolve/CMakeLists.txt.
add_executable(tv_evolve_run_test run/controller_pool_test.cc run/train_figures_test.cc)
target_link_libraries(tv_evolve_run_test PRIVATE tv_evolve_run SQLite::SQLite3 GTest::gtest GTest::gtest_main)
target_compile_definitions(tv_evolve_run_test PRIVATE TV_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
tv_register_gtest(tv_evolve_run_test)
