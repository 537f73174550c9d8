// The neutral document model every input adapter produces and the template matcher reads:
// paragraphs and tables of cells, each with its place in the (decoded) source.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gongkai/text.hpp"

namespace gongkai {

enum class SourceFormat : std::uint8_t { Text, Html, Docx, Markdown, Pdf };

const char* source_format_name(SourceFormat f);

// Byte offsets into Document::text (the decoded UTF-8 source).
struct SourceSpan {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
};

// Text in a Document is a view: of the decoded source where the source holds it as it is (text
// layouts), else of a string the Document keeps (entities decoded, lines joined).
struct Cell {
  std::string_view text;  // the cell's text; paragraphs and line breaks inside the cell joined by '\n'
  SourceSpan span;
  std::int32_t rowspan = 1;
  std::int32_t colspan = 1;
};

// A table as a grid of slots. Each slot holds the index of a cell in `cells` or -1 for a hole.
// In a geometric table (HTML, docx XML) rows have equal length and merged cells repeat their
// index in every slot they cover, so slot j of every row is one column. In a non-geometric
// table (text extracted from .docx, where horizontal merges are lost) rows have different
// lengths, every slot is its own cell, and columns are known only by order.
//
// A stream table comes from text whose cell borders were lost (PDF text, crawled pages): each
// row is a line and its cells are the line's tokens, so neither rows nor cells delimit the
// template's rows; labels and values are read as one stream, and a token may hold several
// numbers glued together.
struct Table {
  std::vector<Cell> cells;
  std::vector<std::vector<std::int32_t>> rows;
  bool geometric = false;
  bool stream = false;
  SourceSpan span;

  const Cell* at(std::size_t row, std::size_t slot) const {
    if (row >= rows.size() || slot >= rows[row].size()) return nullptr;
    const std::int32_t i = rows[row][slot];
    return i < 0 ? nullptr : &cells[static_cast<std::size_t>(i)];
  }
};

enum class BlockKind : std::uint8_t { Paragraph, Table };

struct Block {
  BlockKind kind = BlockKind::Paragraph;
  std::string_view text;  // paragraphs only
  SourceSpan span;
  Table table;       // tables only
};

struct Document {
  Document() = default;
  Document(Document&&) = default;  // the kept strings do not move: views stay valid
  Document& operator=(Document&&) = default;
  Document(const Document&) = delete;  // a copy's views would be of the original's strings
  Document& operator=(const Document&) = delete;

  // Keeps `s` as long as the Document lives (and when it moves) and returns a view of it.
  std::string_view keep(std::string s) { return kept_.emplace_back(std::move(s)); }
  // The view of `s`: of the source where the source holds it at `span` as it is, else of a copy kept.
  std::string_view keep(std::string s, SourceSpan span) {
    if (span.begin <= span.end && span.end <= text.size() && text.substr(span.begin, span.end - span.begin) == s)
      return text.substr(span.begin, span.end - span.begin);
    return keep(std::move(s));
  }

  std::string_view text;  // the whole decoded source (kept)
  SourceFormat format = SourceFormat::Text;
  Encoding encoding = Encoding::Utf8;
  std::size_t decode_replacements = 0;  // damaged UTF-8 sequences read as U+FFFD
  std::uint32_t first_replacement = 0;  // offset in `text` of the first
  std::string title;  // a title the format carries outside the body (HTML <title>, meta), if any
  std::vector<std::pair<std::string, std::string>> meta;  // name -> content (HTML meta tags)
  std::vector<Block> blocks;  // in reading order
  // Spans of the page's container elements (HTML div, article, section, main), so that the
  // matcher can keep the report's narrative apart from the site's navigation and footer.
  std::vector<SourceSpan> regions;
  // Offsets where the lines of `text` begin, when the adapter met them all on its way (it reads
  // line by line); empty otherwise. LineIndex takes them instead of looking for them again.
  std::vector<std::uint32_t> line_starts;

 private:
  std::deque<std::string> kept_;
};

// Pads every row of a geometric table to the table's width with holes, spending at most
// `budget` slots (dropping trailing rows of a hostile table that would need more).
void pad_grid(Table& table, std::size_t& budget);

// Where a byte offset of Document::text lies, in 1-based lines and code-point columns.
struct Location {
  std::uint32_t offset = 0;
  std::uint32_t line = 0;    // 0 = unknown
  std::uint32_t column = 0;
};

// Answers offset -> line and column for one document, built once per parse.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);
  // `starts`: where the lines of `text` begin, as Document::line_starts holds them; found here
  // when empty.
  LineIndex(std::string_view text, const std::vector<std::uint32_t>& starts);
  Location locate(std::uint32_t offset) const;
  // Fills line and column of every location from its offset, in one pass over the text.
  void locate_all(std::vector<Location*>& locations) const;

 private:
  std::string_view text_;
  std::vector<std::uint32_t> line_starts_;
  mutable Location last_;  // the last place located (one parse, one thread)
};

}  // namespace gongkai
