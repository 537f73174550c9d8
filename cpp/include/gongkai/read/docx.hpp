// .docx: the WordprocessingML of word/document.xml (the zip is unpacked by the caller).
#pragma once

#include <string>

#include "gongkai/grid.hpp"

namespace gongkai {

// Reads word/document.xml: paragraphs (w:p, text of w:t runs, w:tab, w:br) and tables (w:tbl)
// as geometric Tables, merged cells (w:gridSpan, w:vMerge) repeated in every slot they cover.
Document read_docx_xml(std::string xml);

}  // namespace gongkai
