# The program database (src/evolve/database): the SQLite store, its crash
# safety, and the population's logic with fixed seeds. Included from
# tests/evolve/CMakeLists.txt.
add_executable(tv_evolve_database_test
  database/features_test.cc
  database/migration_test.cc
  database/population_json_test.cc
  database/population_test.cc
  database/program_store_crash_test.cc
  database/program_store_test.cc
  database/rng_state_test.cc
  database/selection_test.cc
)
target_link_libraries(tv_evolve_database_test PRIVATE tv_evolve_database SQLite::SQLite3 GTest::gtest
                                                      GTest::gtest_main)
tv_register_gtest(tv_evolve_database_test)

# The controller's overhead per iteration with a 1,000-program database (not a
# test: a measurement, run by hand, see its header comment; not in sanitizer builds).
if(NOT TV_SANITIZE)
  add_executable(tv_population_overhead database/population_overhead.cc)
  target_link_libraries(tv_population_overhead PRIVATE tv_evolve_database)
endif()
