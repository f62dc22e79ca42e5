// A small C/C++ lexer for the offline mutator: the tokens of a program, with
// the numeric literals and comparison operators it may change marked.
//
// Skipped entirely: whitespace, comments (// and /* */). Kept as opaque
// tokens (never changed): string and char literals (raw strings included),
// identifiers (tile_M2, int32_t, uint64_t stay whole), preprocessor lines
// (#include, #define, ... with their continuations), every other punctuator.
//
// A numeric literal is changeable when it is a positive decimal integer
// (<= kMaxChangeableInteger, suffix u/l/ll/z in any case kept) or a positive
// decimal float (0.75, 1e-3, 2.0f; suffix f/l kept). Hex, binary and octal
// literals, zero, literals with digit separators or user-defined suffixes are
// left alone.
//
// A comparison operator (<, <=, >, >=) is changeable only when written with
// whitespace on both sides ("a < b", the style of the example programs), so
// template argument lists (std::vector<int>, static_cast<double>), shifts and
// #include <...> are never touched. Guards for templates written with spaces:
// a '<' right after `template` is not changeable, and a '>' that can close a
// not-changeable '<' of the same statement closes it and is not changeable
// ("std::vector<std::vector<int> > v", "template < typename T >"; a real
// comparison after an unspaced "a<b" in one statement is missed, never broken).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tv::evolve {

inline constexpr int64_t kMaxChangeableInteger = int64_t{1} << 20;

struct CodeToken {
  enum class Kind {
    kNumber,      // a numeric literal (pp-number)
    kComparison,  // <, <=, >, >=
    kOther,       // anything else: identifiers, strings, punctuators, preprocessor lines
  };
  Kind kind = Kind::kOther;
  size_t begin = 0;  // byte offsets into the scanned text, [begin, end)
  size_t end = 0;
  int line = 0;             // 1-based line of `begin`
  bool changeable = false;  // see the file comment
  // kNumber and changeable only:
  bool is_float = false;
  double value = 0;    // > 0; integers exact
  std::string suffix;  // as written: "", "u", "LL", "f", ...
};

// A letter, digit or '_' (a character of an identifier or a pp-number).
bool IsIdentifierChar(char c);

// Tokens of `text` in order (comments and whitespace dropped).
std::vector<CodeToken> ScanCode(std::string_view text);

}  // namespace tv::evolve
