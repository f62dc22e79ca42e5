// Forks repeatedly (a fork bomb): fork is a forbidden system call.
#include <unistd.h>

tv_tile_config choose_tile_size(int, int, int, const tv_device_info*) {
  for (;;) fork();
}
