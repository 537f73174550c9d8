// HTML pages: the report's paragraphs and tables, with rowspan/colspan expanded into a grid.
#pragma once

#include <string>
#include <string_view>

#include "gongkai/grid.hpp"

namespace gongkai {

// The charset an HTML page declares in its first bytes (<meta charset> or http-equiv
// Content-Type), lower-cased, or empty. Read from raw bytes, before decoding.
std::string html_declared_charset(std::string_view bytes);

// Reads a decoded HTML page. Scripts, styles, comments (including Word's conditional
// comments) and the head are skipped; block elements (p, div, h1-h6, li, br, tr ...) end
// paragraphs; every <table> becomes a geometric Table whose merged cells repeat in every slot
// they cover; a table nested in a cell becomes a table of its own. Entities (&nbsp; &amp;
// &#12345; &#x4e00; ...) are decoded. The <title> and <meta name=... content=...> go into
// Document::title and Document::meta.
Document read_html(std::string text);

}  // namespace gongkai
