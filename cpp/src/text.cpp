#include "gongkai/text.hpp"

#include <algorithm>
#include <bitset>
#include <cstring>
#include <cmath>
#include <string>

namespace gongkai {

const char* encoding_name(Encoding e) {
  switch (e) {
    case Encoding::Utf8: return "utf-8";
    case Encoding::Gb18030: return "gb18030";
    case Encoding::Big5: return "big5";
  }
  return "utf-8";
}

bool is_valid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    // ASCII eight bytes at a time.
    while (end - p >= 8) {
      std::uint64_t w;
      std::memcpy(&w, p, 8);
      if (w & 0x8080808080808080ULL) break;
      p += 8;
    }
    if (p >= end) break;
    const unsigned char c = *p;
    if (c < 0x80) {
      ++p;
    } else if (c >= 0xE1 && c <= 0xEC) {  // most CJK: no overlong or surrogate to check
      if (end - p < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80) return false;
      p += 3;
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
    n += 8 - static_cast<std::size_t>(__builtin_popcountll(continuation));
  }
  for (; i < s.size(); ++i)
    if ((static_cast<unsigned char>(p[i]) & 0xC0) != 0x80) ++n;
  return n;
}

namespace {

char32_t simplify(char32_t c) {
  switch (c) {
    case U'開': return U'开';
    case U'請': return U'请';
    case U'處': return U'处';
    case U'數': return U'数';
    case U'與': return U'与';
    case U'總': return U'总';
    case U'計': return U'计';
    case U'機': return U'机';
    case U'構': return U'构';
    case U'組': return U'组';
    case U'織': return U'织';
    case U'務': return U'务';
    case U'業': return U'业';
    case U'內': return U'内';
    case U'關': return U'关';
    case U'規': return U'规';
    case U'許': return U'许';
    case U'罰': return U'罚';
    case U'強': return U'强';
    case U'製': return U'制';
    case U'廢': return U'废';
    case U'現': return U'现';
    case U'項': return U'项';
    case U'決': return U'决';
    case U'條': return U'条';
    case U'議': return U'议';
    case U'訴': return U'诉';
    case U'復': return U'复';
    case U'維': return U'维';
    case U'審': return U'审';
    case U'結': return U'结';
    case U'轉': return U'转';
    case U'認': return U'认';
    case U'會': return U'会';
    case U'經': return U'经';
    case U'確': return U'确';
    case U'舉': return U'举';
    case U'訪': return U'访';
    case U'報': return U'报';
    case U'複': return U'复';
    case U'檔': return U'档';
    case U'執': return U'执';
    case U'詢': return U'询';
    case U'際': return U'际';
    case U'護': return U'护';
    case U'權': return U'权';
    case U'險': return U'险';
    case U'隱': return U'隐';
    case U'國': return U'国';
    case U'類': return U'类';
    case U'過': return U'过';
    case U'無': return U'无';
    case U'補': return U'补';
    case U'問': return U'问';
    case U'題': return U'题';
    case U'費': return U'费';
    case U'繳': return U'缴';
    case U'納': return U'纳';
    case U'單': return U'单';
    case U'萬': return U'万';
    case U'額': return U'额';
    case U'統': return U'统';
    case U'訟': return U'讼';
    case U'糾': return U'纠';
    case U'繼': return U'继';
    case U'續': return U'续';
    case U'辦': return U'办';
    case U'舊': return U'旧';
    case U'應': return U'应';
    case U'註': return U'注';
    case U'屬': return U'属';
    case U'發': return U'发';
    case U'詳': return U'详';
    case U'閱': return U'阅';
    case U'產': return U'产';
    case U'據': return U'据';
    case U'樣': return U'样';
    case U'歸': return U'归';
    case U'節': return U'节';
    case U'聯': return U'联';
    case U'員': return U'员';
    case U'範': return U'范';
    case U'圍': return U'围';
    case U'營': return U'营';
    case U'對': return U'对';
    case U'從': return U'从';
    case U'為': return U'为';
    case U'來': return U'来';
    case U'們': return U'们';
    case U'個': return U'个';
    case U'區': return U'区';
    case U'縣': return U'县';
    case U'鄉': return U'乡';
    case U'鎮': return U'镇';
    case U'廳': return U'厅';
    case U'戶': return U'户';
    case U'勞': return U'劳';
    case U'衛': return U'卫';
    case U'錄': return U'录';
    case U'戰': return U'战';
    case U'實': return U'实';
    case U'證': return U'证';
    case U'書': return U'书';
    case U'監': return U'监';
    case U'並': return U'并';
    case U'齊': return U'齐';
    case U'貿': return U'贸';
    case U'銀': return U'银';
    case U'稅': return U'税';
    case U'鐵': return U'铁';
    case U'電': return U'电';
    case U'環': return U'环';
    case U'農': return U'农';
    case U'廣': return U'广';
    case U'畫': return U'画';
    case U'軍': return U'军';
    default: return c;
  }
}

}  // namespace

namespace {

// The traditional characters simplify() maps, as a bitmap over the CJK block U+4E00-U+9FFF.
const std::bitset<0x9FFF - 0x4E00 + 1>& traditional_bitmap() {
  static const auto bits = [] {
    std::bitset<0x9FFF - 0x4E00 + 1> b;
    for (char32_t c = 0x4E00; c <= 0x9FFF; ++c)
      if (simplify(c) != c) b.set(c - 0x4E00);
    return b;
  }();
  return bits;
}

// What normalize_label makes of one code point: 0 to drop it.
char32_t label_map(char32_t c) {
  if (c >= 0x4E00 && c <= 0x9FFF) return traditional_bitmap().test(c - 0x4E00) ? simplify(c) : c;
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
      return c < 0x80 ? c : simplify(c);
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
  while (i < raw.size()) {
    char32_t c = next_code_point(raw, i);
    if (c >= 0xFF01 && c <= 0xFF5E && c != U'－') c -= 0xFEE0;
    if (n == 0 && is_space_cp(c)) continue;
    // A cell starting with a CJK character (other than 无) is a label, not a number.
    if (n == 0 && c >= 0x3400 && c <= 0x9FFF && c != U'无' && c != U'無') {
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
