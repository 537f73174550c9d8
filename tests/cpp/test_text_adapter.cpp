#include <gtest/gtest.h>

#include <string>

#include "gongkai/read/text_adapter.hpp"

using namespace gongkai;

namespace {

const Table* first_table(const Document& d) {
  for (const Block& b : d.blocks)
    if (b.kind == BlockKind::Table) return &b.table;
  return nullptr;
}

}  // namespace

TEST(TextAdapter, TabLinesAreCellsAndBlankLinesEndRows) {
  const Document d = read_text("标题\n\t规章\n\t0\n\t1\n\n\t行政规范性文件\n\t2\n\t3\n\n\n段落\n");
  ASSERT_EQ(d.blocks.size(), 3u);
  EXPECT_EQ(d.blocks[0].kind, BlockKind::Paragraph);
  EXPECT_EQ(d.blocks[0].text, "标题");
  const Table* t = first_table(d);
  ASSERT_NE(t, nullptr);
  EXPECT_FALSE(t->geometric);
  ASSERT_EQ(t->rows.size(), 2u);
  ASSERT_EQ(t->rows[0].size(), 3u);
  EXPECT_EQ(t->at(0, 0)->text, "规章");
  EXPECT_EQ(t->at(1, 2)->text, "3");
  EXPECT_EQ(d.blocks[2].text, "段落");
}

TEST(TextAdapter, JoinsWrappedLabelCell) {
  const Document d = read_text("\t\n\t商业\n企业\n\t科研\n机构\n\t0\n");
  const Table* t = first_table(d);
  ASSERT_NE(t, nullptr);
  ASSERT_EQ(t->rows.size(), 1u);
  ASSERT_EQ(t->rows[0].size(), 4u);
  EXPECT_EQ(t->at(0, 0)->text, "");
  EXPECT_EQ(t->at(0, 1)->text, "商业\n企业");
  EXPECT_EQ(t->at(0, 2)->text, "科研\n机构");
}

TEST(TextAdapter, ANumberCellIsNeverContinued) {
  const Document d = read_text("\t行政许可\n\t0\n五、存在的主要问题及改进情况\n");
  ASSERT_EQ(d.blocks.size(), 2u);
  EXPECT_EQ(d.blocks[1].kind, BlockKind::Paragraph);
  EXPECT_EQ(d.blocks[1].text, "五、存在的主要问题及改进情况");
}

TEST(TextAdapter, SpansPointAtTheSource) {
  const Document d = read_text("第一行\r\n\t  规章 \r\n\t12\r\n");
  const Table* t = first_table(d);
  ASSERT_NE(t, nullptr);
  const Cell* c = t->at(0, 1);
  EXPECT_EQ(d.text.substr(c->span.begin, c->span.end - c->span.begin), "12");
  EXPECT_EQ(t->at(0, 0)->text, "规章");
  const LineIndex lines(d.text);
  EXPECT_EQ(lines.locate(c->span.begin).line, 3u);
  EXPECT_EQ(lines.locate(c->span.begin).column, 2u);
}

TEST(TextAdapter, DropsDocxBookmarkMarkers) {
  const Document d = read_text("[bookmark: _GoBack]（三）政府信息管理\n");
  ASSERT_EQ(d.blocks.size(), 1u);
  EXPECT_EQ(d.blocks[0].text, "（三）政府信息管理");
}

TEST(TextAdapter, EmptyAndBlankInputGiveNoBlocks) {
  EXPECT_TRUE(read_text("").blocks.empty());
  EXPECT_TRUE(read_text("\n\n   \n").blocks.empty());
}

TEST(TextAdapter, TheLinesItMetPlaceEveryOffsetAsTheTextDoes) {
  // Text extracted from .docx hands the matcher the line starts it met; they must place every
  // offset as the lines found in the text would, with or without a final newline, with \r\n.
  for (std::string text : {std::string("一、总体情况\n\t规章\n\t0\n\n二、主动公开\n"), std::string("\tA\n\tB"),
                           std::string("\t甲\r\n\t乙\r\n\r\n尾"), std::string("\t\n\t\n\n\n")}) {
    const Document doc = read_text(text);
    ASSERT_FALSE(doc.line_starts.empty()) << text;  // text extracted from .docx: two lines or more start with a tab
    const LineIndex given(doc.text, doc.line_starts), found(doc.text);
    for (std::uint32_t offset = 0; offset <= doc.text.size(); ++offset) {
      const Location a = given.locate(offset), b = found.locate(offset);
      EXPECT_EQ(a.line, b.line) << "offset " << offset << " of " << text;
      EXPECT_EQ(a.column, b.column) << "offset " << offset << " of " << text;
    }
  }
}
