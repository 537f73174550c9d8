#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "gongkai/match/parse.hpp"
#include "gongkai/read/docx.hpp"

namespace gongkai {
namespace {

using Grid = std::vector<std::vector<std::int32_t>>;

const std::string kOpen =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<w:document xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\" "
    "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>";
const std::string kClose = "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/></w:sectPr></w:body></w:document>";

std::string doc_xml(const std::string& body) { return kOpen + body + kClose; }

// A paragraph of one run per piece of text.
std::string para(std::initializer_list<const char*> runs) {
  std::string s = "<w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr>";
  for (const char* r : runs) s += std::string("<w:r><w:rPr><w:b/></w:rPr><w:t>") + r + "</w:t></w:r>";
  return s + "</w:p>";
}

// A cell: tcPr children (gridSpan, vMerge ...) and paragraphs.
std::string tc(const std::string& props, const std::string& content) {
  return "<w:tc><w:tcPr><w:tcW w:w=\"1000\" w:type=\"dxa\"/>" + props + "</w:tcPr>" +
         (content.empty() ? std::string("<w:p/>") : content) + "</w:tc>";
}
std::string tr(const std::string& cells, const std::string& props = "") {
  return "<w:tr>" + (props.empty() ? std::string() : "<w:trPr>" + props + "</w:trPr>") + cells + "</w:tr>";
}
std::string tbl(const std::string& rows) {
  return "<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr><w:tblGrid><w:gridCol w:w=\"1000\"/>"
         "</w:tblGrid>" + rows + "</w:tbl>";
}

std::vector<std::string> paragraphs(const Document& doc) {
  std::vector<std::string> out;
  for (const Block& b : doc.blocks) {
    if (b.kind == BlockKind::Paragraph) out.emplace_back(b.text);
  }
  return out;
}

std::vector<const Table*> tables(const Document& doc) {
  std::vector<const Table*> out;
  for (const Block& b : doc.blocks) {
    if (b.kind == BlockKind::Table) out.push_back(&b.table);
  }
  return out;
}

std::vector<std::string> cell_texts(const Table& t) {
  std::vector<std::string> out;
  for (const Cell& c : t.cells) out.emplace_back(c.text);
  return out;
}

std::string source(const Document& doc, SourceSpan s) { return std::string(doc.text.substr(s.begin, s.end - s.begin)); }

// The invariants every document must keep, whatever the input.
void expect_well_formed(const Document& doc) {
  EXPECT_EQ(doc.format, SourceFormat::Docx);
  for (const Block& b : doc.blocks) {
    EXPECT_LE(b.span.begin, b.span.end);
    EXPECT_LE(b.span.end, doc.text.size());
    if (b.kind == BlockKind::Paragraph) {
      EXPECT_FALSE(b.text.empty());
      continue;
    }
    const Table& t = b.table;
    EXPECT_TRUE(t.geometric);
    for (const auto& row : t.rows) {
      EXPECT_EQ(row.size(), t.rows.front().size());
      for (const std::int32_t i : row) {
        EXPECT_GE(i, -1);
        EXPECT_LT(i, static_cast<std::int32_t>(t.cells.size()));
      }
    }
    for (const Cell& c : t.cells) {
      EXPECT_LE(c.span.begin, c.span.end);
      EXPECT_LE(c.span.end, doc.text.size());
      EXPECT_GE(c.rowspan, 1);
      EXPECT_GE(c.colspan, 1);
    }
  }
}

TEST(DocxAdapter, EmptyInputGivesAnEmptyDocument) {
  const Document doc = read_docx_xml("");
  EXPECT_EQ(doc.format, SourceFormat::Docx);
  EXPECT_TRUE(doc.blocks.empty());
  EXPECT_TRUE(doc.title.empty());
  EXPECT_TRUE(read_docx_xml(doc_xml("")).blocks.empty());
  EXPECT_TRUE(read_docx_xml(doc_xml("<w:p/><w:p><w:pPr/></w:p>")).blocks.empty());
}

TEST(DocxAdapter, JoinsRunsOfAParagraph) {
  const Document doc = read_docx_xml(doc_xml(para({"商业", "企业"}) + para({"一、总体情况"})));
  ASSERT_EQ(paragraphs(doc), (std::vector<std::string>{"商业企业", "一、总体情况"}));
  EXPECT_EQ(doc.format, SourceFormat::Docx);
  EXPECT_TRUE(doc.title.empty());  // the title is the first paragraphs of the body
  const std::string first = source(doc, doc.blocks[0].span);
  EXPECT_EQ(first.substr(0, 6), "商业");
  EXPECT_EQ(first.substr(first.size() - 6), "企业");
  EXPECT_EQ(source(doc, doc.blocks[1].span), "一、总体情况");
}

TEST(DocxAdapter, TabsAndBreaksInRunsButNotInProperties) {
  const Document doc = read_docx_xml(doc_xml(
      "<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"420\"/></w:tabs></w:pPr>"
      "<w:r><w:t xml:space=\"preserve\"> a </w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t><w:cr/>"
      "<w:t>d</w:t><w:ptab w:relativeTo=\"margin\" w:alignment=\"right\" w:leader=\"none\"/>"
      "<w:t>e</w:t><w:noBreakHyphen/><w:t>f</w:t><w:softHyphen/><w:sym w:font=\"Wingdings\" w:char=\"F0FC\"/>"
      "<w:br/></w:r></w:p>"
      "<w:p><w:r><w:tab/><w:t>x</w:t></w:r></w:p>"));
  EXPECT_EQ(paragraphs(doc), (std::vector<std::string>{"a  b\nc\nd e-f", "x"}));
}

TEST(DocxAdapter, WhiteSpaceInTextReadsAsSpacesTrimmedAtTheEnds) {
  const Document doc = read_docx_xml(doc_xml(
      "<w:p><w:r><w:t xml:space=\"preserve\">  1\t6687\r\n</w:t></w:r></w:p>"
      "<w:p><w:r><w:t xml:space=\"preserve\">   </w:t></w:r></w:p>"
      "<w:p>\n  <w:r>\n    <w:t>pretty</w:t>\n  </w:r>\n</w:p>"));
  EXPECT_EQ(paragraphs(doc), (std::vector<std::string>{"1 6687", "pretty"}));
  EXPECT_EQ(source(doc, doc.blocks[0].span), "1\t6687");
}

TEST(DocxAdapter, DecodesXmlEntities) {
  const Document doc = read_docx_xml(doc_xml(
      "<w:p><w:r><w:t>&amp;&lt;&gt;&quot;&apos;&#20013;&#x6587;&#X4E00;|&nbsp;&bogus;&#0;&#xD800;&#x110000;"
      "&#12 &amp</w:t></w:r></w:p>"
      "<w:p><w:r><w:t>a&#32;&#x9;b&#10;</w:t></w:r></w:p>"));
  EXPECT_EQ(paragraphs(doc),
            (std::vector<std::string>{"&<>\"'中文一|&nbsp;&bogus;\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD&#12 &amp", "a  b"}));
  EXPECT_EQ(source(doc, doc.blocks[0].span).substr(0, 5), "&amp;");
}

TEST(DocxAdapter, ReadsCdataAndSkipsCommentsAndProcessingInstructions) {
  const Document doc = read_docx_xml(doc_xml(
      "<!-- <w:p><w:r><w:t>comment</w:t></w:r></w:p> -->"
      "<w:p><w:r><w:t><![CDATA[a&amp;<b>]]>c</w:t></w:r><?pi <w:t>x</w:t>?></w:p>"));
  EXPECT_EQ(paragraphs(doc), (std::vector<std::string>{"a&amp;<b>c"}));
}

TEST(DocxAdapter, SkipsFieldCodesDeletionsHiddenTextAndOldProperties) {
  const Document doc = read_docx_xml(doc_xml(
      "<w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
      "<w:r><w:instrText xml:space=\"preserve\"> PAGE \\* MERGEFORMAT </w:instrText></w:r>"
      "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>3</w:t></w:r>"
      "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
      "<w:del w:id=\"1\" w:author=\"a\"><w:r><w:delText>old</w:delText></w:r></w:del>"
      "<w:ins w:id=\"2\" w:author=\"a\"><w:r><w:t>new</w:t></w:r></w:ins>"
      "<w:moveFrom w:id=\"3\" w:author=\"a\"><w:r><w:t>moved</w:t></w:r></w:moveFrom>"
      "<w:moveTo w:id=\"4\" w:author=\"a\"><w:r><w:t>here</w:t></w:r></w:moveTo>"
      "<w:r><w:rPr><w:vanish/></w:rPr><w:t>hidden</w:t><w:tab/></w:r>"
      "<w:r><w:rPr><w:vanish w:val=\"0\"/></w:rPr><w:t>shown</w:t></w:r>"
      "<w:r><w:rPr><w:b/><w:rPrChange w:id=\"5\"><w:rPr><w:vanish/></w:rPr></w:rPrChange></w:rPr>"
      "<w:t>!</w:t></w:r></w:p>"
      "<w:p><w:pPr><w:rPr><w:del w:id=\"6\" w:author=\"a\"/><w:vanish/></w:rPr></w:pPr>"
      "<w:r><w:t>mark</w:t></w:r></w:p>"));
  EXPECT_EQ(paragraphs(doc), (std::vector<std::string>{"3newhereshown!", "mark"}));
}

TEST(DocxAdapter, ExpandsGridSpanAndVMergeIntoGrid) {
  const std::string t = tbl(
      tr(tc("<w:gridSpan w:val=\"2\"/><w:vMerge w:val=\"restart\"/>", para({"A"})) + tc("", para({"B"}))) +
      tr(tc("<w:gridSpan w:val=\"2\"/><w:vMerge w:val=\"continue\"/>", "") + tc("", para({"C"}))) +
      tr(tc("<w:gridSpan w:val=\"2\"/><w:vMerge/>", "") + tc("<w:vMerge w:val=\"restart\"/>", para({"D"}))) +
      tr(tc("", para({"E"})) + tc("", para({"F"})) + tc("<w:vMerge/>", "")));
  const Document doc = read_docx_xml(doc_xml(para({"before"}) + t + para({"after"})));
  expect_well_formed(doc);
  ASSERT_EQ(doc.blocks.size(), 3u);
  EXPECT_EQ(doc.blocks[0].text, "before");
  EXPECT_EQ(doc.blocks[2].text, "after");
  const Table& table = doc.blocks[1].table;
  EXPECT_EQ(table.rows, (Grid{{0, 0, 1}, {0, 0, 2}, {0, 0, 3}, {4, 5, 3}}));
  EXPECT_EQ(cell_texts(table), (std::vector<std::string>{"A", "B", "C", "D", "E", "F"}));
  EXPECT_EQ(table.cells[0].rowspan, 3);
  EXPECT_EQ(table.cells[0].colspan, 2);
  EXPECT_EQ(table.cells[3].rowspan, 2);
  EXPECT_EQ(table.cells[3].colspan, 1);
  EXPECT_EQ(source(doc, table.cells[1].span), "B");
  EXPECT_EQ(source(doc, table.span).substr(0, 7), "<w:tbl>");
  EXPECT_EQ(source(doc, table.span).substr(source(doc, table.span).size() - 8), "</w:tbl>");
  EXPECT_EQ(source(doc, doc.blocks[1].span), source(doc, table.span));
}

TEST(DocxAdapter, ContinueWithoutACellAboveIsACellOfItsOwn) {
  const Document doc = read_docx_xml(doc_xml(
      tbl(tr(tc("<w:vMerge/>", para({"x"})) + tc("", para({"y"}))) +
          tr(tc("", para({"z"})) + tc("", "") + tc("<w:vMerge/>", para({"w"}))))));
  expect_well_formed(doc);
  const Table& table = *tables(doc).at(0);
  EXPECT_EQ(table.rows, (Grid{{0, 1, -1}, {2, 3, 4}}));
  EXPECT_EQ(cell_texts(table), (std::vector<std::string>{"x", "y", "z", "", "w"}));
}

TEST(DocxAdapter, TextInAContinuedCellJoinsTheMergedCell) {
  const Document doc = read_docx_xml(doc_xml(
      tbl(tr(tc("<w:vMerge w:val=\"restart\"/>", para({"上"}))) + tr(tc("<w:vMerge/>", para({"下"}))))));
  const Table& table = *tables(doc).at(0);
  EXPECT_EQ(table.rows, (Grid{{0}, {0}}));
  EXPECT_EQ(table.cells[0].text, "上\n下");
  EXPECT_EQ(table.cells[0].rowspan, 2);
}

TEST(DocxAdapter, LegacyHMergeExtendsTheCellToItsLeft) {
  const Document doc = read_docx_xml(doc_xml(
      tbl(tr(tc("<w:hMerge w:val=\"restart\"/>", para({"wide"})) + tc("<w:hMerge/>", "") + tc("", para({"n"}))))));
  const Table& table = *tables(doc).at(0);
  EXPECT_EQ(table.rows, (Grid{{0, 0, 1}}));
  EXPECT_EQ(table.cells[0].colspan, 2);
}

TEST(DocxAdapter, GridBeforeAndGridAfterLeaveHoles) {
  const Document doc = read_docx_xml(doc_xml(tbl(
      tr(tc("", para({"a"})) + tc("", para({"b"})) + tc("", para({"c"})) + tc("", para({"d"}))) +
      tr(tc("<w:gridSpan w:val=\"2\"/>", para({"e"})), "<w:gridBefore w:val=\"1\"/><w:gridAfter w:val=\"1\"/>") +
      tr(tc("", para({"f"})), "<w:gridBefore w:val=\"2\"/><w:wBefore w:w=\"2000\" w:type=\"dxa\"/>") +
      tr(tc("", para({"g"})), "<w:gridAfter w:val=\"4\"/>"))));
  expect_well_formed(doc);
  const Table& table = *tables(doc).at(0);
  EXPECT_EQ(table.rows, (Grid{{0, 1, 2, 3, -1}, {-1, 4, 4, -1, -1}, {-1, -1, 5, -1, -1}, {6, -1, -1, -1, -1}}));
}

TEST(DocxAdapter, VMergeFollowsGridColumnsAcrossHoles) {
  const Document doc = read_docx_xml(doc_xml(tbl(
      tr(tc("", para({"a"})) + tc("<w:vMerge w:val=\"restart\"/>", para({"b"}))) +
      tr(tc("<w:vMerge/>", ""), "<w:gridBefore w:val=\"1\"/>"))));
  const Table& table = *tables(doc).at(0);
  EXPECT_EQ(table.rows, (Grid{{0, 1}, {-1, 1}}));
  EXPECT_EQ(table.cells[1].rowspan, 2);
}

TEST(DocxAdapter, JoinsCellParagraphsAndKeepsEmptyCellSpans) {
  const Document doc = read_docx_xml(doc_xml(tbl(tr(
      tc("", para({"商业"}) + "<w:p/>" + para({"企业"})) + tc("", "<w:p><w:r><w:t>1</w:t><w:br/><w:t>2</w:t></w:r></w:p>") +
      "<w:tc><w:p/></w:tc>"))));
  expect_well_formed(doc);
  const Table& table = *tables(doc).at(0);
  EXPECT_EQ(cell_texts(table), (std::vector<std::string>{"商业\n企业", "1\n2", ""}));
  const std::string s0 = source(doc, table.cells[0].span);
  EXPECT_EQ(s0.substr(0, 6), "商业");
  EXPECT_EQ(s0.substr(s0.size() - 6), "企业");
  EXPECT_EQ(source(doc, table.cells[2].span), "<w:p/>");
}

TEST(DocxAdapter, NestedTableIsABlockOfItsOwn) {
  const std::string inner = tbl(tr(tc("", para({"in1"})) + tc("", para({"in2"}))));
  const Document doc = read_docx_xml(doc_xml(
      tbl(tr(tc("", para({"x"}) + inner + para({"z"})) + tc("", para({"y"})))) + para({"end"})));
  expect_well_formed(doc);
  ASSERT_EQ(doc.blocks.size(), 3u);
  ASSERT_EQ(doc.blocks[0].kind, BlockKind::Table);
  ASSERT_EQ(doc.blocks[1].kind, BlockKind::Table);
  EXPECT_EQ(cell_texts(doc.blocks[0].table), (std::vector<std::string>{"x\nz", "y"}));
  EXPECT_EQ(doc.blocks[0].table.rows, (Grid{{0, 1}}));
  EXPECT_EQ(cell_texts(doc.blocks[1].table), (std::vector<std::string>{"in1", "in2"}));
  EXPECT_EQ(doc.blocks[2].text, "end");
  EXPECT_LT(doc.blocks[0].span.begin, doc.blocks[1].span.begin);
  EXPECT_GT(doc.blocks[0].span.end, doc.blocks[1].span.end);
}

TEST(DocxAdapter, ReadsOneBranchOfAlternateContent) {
  const std::string box = "<w:txbxContent>" + para({"框内"}) + "</w:txbxContent>";
  const std::string alt =
      "<mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wp:anchor><a:graphic><a:graphicData>"
      "<wps:wsp><wps:txbx>" + box + "</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>"
      "</mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>" + box +
      "</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent>";
  const Document doc = read_docx_xml(doc_xml(
      "<w:p><w:r><w:t>前</w:t></w:r><w:r>" + alt + "</w:r><w:r><w:t>后</w:t></w:r></w:p>" +
      "<w:p><w:r><mc:AlternateContent><mc:Fallback><w:t>fallback</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>"));
  expect_well_formed(doc);
  EXPECT_EQ(paragraphs(doc), (std::vector<std::string>{"框内", "前后", "fallback"}));
}

TEST(DocxAdapter, TextBoxInACellJoinsTheCell) {
  const Document doc = read_docx_xml(doc_xml(tbl(tr(tc(
      "", "<w:p><w:r><w:t>a</w:t></w:r><w:r><w:pict><v:textbox><w:txbxContent>" + para({"b"}) +
              "</w:txbxContent></v:textbox></w:pict></w:r></w:p>")))));
  EXPECT_EQ(cell_texts(*tables(doc).at(0)), (std::vector<std::string>{"b\na"}));
}

TEST(DocxAdapter, DropsDeletedRowsAndIgnoresOldCellProperties) {
  const Document doc = read_docx_xml(doc_xml(tbl(
      tr(tc("<w:vMerge w:val=\"restart\"/>", para({"a"})) + tc("", para({"b"}))) +
      tr(tc("", para({"gone"})) + tc("", para({"gone"})), "<w:del w:id=\"1\" w:author=\"x\" w:date=\"2024-01-01T00:00:00Z\"/>") +
      tr(tc("<w:vMerge/><w:tcPrChange w:id=\"2\"><w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr></w:tcPrChange>", "") +
         tc("", para({"c"}))))));
  expect_well_formed(doc);
  const Table& table = *tables(doc).at(0);
  EXPECT_EQ(table.rows, (Grid{{0, 1}, {0, 2}}));
  EXPECT_EQ(cell_texts(table), (std::vector<std::string>{"a", "b", "c"}));
}

TEST(DocxAdapter, ReadsTheNamespacePrefixTheRootDeclares) {
  const std::string xml =
      "<ns0:document xmlns:ns0=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><ns0:body>"
      "<ns0:p><ns0:r><ns0:t>yes</ns0:t></ns0:r></ns0:p><w:p><w:r><w:t>no</w:t></w:r></w:p>"
      "</ns0:body></ns0:document>";
  EXPECT_EQ(paragraphs(read_docx_xml(xml)), (std::vector<std::string>{"yes"}));
  const std::string strict =
      "<document xmlns=\"http://purl.oclc.org/ooxml/wordprocessingml/main\"><body>"
      "<p><r><t>strict</t></r></p></body></document>";
  EXPECT_EQ(paragraphs(read_docx_xml(strict)), (std::vector<std::string>{"strict"}));
}

TEST(DocxAdapter, MalformedStructureIsRepaired) {
  // Missing </w:p>, </w:tc> and </w:tr>; text outside any paragraph; stray end tags.
  const Document doc = read_docx_xml(doc_xml(
      "</w:p></w:tc></w:tr></w:tbl><w:r><w:t>loose</w:t></w:r>" + para({"p"}) +
      "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>a</w:t></w:r><w:tc><w:r><w:t>b</w:t></w:r><w:tr><w:tc><w:p><w:r><w:t>c"
      "</w:t></w:r></w:tbl>" + para({"q"})));
  expect_well_formed(doc);
  ASSERT_EQ(doc.blocks.size(), 4u);
  EXPECT_EQ(doc.blocks[0].text, "loose");
  EXPECT_EQ(doc.blocks[1].text, "p");
  EXPECT_EQ(doc.blocks[2].table.rows, (Grid{{0, 1}, {2, -1}}));
  EXPECT_EQ(cell_texts(doc.blocks[2].table), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(doc.blocks[3].text, "q");
}

std::string sample_document() {
  const std::string t = tbl(
      tr(tc("<w:gridSpan w:val=\"3\"/><w:vMerge w:val=\"restart\"/>", para({"（本列数据的勾稽关系", "为：…）"})) +
         tc("<w:gridSpan w:val=\"7\"/>", para({"申请人情况"}))) +
      tr(tc("<w:gridSpan w:val=\"3\"/><w:vMerge/>", "") + tc("<w:vMerge w:val=\"restart\"/>", para({"自然人"})) +
         tc("<w:gridSpan w:val=\"5\"/>", para({"法人或其他组织"})) + tc("<w:vMerge w:val=\"restart\"/>", para({"总计"}))) +
      tr(tc("<w:gridSpan w:val=\"3\"/><w:vMerge/>", "") + tc("<w:vMerge/>", "") + tc("", para({"商业"}) + para({"企业"})) +
         tc("", para({"科研&amp;机构"})) + tc("", "") + tc("", "") + tc("", "") + tc("<w:vMerge/>", "")));
  return doc_xml(para({"某县人民政府", "2024年政府信息公开工作年度报告"}) + t + para({"end"}));
}

TEST(DocxAdapter, TruncatedXmlNeverBreaksTheModel) {
  const std::string full = sample_document();
  for (std::size_t n = 0; n <= full.size(); ++n) {
    const Document doc = read_docx_xml(full.substr(0, n));
    expect_well_formed(doc);
    if (::testing::Test::HasFailure()) {
      ADD_FAILURE() << "truncated at " << n;
      return;
    }
  }
  const Document doc = read_docx_xml(full);
  const Table& t = *tables(doc).at(0);
  EXPECT_EQ(t.rows, (Grid{{0, 0, 0, 1, 1, 1, 1, 1, 1, 1},
                          {0, 0, 0, 2, 3, 3, 3, 3, 3, 4},
                          {0, 0, 0, 2, 5, 6, 7, 8, 9, 4}}));
  EXPECT_EQ(t.cells[5].text, "商业\n企业");
  EXPECT_EQ(t.cells[6].text, "科研&机构");
}

TEST(DocxAdapter, RandomGarbageNeverBreaksTheModel) {
  const std::vector<std::string> tokens = {
      "<w:p>", "</w:p>", "<w:p/>", "<w:r>", "</w:r>", "<w:t>", "</w:t>", "<w:t/>", "<w:tab/>", "<w:br/>",
      "<w:tbl>", "</w:tbl>", "<w:tr>", "</w:tr>", "<w:tc>", "</w:tc>", "<w:tc/>", "<w:tcPr>", "</w:tcPr>",
      "<w:trPr>", "</w:trPr>", "<w:gridSpan w:val=\"3\"/>", "<w:gridSpan w:val=\"99999999999\"/>",
      "<w:vMerge/>", "<w:vMerge w:val=\"restart\"/>", "<w:hMerge/>", "<w:gridBefore w:val=\"2\"/>",
      "<w:gridAfter w:val=\"1000\"/>", "<w:del>", "</w:del>", "<w:del/>", "<w:vanish/>",
      "<mc:AlternateContent>", "</mc:AlternateContent>", "<mc:Choice>", "</mc:Choice>", "<mc:Fallback>",
      "</mc:Fallback>", "<w:txbxContent>", "<w:rPrChange>", "</w:rPrChange>", "<!--", "-->", "<![CDATA[",
      "]]>", "<?", "?>", "&amp;", "&#x4e00;", "&", "<", ">", "\"", "'", "文字", "1", " ", "\n", "<w:t x=\"",
      "/>", "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"};
  std::mt19937 rng(20250120);
  std::uniform_int_distribution<std::size_t> pick(0, tokens.size() - 1);
  std::uniform_int_distribution<int> len(0, 400);
  for (int iter = 0; iter < 3000; ++iter) {
    std::string s;
    const int n = len(rng);
    for (int k = 0; k < n; ++k) s += tokens[pick(rng)];
    const Document doc = read_docx_xml(s);
    expect_well_formed(doc);
    if (::testing::Test::HasFailure()) {
      ADD_FAILURE() << "input: " << s;
      return;
    }
  }
}

TEST(DocxAdapter, NulBytesAreReadLikeAnyOtherByte) {
  const std::string nul(1, '\0');
  const std::string xml =
      doc_xml("<w:p" + nul + "><w:r><w:t>a" + nul + "b</w:t></w:r></w:p><w:p><w:r><w:t>c</w:t></w:r></w:p>");
  const Document doc = read_docx_xml(xml);
  expect_well_formed(doc);
  EXPECT_EQ(paragraphs(doc), (std::vector<std::string>{"a" + nul + "b", "c"}));
  for (std::size_t n = 0; n <= xml.size(); ++n) expect_well_formed(read_docx_xml(xml.substr(0, n)));
}

TEST(DocxAdapter, HostileNestingAndSpansStayLinear) {
  // Deep nesting is cut at 64 levels (32 tables, each in a paragraph of a cell of the one
  // before); huge spans stop at the slot budget. Each input is a few MB: a quadratic reader
  // would not finish.
  std::string deep;
  for (int k = 0; k < 200000; ++k) deep += "<w:tbl><w:tr><w:tc><w:p>";
  Document doc = read_docx_xml(deep);
  expect_well_formed(doc);
  EXPECT_EQ(tables(doc).size(), 32u);

  std::string wide = "<w:tbl>";
  for (int k = 0; k < 20000; ++k) wide += "<w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"1000\"/></w:tcPr></w:tc></w:tr>";
  wide += "</w:tbl>";
  doc = read_docx_xml(wide);
  expect_well_formed(doc);
  std::size_t slots = 0;
  for (const auto& row : tables(doc).at(0)->rows) slots += row.size();
  EXPECT_LE(slots, (std::size_t{1} << 22) + wide.size());

  std::string merges = "<w:tbl>";
  for (int k = 0; k < 50000; ++k) merges += "<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr>";
  merges += "</w:tbl>";
  doc = read_docx_xml(merges);
  ASSERT_EQ(tables(doc).size(), 1u);
  EXPECT_EQ(tables(doc)[0]->cells.size(), 1u);
  EXPECT_EQ(tables(doc)[0]->cells[0].rowspan, 50000);

  const std::string unclosed = "<w:p><w:r><w:t>" + std::string(1 << 20, 'x') + "<w:r attr=\"never closed";
  doc = read_docx_xml(unclosed);
  ASSERT_EQ(paragraphs(doc).size(), 1u);
  EXPECT_EQ(paragraphs(doc)[0].size(), std::size_t{1} << 20);
}

TEST(DocxAdapter, ReadDocumentSniffsWordprocessingMl) {
  const std::string xml = sample_document();
  EXPECT_EQ(sniff_format(xml), FormatHint::Docx);
  const Document doc = read_document(xml);
  EXPECT_EQ(doc.format, SourceFormat::Docx);
  EXPECT_EQ(paragraphs(doc).front(), "某县人民政府2024年政府信息公开工作年度报告");
  EXPECT_EQ(read_document(xml, FormatHint::Docx).blocks.size(), doc.blocks.size());
}

}  // namespace
}  // namespace gongkai
