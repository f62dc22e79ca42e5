#include "gemm/cuda/kernel_menu.h"

#include <vector>

#include "gemm/cuda/menu_tables.h"

namespace tv::gemm::cuda {
namespace {

std::vector<KernelInstance> BuildMenu() {
  std::vector<KernelInstance> menu;
  for (auto* table :
       {&MenuTableBf16Vector8, &MenuTableBf16Narrow, &MenuTableBf16Wgmma, &MenuTableBf16Stream,
        &MenuTableFp16Vector8, &MenuTableFp16Narrow, &MenuTableFp16Wgmma, &MenuTableFp16Stream}) {
    std::vector<KernelInstance> part = table();
    menu.insert(menu.end(), part.begin(), part.end());
  }
  return menu;
}

}  // namespace

std::span<const KernelInstance> Menu() {
  static const std::vector<KernelInstance> menu = BuildMenu();
  return menu;
}

const KernelInstance* FindInstance(std::string_view name) {
  for (const KernelInstance& instance : Menu()) {
    if (instance.name == name) return &instance;
  }
  return nullptr;
}

}  // namespace tv::gemm::cuda
