# The LLM mutation source (evolve/llm) against a scripted OpenAI-compatible
# server on loopback (llm/fake_openai_server.h). Included from
# tests/evolve/CMakeLists.txt.
add_executable(tv_evolve_llm_test
  llm/chat_client_test.cc
  llm/fake_openai_server.cc
  llm/llm_mutator_test.cc
  llm/prompt_builder_test.cc)
target_link_libraries(tv_evolve_llm_test PRIVATE
  tv_evolve_llm nlohmann_json::nlohmann_json Threads::Threads GTest::gtest GTest::gmock GTest::gtest_main)
target_compile_definitions(tv_evolve_llm_test PRIVATE TV_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
tv_register_gtest(tv_evolve_llm_test)
