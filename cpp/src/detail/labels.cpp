#include "detail/labels.hpp"

#include <algorithm>
#include <array>
#include <deque>
#include <functional>

#include "gongkai/text.hpp"

namespace gongkai::detail {

namespace {

// Drops a leading enumeration: "一、", "(一)", "1.", "1、", "(1)", "①".
std::string_view strip_numbering(std::string_view s) {
  for (int round = 0; round < 2; ++round) {
    std::size_t i = 0;
    bool paren = false;
    if (i < s.size() && s[i] == '(') {
      paren = true;
      ++i;
    }
    std::size_t j = i;
    bool any = false;
    while (j < s.size()) {
      std::size_t k = j;
      const char32_t c = next_code_point(s, k);
      const bool numeral = (c >= U'0' && c <= U'9') || c == U'一' || c == U'二' || c == U'三' || c == U'四' ||
                           c == U'五' || c == U'六' || c == U'七' || c == U'八' || c == U'九' || c == U'十' ||
                           (c >= U'①' && c <= U'⑳');
      if (!numeral) break;
      any = true;
      j = k;
    }
    if (!any) return s;
    if (paren) {
      if (j < s.size() && s[j] == ')') {
        s.remove_prefix(j + 1);
        continue;
      }
      return s;
    }
    if (j < s.size() && (s[j] == '.' || s[j] == ',')) {
      s.remove_prefix(j + 1);
      continue;
    }
    if (s.substr(j, 3) == "、") {
      s.remove_prefix(j + 3);
      continue;
    }
    // "①" alone
    std::size_t k = i;
    const char32_t c = next_code_point(s, k);
    if (c >= U'①' && c <= U'⑳') {
      s.remove_prefix(k);
      continue;
    }
    return s;
  }
  return s;
}

bool any_of(std::string_view s, std::initializer_list<std::string_view> parts) {
  for (auto p : parts)
    if (contains(s, p)) return true;
  return false;
}

}  // namespace

std::string_view t2_row_id(T2Row r) {
  static constexpr std::array<std::string_view, static_cast<std::size_t>(T2Row::Count)> ids{
      "regulations", "normative_documents", "licensing", "other_services", "penalty", "coercion", "fees", "procurement"};
  return ids[static_cast<std::size_t>(r)];
}

T2Row t2_row_of(std::string_view norm) {
  const std::string_view s = strip_numbering(norm);
  if (s == "规章") return T2Row::Regulations;
  if (s == "行政规范性文件" || s == "规范性文件") return T2Row::Normative;
  if (s == "行政许可") return T2Row::Licensing;
  if (contains(s, "其他对外管理服务")) return T2Row::OtherServices;
  if (s == "行政处罚") return T2Row::Penalty;
  if (s == "行政强制") return T2Row::Coercion;
  if (contains(s, "行政事业性收费")) return T2Row::Fees;
  if (contains(s, "政府集中采购")) return T2Row::Procurement;
  return T2Row::Count;
}

T2Value t2_value_of(std::string_view s, bool& yuan) {
  yuan = false;
  if (contains(s, "制发件数") || contains(s, "本年制发")) return T2Value::Issued;
  if (contains(s, "废止件数") || contains(s, "本年废止")) return T2Value::Repealed;
  if (contains(s, "现行有效")) return T2Value::InForce;
  if (contains(s, "处理决定数量") || contains(s, "处理决定数")) return T2Value::Decisions;
  if (contains(s, "收费金额") || contains(s, "采购总金额") || contains(s, "总金额")) {
    yuan = contains(s, "元") && !contains(s, "万元");
    return T2Value::Amount;
  }
  if (contains(s, "新制作")) return T2Value::Made;
  if (contains(s, "新公开")) return T2Value::Published;
  if (contains(s, "对外公开总")) return T2Value::TotalPublished;
  if (contains(s, "上一年项目") || contains(s, "上年项目")) return T2Value::PreviousItems;
  if (contains(s, "本年增") || contains(s, "增/减") || contains(s, "增减")) return T2Value::Change;
  if (contains(s, "采购项目")) return T2Value::Projects;
  return T2Value::Count;
}

std::string_view t2_value_id(T2Value v) {
  static constexpr std::string_view ids[] = {"issued", "repealed", "in_force", "decisions", "amount", "made",
                                             "published", "total_published", "previous_items", "change", "projects"};
  return ids[static_cast<std::size_t>(v)];
}

std::vector<T2Value> t2_values_in(std::string_view s, bool& yuan) {
  struct Key {
    std::string_view word;
    T2Value value;
  };
  static constexpr Key kKeys[] = {
      {"本年制发件数", T2Value::Issued}, {"制发件数", T2Value::Issued}, {"本年制发", T2Value::Issued},
      {"本年废止件数", T2Value::Repealed}, {"废止件数", T2Value::Repealed}, {"本年废止", T2Value::Repealed},
      {"现行有效件数", T2Value::InForce}, {"现行有效", T2Value::InForce},
      {"本年处理决定数量", T2Value::Decisions}, {"处理决定数量", T2Value::Decisions}, {"处理决定数", T2Value::Decisions},
      {"本年收费金额", T2Value::Amount}, {"收费金额", T2Value::Amount}, {"采购总金额", T2Value::Amount},
      {"总金额", T2Value::Amount},
      {"本年新制作数量", T2Value::Made}, {"新制作", T2Value::Made},
      {"本年新公开数量", T2Value::Published}, {"新公开", T2Value::Published},
      {"对外公开总数量", T2Value::TotalPublished}, {"对外公开总", T2Value::TotalPublished},
      {"上一年项目数量", T2Value::PreviousItems}, {"上一年项目", T2Value::PreviousItems}, {"上年项目", T2Value::PreviousItems},
      {"本年增/减", T2Value::Change}, {"本年增减", T2Value::Change}, {"本年增", T2Value::Change}, {"增/减", T2Value::Change},
      {"采购项目数量", T2Value::Projects}, {"采购项目", T2Value::Projects},
  };
  struct Hit {
    std::size_t pos, len;
    T2Value value;
  };
  std::vector<Hit> hits;
  for (const Key& k : kKeys)
    for (std::size_t at = s.find(k.word); at != std::string_view::npos; at = s.find(k.word, at + k.word.size()))
      hits.push_back({at, k.word.size(), k.value});
  std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) { return a.pos != b.pos ? a.pos < b.pos : a.len > b.len; });
  std::vector<T2Value> out;
  std::size_t covered = 0;
  for (const Hit& h : hits) {
    if (h.pos < covered) continue;
    out.push_back(h.value);
    covered = h.pos + h.len;
    if (h.value == T2Value::Amount) {
      const std::string_view after = s.substr(h.pos, 40);
      if (contains(after, "元") && !contains(after, "万元")) yuan = true;
    }
  }
  return out;
}

T2Row t2_row_suffix(std::string_view s) {
  struct Key {
    std::string_view word;
    T2Row row;
  };
  static constexpr Key kKeys[] = {
      {"行政规范性文件", T2Row::Normative}, {"规范性文件", T2Row::Normative}, {"规章", T2Row::Regulations},
      {"行政许可", T2Row::Licensing}, {"其他对外管理服务事项", T2Row::OtherServices}, {"行政处罚", T2Row::Penalty},
      {"行政强制", T2Row::Coercion}, {"行政事业性收费", T2Row::Fees}, {"政府集中采购", T2Row::Procurement},
  };
  for (const Key& k : kKeys)
    if (s.size() >= k.word.size() && s.substr(s.size() - k.word.size()) == k.word) return k.row;
  return t2_row_of(s);
}

bool t2_value_is_2021(T2Value v) {
  return v == T2Value::Issued || v == T2Value::Repealed || v == T2Value::InForce;
}

bool t2_value_is_2019(T2Value v) {
  return v == T2Value::Made || v == T2Value::Published || v == T2Value::TotalPublished ||
         v == T2Value::PreviousItems || v == T2Value::Change || v == T2Value::Projects;
}

std::pair<T2Row, T2Value> t2_slot_of(Table2Field f) {
  using F = Table2Field;
  using R = T2Row;
  using V = T2Value;
  switch (f) {
    case F::RegulationsIssued: return {R::Regulations, V::Issued};
    case F::RegulationsRepealed: return {R::Regulations, V::Repealed};
    case F::RegulationsInForce: return {R::Regulations, V::InForce};
    case F::NormativeIssued: return {R::Normative, V::Issued};
    case F::NormativeRepealed: return {R::Normative, V::Repealed};
    case F::NormativeInForce: return {R::Normative, V::InForce};
    case F::LicensingDecisions: return {R::Licensing, V::Decisions};
    case F::PenaltyDecisions: return {R::Penalty, V::Decisions};
    case F::CoercionDecisions: return {R::Coercion, V::Decisions};
    case F::FeesAmount: return {R::Fees, V::Amount};
    case F::RegulationsMade: return {R::Regulations, V::Made};
    case F::RegulationsPublished: return {R::Regulations, V::Published};
    case F::RegulationsTotalPublished: return {R::Regulations, V::TotalPublished};
    case F::NormativeMade: return {R::Normative, V::Made};
    case F::NormativePublished: return {R::Normative, V::Published};
    case F::NormativeTotalPublished: return {R::Normative, V::TotalPublished};
    case F::LicensingPreviousItems: return {R::Licensing, V::PreviousItems};
    case F::LicensingChange: return {R::Licensing, V::Change};
    case F::LicensingDecisions2019: return {R::Licensing, V::Decisions};
    case F::OtherServicesPreviousItems: return {R::OtherServices, V::PreviousItems};
    case F::OtherServicesChange: return {R::OtherServices, V::Change};
    case F::OtherServicesDecisions: return {R::OtherServices, V::Decisions};
    case F::PenaltyPreviousItems: return {R::Penalty, V::PreviousItems};
    case F::PenaltyChange: return {R::Penalty, V::Change};
    case F::PenaltyDecisions2019: return {R::Penalty, V::Decisions};
    case F::CoercionPreviousItems: return {R::Coercion, V::PreviousItems};
    case F::CoercionChange: return {R::Coercion, V::Change};
    case F::CoercionDecisions2019: return {R::Coercion, V::Decisions};
    case F::FeesPreviousItems: return {R::Fees, V::PreviousItems};
    case F::FeesChange: return {R::Fees, V::Change};
    case F::ProcurementProjects: return {R::Procurement, V::Projects};
    case F::ProcurementAmount: return {R::Procurement, V::Amount};
    case F::Count: break;
  }
  return {R::Count, V::Count};
}

Context label_anchor(std::string_view n) {
  if (n.empty() || n.size() > 120) return Context::None;
  if (contains(n, "申请人情况") || contains(n, "本年新收") || n == "自然人") return Context::T3;
  if (contains(n, "第二十条") || n == "信息内容" || t2_row_of(n) != T2Row::Count) return Context::T2;
  if (t4_block_of(n) >= 0 || is_litigation_group(n)) return Context::T4;
  return Context::None;
}

int t3_col_of(std::string_view s) {
  if (s == "自然人") return 0;
  if (s == "商业企业") return 1;
  if (s == "科研机构") return 2;
  if (s == "社会公益组织") return 3;
  if (s == "法律服务机构") return 4;
  if (s == "其他") return 5;
  if (s == "总计") return 6;
  return -1;
}

bool is_other_handling_group(std::string_view norm) {
  const std::string_view s = strip_numbering(norm);
  return s == "其他处理";
}

bool is_t3_group_label(std::string_view norm) {
  const std::string_view s = strip_numbering(norm);
  return contains(s, "办理结果") || s == "不予公开" || s == "无法提供" || s == "不予处理" || s == "其他处理";
}

std::optional<Table3Row> t3_row_of(std::string_view norm, std::optional<Table3Row> group) {
  using R = Table3Row;
  const std::string_view s = strip_numbering(norm);
  if (contains(s, "本年新收")) return R::New;
  if (contains(s, "上年结转")) return R::CarriedOver;
  if (contains(s, "结转下年")) return R::CarriedForward;
  if (contains(s, "部分公开")) return R::PartiallyGranted;
  if (contains(s, "予以公开")) return R::Granted;
  if (contains(s, "国家秘密")) return R::DeniedStateSecret;
  if (any_of(s, {"禁止公开", "其他法律"})) return R::DeniedProhibitedByLaw;  // "其他法律行政止公开" in print
  if (any_of(s, {"三安全一稳定", "危及"})) return R::DeniedSecurityStability;
  if (contains(s, "第三方")) return R::DeniedThirdParty;
  if (contains(s, "内部事务")) return R::DeniedInternalAffairs;
  if (contains(s, "过程性")) return R::DeniedProcessInformation;
  if (contains(s, "执法案卷")) return R::DeniedEnforcementFile;
  if (contains(s, "行政查询")) return R::DeniedAdministrativeQuery;
  if (contains(s, "不掌握")) return R::UnavailableNotHeld;
  if (any_of(s, {"另行制作", "没有现成"})) return R::UnavailableNeedsCreation;
  if (any_of(s, {"补正后", "仍不明确"})) return R::UnavailableUnclear;
  if (any_of(s, {"信访", "举报投诉"})) return R::RejectedPetition;
  if (contains(s, "重复申请")) return R::RejectedDuplicate;
  if (contains(s, "出版物")) return R::RejectedPublication;
  if (contains(s, "大量反复")) return R::RejectedExcessive;
  if (any_of(s, {"确认或重新", "重新出具", "已获取信息"})) return R::RejectedConfirmation;
  if (any_of(s, {"不补正", "逾期不补"})) return R::OtherNoCorrection;
  if (any_of(s, {"缴纳费用", "收费通知"})) return R::OtherUnpaidFee;
  if (s == "总计" || s == "合计") return R::TotalProcessed;
  if (s == "其他" && group && *group == R::Other) return R::OtherMisc;
  return std::nullopt;
}

int t4_block_of(std::string_view norm) {
  if (count_code_points(norm) > 10) return -1;
  if (contains(norm, "未经复议") || contains(norm, "直接起诉")) return 1;
  if (contains(norm, "复议后")) return 2;
  if (norm == "行政复议") return 0;
  return -1;
}

bool is_litigation_group(std::string_view norm) { return norm == "行政诉讼"; }

std::vector<std::tuple<std::size_t, int, int>> t4_labels_in(std::string_view s) {
  struct Key {
    std::string_view word;
    int kind, id;
  };
  static constexpr Key kKeys[] = {
      {"未经复议直接起诉", 0, 1}, {"复议后起诉", 0, 2}, {"直接起诉", 0, 1}, {"行政复议", 0, 0},
      {"结果维持", 1, 0}, {"结果纠正", 1, 1}, {"其他结果", 1, 2}, {"尚未审结", 1, 3},
      {"维持", 1, 0}, {"纠正", 1, 1}, {"总计", 1, 4}, {"合计", 1, 4},
  };
  std::vector<std::tuple<std::size_t, int, int>> out;
  std::size_t i = 0;
  while (i < s.size()) {
    const Key* best = nullptr;
    for (const Key& k : kKeys)
      if (s.substr(i, k.word.size()) == k.word && (!best || k.word.size() > best->word.size())) best = &k;
    if (best) {
      out.emplace_back(i, best->kind, best->id);
      i += best->word.size();
      continue;
    }
    next_code_point(s, i);
  }
  return out;
}

int t4_value_of(std::string_view s) {
  if (s == "结果维持" || s == "维持") return 0;
  if (s == "结果纠正" || s == "纠正") return 1;
  if (s == "其他结果") return 2;
  if (s == "尚未审结") return 3;
  if (s == "总计" || s == "合计") return 4;
  return -1;
}

namespace {

LabelInfo classify_label(std::string_view text) {
  LabelInfo li;
  li.norm = normalize_label(text);
  const std::string_view n = li.norm;
  li.anchor = label_anchor(n);
  li.t3_row = t3_row_of(n, Table3Row::Other);
  li.t3_col = t3_col_of(n);
  li.t3_group = is_t3_group_label(n);
  li.other_handling = is_other_handling_group(n);
  li.t2_row = t2_row_of(n);
  li.t2_value = t2_value_of(n, li.t2_yuan);
  li.t4_block = t4_block_of(n);
  li.t4_value = t4_value_of(n);
  li.litigation = is_litigation_group(n);
  return li;
}

// Open addressing over entries that never move (a deque), so references handed out stay valid.
class LabelMemo {
 public:
  const LabelInfo& get(std::string_view text) {
    if (slots_.empty()) slots_.assign(kFirstSlots, nullptr);
    const std::size_t hash = std::hash<std::string_view>{}(text);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash & mask; slots_[i] != nullptr; i = (i + 1) & mask) {
      const Entry* e = slots_[i];
      if (e->hash == hash && e->text == text) return e->info;
    }
    entries_.push_back(Entry{hash, std::string(text), classify_label(text)});
    Entry& added = entries_.back();
    bytes_ += sizeof(Entry) + added.text.capacity() + added.info.norm.capacity();
    if (entries_.size() * 2 > slots_.size()) {
      slots_.assign(slots_.size() * 2, nullptr);
      for (Entry& e : entries_) place(&e);
    } else {
      place(&added);
    }
    return added.info;
  }

  void trim() {
    if (bytes_ <= kMaxBytes) return;
    entries_.clear();
    entries_.shrink_to_fit();
    slots_.clear();
    slots_.shrink_to_fit();
    bytes_ = 0;
  }

 private:
  struct Entry {
    std::size_t hash;
    std::string text;
    LabelInfo info;
  };
  static constexpr std::size_t kFirstSlots = 1024;
  static constexpr std::size_t kMaxBytes = 4u << 20;

  void place(Entry* e) {
    const std::size_t mask = slots_.size() - 1;
    std::size_t i = e->hash & mask;
    while (slots_[i] != nullptr) i = (i + 1) & mask;
    slots_[i] = e;
  }

  std::deque<Entry> entries_;
  std::vector<Entry*> slots_;
  std::size_t bytes_ = 0;
};

thread_local LabelMemo label_memo;

}  // namespace

const LabelInfo& label_info(std::string_view text) { return label_memo.get(text); }

void trim_label_memo() { label_memo.trim(); }

const LabelInfo& empty_label_info() {
  static const LabelInfo empty = classify_label({});
  return empty;
}

namespace {

struct SectionKeywords {
  int index;
  std::initializer_list<std::string_view> words;
};

}  // namespace

int section_heading(std::string_view paragraph, int current) {
  (void)current;
  // Fast reject: a heading starts with a Chinese numeral (一 to 九, after optional white space).
  std::size_t i = 0;
  while (i < paragraph.size() && (paragraph[i] == ' ' || paragraph[i] == '\t')) ++i;
  if (paragraph.size() - i < 6) return -1;
  std::size_t k = i;
  const char32_t first = next_code_point(paragraph, k);
  static constexpr std::u32string_view kNumerals = U"一二三四五六七八九";
  if (kNumerals.find(first) == std::u32string_view::npos) return -1;
  const std::string head = normalize_label(paragraph.substr(i, std::min<std::size_t>(paragraph.size() - i, 150)));
  std::string_view h = head;
  // numeral then 、 or .
  std::size_t j = 0;
  next_code_point(h, j);
  if (h.substr(j, 3) == "、") j += 3;
  else if (j < h.size() && h[j] == '.') j += 1;
  else return -1;
  // The keyword must come right after the numeral (within the first ~24 characters).
  std::string_view rest = h.substr(j);
  std::size_t cut = 0, n = 0;
  while (cut < rest.size() && n < 24) {
    next_code_point(rest, cut);
    ++n;
  }
  const std::string_view window = rest.substr(0, cut);
  if (any_of(window, {"总体情况", "概述", "基本情况"})) return 0;
  if (contains(window, "主动公开")) return 1;
  if (any_of(window, {"收到和处理", "依申请公开情况", "申请情况"})) return 2;
  if (any_of(window, {"行政复议", "行政诉讼"})) return 3;
  if (any_of(window, {"存在的主要问题", "主要问题", "改进情况"})) return 4;
  if (any_of(window, {"其他需要报告", "其他事项"})) return 5;
  return -1;
}

std::size_t heading_length(std::string_view printed) {
  // Found in the paragraph folded to simplified characters, whose offsets are those printed.
  // All that is looked for lies in its first 204 bytes (a keyword within 90, its end within 90
  // more): only the first 256 are folded, cut at a character's start.
  std::size_t head = std::min<std::size_t>(printed.size(), 256);
  while (head < printed.size() && (static_cast<unsigned char>(printed[head]) & 0xC0) == 0x80) ++head;
  const std::string folded = fold_traditional(printed.substr(0, head));
  const std::string_view paragraph = folded;
  static constexpr std::string_view kKeywords[] = {"总体情况", "概述", "基本情况", "主动公开", "收到和处理",
                                                  "依申请公开", "申请情况", "行政复议", "行政诉讼", "存在的主要问题",
                                                  "主要问题", "改进情况", "其他需要报告", "其他事项"};
  std::size_t after_keyword = std::string_view::npos;
  for (std::string_view k : kKeywords) {
    const std::size_t at = paragraph.find(k);
    if (at != std::string_view::npos && at < 90 && (after_keyword == std::string_view::npos || at + k.size() < after_keyword))
      after_keyword = at + k.size();
  }
  if (after_keyword == std::string_view::npos) return printed.size();
  // The heading ends with the first 情况 or 事项 at or after its keyword, within 30 characters.
  std::size_t end = std::string_view::npos;
  for (std::string_view w : {"情况", "事项"}) {
    const std::size_t from = after_keyword >= w.size() ? after_keyword - w.size() : 0;
    const std::size_t at = paragraph.find(w, from);
    if (at != std::string_view::npos && at <= after_keyword + 90 && (end == std::string_view::npos || at + w.size() < end))
      end = at + w.size();
  }
  return end == std::string_view::npos ? after_keyword : end;
}

std::string heading_remainder(std::string_view paragraph) {
  std::string_view rest = paragraph.substr(heading_length(paragraph));
  while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
  return std::string(rest);
}

int cited_template(std::string_view text) {
  if (!contains(text, "函")) return 0;  // 函 in either script (國辦公開辦函)
  const std::string n = normalize_label(text);
  if (!contains(n, "国办公开办函")) return 0;
  if (contains(n, "(2021)30号")) return 2021;
  if (contains(n, "(2019)60号")) return 2019;
  return 0;
}

namespace {

// Finds a 4-digit year (1990-2099) followed by 年; returns {year, offset of the digits, offset after 年}.
struct YearHit {
  int year = 0;
  std::size_t begin = 0;
  std::size_t end = 0;
};

YearHit find_year(std::string_view s, std::size_t from = 0) {
  for (std::size_t i = from; i + 4 < s.size(); ++i) {
    if (!(s[i] >= '0' && s[i] <= '9')) continue;
    if (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9') continue;
    if (!(s[i + 1] >= '0' && s[i + 1] <= '9' && s[i + 2] >= '0' && s[i + 2] <= '9' && s[i + 3] >= '0' &&
          s[i + 3] <= '9'))
      continue;
    if (s.substr(i + 4, 3) != "年") continue;
    const int y = (s[i] - '0') * 1000 + (s[i + 1] - '0') * 100 + (s[i + 2] - '0') * 10 + (s[i + 3] - '0');
    if (y < 1990 || y > 2099) continue;
    return {y, i, i + 7};
  }
  return {};
}

std::string trim_agency(std::string_view s) {
  // Strip punctuation and brackets at both ends: 《》 "" () : ,
  auto strip = [](std::string_view& v, bool front) {
    for (std::string_view p : {"《", "》", "\"", "(", ")", ":", ",", "、", "—", "-", "_", "|"}) {
      if (front && v.substr(0, p.size()) == p) {
        v.remove_prefix(p.size());
        return true;
      }
      if (!front && v.size() >= p.size() && v.substr(v.size() - p.size()) == p) {
        v.remove_suffix(p.size());
        return true;
      }
    }
    return false;
  };
  while (!s.empty() && strip(s, true)) {
  }
  while (!s.empty() && strip(s, false)) {
  }
  return std::string(s);
}

}  // namespace

TitleInfo read_title(std::string_view candidate, std::string_view previous) {
  TitleInfo ti;
  const std::string n = normalize_label(candidate);
  if (count_code_points(n) > 80) return ti;
  std::size_t end = n.find("年度报告");
  std::size_t end_len = std::string_view("年度报告").size();
  if (end == std::string::npos) {
    end = n.find("年报");
    end_len = std::string_view("年报").size();
  }
  const std::size_t info = n.find("政府信息公开");
  if (end == std::string::npos || info == std::string::npos || info > end) return ti;
  const YearHit y = find_year(n);
  if (y.year == 0 || y.begin > info) return ti;
  ti.found = true;
  ti.year = y.year;
  ti.title = n.substr(0, end + end_len);
  std::string agency = trim_agency(std::string_view(n).substr(0, y.begin));
  if (agency.empty()) {
    std::size_t after = y.end;
    if (std::string_view(n).substr(after, 3) == "度") after += 3;
    agency = trim_agency(std::string_view(n).substr(after, info - after));
  }
  if (agency.empty() && !previous.empty()) {
    const std::string p = normalize_label(previous);
    if (count_code_points(p) <= 30 && !contains(p, "报告") && find_year(p).year == 0) agency = trim_agency(p);
  }
  // A label in front of the title ("标题:", "名称:") is not part of the agency.
  const std::size_t colon = agency.rfind(':');
  if (colon != std::string::npos) agency = trim_agency(std::string_view(agency).substr(colon + 1));
  ti.agency = agency;
  return ti;
}

int first_year(std::string_view text) {
  const std::string n = normalize_label(text.substr(0, 600));
  return find_year(n).year;
}

std::string agency_in_sentence(std::string_view text) {
  const std::string n = normalize_label(text.substr(0, 300));
  const YearHit y = find_year(n);
  if (!y.year || y.begin > 12) return {};
  std::string_view rest = std::string_view(n).substr(y.end);
  for (std::string_view skip : {"度", ",", "、", "以来", ","})
    if (rest.substr(0, skip.size()) == skip) rest.remove_prefix(skip.size());
  for (std::string_view pronoun : {"我", "本", "全", "各", "在", "共", "按", "根", "依", "围", "坚", "认"})
    if (rest.substr(0, pronoun.size()) == pronoun) return {};
  static constexpr std::string_view kSuffixes[] = {"人民政府", "街道办事处", "办事处", "管理委员会", "委员会", "管委会",
                                                  "办公室", "政府", "街道", "镇", "乡", "局", "委", "办", "中心"};
  std::size_t best = 0, i = 0, chars = 0;
  while (i < rest.size() && chars < 25) {
    const char32_t c = next_code_point(rest, i);
    if (c == U'《' || c == U',' || c == U'。' || c == U'、' || c == U'(' || c == U'"' || c == U';') break;
    ++chars;
    for (std::string_view suf : kSuffixes)
      if (i >= suf.size() && rest.substr(i - suf.size(), suf.size()) == suf && chars >= 2) best = i;
  }
  return best ? std::string(rest.substr(0, best)) : std::string();
}

std::string agency_in_signature(std::string_view text) {
  std::string n = normalize_label(text.substr(text.size() > 600 ? text.size() - 600 : 0));
  // a date at the end: "2025年1月20日"
  if (n.size() >= 3 && n.compare(n.size() - 3, 3, "日") == 0) {
    std::size_t at = n.rfind("年");
    if (at != std::string::npos && at >= 4) {
      const YearHit y = find_year(n, at - 4);
      if (y.year && y.end == at) n.resize(at - 4);
    }
  }
  // the last sentence
  for (std::string_view stop : {"。", ";", ":", "!"}) {
    const std::size_t at = n.rfind(stop);
    if (at != std::string::npos) n.erase(0, at + stop.size());
  }
  const std::size_t chars = count_code_points(n);
  if (chars < 4 || chars > 30) return {};
  if (n.find_first_of("0123456789,()") != std::string::npos) return {};
  static constexpr std::string_view kSuffixes[] = {"人民政府", "办事处", "委员会", "管委会", "管理局", "办公室",
                                                  "政府",     "局",     "委",     "办",     "中心",   "镇", "乡"};
  for (std::string_view suf : kSuffixes)
    if (n.size() > suf.size() && n.compare(n.size() - suf.size(), suf.size(), suf) == 0) return n;
  return {};
}

int period_year(std::string_view paragraph) {
  if (!contains(paragraph, "日")) return 0;  // a date, in either script
  const std::string n = normalize_label(paragraph);
  if (!contains(n, "统计") && !contains(n, "期限") && !contains(n, "时限")) return 0;
  const std::size_t at = n.find("12月31日");
  if (at != std::string::npos) {
    // the year just before "12月31日"
    for (std::size_t back = 1; back <= 12 && back <= at; ++back) {
      const YearHit y = find_year(n, at - back);
      if (y.year && y.end == at) return y.year;
    }
  }
  const std::size_t start = n.find("1月1日");
  if (start != std::string::npos && start >= 7) {
    const YearHit y = find_year(n, start - 7);
    if (y.year && y.end == start) return y.year;
  }
  return 0;
}

}  // namespace gongkai::detail
