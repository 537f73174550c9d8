// Markdown from converters: pipe tables (rows split over lines, tables cut into pieces) and
// the text around them.
#pragma once

#include <string>
#include <string_view>

#include "gongkai/grid.hpp"

namespace gongkai {

// True when the text holds a pipe table: a line "| ... |" followed by a rule "|---|...".
bool looks_like_markdown(std::string_view text);

// Pipe tables become non-geometric Tables (one row a line, cells between pipes); headings,
// list items and other lines become paragraphs.
Document read_markdown(std::string text);

}  // namespace gongkai
