// Cutting a line of text whose cell borders were lost into label and number tokens.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace gongkai::detail {

struct TokenSpan {
  std::size_t begin, end;  // byte offsets into the text
};

// The tokens of src[begin, end): split at white space and '|'; a piece mixing labels and
// numbers ("行政规范性文件6233440", "规章000行政规范性文件") is cut between them, except in
// brackets ("（其中修订16件）"), in numbers with a text unit ("2024年") and in item numbers
// ("2.其他法律…", whose digit a glued value run ends with: "40000042.其他法律").
// A page number alone on its line ("- 3 -", "—4—", "第4页").
bool is_page_number_line(std::string_view line);

// A sentence of prose rather than a row of a table: a full stop, or two commas, outside
// brackets, and at least 15 Chinese characters. (Rows of tables with numbers are not asked.)
bool is_prose(std::string_view line);

void tokenize_line(std::string_view src, std::size_t begin, std::size_t end, std::vector<TokenSpan>& out);

}  // namespace gongkai::detail
