#include "gongkai/template.hpp"

#include <array>

namespace gongkai {

std::string_view template_name(TemplateId t) {
  switch (t) {
    case TemplateId::None: return "none";
    case TemplateId::T2019: return "2019";
    case TemplateId::T2021: return "2021";
  }
  return "none";
}

namespace {

constexpr std::array<Table2FieldInfo, static_cast<std::size_t>(Table2Field::Count)> kTable2Fields{{
    {"regulations", "issued", "规章", "本年制发件数", false},
    {"regulations", "repealed", "规章", "本年废止件数", false},
    {"regulations", "in_force", "规章", "现行有效件数", false},
    {"normative_documents", "issued", "行政规范性文件", "本年制发件数", false},
    {"normative_documents", "repealed", "行政规范性文件", "本年废止件数", false},
    {"normative_documents", "in_force", "行政规范性文件", "现行有效件数", false},
    {"licensing", "decisions", "行政许可", "本年处理决定数量", false},
    {"penalty", "decisions", "行政处罚", "本年处理决定数量", false},
    {"coercion", "decisions", "行政强制", "本年处理决定数量", false},
    {"fees", "amount", "行政事业性收费", "本年收费金额（单位：万元）", true},
    {"regulations", "made", "规章", "本年新制作数量", false},
    {"regulations", "published", "规章", "本年新公开数量", false},
    {"regulations", "total_published", "规章", "对外公开总数量", false},
    {"normative_documents", "made", "规范性文件", "本年新制作数量", false},
    {"normative_documents", "published", "规范性文件", "本年新公开数量", false},
    {"normative_documents", "total_published", "规范性文件", "对外公开总数量", false},
    {"licensing", "previous_items", "行政许可", "上一年项目数量", false},
    {"licensing", "change", "行政许可", "本年增/减", false},
    {"licensing", "decisions", "行政许可", "处理决定数量", false},
    {"other_services", "previous_items", "其他对外管理服务事项", "上一年项目数量", false},
    {"other_services", "change", "其他对外管理服务事项", "本年增/减", false},
    {"other_services", "decisions", "其他对外管理服务事项", "处理决定数量", false},
    {"penalty", "previous_items", "行政处罚", "上一年项目数量", false},
    {"penalty", "change", "行政处罚", "本年增/减", false},
    {"penalty", "decisions", "行政处罚", "处理决定数量", false},
    {"coercion", "previous_items", "行政强制", "上一年项目数量", false},
    {"coercion", "change", "行政强制", "本年增/减", false},
    {"coercion", "decisions", "行政强制", "处理决定数量", false},
    {"fees", "previous_items", "行政事业性收费", "上一年项目数量", false},
    {"fees", "change", "行政事业性收费", "本年增/减", false},
    {"procurement", "projects", "政府集中采购", "采购项目数量", false},
    {"procurement", "amount", "政府集中采购", "采购总金额（万元）", true},
}};

constexpr std::array<std::string_view, static_cast<std::size_t>(Table3Row::Count)> kTable3RowIds{
    "new", "carried_over", "granted", "partially_granted",
    "denied_state_secret", "denied_prohibited_by_law", "denied_security_stability",
    "denied_third_party", "denied_internal_affairs", "denied_process_information",
    "denied_enforcement_file", "denied_administrative_query",
    "unavailable_not_held", "unavailable_needs_creation", "unavailable_unclear",
    "rejected_petition", "rejected_duplicate", "rejected_publication", "rejected_excessive",
    "rejected_confirmation",
    "other_no_correction", "other_unpaid_fee", "other_misc",
    "total_processed", "carried_forward", "other"};

constexpr std::array<std::string_view, static_cast<std::size_t>(Table3Row::Count)> kTable3RowLabels{
    "一、本年新收政府信息公开申请数量",
    "二、上年结转政府信息公开申请数量",
    "三、本年度办理结果 （一）予以公开",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "（三）不予公开 1.属于国家秘密",
    "2.其他法律行政法规禁止公开",
    "3.危及“三安全一稳定”",
    "4.保护第三方合法权益",
    "5.属于三类内部事务信息",
    "6.属于四类过程性信息",
    "7.属于行政执法案卷",
    "8.属于行政查询事项",
    "（四）无法提供 1.本机关不掌握相关政府信息",
    "2.没有现成信息需要另行制作",
    "3.补正后申请内容仍不明确",
    "（五）不予处理 1.信访举报投诉类申请",
    "2.重复申请",
    "3.要求提供公开出版物",
    "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息",
    "（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "3.其他",
    "（七）总计",
    "四、结转下年度继续办理",
    "（六）其他处理"};

constexpr std::array<std::string_view, kTable3Cols> kTable3ColIds{
    "natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org", "total"};
constexpr std::array<std::string_view, kTable3Cols> kTable3ColLabels{
    "自然人", "法人或其他组织/商业企业", "法人或其他组织/科研机构", "法人或其他组织/社会公益组织",
    "法人或其他组织/法律服务机构", "法人或其他组织/其他", "总计"};

constexpr std::array<std::string_view, kTable4Blocks> kTable4BlockIds{
    "reconsideration", "litigation_direct", "litigation_after_reconsideration"};
constexpr std::array<std::string_view, kTable4Blocks> kTable4BlockLabels{
    "行政复议", "行政诉讼/未经复议直接起诉", "行政诉讼/复议后起诉"};
constexpr std::array<std::string_view, kTable4Values> kTable4ValueIds{
    "upheld", "corrected", "other", "pending", "total"};
constexpr std::array<std::string_view, kTable4Values> kTable4ValueLabels{
    "结果维持", "结果纠正", "其他结果", "尚未审结", "总计"};

constexpr std::array<std::string_view, kSections> kSectionIds{
    "overview", "proactive", "applications", "appeals", "problems", "other"};
constexpr std::array<std::string_view, kSections> kSectionLabels{
    "总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况",
    "政府信息公开行政复议、行政诉讼情况", "存在的主要问题及改进情况", "其他需要报告的事项"};

template <typename E>
constexpr std::size_t idx(E e) {
  return static_cast<std::size_t>(e);
}

}  // namespace

const Table2FieldInfo& table2_field_info(Table2Field f) { return kTable2Fields[idx(f)]; }

const std::vector<Table2Field>& table2_layout(TemplateId t) {
  using F = Table2Field;
  static const std::vector<Table2Field> none;
  static const std::vector<Table2Field> t2021{
      F::RegulationsIssued, F::RegulationsRepealed, F::RegulationsInForce,
      F::NormativeIssued,   F::NormativeRepealed,   F::NormativeInForce,
      F::LicensingDecisions, F::PenaltyDecisions,   F::CoercionDecisions, F::FeesAmount};
  static const std::vector<Table2Field> t2019{
      F::RegulationsMade, F::RegulationsPublished, F::RegulationsTotalPublished,
      F::NormativeMade, F::NormativePublished, F::NormativeTotalPublished,
      F::LicensingPreviousItems, F::LicensingChange, F::LicensingDecisions2019,
      F::OtherServicesPreviousItems, F::OtherServicesChange, F::OtherServicesDecisions,
      F::PenaltyPreviousItems, F::PenaltyChange, F::PenaltyDecisions2019,
      F::CoercionPreviousItems, F::CoercionChange, F::CoercionDecisions2019,
      F::FeesPreviousItems, F::FeesChange,
      F::ProcurementProjects, F::ProcurementAmount};
  switch (t) {
    case TemplateId::T2021: return t2021;
    case TemplateId::T2019: return t2019;
    case TemplateId::None: break;
  }
  return none;
}

std::string_view table3_row_id(Table3Row r) { return kTable3RowIds[idx(r)]; }
std::string_view table3_row_label(Table3Row r) { return kTable3RowLabels[idx(r)]; }
std::string_view table3_col_id(Table3Col c) { return kTable3ColIds[idx(c)]; }
std::string_view table3_col_label(Table3Col c) { return kTable3ColLabels[idx(c)]; }

const std::vector<Table3Row>& table3_layout(Table3Layout l) {
  static const std::vector<Table3Row> full = [] {
    std::vector<Table3Row> v;
    for (std::size_t i = 0; i < idx(Table3Row::Other); ++i) v.push_back(static_cast<Table3Row>(i));
    return v;
  }();
  static const std::vector<Table3Row> single = [] {
    std::vector<Table3Row> v;
    for (std::size_t i = 0; i < idx(Table3Row::OtherNoCorrection); ++i) v.push_back(static_cast<Table3Row>(i));
    v.push_back(Table3Row::Other);
    v.push_back(Table3Row::TotalProcessed);
    v.push_back(Table3Row::CarriedForward);
    return v;
  }();
  return l == Table3Layout::Full ? full : single;
}

std::string_view table4_block_id(Table4Block b) { return kTable4BlockIds[idx(b)]; }
std::string_view table4_block_label(Table4Block b) { return kTable4BlockLabels[idx(b)]; }
std::string_view table4_value_id(Table4Value v) { return kTable4ValueIds[idx(v)]; }
std::string_view table4_value_label(Table4Value v) { return kTable4ValueLabels[idx(v)]; }

std::string_view section_id(int index) { return kSectionIds[static_cast<std::size_t>(index)]; }
std::string_view section_label(int index) { return kSectionLabels[static_cast<std::size_t>(index)]; }

}  // namespace gongkai
