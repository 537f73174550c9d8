// libFuzzer target for the whole flow as gongkai.read runs it: parse (format sniffed), the
// report's own identities, the findings' caps, every report-scope rule, a corpus of the report
// and the indicators over it. Built by -DGONGKAI_FUZZ=ON: see fuzz/README.md.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "gongkai/check/rules.hpp"
#include "gongkai/corpus/corpus.hpp"
#include "gongkai/corpus/indicators.hpp"
#include "gongkai/error.hpp"
#include "gongkai/match/parse.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gongkai;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  try {
    Report r = parse_report(bytes, ParseOptions{});
    check_own_identities(r);
    cap_findings(r);
    const std::vector<Finding> checks = check_report(r);
    (void)checks;
    const Corpus corpus = Corpus::from_reports({&r});
    const IndicatorValues v = compute_indicators(corpus, builtin_indicators());
    (void)v;
  } catch (const Error&) {
  }
  return 0;
}
