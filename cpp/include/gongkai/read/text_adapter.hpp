// Plain text: text extracted from .docx (one cell a line, tab-indented, a blank line between
// table rows, a cell's text wrapped onto a following unindented line) and ordinary text.
#pragma once

#include <string>

#include "gongkai/grid.hpp"

namespace gongkai {

// Text extracted from .docx (lines starting with a tab): tab lines are table cells, a blank
// line ends a row, runs of rows make a non-geometric Table, every other line is a paragraph,
// and an unindented short line directly after a cell continues that cell ("商业" / "企业").
//
// Any other text (PDF text with or without layout, one cell a line, crawled pages whose cells
// are glued together): lines in sections 二 to 四 become rows of a stream Table, split into
// tokens at white space and '|', and glued text is cut between labels and numbers; a line
// holding a whole report is first cut before each section heading. Other lines are paragraphs.
Document read_text(std::string text);

}  // namespace gongkai
