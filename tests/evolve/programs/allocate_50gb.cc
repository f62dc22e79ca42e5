// Allocates 50 GB and touches it: under an address-space limit, operator new
// throws std::bad_alloc and the program dies with libstdc++'s message.
#include <cstddef>
#include <cstdio>
#include <cstring>

char* volatile g_keep;  // the allocation escapes, so the compiler cannot elide it

int main() {
  const std::size_t bytes = std::size_t{50} << 30;
  g_keep = new char[bytes];
  std::memset(g_keep, 1, bytes);
  std::printf("allocated %zu bytes\n", bytes);
  delete[] g_keep;
  return 0;
}
