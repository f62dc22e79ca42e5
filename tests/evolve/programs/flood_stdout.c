// Writes 1 GiB to stdout in 1 MiB blocks, then exits 0.
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(void) {
  enum { kBlock = 1 << 20, kBlocks = 1024 };
  char* block = malloc(kBlock);
  if (!block) return 1;
  memset(block, 'x', kBlock);
  for (int i = 0; i < kBlocks; ++i) {
    size_t done = 0;
    while (done < kBlock) {
      ssize_t n = write(1, block + done, kBlock - done);
      if (n <= 0) return 1;
      done += (size_t)n;
    }
  }
  free(block);
  return 0;
}
