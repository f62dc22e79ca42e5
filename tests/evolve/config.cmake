# evolve/config: reading config.yaml into EvolveConfig (src/evolve/config).
add_executable(tv_evolve_config_test config/config_test.cc config/config_validation_test.cc)
target_link_libraries(tv_evolve_config_test PRIVATE tv_evolve_config GTest::gmock GTest::gtest GTest::gtest_main)
target_compile_definitions(tv_evolve_config_test PRIVATE
  TV_CONFIG_TEST_DIR="${CMAKE_CURRENT_SOURCE_DIR}/config"
  TV_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
tv_register_gtest(tv_evolve_config_test)
