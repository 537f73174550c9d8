// The template matcher: reads a Document (any input format) into a Report. It finds the
// sections, anchors every row on its label and every column on its header, and never counts
// numbers to guess where they belong.
#pragma once

#include "gongkai/grid.hpp"
#include "gongkai/report.hpp"

namespace gongkai {

Report match_report(const Document& doc);

}  // namespace gongkai
