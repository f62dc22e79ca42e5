# ctest's isa_code_is_file_local test: the libraries that hold ISA-flagged kernel files define no
# global or weak symbol that names a file-local type ("(anonymous namespace)"). Such a symbol is
# shared at link time: GCC 12 gives a namespace-scope function template instantiated with a
# file-local template template argument weak linkage, so the AVX2 and AVX-512 files' instances
# got one name, the linker kept one of them, and the AVX-512 entry point ran AVX2 code (the
# other way round it would run AVX-512 code on an AVX2-only CPU). Keep such code in an
# anonymous namespace (src/gemm/cpu/small_m/row_groups.h).
#   cmake -DNM=<nm> -DLIBRARIES="<lib>|<lib>..." -P CheckIsaLinkage.cmake
string(REPLACE "|" ";" libraries "${LIBRARIES}")
foreach(lib IN LISTS libraries)
  execute_process(COMMAND ${NM} -C --defined-only ${lib} OUTPUT_VARIABLE symbols RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${NM} could not read ${lib}")
  endif()
  string(REGEX MATCHALL "[0-9a-f]* [A-Z] [^\n]*\\(anonymous namespace\\)[^\n]*" shared "${symbols}")
  if(shared)
    list(JOIN shared "\n" text)
    message(FATAL_ERROR "${lib}: symbols of file-local code with global or weak linkage "
                        "(the linker may run one ISA file's copy for another):\n${text}")
  endif()
endforeach()
