// A char array field of the C struct tv_device_info as a std::string, even if
// the field lacks its terminating '\0'.
#pragma once

#include <cstring>
#include <string>

namespace tv::device {

template <size_t N>
std::string FieldString(const char (&field)[N]) {
  return std::string(field, strnlen(field, N));
}

}  // namespace tv::device
