#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "gongkai/read/pdf.hpp"
#include "gongkai/text.hpp"

using namespace gongkai;

namespace {

constexpr double kCharWidth = 6;
constexpr double kLineHeight = 10;

// Characters of `text` drawn left to right from (x, top), each kCharWidth wide.
void draw(PdfPage& page, const std::u32string& text, double x, double top) {
  for (char32_t c : text) {
    PdfChar ch;
    ch.code = c;
    ch.blank = c == U' ';
    ch.box = {x, top, x + kCharWidth, top + kLineHeight};
    page.chars.push_back(ch);
    x += kCharWidth;
  }
}

void hline(PdfPage& page, double x0, double x1, double y) { page.rules.push_back({x0, y - 0.25, x1, y + 0.25}); }
void vline(PdfPage& page, double x, double top, double bottom) { page.rules.push_back({x - 0.25, top, x + 0.25, bottom}); }

PdfPage blank_page() {
  PdfPage p;
  p.width = 595;
  p.height = 842;
  return p;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line))
    if (line.find_first_not_of(" \f") != std::string::npos) out.push_back(line);
  return out;
}

// The words of a line as split at runs of spaces.
std::vector<std::string> words_of(const std::string& line) {
  std::vector<std::string> out;
  std::istringstream in(line);
  std::string w;
  while (in >> w) out.push_back(w);
  return out;
}

char32_t first_code_point(const std::string& s) {
  std::size_t i = 0;
  return next_code_point(s, i);
}

// A ruled table row from y `top` to `bottom`: a label cell [100, 200] and value cells 30 pt
// wide from 200 on; each value is a list of lines drawn from the top of its cell, or centred
// when it is one line.
void ruled_row(PdfPage& page, double top, double bottom, const std::u32string& label,
               const std::vector<std::vector<std::u32string>>& values) {
  const double middle = (top + bottom) / 2 - kLineHeight / 2;
  hline(page, 100, 200 + 30.0 * static_cast<double>(values.size()), top);
  hline(page, 100, 200 + 30.0 * static_cast<double>(values.size()), bottom);
  vline(page, 100, top, bottom);
  draw(page, label, 102, middle);
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double x = 200 + 30.0 * static_cast<double>(i);
    vline(page, x, top, bottom);
    const auto& lines = values[i];
    const double first = lines.size() == 1 ? middle : middle - kLineHeight * static_cast<double>(lines.size() - 1) / 2;
    for (std::size_t k = 0; k < lines.size(); ++k) draw(page, lines[k], x + 2, first + kLineHeight * static_cast<double>(k));
  }
  vline(page, 200 + 30.0 * static_cast<double>(values.size()), top, bottom);
}

}  // namespace

TEST(PdfWords, SplitsAtGapsAndBlanksAndJoinsCharactersOfOneLine) {
  PdfPage page = blank_page();
  draw(page, U"规章 12", 100, 100);
  draw(page, U"34", 160, 101.5);  // a font whose top is 1.5 pt lower: the same line
  const std::vector<PdfWord> words = pdf_words(page);
  ASSERT_EQ(words.size(), 3u);
  EXPECT_EQ(words[0].text, U"规章");
  EXPECT_EQ(words[1].text, U"12");
  EXPECT_EQ(words[2].text, U"34");
}

TEST(PdfLayout, ColumnsLineUpAndPagesEndWithFormFeeds) {
  PdfPage first = blank_page(), second = blank_page();
  draw(first, U"Licensing", 72, 100);
  draw(first, U"1", 300, 100);
  draw(first, U"22", 400, 100);
  draw(first, U"Penalty", 72, 120);
  draw(first, U"333", 290, 120);
  draw(first, U"4444", 400, 120);
  draw(first, U"- 1 -", 290, 800);  // a page number
  draw(second, U"Second page", 72, 100);
  const std::string text = pdf_layout_text({first, second, blank_page()});
  const std::vector<std::string> lines = lines_of(text);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(words_of(lines[0]), (std::vector<std::string>{"Licensing", "1", "22"}));
  EXPECT_EQ(words_of(lines[1]), (std::vector<std::string>{"Penalty", "333", "4444"}));
  EXPECT_EQ(lines[0].find("22"), lines[1].find("4444"));
  EXPECT_EQ(text.substr(text.size() - 2), "\f\f");  // the empty third page
  EXPECT_EQ(text.find("- 1 -"), std::string::npos);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\f'), 3);
}

TEST(PdfLayout, NumberWrappedInANarrowCellComesBackWhole) {
  PdfPage page = blank_page();
  // "870" wrapped as "87" over "0" in the first value cell; the others on the row's middle line
  ruled_row(page, 200, 230, U"本年新收", {{U"87", U"0"}, {U"9"}, {U"879"}});
  ruled_row(page, 230, 250, U"上年结转", {{U"0"}, {U"0"}, {U"0"}});
  const std::vector<std::string> lines = lines_of(pdf_layout_text({page}));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(words_of(lines[0]), (std::vector<std::string>{"本年新收", "870", "9", "879"}));
  EXPECT_EQ(words_of(lines[1]), (std::vector<std::string>{"上年结转", "0", "0", "0"}));
  // without the joining, "0" stands on a line of its own below the row
  PdfLayoutOptions options;
  options.join_wrapped_numbers = false;
  const std::vector<std::string> apart = lines_of(pdf_layout_text({page}, options));
  ASSERT_EQ(apart.size(), 3u);
  EXPECT_EQ(words_of(apart[0]), (std::vector<std::string>{"本年新收", "87", "9", "879"}));
  EXPECT_EQ(words_of(apart[1]), (std::vector<std::string>{"0"}));
}

TEST(PdfLayout, WrappedNumberTakesTheLineOfItsRowWhenValuesStandAtTheTop) {
  PdfPage page = blank_page();
  hline(page, 100, 260, 200);
  hline(page, 100, 260, 230);
  for (double x : {100.0, 200.0, 230.0, 260.0}) vline(page, x, 200, 230);
  draw(page, U"总计", 102, 202);
  draw(page, U"12", 202, 202);
  draw(page, U"3", 202, 212);
  draw(page, U"45", 232, 202);
  const std::vector<std::string> lines = lines_of(pdf_layout_text({page}));
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(words_of(lines[0]), (std::vector<std::string>{"总计", "123", "45"}));
}

TEST(PdfLayout, NumbersAreNotJoinedWithoutACellAroundThem) {
  PdfPage page = blank_page();
  draw(page, U"合计", 100, 200);
  draw(page, U"87", 200, 195);
  draw(page, U"0", 200, 205);
  // two numbers side by side in one cell are two numbers
  hline(page, 100, 300, 240);
  hline(page, 100, 300, 280);
  vline(page, 100, 240, 280);
  vline(page, 300, 240, 280);
  draw(page, U"1", 150, 245);
  draw(page, U"2", 200, 245);
  draw(page, U"3", 150, 260);
  const std::string text = pdf_layout_text({page});
  EXPECT_EQ(text.find("870"), std::string::npos);
  EXPECT_EQ(text.find("13"), std::string::npos);
}

TEST(PdfLayout, TableAcrossAPageBreakKeepsItsColumnsAndJoinsOnBothPages) {
  PdfPage first = blank_page(), second = blank_page();
  ruled_row(first, 760, 790, U"行政许可", {{U"11", U"2"}, {U"5"}});
  ruled_row(second, 60, 90, U"行政处罚", {{U"3"}, {U"40", U"7"}});
  const std::string text = pdf_layout_text({first, second});
  const std::size_t feed = text.find('\f');
  ASSERT_NE(feed, std::string::npos);
  const std::vector<std::string> a = lines_of(text.substr(0, feed)), b = lines_of(text.substr(feed + 1));
  ASSERT_EQ(a.size(), 1u);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(words_of(a[0]), (std::vector<std::string>{"行政许可", "112", "5"}));
  EXPECT_EQ(words_of(b[0]), (std::vector<std::string>{"行政处罚", "3", "407"}));
  // the same x, the same text column on both pages (the column unit is the document's)
  EXPECT_EQ(a[0].find("112"), b[0].find("3"));
  EXPECT_EQ(a[0].find(" 5") + 1, b[0].find("407"));
}

TEST(PdfLayout, VerticalLabelIsNotJoinedAndLeavesTheRowsOnTheirLines) {
  PdfPage page = blank_page();
  // a group label written a character a line in a cell spanning three ruled rows
  hline(page, 70, 100, 300);
  hline(page, 70, 100, 390);
  vline(page, 70, 300, 390);
  ruled_row(page, 300, 330, U"予以公开", {{U"35", U"6"}, {U"1"}});
  ruled_row(page, 330, 360, U"部分公开", {{U"7"}, {U"0"}});
  ruled_row(page, 360, 390, U"不予公开", {{U"8"}, {U"2"}});
  const std::u32string label = U"三本年度办理结果";
  for (std::size_t k = 0; k < label.size(); ++k) draw(page, label.substr(k, 1), 80, 305 + 10.0 * static_cast<double>(k));
  const std::string text = pdf_layout_text({page});
  for (const char* row : {"予以公开 356 1", "部分公开 7 0", "不予公开 8 2"}) {
    bool found = false;
    for (const std::string& line : lines_of(text)) {
      std::vector<std::string> w = words_of(line);
      std::string joined;
      for (const std::string& x : w) {
        // the label's characters may stand in front of a row; the row's own words follow
        if (x.size() == 3 && label.find(first_code_point(x)) != std::u32string::npos && joined.empty()) continue;
        joined += (joined.empty() ? "" : " ") + x;
      }
      found = found || joined == row;
    }
    EXPECT_TRUE(found) << row << "\n" << text;
  }
  for (const std::string& line : lines_of(text)) EXPECT_EQ(line.find("三本"), std::string::npos) << line;
}

TEST(PdfLayout, PlacesEveryWordAtItsBytesInTheText) {
  PdfPage first = blank_page();
  draw(first, U"总计", 100, 100);
  draw(first, U"77", 300, 100);
  PdfPage second = blank_page();
  draw(second, U"二", 100, 100);
  std::vector<PdfPlacedWord> placed;
  const std::string text = pdf_layout_text({first, second}, {}, placed);
  EXPECT_EQ(text, pdf_layout_text({first, second}));
  ASSERT_EQ(placed.size(), 3u);
  const std::vector<std::pair<std::size_t, std::string>> want = {{0, "总计"}, {0, "77"}, {1, "二"}};
  const std::vector<std::size_t> firsts = {0, 2, 0};
  for (std::size_t i = 0; i < placed.size(); ++i) {
    EXPECT_EQ(placed[i].page, want[i].first);
    EXPECT_EQ(placed[i].first, firsts[i]);
    EXPECT_EQ(text.substr(placed[i].offset, placed[i].size), want[i].second);
  }
}
