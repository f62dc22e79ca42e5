#include "evolve/mutation/statement_edits.h"

#include <cctype>
#include <set>

#include "evolve/mutation/literal_scanner.h"
#include "evolve/mutation/literal_steps.h"
#include "evolve/mutation/text_lines.h"

namespace tv::evolve {

std::string NumberSkeleton(std::string_view line) {
  const std::string_view text = Trim(line);
  std::string out;
  for (size_t i = 0; i < text.size();) {
    const bool starts_number =
        std::isdigit(static_cast<unsigned char>(text[i])) != 0 && (i == 0 || !IsIdentifierChar(text[i - 1]));
    if (!starts_number) {
      out += text[i++];
      continue;
    }
    while (i < text.size() && (IsIdentifierChar(text[i]) || text[i] == '.')) ++i;  // 1.5e3f, 0x10, 64u
    out += '#';
  }
  return out;
}

std::optional<StatementEdit> PlanStatementEdit(const std::string& code, const std::vector<TextRange>& blocks,
                                               const std::vector<std::string>& statements,
                                               const std::string& insert_before, Rng& rng) {
  if (statements.empty()) return std::nullopt;
  std::set<std::string> skeletons;
  for (const std::string& s : statements) skeletons.insert(NumberSkeleton(s));

  const std::vector<BlockLine> lines = LinesInBlocks(code, blocks);
  std::vector<const BlockLine*> removable;
  std::set<std::string> present;
  const BlockLine* anchor = nullptr;
  for (const BlockLine& line : lines) {
    const std::string skeleton = NumberSkeleton(line.text);
    if (skeletons.count(skeleton) > 0) {
      removable.push_back(&line);
      present.insert(skeleton);
    }
    if (Trim(line.text).starts_with(insert_before)) anchor = &line;
  }
  std::vector<const std::string*> insertable;
  if (anchor != nullptr) {
    for (const std::string& s : statements) {
      if (present.count(NumberSkeleton(s)) == 0) insertable.push_back(&s);
    }
  }

  const bool remove = !removable.empty() && (insertable.empty() || DrawUnit(rng) < 0.5);
  if (remove) {
    const BlockLine& line = *removable[DrawIndex(rng, removable.size())];
    StatementEdit edit;
    edit.begin = line.span.begin;
    edit.end = line.span.next;
    edit.line = LineNumberAt(code, line.span.begin);
    edit.summary = "removed line " + std::to_string(edit.line) + ": " + std::string(Trim(line.text));
    return edit;
  }
  if (insertable.empty()) return std::nullopt;
  const std::string& statement = *insertable[DrawIndex(rng, insertable.size())];
  const std::string_view anchor_text = anchor->text;
  const std::string indent(anchor_text.substr(0, anchor_text.find_first_not_of(" \t")));
  StatementEdit edit;
  edit.begin = anchor->span.begin;
  edit.end = anchor->span.begin;
  edit.line = LineNumberAt(code, anchor->span.begin);
  edit.after = indent + std::string(Trim(statement)) + "\n";
  edit.summary = "inserted at line " + std::to_string(edit.line) + ": " + std::string(Trim(statement));
  return edit;
}

}  // namespace tv::evolve
