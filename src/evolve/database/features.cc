// ComputeFeatures (contract: population.h).
//
// "diversity" is the mean Jaccard distance 1 - |A n B| / |A u B| between the
// program's token set and each reference program's (two empty sets: 0). A
// token is a maximal run of letters, digits and '_', or one other non-space
// character. Built-in names win over a metric of the same name; a metric that
// is not a number (strings, booleans, objects) is ignored, and JSON that does
// not parse into an object gives no metric features.
#include <algorithm>
#include <cctype>
#include <iterator>
#include <string_view>

#include "evolve/database/population.h"

namespace tv::evolve {
namespace {

bool IsWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

// The distinct tokens of `code`, sorted; views into `code`.
std::vector<std::string_view> TokenSet(const std::string& code) {
  std::vector<std::string_view> tokens;
  const std::string_view text(code);
  size_t i = 0;
  while (i < text.size()) {
    if (std::isspace(static_cast<unsigned char>(text[i])) != 0) {
      ++i;
    } else if (IsWordChar(text[i])) {
      const size_t start = i;
      while (i < text.size() && IsWordChar(text[i])) ++i;
      tokens.push_back(text.substr(start, i - start));
    } else {
      tokens.push_back(text.substr(i++, 1));
    }
  }
  std::sort(tokens.begin(), tokens.end());
  tokens.erase(std::unique(tokens.begin(), tokens.end()), tokens.end());
  return tokens;
}

// REQUIRES: both sorted and distinct.
double JaccardDistance(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b) {
  if (a.empty() && b.empty()) return 0;
  size_t common = 0;
  for (auto x = a.begin(), y = b.begin(); x != a.end() && y != b.end();) {
    if (*x < *y) {
      ++x;
    } else if (*y < *x) {
      ++y;
    } else {
      ++common, ++x, ++y;
    }
  }
  const size_t either = a.size() + b.size() - common;
  return 1.0 - static_cast<double>(common) / static_cast<double>(either);
}

}  // namespace

std::map<std::string, double> ComputeFeatures(const std::string& code, const std::string& metrics_json,
                                              const std::vector<const std::string*>& reference_codes) {
  std::map<std::string, double> features;
  const nlohmann::json metrics = nlohmann::json::parse(metrics_json, nullptr, /*allow_exceptions=*/false);
  if (metrics.is_object()) {
    for (const auto& [name, value] : metrics.items()) {
      if (value.is_number()) features[name] = value.get<double>();
    }
  }

  features["complexity"] = static_cast<double>(code.size());
  double diversity = 0;
  size_t references = 0;
  const std::vector<std::string_view> own = TokenSet(code);
  for (const std::string* reference : reference_codes) {
    if (reference == nullptr) continue;
    diversity += JaccardDistance(own, TokenSet(*reference));
    ++references;
  }
  features["diversity"] = references > 0 ? diversity / static_cast<double>(references) : 0.0;
  return features;
}

}  // namespace tv::evolve
