#include "gongkai/text.hpp"

#include "detail/traditional.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <cmath>
#include <iterator>
#include <string>

namespace gongkai {

const char* encoding_name(Encoding e) {
  switch (e) {
    case Encoding::Utf8: return "utf-8";
    case Encoding::Gb18030: return "gb18030";
    case Encoding::Big5: return "big5";
    case Encoding::Utf16: return "utf-16";
  }
  return "utf-8";
}

bool is_valid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    const unsigned char c = *p;
    if (c < 0x80) {
      ++p;
      // the rest of a run of ASCII eight bytes at a time
      while (end - p >= 8) {
        std::uint64_t w;
        std::memcpy(&w, p, 8);
        if (w & 0x8080808080808080ULL) break;
        p += 8;
      }
    } else if (c >= 0xE1 && c <= 0xEC) {
      // A run of most CJK (no overlong form or surrogate to check) in a loop of its own: one
      // predictable branch a character.
      do {
        if (end - p < 3) return false;
        std::uint16_t tail;
        std::memcpy(&tail, p + 1, 2);
        if ((tail & 0xC0C0) != 0x8080) return false;
        p += 3;
      } while (p < end && static_cast<unsigned char>(*p - 0xE1) <= 0xEC - 0xE1);
    } else if (c >= 0xC2 && c <= 0xDF) {
      if (end - p < 2 || (p[1] & 0xC0) != 0x80) return false;
      p += 2;
    } else if (c == 0xE0 || c == 0xED || c == 0xEE || c == 0xEF) {
      if (end - p < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80) return false;
      if (c == 0xE0 && p[1] < 0xA0) return false;  // overlong
      if (c == 0xED && p[1] > 0x9F) return false;  // surrogate
      p += 3;
    } else if (c >= 0xF0 && c <= 0xF4) {
      if (end - p < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80) return false;
      if (c == 0xF0 && p[1] < 0x90) return false;  // overlong
      if (c == 0xF4 && p[1] > 0x8F) return false;  // beyond U+10FFFF
      p += 4;
    } else {
      return false;
    }
  }
  return true;
}

void append_utf8(std::string& out, char32_t cp) {
  char buf[4];
  out.append(buf, encode_utf8(cp, buf));
}

std::size_t count_code_points(std::string_view s) {
  // Every byte but a continuation byte (10xxxxxx) starts a code point; eight bytes at a time.
  std::size_t n = 0, i = 0;
  const char* p = s.data();
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, p + i, 8);
    const std::uint64_t continuation = w & ~(w << 1) & 0x8080808080808080ULL;
    // the bytes' high bits summed by a multiplication (popcount is a library call on x86-64's
    // baseline instruction set)
    n += 8 - static_cast<std::size_t>(((continuation >> 7) * 0x0101010101010101ULL) >> 56);
  }
  for (; i < s.size(); ++i)
    if ((static_cast<unsigned char>(p[i]) & 0xC0) != 0x80) ++n;
  return n;
}

namespace {

constexpr char32_t kFoldFirst = 0x3400, kFoldLast = 0x9FFF;

// The traditional characters of detail::kTraditional as a bitmap over U+3400-U+9FFF, built at
// compile time: most characters of a report are simplified ones, which one bit test lets through.
// As the table is sorted, a traditional character's index in it is the number of bits set
// before its own: the bits set before each 64-bit word (kRank), plus a popcount within the word.
constexpr std::size_t kWords = (kFoldLast - kFoldFirst + 1 + 63) / 64;
struct FoldIndex {
  std::array<std::uint64_t, kWords> bits{};
  std::array<std::uint16_t, kWords> rank{};
};

constexpr FoldIndex make_fold_index() {
  FoldIndex x{};
  for (const detail::TraditionalPair& p : detail::kTraditional) {
    const std::size_t k = p.traditional - kFoldFirst;
    x.bits[k / 64] |= std::uint64_t{1} << (k % 64);
  }
  std::uint16_t before = 0;
  for (std::size_t w = 0; w < kWords; ++w) {
    x.rank[w] = before;
    for (std::size_t b = 0; b < 64; ++b) before = static_cast<std::uint16_t>(before + ((x.bits[w] >> b) & 1U));
  }
  return x;
}

constexpr bool table_is_sorted() {
  for (std::size_t i = 1; i < std::size(detail::kTraditional); ++i)
    if (detail::kTraditional[i - 1].traditional >= detail::kTraditional[i].traditional) return false;
  return true;
}
static_assert(table_is_sorted(), "kTraditional must be sorted by its traditional characters");
static_assert(std::size(detail::kTraditional) < 65536);

constexpr FoldIndex kFoldIndex = make_fold_index();

inline char32_t fold(char32_t c) {
  if (c < kFoldFirst || c > kFoldLast) return c;
  const std::size_t k = c - kFoldFirst;
  const std::uint64_t word = kFoldIndex.bits[k / 64];
  const std::uint64_t bit = std::uint64_t{1} << (k % 64);
  if (!(word & bit)) return c;
  const auto index = kFoldIndex.rank[k / 64] + static_cast<std::size_t>(__builtin_popcountll(word & (bit - 1)));
  return detail::kTraditional[index].simplified;
}

}  // namespace

char32_t simplified(char32_t c) { return fold(c); }

std::string fold_traditional(std::string_view s) {
  std::string out(s);
  std::size_t i = 0;
  while (i < s.size()) {
    if (static_cast<unsigned char>(s[i]) < 0xE3) {  // below U+3000: nothing to fold
      ++i;
      continue;
    }
    const std::size_t start = i;
    const char32_t c = next_code_point(s, i);
    const char32_t m = fold(c);
    if (m != c) encode_utf8(m, out.data() + start);  // both 3 bytes (kTraditional's promise)
  }
  return out;
}

namespace {

// What normalize_label makes of one code point: 0 to drop it.
char32_t label_map(char32_t c) {
  if (c >= kFoldFirst && c <= kFoldLast) return fold(c);
  if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;  // full-width ASCII
  switch (c) {
    case U' ': case U'\t': case U'\n': case U'\r': case U'\f': case U'\v':
    case 0x00A0: case 0x3000: case 0xFEFF: case 0x200B: case 0x2002: case 0x2003:
    case 0x2009: case 0x200C: case 0x200D: case 0x2060:
      return 0;
    case U'【': case U'〔': case U'〖': case U'[': case U'{':
      return U'(';
    case U'】': case U'〕': case U'〗': case U']': case U'}':
      return U')';
    case U'“': case U'”': case U'‘': case U'’': case U'「': case U'」': case U'『':
    case U'』': case U'\'':
      return U'"';
    case U'｡':
      return U'.';
    case U'﹑':
      return U'、';
    default:
      return c;
  }
}

}  // namespace

std::string normalize_label(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t run = 0;  // start of the bytes not yet copied, all unchanged
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t start = i;
    const auto b = static_cast<unsigned char>(s[i]);
    const char32_t c = b < 0x80 ? (++i, static_cast<char32_t>(b)) : next_code_point(s, i);
    const char32_t m = label_map(c);
    if (m == c) continue;
    out.append(s.data() + run, start - run);
    run = i;
    if (m) append_utf8(out, m);
  }
  out.append(s.data() + run, s.size() - run);
  return out;
}

const char* cell_state_name(CellState s) {
  switch (s) {
    case CellState::Value: return "value";
    case CellState::Blank: return "blank";
    case CellState::Slash: return "slash";
    case CellState::Dash: return "dash";
    case CellState::Nil: return "nil";
    case CellState::Text: return "text";
    case CellState::Absent: return "absent";
  }
  return "absent";
}

namespace {

bool is_space_cp(char32_t c) {
  return c == U' ' || c == U'\t' || c == U'\n' || c == U'\r' || c == 0x00A0 || c == 0x3000 ||
         c == 0xFEFF || c == 0x200B || c == 0x2002 || c == 0x2003 || c == 0x2009;
}

bool is_dash_cp(char32_t c) {
  return c == U'-' || c == U'—' || c == U'–' || c == U'－' || c == U'―' || c == U'─' ||
         c == U'‐' || c == U'‑' || c == U'⁃' || c == U'━';
}

// What a number, "/", "—" or 无 begins with (full-width ASCII folded).
bool begins_value(char32_t c) {
  return (c >= U'0' && c <= U'9') || c == U'+' || c == U'/' || c == U'\\' || c == U'无' || c == U'無' ||
         is_dash_cp(c);
}

// What a value holds before a remark in brackets: that, separators, units and white space.
bool continues_value(char32_t c) {
  return begins_value(c) || c == U',' || c == U'.' || c == U'万' || c == U'元' || c == U'件' || c == U'条' ||
         c == U'个' || c == U'项' || c == U'次' || c == U'家' || c == U'人' || is_space_cp(c);
}

}  // namespace

CellValue read_value(std::string_view raw) {
  CellValue v;
  // Fast path: a plain count ("0", "217").
  if (!raw.empty() && raw.size() <= 15) {
    std::uint64_t n = 0;
    bool digits = true;
    for (char ch : raw) {
      if (ch < '0' || ch > '9') {
        digits = false;
        break;
      }
      n = n * 10 + static_cast<std::uint64_t>(ch - '0');
    }
    if (digits) {
      v.state = CellState::Value;
      v.value = static_cast<double>(n);
      v.is_integer = true;
      return v;
    }
  }
  // The cell as code points, full-width ASCII folded and leading white space dropped, in a
  // fixed buffer: a cell too long for it is text, not a number.
  constexpr std::size_t kMax = 192;
  char32_t buf[kMax];
  std::size_t n = 0;
  std::size_t i = 0;
  bool remark = false;  // past an opening parenthesis: a remark may hold anything
  while (i < raw.size()) {
    char32_t c = next_code_point(raw, i);
    if (c >= 0xFF01 && c <= 0xFF5E && c != U'－') c -= 0xFEE0;
    if (n == 0 && is_space_cp(c)) continue;
    // A label shows at its first character ("（一）…", "本年…") or at the first one before a
    // remark that no value holds ("1.危及…" at 危), not after all its characters are read.
    if (c == U'(') remark = true;
    if (n == 0 ? !begins_value(c) : !remark && !continues_value(c)) {
      v.state = CellState::Text;
      return v;
    }
    if (n == kMax) {
      v.state = CellState::Text;
      return v;
    }
    buf[n++] = c;
  }
  const std::u32string_view cps(buf, n);
  std::size_t b = 0, e = n;
  while (e > b && is_space_cp(cps[e - 1])) --e;
  if (b == e) {
    v.state = CellState::Blank;
    return v;
  }
  // Missing-value markers.
  {
    bool all_slash = true, all_dash = true;
    for (std::size_t k = b; k < e; ++k) {
      const char32_t c = cps[k];
      if (is_space_cp(c)) continue;
      if (!(c == U'/' || c == U'\\' || c == U'／')) all_slash = false;
      if (!is_dash_cp(c)) all_dash = false;
    }
    if (all_slash) {
      v.state = CellState::Slash;
      return v;
    }
    if (all_dash) {
      v.state = CellState::Dash;
      return v;
    }
    if (e - b == 1 && (cps[b] == U'无' || cps[b] == U'無')) {
      v.state = CellState::Nil;
      return v;
    }
  }
  // A trailing remark in parentheses: "22（其中修订16件）".
  if (e - b > 2 && (cps[e - 1] == U')' || cps[e - 1] == U'）')) {
    std::size_t k = e - 1;
    while (k > b && cps[k] != U'(' && cps[k] != U'（') --k;
    if (k > b && (cps[k] == U'(' || cps[k] == U'（')) {
      e = k;
      while (e > b && is_space_cp(cps[e - 1])) --e;
    }
  }
  // Units.
  auto ends_with = [&](std::u32string_view suffix) {
    if (e - b <= suffix.size()) return false;
    return cps.substr(e - suffix.size(), suffix.size()) == suffix;
  };
  if (ends_with(U"万元")) {
    v.has_unit = true;
    e -= 2;
  } else if (ends_with(U"元")) {
    v.has_unit = true;
    v.yuan = true;
    e -= 1;
  } else if (ends_with(U"件") || ends_with(U"条") || ends_with(U"个") || ends_with(U"项") ||
             ends_with(U"次") || ends_with(U"家") || ends_with(U"人")) {
    v.has_unit = true;
    e -= 1;
  }
  while (e > b && is_space_cp(cps[e - 1])) --e;
  // sign, digits with optional thousands separators, optional fraction
  std::size_t k = b;
  bool negative = false;
  if (k < e && (cps[k] == U'-' || cps[k] == U'+' || cps[k] == U'－')) {
    negative = cps[k] != U'+';
    ++k;
  }
  double integer_part = 0;
  int digits = 0;
  int group = -1;  // digits since the last separator, -1 before any separator
  bool bad = false;
  for (; k < e; ++k) {
    const char32_t c = cps[k];
    if (c >= U'0' && c <= U'9') {
      integer_part = integer_part * 10 + static_cast<double>(c - U'0');
      ++digits;
      if (group >= 0) ++group;
    } else if ((c == U',' || c == U'，') && digits > 0 && digits <= 3 + (group < 0 ? 0 : 1000)) {
      if (group >= 0 && group != 3) bad = true;
      if (group < 0 && digits > 3) bad = true;
      group = 0;
    } else {
      break;
    }
  }
  if (group >= 0 && group != 3) bad = true;
  // more digits than a double holds exactly (2^53 has 16): no count a report prints, and a
  // number that would come back rounded ("99999999999999999999" as 1.0000000000000002e20)
  if (digits > 15) bad = true;
  if (digits == 0 || bad) {
    v.state = CellState::Text;
    return v;
  }
  double value = integer_part;
  bool is_integer = true;
  if (k < e && cps[k] == U'.') {
    ++k;
    double scale = 0.1;
    int frac = 0;
    for (; k < e && cps[k] >= U'0' && cps[k] <= U'9'; ++k, ++frac) {
      value += scale * static_cast<double>(cps[k] - U'0');
      scale /= 10;
    }
    if (frac == 0) {
      v.state = CellState::Text;
      return v;
    }
    is_integer = false;
  }
  if (k != e) {
    v.state = CellState::Text;
    return v;
  }
  if (!is_integer) {
    // Re-read the decimal exactly as printed to avoid accumulated rounding.
    std::string ascii;
    for (std::size_t q = b; q < e; ++q)
      if (cps[q] != U',' && cps[q] != U'，' && cps[q] != U'+') ascii.push_back(cps[q] == U'－' ? '-' : static_cast<char>(cps[q]));
    value = std::strtod(ascii.c_str(), nullptr);
    if (value < 0) value = -value;
  }
  v.state = CellState::Value;
  v.value = negative ? -value : value;
  v.is_integer = is_integer;
  return v;
}

bool looks_like_value(std::string_view raw) { return read_value(raw).state != CellState::Text; }

}  // namespace gongkai
