// libFuzzer target for one input adapter and the matcher: the bytes decoded, read by the
// adapter named at compile time (GONGKAI_FUZZ_ADAPTER: html, docx, markdown, text) and matched
// against the templates. Built by -DGONGKAI_FUZZ=ON (clang, AddressSanitizer and UBSan): see
// fuzz/README.md.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "gongkai/error.hpp"
#include "gongkai/match/matcher.hpp"
#include "gongkai/read/decode.hpp"
#include "gongkai/read/docx.hpp"
#include "gongkai/read/html.hpp"
#include "gongkai/read/markdown.hpp"
#include "gongkai/read/text_adapter.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gongkai;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  try {
    std::string text = decode(bytes).text;
#if GONGKAI_FUZZ_ADAPTER == 1
    const Document doc = read_html(std::move(text));
#elif GONGKAI_FUZZ_ADAPTER == 2
    const Document doc = read_docx_xml(std::move(text));
#elif GONGKAI_FUZZ_ADAPTER == 3
    const Document doc = read_markdown(std::move(text));
#else
    const Document doc = read_text(std::move(text));
#endif
    const Report r = match_report(doc);
    (void)r;
  } catch (const Error&) {
    // input that cannot be read at all is an error the caller reports: not a crash
  }
  return 0;
}
