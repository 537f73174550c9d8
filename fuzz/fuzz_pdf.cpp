// libFuzzer target for the PDF layout: the bytes read as pages of characters with their boxes
// and ruling lines (what PDFium gives), laid out as text (words, lines, columns, numbers
// wrapped in ruled cells joined), then read as text and matched. Built by -DGONGKAI_FUZZ=ON:
// see fuzz/README.md.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "gongkai/error.hpp"
#include "gongkai/match/matcher.hpp"
#include "gongkai/read/pdf.hpp"
#include "gongkai/read/text_adapter.hpp"

namespace {

// Characters a report's PDF draws: digits, blanks, the marks of missing values, a few labels.
constexpr char32_t kAlphabet[] = {U'0', U'1', U'2', U'3', U'4', U'5', U'6', U'7', U'8', U'9', U' ', U'/',
                                  U'—', U'无', U'规', U'章', U'总', U'计', U'（', U'七', U'）', U'、', U'.', U'-'};

struct Reader {
  const std::uint8_t* data;
  std::size_t size, at = 0;
  bool more() const { return at < size; }
  std::uint8_t byte() { return at < size ? data[at++] : 0; }
  double coord() { return (byte() << 8 | byte()) / 64.0; }  // 0 .. 1024 pt
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gongkai;
  Reader in{data, size};
  std::vector<PdfPage> pages(1 + in.byte() % 4);
  for (PdfPage& p : pages) {
    p.width = 595;
    p.height = 842;
  }
  while (in.more()) {
    PdfPage& page = pages[in.byte() % pages.size()];
    const std::uint8_t kind = in.byte();
    PdfBox box{in.coord(), in.coord(), in.coord(), in.coord()};
    if (kind % 8 == 0) {
      page.rules.push_back(box);
    } else {
      PdfChar c;
      c.code = kAlphabet[kind % (sizeof(kAlphabet) / sizeof(kAlphabet[0]))];
      c.box = box;
      c.blank = c.code == U' ';
      page.chars.push_back(c);
    }
  }
  try {
    PdfLayoutOptions options;
    options.layout = size % 2 == 0;
    const Report r = match_report(read_text(pdf_layout_text(pages, options)));
    (void)r;
  } catch (const Error&) {
  }
  return 0;
}
