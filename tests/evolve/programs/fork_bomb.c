// Every process forks as fast as it can; each successful fork prints one '+'.
// When fork fails (a process limit), the process sleeps until killed.
// argv[1] is a token that marks every process of the bomb in /proc/PID/cmdline.
#include <unistd.h>

int main(void) {
  for (;;) {
    pid_t pid = fork();
    if (pid < 0) {
      for (;;) pause();
    }
    if (pid > 0) {
      if (write(1, "+", 1) < 0) return 1;
    }
  }
}
