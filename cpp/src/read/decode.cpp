#include "gongkai/read/decode.hpp"

#include <iconv.h>

#include <cctype>
#include <cerrno>
#include <string>
#include <string_view>
#include <utility>

#include "gongkai/error.hpp"

namespace gongkai {

namespace {

std::string to_utf8(std::string_view bytes, const char* from) {
  iconv_t cd = iconv_open("UTF-8", from);
  if (cd == reinterpret_cast<iconv_t>(-1))
    throw EncodingError(std::string(from) + " decoding is not available");
  std::string out(bytes.size() * 2 + 16, '\0');
  char* in_ptr = const_cast<char*>(bytes.data());
  std::size_t in_left = bytes.size();
  char* out_ptr = out.data();
  std::size_t out_left = out.size();
  while (in_left > 0) {
    const std::size_t r = iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left);
    if (r != static_cast<std::size_t>(-1)) break;
    if (errno == E2BIG) {
      const std::size_t used = out.size() - out_left;
      out.resize(out.size() * 2);
      out_ptr = out.data() + used;
      out_left = out.size() - used;
      continue;
    }
    const std::size_t at = bytes.size() - in_left;
    iconv_close(cd);
    throw EncodingError(std::string("bytes are neither UTF-8 nor ") + from +
                        " (undecodable sequence at byte " + std::to_string(at) + ")");
  }
  iconv_close(cd);
  out.resize(out.size() - out_left);
  return out;
}

// UTF-16 after its byte order mark (Windows' "Unicode" text, some saved pages): UTF-8, an
// unpaired surrogate or a dangling last byte read as U+FFFD and counted.
Decoded from_utf16(std::string_view bytes, bool little_endian) {
  std::string out;
  out.reserve(bytes.size() * 3 / 2);
  std::size_t bad = 0, first_bad = 0;
  auto unit = [&](std::size_t i) {
    const auto a = static_cast<unsigned char>(bytes[i]), b = static_cast<unsigned char>(bytes[i + 1]);
    return static_cast<char32_t>(little_endian ? (b << 8 | a) : (a << 8 | b));
  };
  std::size_t i = 2;
  for (; i + 1 < bytes.size(); i += 2) {
    char32_t c = unit(i);
    if (c >= 0xD800 && c <= 0xDBFF && i + 3 < bytes.size() && unit(i + 2) >= 0xDC00 && unit(i + 2) <= 0xDFFF) {
      c = 0x10000 + ((c - 0xD800) << 10) + (unit(i + 2) - 0xDC00);
      i += 2;
    } else if (c >= 0xD800 && c <= 0xDFFF) {
      if (!bad) first_bad = out.size();
      c = 0xFFFD;
      ++bad;
    }
    append_utf8(out, c);
  }
  if (i < bytes.size()) {
    if (!bad) first_bad = out.size();
    append_utf8(out, 0xFFFD);
    ++bad;
  }
  return {std::move(out), Encoding::Utf16, bad, first_bad};
}

}  // namespace

Decoded decode(std::string_view bytes, std::string_view declared) {
  if (has_utf16_bom(bytes)) return from_utf16(bytes, static_cast<unsigned char>(bytes[0]) == 0xFF);
  if (bytes.find('\0') != std::string_view::npos)
    throw EncodingError("binary data (NUL bytes), not text");
  if (bytes.size() >= 3 && static_cast<unsigned char>(bytes[0]) == 0xEF &&
      static_cast<unsigned char>(bytes[1]) == 0xBB && static_cast<unsigned char>(bytes[2]) == 0xBF)
    bytes.remove_prefix(3);
  // Valid UTF-8 wins even when a page declares GBK: pages are often re-saved without fixing
  // their meta tag, and a GBK text of any length is almost never valid UTF-8.
  if (is_valid_utf8(bytes)) return {std::string(bytes), Encoding::Utf8, 0};
  // UTF-8 with a few damaged sequences: repair rather than misread it all as GB18030.
  {
    std::string repaired;
    repaired.reserve(bytes.size());
    std::size_t bad = 0, good = 0, first_bad = 0;  // non-ASCII sequences
    for (std::size_t i = 0; i < bytes.size();) {
      const std::size_t start = i;
      const char32_t c = next_code_point(bytes, i);
      const std::size_t len = i - start;
      const bool invalid = (c == 0xFFFD && !(len == 3 && bytes.substr(start, 3) == "\xEF\xBF\xBD")) ||
                           (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF || (len == 2 && c < 0x80) ||
                           (len == 3 && c < 0x800) || (len == 4 && c < 0x10000);
      if (invalid) {
        if (!bad) first_bad = repaired.size();
        ++bad;
        append_utf8(repaired, 0xFFFD);
      } else {
        good += c >= 0x80;
        repaired.append(bytes.substr(start, i - start));
      }
    }
    // GBK text is nearly all invalid UTF-8; damaged UTF-8 is nearly all valid.
    if (good >= 10 && bad * 100 <= good) return {std::move(repaired), Encoding::Utf8, bad, first_bad};
    std::string d;
    for (char c : declared) d.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    const bool big5 = d.find("big5") != std::string::npos;
    try {
      if (big5) return {to_utf8(bytes, "BIG5-HKSCS"), Encoding::Big5, 0};
      return {to_utf8(bytes, "GB18030"), Encoding::Gb18030, 0};
    } catch (const EncodingError&) {
      // Neither reads it whole. Mostly UTF-8 (a line pasted in GBK, say): keep the UTF-8
      // and name where the damage begins, rather than lose the report.
      if (good >= 10 && bad <= good) return {std::move(repaired), Encoding::Utf8, bad, first_bad};
      throw;
    }
  }
}

}  // namespace gongkai
