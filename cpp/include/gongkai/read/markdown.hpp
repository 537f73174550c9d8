// Markdown from converters: pipe tables (rows split over lines, tables cut into pieces) and
// the text around them.
#pragma once

#include <string>
#include <string_view>

#include "gongkai/grid.hpp"

namespace gongkai {

// True when the text (its first 64 KiB) holds a pipe table: a line "| ... |" followed by a
// rule "|---|...", or, with `raw_html_tables`, a line that begins with "<table" (what converters
// keep of tables with merged cells).
bool looks_like_markdown(std::string_view text, bool raw_html_tables = true);

// Pipe tables become non-geometric Tables (one row a line, cells between pipes); headings,
// list items and other lines become paragraphs.
Document read_markdown(std::string text);

}  // namespace gongkai
