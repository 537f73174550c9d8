// PDF pages as geometry: characters with their boxes and the ruling lines of tables, laid out
// as text the way `pdftotext -layout` lays it out (read_text then parses that text).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace gongkai {

// Coordinates in points from the page's top left corner: top < bottom.
struct PdfBox {
  double x0 = 0;
  double top = 0;
  double x1 = 0;
  double bottom = 0;
};

struct PdfChar {
  char32_t code = 0;
  PdfBox box;
  bool blank = false;  // white space (drawn or generated): it ends a word
};

struct PdfPage {
  double width = 0;
  double height = 0;
  std::vector<PdfChar> chars;  // in the order the page draws them
  // Thin paths (a line stroked or a rectangle filled less than 3 pt thick): the borders of
  // table cells. Larger paths (cell shading, frames) are left out.
  std::vector<PdfBox> rules;
};

// A run of characters without a gap wider than 1.5 pt, on one line.
struct PdfWord {
  std::u32string text;
  PdfBox box;
  std::size_t first = 0;  // index in the page's chars of the word's first character
};

// The page's words as pdfplumber's extract_words(x_tolerance=1.5, y_tolerance=3) finds them:
// characters clustered into lines by their top (within 3 pt of the previous one), each line in
// x order, a word ended by a blank, a gap wider than 1.5 pt, a step back or a character that
// overlaps the previous one vertically by less than half their height.
std::vector<PdfWord> pdf_words(const PdfPage& page);

// Joins the pieces of a number that a narrow table cell wrapped onto several lines ("87" over
// "0"): where ruling lines close a cell around words that are all digits, one a line, they
// become one word on the line of the other values of the cell's row (or the middle of the
// pieces where the row has none). Other words stay as they are.
void join_wrapped_numbers(std::vector<PdfWord>& words, const std::vector<PdfBox>& rules);

struct PdfLayoutOptions {
  // true: table cells at the text column of their x position, as `pdftotext -layout`;
  // false: each line its words joined by one space.
  bool layout = true;
  bool join_wrapped_numbers = true;
};

// The text of the pages, each ending with "\n\f" ("\f" alone when it has no text):
//
// - A line is the words that overlap its first word vertically by half their height, in x
//   order. Its first word starts at the text column of its x position: a column is half the
//   document's median word height, counted from the leftmost word of the document.
// - In a line of prose (its words cover 70% of its width or more) words are joined by one
//   space, unless the gap is wider than 3 word heights. In other lines (table rows) words
//   closer than one column are joined by one space, and farther words are placed at the text
//   column of their x position, at least two spaces after the previous word.
// - A blank line stands for a vertical gap of at least the previous line's height.
// - A page number with its dashes ("- 4 -", "—4—", "第 4 页") alone on the first or the last
//   line of a page, in its top or bottom 12%, is left out.
std::string pdf_layout_text(const std::vector<PdfPage>& pages, const PdfLayoutOptions& options = {});

// Where a word went in the text of pdf_layout_text: its page, the index of its first character
// in that page's chars, and its bytes in the text (a table cell's origin points into them;
// OCR input maps a cell back to the box and the confidence of what was recognised there).
struct PdfPlacedWord {
  std::size_t page = 0;
  std::size_t first = 0;
  std::size_t offset = 0;  // bytes from the start of the text
  std::size_t size = 0;    // bytes
};

// pdf_layout_text, with every word placed in ``placed`` (in the order of the text).
std::string pdf_layout_text(const std::vector<PdfPage>& pages, const PdfLayoutOptions& options,
                            std::vector<PdfPlacedWord>& placed);

}  // namespace gongkai
