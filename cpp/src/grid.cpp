#include "gongkai/grid.hpp"

#include <algorithm>
#include <cstring>

namespace gongkai {

const char* source_format_name(SourceFormat f) {
  switch (f) {
    case SourceFormat::Text: return "text";
    case SourceFormat::Html: return "html";
    case SourceFormat::Docx: return "docx";
    case SourceFormat::Markdown: return "markdown";
    case SourceFormat::Pdf: return "pdf";
  }
  return "text";
}

void pad_grid(Table& table, std::size_t& budget) {
  std::size_t width = 0;
  for (const auto& r : table.rows) width = std::max(width, r.size());
  std::size_t need = 0;
  for (const auto& r : table.rows) need += width - r.size();
  while (need > budget && !table.rows.empty()) {
    need -= width - table.rows.back().size();
    table.rows.pop_back();
  }
  budget -= need;
  for (auto& r : table.rows) r.resize(width, -1);
}

LineIndex::LineIndex(std::string_view text) : text_(text) {
  line_starts_.reserve(text.size() / 32 + 1);
  line_starts_.push_back(0);
  for (std::size_t nl = find_newline(text, 0); nl < text.size(); nl = find_newline(text, nl + 1))
    line_starts_.push_back(static_cast<std::uint32_t>(nl + 1));
}

LineIndex::LineIndex(std::string_view text, const std::vector<std::uint32_t>& starts) : text_(text) {
  if (starts.empty()) *this = LineIndex(text);
  else line_starts_ = starts;
}

Location LineIndex::locate(std::uint32_t offset) const {
  if (offset > text_.size()) offset = static_cast<std::uint32_t>(text_.size());
  const auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  const auto line = static_cast<std::uint32_t>(it - line_starts_.begin());  // 1-based
  const std::uint32_t start = line_starts_[line - 1];
  // Places asked for one after another lie close together: the column is counted from the
  // last place asked for on the same line, not from the line's start (a .docx is one line).
  std::uint32_t column;
  if (line == last_.line && offset >= last_.offset) {
    column = last_.column + static_cast<std::uint32_t>(count_code_points(text_.substr(last_.offset, offset - last_.offset)));
  } else if (line == last_.line && offset - start > last_.offset - offset) {
    column = last_.column - static_cast<std::uint32_t>(count_code_points(text_.substr(offset, last_.offset - offset)));
  } else {
    column = static_cast<std::uint32_t>(count_code_points(text_.substr(start, offset - start))) + 1;
  }
  last_ = {offset, line, column};
  return last_;
}

void LineIndex::locate_all(std::vector<Location*>& locations) const {
  const auto by_offset = [](const Location* a, const Location* b) { return a->offset < b->offset; };
  if (!std::is_sorted(locations.begin(), locations.end(), by_offset))  // mostly asked for in order
    std::sort(locations.begin(), locations.end(), by_offset);
  std::uint32_t line = 0;       // 1-based line of the previous location, 0 before the first
  std::uint32_t last = 0;       // offset of the previous location
  std::uint32_t column = 1;     // its column
  std::uint32_t at_line = 1;    // the line of this location: the locations are in order
  const auto lines = static_cast<std::uint32_t>(line_starts_.size());
  for (Location* l : locations) {
    const std::uint32_t offset = std::min<std::uint32_t>(l->offset, static_cast<std::uint32_t>(text_.size()));
    if (at_line < lines && line_starts_[at_line] <= offset) {
      if (at_line + 8 < lines && line_starts_[at_line + 8] <= offset) {  // far ahead: search
        const auto it = std::upper_bound(line_starts_.begin() + at_line, line_starts_.end(), offset);
        at_line = static_cast<std::uint32_t>(it - line_starts_.begin());
      } else {
        while (at_line < lines && line_starts_[at_line] <= offset) ++at_line;
      }
    }
    if (at_line != line) {
      line = at_line;
      last = line_starts_[line - 1];
      column = 1;
    }
    column += static_cast<std::uint32_t>(count_code_points(text_.substr(last, offset - last)));
    last = offset;
    l->offset = offset;
    l->line = line;
    l->column = column;
  }
}

}  // namespace gongkai
