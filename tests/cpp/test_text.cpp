#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include "detail/labels.hpp"
#include "detail/traditional.hpp"
#include "gongkai/error.hpp"
#include "gongkai/read/decode.hpp"
#include "gongkai/template.hpp"
#include "gongkai/text.hpp"

using namespace gongkai;

TEST(ReadValue, ReadsIntegersDecimalsAndFullWidthDigits) {
  EXPECT_EQ(read_value("0").state, CellState::Value);
  EXPECT_EQ(read_value("0").value, 0.0);
  EXPECT_TRUE(read_value("217").is_integer);
  EXPECT_EQ(read_value("２１７").value, 217.0);
  EXPECT_EQ(read_value(" 1,234 ").value, 1234.0);
  EXPECT_EQ(read_value("18651.06").value, 18651.06);
  EXPECT_FALSE(read_value("18651.06").is_integer);
  EXPECT_EQ(read_value("24252.311082").value, 24252.311082);
  EXPECT_EQ(read_value("-18").value, -18.0);
  EXPECT_EQ(read_value("－18").value, -18.0);
}

TEST(ReadValue, KeepsMissingMarkersApart) {
  EXPECT_EQ(read_value("").state, CellState::Blank);
  EXPECT_EQ(read_value(" \t\u3000").state, CellState::Blank);
  EXPECT_EQ(read_value("\u00a0").state, CellState::Blank);
  EXPECT_EQ(read_value("/").state, CellState::Slash);
  EXPECT_EQ(read_value("／").state, CellState::Slash);
  EXPECT_EQ(read_value("-").state, CellState::Dash);
  EXPECT_EQ(read_value("—").state, CellState::Dash);
  EXPECT_EQ(read_value("——").state, CellState::Dash);
  EXPECT_EQ(read_value("无").state, CellState::Nil);
  EXPECT_EQ(read_value("0").state, CellState::Value);
}

TEST(ReadValue, AcceptsUnitsAndRemarks) {
  const CellValue v = read_value("3件");
  EXPECT_EQ(v.state, CellState::Value);
  EXPECT_EQ(v.value, 3.0);
  EXPECT_TRUE(v.has_unit);
  const CellValue yuan = read_value("251000元");
  EXPECT_EQ(yuan.value, 251000.0);
  EXPECT_TRUE(yuan.yuan);
  EXPECT_FALSE(read_value("25.1万元").yuan);
  EXPECT_EQ(read_value("22（其中修订16件）").value, 22.0);
  EXPECT_EQ(read_value("55(含自然失效29件)").value, 55.0);
}

TEST(ReadValue, TextIsUnreadableNotZero) {
  EXPECT_EQ(read_value("规章").state, CellState::Text);
  EXPECT_EQ(read_value("1 6687").state, CellState::Text);  // a split number is not guessed
  EXPECT_EQ(read_value("12,34").state, CellState::Text);   // not a thousands grouping
  EXPECT_EQ(read_value("3.").state, CellState::Text);
  EXPECT_EQ(read_value("约5").state, CellState::Text);
  EXPECT_EQ(read_value("1.属于国家秘密").state, CellState::Text);
}

TEST(ReadValue, NumbersBeyondWhatADoubleHoldsExactlyAreText) {
  // 15 digits are exact; more would come back rounded (1e20 + 16384 for twenty 9s)
  EXPECT_EQ(read_value("999999999999999").value, 999999999999999.0);
  EXPECT_EQ(read_value("9999999999999999").state, CellState::Text);
  EXPECT_EQ(read_value("99999999999999999999").state, CellState::Text);
  EXPECT_EQ(read_value("1,000,000,000,000,000").state, CellState::Text);
  EXPECT_EQ(read_value("１２３４５６７８９０１２３４５６").state, CellState::Text);
  EXPECT_EQ(read_value("1" + std::string(200, '0')).state, CellState::Text);
}

TEST(NormalizeLabel, FoldsWidthSpacesBracketsAndTraditional) {
  EXPECT_EQ(normalize_label("（一）予以公开"), "(一)予以公开");
  EXPECT_EQ(normalize_label("社会\n公益\n组织"), "社会公益组织");
  EXPECT_EQ(normalize_label("商 业\u3000企\u00a0业"), "商业企业");
  EXPECT_EQ(normalize_label("３．危及“三安全一稳定”"), "3.危及\"三安全一稳定\"");
  EXPECT_EQ(normalize_label("國辦公開辦函〔2021〕30號"), "国办公开办函(2021)30号");
  EXPECT_EQ(normalize_label("總計"), "总计");
}

TEST(NormalizeLabel, FoldsTraditionalCharactersAsSimplifiedOnes) {
  // rows, a heading and an agency as converted flipbooks print them
  EXPECT_EQ(normalize_label("1.屬於國家秘密"), "1.属于国家秘密");
  EXPECT_EQ(normalize_label("4.無正當理由大量反覆申請"), "4.无正当理由大量反复申请");
  EXPECT_EQ(normalize_label("政府集中採購"), "政府集中采购");
  EXPECT_EQ(normalize_label("四、政府信息公開行政複議、行政訴訟情況"), "四、政府信息公开行政复议、行政诉讼情况");
  EXPECT_EQ(normalize_label("豐水市梅興區人民政府"), "丰水市梅兴区人民政府");
  EXPECT_EQ(normalize_label("答覆 聯繫 關係 製作 峯 羣 祕 爲 衆 臺 託 遊 贛 賬"), "答复联系关系制作峰群秘为众台托游赣账");
  // variants of Taiwan and Hong Kong (啟 for 啓) and a chain (薴 -> 苧 -> 苎)
  EXPECT_EQ(normalize_label("啟動 薴"), "启动苎");
  // simplified text stays as it is, 么 (which Taiwan's variants write for 幺) too
  EXPECT_EQ(normalize_label("什么 后面 干部 覆盖"), "什么后面干部复盖");  // 覆 folds as in 反覆
  EXPECT_EQ(simplified(U'國'), U'国');
  EXPECT_EQ(simplified(U'国'), U'国');
  EXPECT_EQ(simplified(U'a'), U'a');
  EXPECT_EQ(simplified(0x20000), char32_t{0x20000});
}

TEST(Simplified, FoldsEveryCharacterOfTheTableOnce) {
  for (const detail::TraditionalPair& p : detail::kTraditional) {
    EXPECT_EQ(simplified(p.traditional), char32_t{p.simplified}) << static_cast<unsigned>(p.traditional);
    EXPECT_EQ(simplified(p.simplified), char32_t{p.simplified}) << "folds twice: " << static_cast<unsigned>(p.traditional);
  }
  std::size_t folded = 0;
  for (char32_t c = 0x3400; c <= 0x9FFF; ++c) folded += simplified(c) != c;
  EXPECT_EQ(folded, std::size(detail::kTraditional));
}

TEST(NormalizeLabel, EveryTemplateLabelReadsTheSameFolded) {
  std::vector<std::string_view> labels;
  for (int r = 0; r < static_cast<int>(Table3Row::Count); ++r) labels.push_back(table3_row_label(static_cast<Table3Row>(r)));
  for (int c = 0; c < kTable3Cols; ++c) labels.push_back(table3_col_label(static_cast<Table3Col>(c)));
  for (int b = 0; b < kTable4Blocks; ++b) labels.push_back(table4_block_label(static_cast<Table4Block>(b)));
  for (int v = 0; v < kTable4Values; ++v) labels.push_back(table4_value_label(static_cast<Table4Value>(v)));
  for (int f = 0; f < static_cast<int>(Table2Field::Count); ++f) {
    labels.push_back(table2_field_info(static_cast<Table2Field>(f)).row_label);
    labels.push_back(table2_field_info(static_cast<Table2Field>(f)).value_label);
  }
  for (int k = 0; k < kSections; ++k) labels.push_back(section_label(k));
  for (std::string_view label : labels) {
    ASSERT_FALSE(label.empty());
    EXPECT_EQ(fold_traditional(label), label) << "a simplified label changes when folded: " << label;
  }
}

TEST(FoldTraditional, KeepsEveryByteOffset) {
  const std::string printed = "二、主動公開政府信息情況 (ａ)\xff 統計期限";
  const std::string folded = fold_traditional(printed);
  EXPECT_EQ(folded, "二、主动公开政府信息情况 (ａ)\xff 统计期限");
  EXPECT_EQ(folded.size(), printed.size());
  EXPECT_EQ(folded.find("统计"), printed.find("統計"));
  EXPECT_EQ(fold_traditional(""), "");
  EXPECT_EQ(fold_traditional("\xe5\x9c"), "\xe5\x9c");  // a cut code point stays as it is
}

TEST(Labels, ReadTitlesHeadingsAndPeriodsInTraditionalCharacters) {
  const detail::TitleInfo t = detail::read_title("豐水市梅興區人民政府2024年政府信息公開工作年度報告", {});
  ASSERT_TRUE(t.found);
  EXPECT_EQ(t.agency, "丰水市梅兴区人民政府");  // a key to group by: all simplified, never half
  EXPECT_EQ(t.year, 2024);
  EXPECT_EQ(detail::section_heading("二、主動公開政府信息情況", -1), 1);
  EXPECT_EQ(detail::section_heading("四、政府信息公開行政複議、行政訴訟情況", -1), 3);
  EXPECT_EQ(detail::heading_remainder("一、總體情況 2024年，本區認真落實"), "2024年，本區認真落實");  // as printed
  EXPECT_EQ(detail::period_year("本報告統計期限為2024年1月1日至2024年12月31日。"), 2024);
  EXPECT_EQ(detail::cited_template("按照國辦公開辦函〔2021〕30號的要求"), 2021);
}

TEST(Decode, TakesUtf8AndStripsBom) {
  EXPECT_EQ(decode("\xEF\xBB\xBF规章").text, "规章");
  EXPECT_EQ(decode("规章").encoding, Encoding::Utf8);
}

TEST(Decode, ReadsGbkAsGb18030) {
  // "规章" in GBK
  const Decoded d = decode("\xB9\xE6\xD5\xC2");
  EXPECT_EQ(d.text, "规章");
  EXPECT_EQ(d.encoding, Encoding::Gb18030);
}

TEST(Decode, ReadsUtf16AfterItsByteOrderMark) {
  // "规章 1" little and big endian; "𠀀" (U+20000) as a surrogate pair
  const Decoded le = decode(std::string("\xFF\xFE\xC4\x89\xE0\x7A\x20\x00\x31\x00", 10));
  EXPECT_EQ(le.text, "规章 1");
  EXPECT_EQ(le.encoding, Encoding::Utf16);
  EXPECT_EQ(le.replaced, 0u);
  EXPECT_EQ(decode(std::string("\xFE\xFF\x89\xC4\x7A\xE0", 6)).text, "规章");
  EXPECT_EQ(decode(std::string("\xFF\xFE\x40\xD8\x00\xDC", 6)).text, "\xF0\xA0\x80\x80");
  // an unpaired surrogate and a dangling byte: U+FFFD, counted
  const Decoded bad = decode(std::string("\xFF\xFE\x00\xD8\x31\x00\x32", 7));
  EXPECT_EQ(bad.text, "\xEF\xBF\xBD" "1\xEF\xBF\xBD");
  EXPECT_EQ(bad.replaced, 2u);
}

TEST(Decode, AUtf8TextWithALineInGbkKeepsItsUtf8AndSaysWhereTheDamageBegins) {
  std::string text;
  for (int i = 0; i < 20; ++i) text += "第" + std::to_string(i) + "行：本机关认真落实政府信息公开条例。\n";
  const std::size_t at = text.size();
  text += "\xB9\xE6\xD5\xC2\xB9\xE6\xD5\xC2\n";  // "规章规章" in GBK: neither UTF-8 nor, in this text, GB18030
  text += "最后一行。";
  const Decoded d = decode(text);
  EXPECT_EQ(d.encoding, Encoding::Utf8);
  EXPECT_GT(d.replaced, 0u);
  EXPECT_EQ(d.first_replaced, at);
  EXPECT_NE(d.text.find("最后一行。"), std::string::npos);
}

TEST(Decode, RejectsBinary) {
  EXPECT_THROW(decode(std::string("ab\0cd", 5)), EncodingError);
  EXPECT_THROW(decode("\x81"), EncodingError);  // a lone GB18030 lead byte
}

TEST(Utf8, ValidatesAndCounts) {
  EXPECT_TRUE(is_valid_utf8("abc规章"));
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));        // overlong
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));    // surrogate
  EXPECT_FALSE(is_valid_utf8("\xE8\xA7"));        // truncated
  EXPECT_EQ(count_code_points("a规章"), 3u);
}

TEST(Decode, RepairsAFewDamagedUtf8Sequences) {
  std::string text;
  for (int k = 0; k < 100; ++k) text += "规章行政许可";
  text[10] = '\xFF';  // one damaged byte in 1800
  const Decoded d = decode(text);
  EXPECT_EQ(d.encoding, Encoding::Utf8);
  EXPECT_GE(d.replaced, 1u);
  EXPECT_TRUE(is_valid_utf8(d.text));
  EXPECT_TRUE(is_valid_utf8(decode(text + "\xC1\xBF" + text).text));  // an overlong form is damage too
  EXPECT_NE(d.text.find("\xEF\xBF\xBD"), std::string::npos);
  EXPECT_NE(d.text.find("行政许可"), std::string::npos);
}

TEST(FindNewline, AgreesWithASearchByteByByte) {
  // Every place of a newline and every start, over lines shorter and longer than the part
  // looked at in a register, with bytes that differ from '\n' in one bit (0x0B, 0x8A) around.
  for (std::size_t size : {0u, 1u, 7u, 8u, 9u, 63u, 64u, 65u, 200u}) {
    for (std::size_t at = 0; at <= size; ++at) {
      std::string s(size, '\x0B');
      for (std::size_t k = 0; k < size; k += 3) s[k] = '\x8A';
      if (at < size) s[at] = '\n';
      for (std::size_t from = 0; from <= size; ++from) {
        const std::size_t want = s.find('\n', from) == std::string::npos ? size : s.find('\n', from);
        ASSERT_EQ(find_newline(s, from), want) << "size " << size << ", newline at " << at << ", from " << from;
      }
    }
  }
}

TEST(LabelInfo, EachTextIsClassifiedAsItsFunctionsSay) {
  // The kept classification of a text is what the label functions say of its normal form,
  // whether asked for the first time or again.
  for (int round = 0; round < 2; ++round) {
    for (std::string_view text : {"（一）本年新收政府信息公开申请数量", "3.其他", "其他", "（六）其他处理", "自然人",
                                  "本年制发件数", "收费金额（元）", "规章", "行政复议", "结果维持", "行政诉讼", "",
                                  "三、本年度办理结果", "未经复议直接起诉", "總計"}) {
      const detail::LabelInfo& l = detail::label_info(text);
      const std::string n = normalize_label(text);
      EXPECT_EQ(l.norm, n);
      EXPECT_EQ(l.anchor, detail::label_anchor(n)) << text;
      EXPECT_EQ(l.t3_row, detail::t3_row_of(n, Table3Row::Other)) << text;
      EXPECT_EQ(l.t3_col, detail::t3_col_of(n)) << text;
      EXPECT_EQ(l.t3_group, detail::is_t3_group_label(n)) << text;
      EXPECT_EQ(l.other_handling, detail::is_other_handling_group(n)) << text;
      EXPECT_EQ(l.t2_row, detail::t2_row_of(n)) << text;
      bool yuan = false;
      EXPECT_EQ(l.t2_value, detail::t2_value_of(n, yuan)) << text;
      EXPECT_EQ(l.t2_yuan, yuan) << text;
      EXPECT_EQ(l.t4_block, detail::t4_block_of(n)) << text;
      EXPECT_EQ(l.t4_value, detail::t4_value_of(n)) << text;
      EXPECT_EQ(l.litigation, detail::is_litigation_group(n)) << text;
    }
    detail::trim_label_memo();
  }
}
