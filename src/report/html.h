// Small helpers for writing HTML text: escaping everything that comes from
// programs, metrics or files, and formatting numbers for people.
#pragma once

#include <string>

namespace tv::report {

// Escapes & < > " ' so `text` is safe as element content and inside a quoted
// attribute value. Bytes that are not valid UTF-8 are replaced by U+FFFD, so a
// program's binary junk cannot break the page's encoding.
std::string EscapeHtml(const std::string& text);

// `value` with `digits` decimals ("1.0315"); "n/a" for NaN or infinity.
std::string Fixed(double value, int digits);
// A duration in seconds as "42 s", "5.3 min" or "2.1 h".
std::string Duration(double seconds);
// An integer with thousands separators ("12,345").
std::string Count(long long value);

}  // namespace tv::report
