// The label knowledge of the matcher: which normalised label names which row, column,
// section or table. Labels arrive normalised by normalize_label().
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "gongkai/grid.hpp"
#include "gongkai/template.hpp"

namespace gongkai::detail {

inline bool contains(std::string_view s, std::string_view part) { return s.find(part) != std::string_view::npos; }

enum class Context { None, T2, T3, T4 };

enum class T2Row { Regulations, Normative, Licensing, OtherServices, Penalty, Coercion, Fees, Procurement, Count };
enum class T2Value { Issued, Repealed, InForce, Decisions, Amount, Made, Published, TotalPublished, PreviousItems, Change, Projects, Count };

std::string_view t2_row_id(T2Row r);
// The table 2 row a row label names, or Count.
T2Row t2_row_of(std::string_view norm);
// The table 2 value a column header names, or Count; `yuan` is set when the header gives the
// unit 元 rather than 万元.
T2Value t2_value_of(std::string_view norm, bool& yuan);
// The column headers a label holds, in the order printed (a crawled page glues them into one).
std::vector<T2Value> t2_values_in(std::string_view norm, bool& yuan);
// The table 2 row a label ends with ("…现行有效件数规章" -> regulations), or Count.
T2Row t2_row_suffix(std::string_view norm);
std::string_view t2_value_id(T2Value v);
bool t2_value_is_2021(T2Value v);
bool t2_value_is_2019(T2Value v);
std::pair<T2Row, T2Value> t2_slot_of(Table2Field f);

// Which table a (normalised) label announces, if any.
Context label_anchor(std::string_view norm);

// Table 3: the column a header cell names (-1 if none), the row a label names.
int t3_col_of(std::string_view norm);
std::optional<Table3Row> t3_row_of(std::string_view norm, std::optional<Table3Row> group);
bool is_other_handling_group(std::string_view norm);
// Labels of groups of rows: 三、本年度办理结果, （三）不予公开, （四）无法提供, （五）不予处理, （六）其他处理.
bool is_t3_group_label(std::string_view norm);

// Table 4: block labels and value labels (-1 if none).
int t4_block_of(std::string_view norm);
int t4_value_of(std::string_view norm);
bool is_litigation_group(std::string_view norm);
// Table 4 labels in the order printed: (position, 0 for a block / 1 for a value, id).
std::vector<std::tuple<std::size_t, int, int>> t4_labels_in(std::string_view norm);

// A cell's text normalised by normalize_label() and classified by the functions above.
struct LabelInfo {
  std::string norm;
  Context anchor = Context::None;            // label_anchor
  std::optional<Table3Row> t3_row;           // t3_row_of(norm, Table3Row::Other)
  int t3_col = -1;                           // t3_col_of
  bool t3_group = false;                     // is_t3_group_label
  bool other_handling = false;               // is_other_handling_group
  T2Row t2_row = T2Row::Count;               // t2_row_of
  T2Value t2_value = T2Value::Count;         // t2_value_of
  bool t2_yuan = false;                      //   and its unit
  int t4_block = -1;                         // t4_block_of
  int t4_value = -1;                         // t4_value_of
  bool litigation = false;                   // is_litigation_group
};

// The LabelInfo of a cell's text. Reports print the same labels over and over, so each distinct
// text is normalised and classified once per thread and kept; the reference stays valid until
// the thread's next call of trim_label_memo().
const LabelInfo& label_info(std::string_view text);
// The LabelInfo of "" (what a cell that reads as a value is as a label), never trimmed.
const LabelInfo& empty_label_info();
// Forgets the labels kept on this thread once they hold more than a few MB; called between
// parses, when no reference from label_info() is in use.
void trim_label_memo();

// Sections: the index 0-5 of the section a paragraph heads, or -1.
int section_heading(std::string_view paragraph, int current);
// The length in bytes of the heading a paragraph starts with ("二、主动公开政府信息情况" of
// "二、主动公开政府信息情况第二十条…"); the whole paragraph when no end of the heading is found.
std::size_t heading_length(std::string_view paragraph);
// Text following the heading in the same paragraph ("一、总体情况 2024年，..."), if any.
std::string heading_remainder(std::string_view paragraph);
// 2021 or 2019 when the text cites the template's notice (国办公开办函〔2021〕30号 / 〔2019〕60号).
int cited_template(std::string_view text);

struct TitleInfo {
  bool found = false;
  std::string title;
  std::string agency;
  int year = 0;
};
// Reads "<agency>YYYY年(度)<agency>政府信息公开工作年度报告" from a candidate title; `previous`
// is the line before it, which holds the agency when the title is split over two lines.
TitleInfo read_title(std::string_view candidate, std::string_view previous);
// The first year ("2024年") a text names, or 0.
int first_year(std::string_view text);
// The agency a sentence opens with after its year ("2020年七里坪镇严格按照…" -> 七里坪镇): a name
// ending in an agency word (人民政府, 局, 镇, ...), not "我乡"/"本局"; empty if none.
std::string agency_in_sentence(std::string_view text);
// The agency a report's signature names: a short closing paragraph "<agency>[ <date>]" (or the
// last sentence of a paragraph, where a crawled page glued the signature on), ending with an
// agency's suffix (局, 人民政府, 委员会, ...); empty when the paragraph is no signature.
std::string agency_in_signature(std::string_view text);
// The year of a statistics period sentence ("统计期限为2024年1月1日至2024年12月31日"), or 0.
int period_year(std::string_view paragraph);

}  // namespace gongkai::detail
