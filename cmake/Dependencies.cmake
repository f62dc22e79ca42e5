# Every dependency is a Debian 12 package (scripts/install-deps.sh installs them).
find_package(Threads REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(CLI11 REQUIRED)
find_package(SQLite3 REQUIRED)  # the measurement cache (Debian: libsqlite3-dev)
find_package(PkgConfig REQUIRED)

# Peers the benchmark compares against.
# OpenBLAS through its cblas interface (Debian: libopenblas-dev).
find_library(TV_OPENBLAS_LIB NAMES openblas PATHS /usr/lib/x86_64-linux-gnu/openblas-pthread NO_DEFAULT_PATH)
if(NOT TV_OPENBLAS_LIB)
  find_library(TV_OPENBLAS_LIB NAMES openblas REQUIRED)
endif()
find_path(TV_OPENBLAS_INCLUDE NAMES cblas.h PATHS /usr/include/x86_64-linux-gnu/openblas-pthread NO_DEFAULT_PATH)
if(NOT TV_OPENBLAS_INCLUDE)
  find_path(TV_OPENBLAS_INCLUDE NAMES cblas.h PATH_SUFFIXES openblas openblas-pthread REQUIRED)
endif()
add_library(tv_peer_openblas INTERFACE)
target_link_libraries(tv_peer_openblas INTERFACE ${TV_OPENBLAS_LIB})
target_include_directories(tv_peer_openblas SYSTEM INTERFACE ${TV_OPENBLAS_INCLUDE})

# oneDNN's dnnl_sgemm (Debian: libdnnl-dev). Found by hand: Debian's dnnl-config.cmake
# also demands the OpenCL development files, which the CPU peer does not need.
find_library(TV_DNNL_LIB NAMES dnnl REQUIRED)
find_path(TV_DNNL_INCLUDE NAMES oneapi/dnnl/dnnl.h REQUIRED)
add_library(tv_peer_onednn INTERFACE)
target_link_libraries(tv_peer_onednn INTERFACE ${TV_DNNL_LIB})
target_include_directories(tv_peer_onednn SYSTEM INTERFACE ${TV_DNNL_INCLUDE})

if(TV_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
