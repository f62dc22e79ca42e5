// Opens a network socket and tries to connect out: socket() is forbidden.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

tv_tile_config choose_tile_size(int, int, int, const tv_device_info*) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(80);
  addr.sin_addr.s_addr = htonl(0x08080808);
  connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  close(fd);
  return tv_tile_config{64, 64, 64};
}
