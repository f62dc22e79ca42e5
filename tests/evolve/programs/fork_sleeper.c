// Forks a child that sleeps forever, then exits 0 at once.
// With argv[2] == "escape" the child first leaves the process group (setsid).
// argv[1] is a token that marks the child in /proc/PID/cmdline.
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char** argv) {
  pid_t pid = fork();
  if (pid < 0) return 2;
  if (pid == 0) {
    if (argc > 2 && strcmp(argv[2], "escape") == 0) setsid();
    close(1);  // do not hold the stdout pipe open
    close(2);
    for (;;) pause();
  }
  printf("forked\n");
  return 0;
}
