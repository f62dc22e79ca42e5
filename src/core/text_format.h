// printf-style formatting into a std::string, for report tables and messages.
#pragma once

#include <cstdio>
#include <string>

namespace tv {

// The text std::snprintf(format, args...) writes, whatever its length.
template <typename... Args>
std::string Format(const char* format, Args... args) {
  const int size = std::snprintf(nullptr, 0, format, args...);
  if (size <= 0) return {};
  std::string text(static_cast<size_t>(size) + 1, '\0');
  std::snprintf(text.data(), text.size(), format, args...);
  text.pop_back();  // the terminating NUL
  return text;
}

}  // namespace tv
