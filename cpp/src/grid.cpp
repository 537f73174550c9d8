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

LineIndex::LineIndex(std::string_view text) : text_(text) {
  line_starts_.push_back(0);
  const char* base = text.data();
  const char* p = base;
  const char* end = base + text.size();
  while (p < end) {
    const void* nl = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
    if (!nl) break;
    p = static_cast<const char*>(nl) + 1;
    line_starts_.push_back(static_cast<std::uint32_t>(p - base));
  }
}

Location LineIndex::locate(std::uint32_t offset) const {
  if (offset > text_.size()) offset = static_cast<std::uint32_t>(text_.size());
  const auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  const auto line = static_cast<std::uint32_t>(it - line_starts_.begin());  // 1-based
  const std::uint32_t start = line_starts_[line - 1];
  const std::string_view prefix = text_.substr(start, offset - start);
  return {offset, line, static_cast<std::uint32_t>(count_code_points(prefix)) + 1};
}

}  // namespace gongkai
