// Decoding bytes to UTF-8, once, at the edge: the first step of reading any input.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "gongkai/text.hpp"

namespace gongkai {

struct Decoded {
  std::string text;  // UTF-8, without a byte order mark
  Encoding encoding = Encoding::Utf8;
  std::size_t replaced = 0;  // invalid UTF-8 sequences replaced by U+FFFD (a damaged file)
};

// Decodes bytes to UTF-8. Valid UTF-8 (with or without BOM) is taken as is, and so is UTF-8
// with a few damaged sequences (at most one in a hundred non-ASCII characters), which become U+FFFD;
// otherwise the bytes are read as GB18030 (a superset of GBK and GB2312), or as Big5 when
// `declared` (a charset the document names itself, e.g. in an HTML meta tag) says so.
// Throws EncodingError for binary data (NUL bytes, undecodable sequences).
Decoded decode(std::string_view bytes, std::string_view declared = {});

}  // namespace gongkai
