#include "gongkai/text_adapter.hpp"

#include <string_view>
#include <utility>

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

Document read_text(std::string text) {
  Document doc;
  doc.format = SourceFormat::Text;
  doc.text = std::move(text);
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
  while (pos <= src.size()) {
    std::size_t nl = src.find('\n', pos);
    if (nl == std::string_view::npos) nl = src.size();
    std::size_t end = nl;
    if (end > pos && src[end - 1] == '\r') --end;
    const std::string_view line = src.substr(pos, end - pos);
    const auto line_begin = static_cast<std::uint32_t>(pos);

    if (!line.empty() && line[0] == '\t') {
      if (!in_table) {
        in_table = true;
        row_open = false;
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
      cell.text = std::string(line.substr(b, e - b));
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
        c.text.push_back('\n');
        c.text.append(content);
        c.span.end = line_begin + static_cast<std::uint32_t>(tb_end);
      } else {
        close_table();
        last_was_cell = false;
        if (!content.empty()) {
          Block p;
          p.kind = BlockKind::Paragraph;
          p.text = std::string(content);
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

}  // namespace gongkai
