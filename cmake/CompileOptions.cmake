# Flags every tilevolve target gets through tv_options. ISA flags (-mavx2,
# -mavx512f, ...) are NOT here: only the kernel files of one ISA get them
# (src/gemm/cpu/CMakeLists.txt), so one binary runs on any x86-64 CPU.
add_library(tv_options INTERFACE)
target_compile_options(tv_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wno-missing-field-initializers)
if(TV_WERROR)
  target_compile_options(tv_options INTERFACE -Werror)
endif()
if(TV_SANITIZE)
  target_compile_options(tv_options INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(tv_options INTERFACE -fsanitize=address,undefined)
endif()
target_include_directories(tv_options INTERFACE ${PROJECT_SOURCE_DIR}/src ${PROJECT_SOURCE_DIR}/include)
