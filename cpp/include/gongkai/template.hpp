// The two national templates: the stable ids of every row, column and value, their labels,
// and the table layouts a report can have. One definition, read by the matcher, the report,
// the bindings and (through them) Python.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace gongkai {

enum class TemplateId : std::uint8_t { None = 0, T2019 = 1, T2021 = 2 };

// "none", "2019", "2021"
std::string_view template_name(TemplateId t);

// ---- Table 2 (主动公开): one value per field; the fields depend on the template.
enum class Table2Field : std::uint8_t {
  // template 2021
  RegulationsIssued, RegulationsRepealed, RegulationsInForce,
  NormativeIssued, NormativeRepealed, NormativeInForce,
  LicensingDecisions, PenaltyDecisions, CoercionDecisions, FeesAmount,
  // template 2019
  RegulationsMade, RegulationsPublished, RegulationsTotalPublished,
  NormativeMade, NormativePublished, NormativeTotalPublished,
  LicensingPreviousItems, LicensingChange, LicensingDecisions2019,
  OtherServicesPreviousItems, OtherServicesChange, OtherServicesDecisions,
  PenaltyPreviousItems, PenaltyChange, PenaltyDecisions2019,
  CoercionPreviousItems, CoercionChange, CoercionDecisions2019,
  FeesPreviousItems, FeesChange,
  ProcurementProjects, ProcurementAmount,
  Count
};

struct Table2FieldInfo {
  std::string_view row_id;    // "regulations"
  std::string_view value_id;  // "issued"
  std::string_view row_label;    // 规章
  std::string_view value_label;  // 本年制发件数
  bool amount;                   // a decimal amount in 万元 rather than a count
};

const Table2FieldInfo& table2_field_info(Table2Field f);
// The fields of a template's table 2, in template order (empty for TemplateId::None).
const std::vector<Table2Field>& table2_layout(TemplateId t);

// ---- Table 3 (申请): rows x 7 applicant columns.
enum class Table3Row : std::uint8_t {
  New, CarriedOver, Granted, PartiallyGranted,
  DeniedStateSecret, DeniedProhibitedByLaw, DeniedSecurityStability, DeniedThirdParty,
  DeniedInternalAffairs, DeniedProcessInformation, DeniedEnforcementFile,
  DeniedAdministrativeQuery,
  UnavailableNotHeld, UnavailableNeedsCreation, UnavailableUnclear,
  RejectedPetition, RejectedDuplicate, RejectedPublication, RejectedExcessive,
  RejectedConfirmation,
  OtherNoCorrection, OtherUnpaidFee, OtherMisc,
  TotalProcessed, CarriedForward,
  Other,  // template 2019's single （六）其他处理 row (also met in some 2021 reports)
  Count
};

enum class Table3Col : std::uint8_t {
  NaturalPerson, Commercial, Research, SocialWelfare, LegalServices, OtherOrg, Total, Count
};

constexpr int kTable3Cols = static_cast<int>(Table3Col::Count);

std::string_view table3_row_id(Table3Row r);
std::string_view table3_row_label(Table3Row r);
std::string_view table3_col_id(Table3Col c);
std::string_view table3_col_label(Table3Col c);

// Row layouts: the 25 rows of template 2021, or the 23 rows with a single `other` row
// (template 2019, and 2021 reports that collapse 其他处理 into one row).
enum class Table3Layout : std::uint8_t { Full, SingleOther };
const std::vector<Table3Row>& table3_layout(Table3Layout l);

// ---- Table 4 (复议/诉讼): 3 blocks x 5 values.
enum class Table4Block : std::uint8_t { Reconsideration, LitigationDirect, LitigationAfterReconsideration, Count };
enum class Table4Value : std::uint8_t { Upheld, Corrected, Other, Pending, Total, Count };

constexpr int kTable4Blocks = static_cast<int>(Table4Block::Count);
constexpr int kTable4Values = static_cast<int>(Table4Value::Count);

std::string_view table4_block_id(Table4Block b);
std::string_view table4_block_label(Table4Block b);
std::string_view table4_value_id(Table4Value v);
std::string_view table4_value_label(Table4Value v);

// ---- Narrative sections 一 to 六.
constexpr int kSections = 6;
std::string_view section_id(int index);     // "overview", "proactive", ...
std::string_view section_label(int index);  // 总体情况, ...

}  // namespace gongkai
