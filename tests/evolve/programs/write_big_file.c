// Writes 1 MiB blocks to the file argv[1] until a write fails; exits 0 if it ever stops.
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char** argv) {
  static char block[1 << 20];
  if (argc < 2) return 2;
  int fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) return 2;
  memset(block, 'y', sizeof block);
  for (int i = 0; i < 1024; ++i) {
    if (write(fd, block, sizeof block) < 0) return 1;
  }
  return 0;
}
