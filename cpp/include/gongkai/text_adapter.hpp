// Plain text: text extracted from .docx (one cell a line, tab-indented, a blank line between
// table rows, a cell's text wrapped onto a following unindented line) and ordinary text.
#pragma once

#include <string>

#include "gongkai/grid.hpp"

namespace gongkai {

// Lines that start with a tab are table cells; a blank line ends a row; runs of rows make a
// non-geometric Table. Every other line is a paragraph. An unindented short line directly
// after a cell (no blank line between) continues that cell ("商业" / "企业").
Document read_text(std::string text);

}  // namespace gongkai
