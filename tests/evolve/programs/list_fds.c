// Prints the open file descriptors, space separated ("0 1 2" when nothing leaked).
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>

int main(void) {
  DIR* dir = opendir("/proc/self/fd");
  if (!dir) return 1;
  int own = dirfd(dir);
  int fds[1024];
  int n = 0;
  struct dirent* e;
  while ((e = readdir(dir)) != NULL && n < 1024) {
    if (e->d_name[0] == '.') continue;
    int fd = atoi(e->d_name);
    if (fd != own) fds[n++] = fd;
  }
  closedir(dir);
  for (int i = 0; i < n; ++i) {  // readdir order is not sorted
    for (int j = i + 1; j < n; ++j) {
      if (fds[j] < fds[i]) {
        int t = fds[i];
        fds[i] = fds[j];
        fds[j] = t;
      }
    }
  }
  for (int i = 0; i < n; ++i) printf(i ? " %d" : "%d", fds[i]);
  printf("\n");
  return 0;
}
