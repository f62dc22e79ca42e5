#include "evolve/mutation/literal_scanner.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>

namespace tv::evolve {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsIdentifierStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_'; }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Fills the literal fields of `token` from its spelling `text` (a pp-number).
void ClassifyNumber(std::string_view text, CodeToken* token) {
  if (text.size() >= 2 && text[0] == '0' &&
      (text[1] == 'x' || text[1] == 'X' || text[1] == 'b' || text[1] == 'B')) {
    return;  // hex and binary stay as written
  }
  if (text.find('\'') != std::string_view::npos) return;  // digit separators
  size_t i = 0;
  while (i < text.size() && IsDigit(text[i])) ++i;
  bool is_float = false;
  if (i < text.size() && text[i] == '.') {
    is_float = true;
    ++i;
    while (i < text.size() && IsDigit(text[i])) ++i;
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    size_t j = i + 1;
    if (j < text.size() && (text[j] == '+' || text[j] == '-')) ++j;
    if (j == text.size() || !IsDigit(text[j])) return;
    while (j < text.size() && IsDigit(text[j])) ++j;
    is_float = true;
    i = j;
  }
  const std::string_view digits = text.substr(0, i);
  const std::string_view suffix = text.substr(i);
  double value = 0;
  if (is_float) {
    if (!(suffix.empty() || suffix == "f" || suffix == "F" || suffix == "l" || suffix == "L")) return;
    value = std::strtod(std::string(digits).c_str(), nullptr);
    if (!(value > 0) || !std::isfinite(value)) return;
  } else {
    if (digits.empty() || (digits.size() > 1 && digits[0] == '0')) return;  // octal
    if (suffix.size() > 3 || suffix.find_first_not_of("uUlLzZ") != std::string_view::npos) return;
    int64_t integer = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), integer);
    if (error != std::errc() || end != digits.data() + digits.size()) return;
    if (integer < 1 || integer > kMaxChangeableInteger) return;
    value = static_cast<double>(integer);
  }
  token->changeable = true;
  token->is_float = is_float;
  token->value = value;
  token->suffix = std::string(suffix);
}

// The end of the pp-number starting at `begin`.
size_t NumberEnd(std::string_view text, size_t begin) {
  size_t j = begin + 1;
  while (j < text.size()) {
    const char c = text[j];
    const bool exponent_sign =
        (c == '+' || c == '-') && std::string_view("eEpP").find(text[j - 1]) != std::string_view::npos;
    if (IsIdentifierChar(c) || c == '.' || exponent_sign) {
      ++j;
    } else if (c == '\'' && j + 1 < text.size() && IsIdentifierChar(text[j + 1])) {
      j += 2;  // a digit separator
    } else {
      break;
    }
  }
  return j;
}

// The end of the quoted literal opened by the quote at `begin` (a string or char literal).
size_t QuotedEnd(std::string_view text, size_t begin) {
  const char quote = text[begin];
  size_t j = begin + 1;
  while (j < text.size() && text[j] != quote && text[j] != '\n') j += text[j] == '\\' ? 2 : 1;
  return std::min(text.size(), j + 1);
}

// The end of the raw string R"delim( ... )delim" whose '"' is at `quote`.
size_t RawStringEnd(std::string_view text, size_t quote) {
  const size_t paren = text.find('(', quote);
  if (paren == std::string_view::npos) return text.size();
  std::string close(1, ')');  // appended: GCC 12's -Wrestrict misfires on ")" + std::string
  close.append(text.substr(quote + 1, paren - quote - 1));
  close += '"';
  const size_t at = text.find(close, paren);
  return at == std::string_view::npos ? text.size() : at + close.size();
}

// The end of the preprocessor directive starting at `begin` (backslash continuations included).
size_t DirectiveEnd(std::string_view text, size_t begin) {
  size_t j = begin;
  while (true) {
    const size_t newline = text.find('\n', j);
    if (newline == std::string_view::npos) return text.size();
    size_t last = newline;
    while (last > j && (text[last - 1] == '\r' || text[last - 1] == ' ' || text[last - 1] == '\t')) --last;
    if (last == j || text[last - 1] != '\\') return newline;
    j = newline + 1;
  }
}

// Punctuators that contain '<' or '>' but are not comparisons, longest first.
constexpr std::array<std::string_view, 6> kAngleOperators = {"<=>", "<<=", ">>=", "<<", ">>", "->"};

}  // namespace

bool IsIdentifierChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

std::vector<CodeToken> ScanCode(std::string_view text) {
  std::vector<CodeToken> tokens;
  int line = 1;
  size_t counted_to = 0;  // newlines before this offset are counted in `line`
  auto line_at = [&](size_t offset) {
    for (; counted_to < offset; ++counted_to) line += text[counted_to] == '\n' ? 1 : 0;
    return line;
  };
  auto emit = [&](CodeToken::Kind kind, size_t begin, size_t end) -> CodeToken& {
    CodeToken token;
    token.kind = kind;
    token.begin = begin;
    token.end = end;
    token.line = line_at(begin);
    tokens.push_back(std::move(token));
    return tokens.back();
  };
  auto text_of = [&](const CodeToken& token) { return text.substr(token.begin, token.end - token.begin); };

  bool at_line_start = true;
  int open_angles = 0;  // '<' of this statement taken for template brackets, not yet closed
  size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    const char next = i + 1 < text.size() ? text[i + 1] : '\0';
    if (c == '\n') {
      at_line_start = true;
      ++i;
    } else if (IsSpace(c)) {
      ++i;
    } else if (c == '/' && next == '/') {
      i = text.find('\n', i);
      if (i == std::string_view::npos) i = text.size();
    } else if (c == '/' && next == '*') {
      const size_t close = text.find("*/", i + 2);
      i = close == std::string_view::npos ? text.size() : close + 2;
    } else if (c == '#' && at_line_start) {
      const size_t end = DirectiveEnd(text, i);
      emit(CodeToken::Kind::kOther, i, end);
      i = end;
    } else if (c == '"' || c == '\'') {
      const size_t end = QuotedEnd(text, i);
      emit(CodeToken::Kind::kOther, i, end);
      at_line_start = false;
      i = end;
    } else if (IsIdentifierStart(c)) {
      size_t end = i + 1;
      while (end < text.size() && IsIdentifierChar(text[end])) ++end;
      const std::string_view word = text.substr(i, end - i);
      if (end < text.size() && text[end] == '"' &&
          (word == "R" || word == "LR" || word == "uR" || word == "UR" || word == "u8R")) {
        end = RawStringEnd(text, end);
      }
      emit(CodeToken::Kind::kOther, i, end);
      at_line_start = false;
      i = end;
    } else if (IsDigit(c) || (c == '.' && IsDigit(next))) {
      const size_t end = NumberEnd(text, i);
      CodeToken& token = emit(CodeToken::Kind::kNumber, i, end);
      ClassifyNumber(text.substr(i, end - i), &token);
      at_line_start = false;
      i = end;
    } else {
      size_t length = 1;
      for (const std::string_view op : kAngleOperators) {
        if (text.substr(i).starts_with(op)) {
          length = op.size();
          break;
        }
      }
      if (length == 1 && (c == '<' || c == '>') && next == '=') length = 2;
      const std::string_view op = text.substr(i, length);
      const bool comparison = op == "<" || op == "<=" || op == ">" || op == ">=";
      const std::string_view previous = tokens.empty() ? std::string_view() : text_of(tokens.back());
      CodeToken& token =
          emit(comparison ? CodeToken::Kind::kComparison : CodeToken::Kind::kOther, i, i + length);
      if (comparison) {
        const bool spaced =
            i > 0 && IsSpace(text[i - 1]) && i + length < text.size() && IsSpace(text[i + length]);
        if (op == "<") {
          token.changeable = spaced && previous != "template";
          if (!token.changeable) ++open_angles;  // likely a template argument list
        } else if (op == ">" && open_angles > 0) {
          --open_angles;  // likely closes one: "std::vector<std::vector<int> >", "template < typename T >"
        } else {
          token.changeable = spaced;
        }
      } else if (op == ">>") {
        open_angles = std::max(0, open_angles - 2);
      } else if (op == ";" || op == "{" || op == "}") {
        open_angles = 0;
      }
      at_line_start = false;
      i += length;
    }
  }
  return tokens;
}

}  // namespace tv::evolve
