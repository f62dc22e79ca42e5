// A throwaway directory tree for sysfs/procfs tests: files are written under
// a fresh temporary root, removed when the FakeTree goes away.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace tv::device::testing {

class FakeTree {
 public:
  FakeTree() {
    std::string pattern = (std::filesystem::temp_directory_path() / "tv_device_test_XXXXXX").string();
    const char* made = mkdtemp(pattern.data());
    EXPECT_NE(made, nullptr) << "mkdtemp failed for " << pattern;
    root_ = pattern;
  }
  ~FakeTree() {
    std::error_code ec;
    std::filesystem::remove_all(root_, ec);
  }
  FakeTree(const FakeTree&) = delete;
  FakeTree& operator=(const FakeTree&) = delete;

  const std::filesystem::path& root() const { return root_; }

  // Writes `content` (plus a newline, as sysfs does) to root/relative_path.
  void Write(const std::string& relative_path, const std::string& content) const {
    const std::filesystem::path path = root_ / relative_path;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path) << content << "\n";
  }

  // One cache of logical CPU `cpu` as sysfs describes it in cache/index<index>/.
  void WriteCache(int cpu, int index, int level, const std::string& type, const std::string& size,
                  int line = 64) const {
    const std::string dir =
        "sys/devices/system/cpu/cpu" + std::to_string(cpu) + "/cache/index" + std::to_string(index) + "/";
    Write(dir + "level", std::to_string(level));
    Write(dir + "type", type);
    Write(dir + "size", size);
    Write(dir + "coherency_line_size", std::to_string(line));
  }

  // Topology of logical CPU `cpu`.
  void WriteTopology(int cpu, int package, int core) const {
    const std::string dir = "sys/devices/system/cpu/cpu" + std::to_string(cpu) + "/topology/";
    Write(dir + "physical_package_id", std::to_string(package));
    Write(dir + "core_id", std::to_string(core));
  }

  // A typical Zen 4 core: 32K L1d/L1i, 1M L2, 32M L3.
  void WriteZen4Caches(int cpu) const {
    WriteCache(cpu, 0, 1, "Data", "32K");
    WriteCache(cpu, 1, 1, "Instruction", "32K");
    WriteCache(cpu, 2, 2, "Unified", "1024K");
    WriteCache(cpu, 3, 3, "Unified", "32768K");
  }

 private:
  std::filesystem::path root_;
};

}  // namespace tv::device::testing
