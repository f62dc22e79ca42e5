// Prints its first argument, an environment variable and its working directory; exits 0.
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char** argv) {
  char cwd[4096];
  const char* var = getenv("TV_SANDBOX_TEST");
  printf("arg=%s\n", argc > 1 ? argv[1] : "");
  printf("env=%s\n", var ? var : "");
  printf("cwd=%s\n", getcwd(cwd, sizeof cwd) ? cwd : "?");
  fprintf(stderr, "hello on stderr\n");
  return 0;
}
