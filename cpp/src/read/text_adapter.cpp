#include "gongkai/read/text_adapter.hpp"

#include "detail/labels.hpp"
#include "gongkai/error.hpp"
#include "read/detail/tokens.hpp"

#include <algorithm>
#include <string_view>
#include <utility>
#include <vector>

namespace gongkai {

namespace {

struct Line {
  std::uint32_t begin;  // offset of the first byte of the line
  std::uint32_t end;    // offset past the last byte, without '\r\n'
};

bool is_blank(std::string_view s) {
  for (char c : s)
    if (c != ' ' && c != '\t' && c != '\r') return false;
  return true;
}

// Trims ASCII white space, U+3000 and NBSP at both ends; returns the trimmed range.
std::pair<std::size_t, std::size_t> trim_range(std::string_view s) {
  std::size_t b = 0, e = s.size();
  auto space_at = [&](std::size_t i, bool back) -> std::size_t {
    // returns the byte length of a space character at i (back: ending at i), 0 if none
    if (!back) {
      const auto c = static_cast<unsigned char>(s[i]);
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') return 1;
      if (c == 0xE3 && i + 2 < s.size() + 0 && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
          static_cast<unsigned char>(s[i + 2]) == 0x80)
        return 3;
      if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) return 2;
      return 0;
    }
    const auto c = static_cast<unsigned char>(s[i - 1]);
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') return 1;
    if (i >= 3 && c == 0x80 && static_cast<unsigned char>(s[i - 2]) == 0x80 &&
        static_cast<unsigned char>(s[i - 3]) == 0xE3)
      return 3;
    if (i >= 2 && c == 0xA0 && static_cast<unsigned char>(s[i - 2]) == 0xC2) return 2;
    return 0;
  };
  while (b < e) {
    const std::size_t n = space_at(b, false);
    if (n == 0) break;
    b += n;
  }
  while (e > b) {
    const std::size_t n = space_at(e, true);
    if (n == 0) break;
    e -= n;
  }
  return {b, e};
}

// "[bookmark: _GoBack]" and similar markers left by .docx text extraction.
std::size_t skip_bookmarks(std::string_view s, std::size_t b) {
  constexpr std::string_view kMark = "[bookmark:";
  while (s.substr(b, kMark.size()) == kMark) {
    const std::size_t close = s.find(']', b);
    if (close == std::string_view::npos) break;
    b = close + 1;
  }
  return b;
}

bool reads_as_value(std::string_view cell) {
  const CellValue v = read_value(cell);
  return v.state != CellState::Text;
}

// A short unindented line directly after a label cell is that cell's text wrapped.
bool continues_cell(const Cell& previous, std::string_view line) {
  if (previous.text.empty() || reads_as_value(previous.text)) return false;
  return count_code_points(line) <= 24;
}

}  // namespace

namespace {
Document read_docx_text(Document doc);
Document read_plain_text(Document doc);
}  // namespace

Document read_text(std::string text) {
  Document doc;
  doc.format = SourceFormat::Text;
  doc.text = doc.keep(std::move(text));
  // Text extracted from .docx indents every table cell with a tab.
  std::size_t tab_lines = 0;
  const std::string_view src = doc.text;
  for (std::size_t p = 0; p < src.size() && tab_lines < 2;) {
    if (src[p] == '\t') ++tab_lines;
    const std::size_t nl = src.find('\n', p);
    if (nl == std::string_view::npos) break;
    p = nl + 1;
  }
  return tab_lines >= 2 ? read_docx_text(std::move(doc)) : read_plain_text(std::move(doc));
}

namespace {

Document read_docx_text(Document doc) {
  const std::string_view src = doc.text;

  Block table_block;
  table_block.kind = BlockKind::Table;
  bool in_table = false;
  bool row_open = false;
  bool last_was_cell = false;

  auto close_table = [&] {
    if (!in_table) return;
    Table& t = table_block.table;
    if (!t.cells.empty()) table_block.span = {t.cells.front().span.begin, t.cells.back().span.end};
    t.span = table_block.span;
    doc.blocks.push_back(std::move(table_block));
    table_block = Block{};
    table_block.kind = BlockKind::Table;
    in_table = false;
    row_open = false;
  };

  std::size_t pos = 0;
  Deadline::Ticker tick;
  doc.line_starts.reserve(src.size() / 16 + 1);
  while (pos <= src.size()) {
    doc.line_starts.push_back(static_cast<std::uint32_t>(pos));
    const std::size_t nl = find_newline(src, pos);
    std::size_t end = nl;
    if (end > pos && src[end - 1] == '\r') --end;
    const std::string_view line = src.substr(pos, end - pos);
    const auto line_begin = static_cast<std::uint32_t>(pos);
    tick();

    if (!line.empty() && line[0] == '\t') {
      if (!in_table) {
        in_table = true;
        row_open = false;
        table_block.table.cells.reserve(256);  // a report's tables hold 50 to 250 cells
      }
      Table& t = table_block.table;
      if (!row_open) {
        t.rows.emplace_back();
        t.rows.back().reserve(10);
        row_open = true;
      }
      auto [b, e] = trim_range(line);
      b = skip_bookmarks(line, b);
      if (b > e) b = e;
      Cell cell;
      cell.text = line.substr(b, e - b);
      cell.span = {line_begin + static_cast<std::uint32_t>(b), line_begin + static_cast<std::uint32_t>(e)};
      if (cell.text.empty()) cell.span = {line_begin + 1, line_begin + 1};
      t.rows.back().push_back(static_cast<std::int32_t>(t.cells.size()));
      t.cells.push_back(std::move(cell));
      last_was_cell = true;
    } else if (is_blank(line)) {
      row_open = false;
      last_was_cell = false;
    } else {
      auto [b, e] = trim_range(line);
      b = skip_bookmarks(line, b);
      const auto tb = trim_range(line.substr(b));
      const std::size_t tb_begin = b + tb.first, tb_end = b + tb.second;
      const std::string_view content = line.substr(tb_begin, tb_end - tb_begin);
      Table& t = table_block.table;
      if (in_table && last_was_cell && !t.cells.empty() && continues_cell(t.cells.back(), content)) {
        Cell& c = t.cells.back();
        std::string joined(c.text);
        joined.push_back('\n');
        joined.append(content);
        c.text = doc.keep(std::move(joined));
        c.span.end = line_begin + static_cast<std::uint32_t>(tb_end);
      } else {
        close_table();
        last_was_cell = false;
        if (!content.empty()) {
          Block p;
          p.kind = BlockKind::Paragraph;
          p.text = content;
          p.span = {line_begin + static_cast<std::uint32_t>(tb_begin), line_begin + static_cast<std::uint32_t>(tb_end)};
          doc.blocks.push_back(std::move(p));
        }
      }
      (void)e;
    }
    if (nl == src.size()) break;
    pos = nl + 1;
  }
  close_table();
  return doc;
}

// ---------------------------------------------------------------- plain text

struct Span {
  std::size_t begin, end;
};

// Headings of sections 一 to 六 that a crawled page glues into one line with everything else:
// the numeral and the heading's opening words, then for section 四 one of its keywords within
// a few characters, so that a heading with a typo ("四、政府信息公开行政法复议") still cuts.
struct GluedHeading {
  std::string_view opening;  // numeral included
  std::string_view keyword;  // within kKeywordWindow bytes after the opening; empty: none needed
  std::string_view keyword2;
};
constexpr GluedHeading kGluedHeadings[] = {{"一、总体情况", {}, {}},
                                           {"二、主动公开政府信息情况", {}, {}},
                                           {"三、收到和处理政府信息公开申请情况", {}, {}},
                                           {"四、政府信息公开", "复议", "诉讼"},
                                           {"五、存在的主要问题", {}, {}},
                                           {"六、其他需要报告的事项", {}, {}}};
constexpr std::size_t kKeywordWindow = 6 * 3;  // ~6 CJK characters

// Cuts a long line before every section heading it holds.
std::vector<Span> cut_at_headings(std::string_view line, std::size_t base) {
  std::vector<std::size_t> cuts;
  for (const GluedHeading& h : kGluedHeadings) {
    for (std::size_t at = line.find(h.opening); at != std::string_view::npos;
         at = line.find(h.opening, at + h.opening.size())) {
      const std::string_view after = line.substr(at + h.opening.size(), kKeywordWindow + h.keyword.size());
      const bool keyword = h.keyword.empty() || after.find(h.keyword) != std::string_view::npos ||
                           after.find(h.keyword2) != std::string_view::npos;
      if (keyword && at > 0) cuts.push_back(at);
    }
  }
  std::sort(cuts.begin(), cuts.end());
  std::vector<Span> out;
  std::size_t from = 0;
  for (std::size_t c : cuts) {
    if (c <= from) continue;
    out.push_back({base + from, base + c});
    from = c;
  }
  out.push_back({base + from, base + line.size()});
  return out;
}

// A line before any heading that is a row of table 3: a row label and at least three numbers.
bool ends_a_table(std::string_view src, Span line, std::vector<detail::TokenSpan>& tokens) {
  const std::string_view text = src.substr(line.begin, line.end - line.begin);
  if (text.find_first_of("0123456789") == std::string_view::npos) return false;
  tokens.clear();
  detail::tokenize_line(src, line.begin, line.end, tokens);
  int values = 0;
  bool label = false;
  for (const detail::TokenSpan& t : tokens) {
    const std::string_view tok = src.substr(t.begin, t.end - t.begin);
    if (read_value(tok).state == CellState::Value) ++values;
    else if (detail::t3_row_of(normalize_label(tok), std::nullopt)) label = true;
  }
  return label && values >= 3;
}

Document read_plain_text(Document doc) {
  const std::string_view src = doc.text;
  Block table;
  table.kind = BlockKind::Table;
  table.table.stream = true;
  int section = -1;
  std::vector<detail::TokenSpan> tokens;

  auto close_table = [&] {
    if (table.table.rows.empty()) return;
    Table& t = table.table;
    table.span = {t.cells.front().span.begin, t.cells.back().span.end};
    t.span = table.span;
    doc.blocks.push_back(std::move(table));
    table = Block{};
    table.kind = BlockKind::Table;
    table.table.stream = true;
  };
  auto paragraph = [&](Span sp) {
    auto [b, e] = trim_range(src.substr(sp.begin, sp.end - sp.begin));
    b = skip_bookmarks(src.substr(sp.begin, sp.end - sp.begin), b);
    if (b >= e || detail::is_page_number_line(src.substr(sp.begin + b, e - b))) return;
    Block p;
    p.kind = BlockKind::Paragraph;
    p.text = src.substr(sp.begin + b, e - b);
    p.span = {static_cast<std::uint32_t>(sp.begin + b), static_cast<std::uint32_t>(sp.begin + e)};
    doc.blocks.push_back(std::move(p));
  };
  auto table_line = [&](Span sp) {
    tokens.clear();
    detail::tokenize_line(src, sp.begin, sp.end, tokens);
    if (tokens.empty()) return;
    // a sentence of prose in a table section ("全年共受理申请5件。") is narrative, not table
    if (sp.end - sp.begin < 600 && detail::is_prose(src.substr(sp.begin, sp.end - sp.begin))) {
      std::size_t numbers = 0;
      for (const auto& tk : tokens) numbers += read_value(src.substr(tk.begin, tk.end - tk.begin)).state == CellState::Value;
      if (numbers < 3) {
        paragraph(sp);
        return;
      }
    }
    Table& t = table.table;
    t.rows.emplace_back();
    for (const detail::TokenSpan& tk : tokens) {
      Cell c;
      c.text = src.substr(tk.begin, tk.end - tk.begin);
      c.span = {static_cast<std::uint32_t>(tk.begin), static_cast<std::uint32_t>(tk.end)};
      t.rows.back().push_back(static_cast<std::int32_t>(t.cells.size()));
      t.cells.push_back(std::move(c));
    }
  };

  std::size_t pos = 0;
  Deadline::Ticker tick;
  while (pos < src.size()) {
    const std::size_t nl = find_newline(src, pos);
    const std::string_view line = src.substr(pos, nl - pos);
    tick();
    std::vector<Span> segments;
    if (line.size() > 600) segments = cut_at_headings(line, pos);
    else segments.push_back({pos, nl});
    for (const Span& seg : segments) {
      const std::string_view text = src.substr(seg.begin, seg.end - seg.begin);
      const int h = detail::section_heading(text, section);
      if (h >= 0) {
        close_table();
        section = h;
        // The heading alone is the paragraph; what a glued line has after it is content.
        const std::size_t cut = detail::heading_length(text);
        paragraph({seg.begin, seg.begin + cut});
        if (cut < text.size()) {
          if (section >= 1 && section <= 3) table_line({seg.begin + cut, seg.end});
          else paragraph({seg.begin + cut, seg.end});
        }
        continue;
      }
      if (section >= 1 && section <= 3) table_line(seg);
      else if (section < 0 && ends_a_table(src, seg, tokens)) table_line(seg);  // an excerpt starting mid-table
      else paragraph(seg);
    }
    pos = nl + 1;
  }
  close_table();
  return doc;
}

}  // namespace

}  // namespace gongkai