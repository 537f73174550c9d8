#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "gongkai/error.hpp"
#include "gongkai/read/decode.hpp"
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

TEST(NormalizeLabel, FoldsWidthSpacesBracketsAndTraditional) {
  EXPECT_EQ(normalize_label("（一）予以公开"), "(一)予以公开");
  EXPECT_EQ(normalize_label("社会\n公益\n组织"), "社会公益组织");
  EXPECT_EQ(normalize_label("商 业\u3000企\u00a0业"), "商业企业");
  EXPECT_EQ(normalize_label("３．危及“三安全一稳定”"), "3.危及\"三安全一稳定\"");
  EXPECT_EQ(normalize_label("國辦公開辦函〔2021〕30號"), "国办公开办函(2021)30號");
  EXPECT_EQ(normalize_label("總計"), "总计");
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
