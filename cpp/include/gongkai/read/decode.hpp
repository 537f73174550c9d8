// Decoding bytes to UTF-8, once, at the edge: the first step of reading any input.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "gongkai/text.hpp"

namespace gongkai {

// Whether the bytes begin with a UTF-16 byte order mark (FF FE or FE FF).
inline bool has_utf16_bom(std::string_view bytes) {
  if (bytes.size() < 2) return false;
  const auto a = static_cast<unsigned char>(bytes[0]), b = static_cast<unsigned char>(bytes[1]);
  return (a == 0xFF && b == 0xFE) || (a == 0xFE && b == 0xFF);
}

struct Decoded {
  std::string text;  // UTF-8, without a byte order mark
  Encoding encoding = Encoding::Utf8;
  std::size_t replaced = 0;  // invalid UTF-8 sequences replaced by U+FFFD (a damaged file)
  std::size_t first_replaced = 0;  // offset in `text` of the first of them
};

// Decodes bytes to UTF-8. UTF-16 with its byte order mark is decoded (unpaired surrogates
// become U+FFFD, counted in `replaced`). Valid UTF-8 (with or without BOM) is taken as is, and so is UTF-8
// with a few damaged sequences (at most one in a hundred non-ASCII characters), which become U+FFFD;
// otherwise the bytes are read as GB18030 (a superset of GBK and GB2312), or as Big5 when
// `declared` (a charset the document names itself, e.g. in an HTML meta tag) says so.
// Throws EncodingError for binary data (NUL bytes, undecodable sequences).
Decoded decode(std::string_view bytes, std::string_view declared = {});

}  // namespace gongkai
