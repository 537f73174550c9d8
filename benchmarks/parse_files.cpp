// Parses files with the C++ core alone (no Python), for profiling:
//
//   python benchmarks/bench_parse.py --reports 600 --dump /tmp/gk
//   g++ -std=c++17 -O3 -DNDEBUG -g -fno-omit-frame-pointer -Icpp/include -Icpp/src
//       -I/usr/include/eigen3 benchmarks/parse_files.cpp $(find cpp/src -name "*.cpp")
//       -o /tmp/parse_files                                        (one command line)
//   /tmp/parse_files 10 /tmp/gk/text_*.txt
//   valgrind --tool=callgrind /tmp/parse_files 1 $(ls /tmp/gk/html_*.html | head -30)
//   perf record -g /tmp/parse_files 5 /tmp/gk/html_*.html
//
// Prints throughput over ITERATIONS passes of all files (one thread). Each file goes through what
// _core.parse_bytes does: the parse, the check of the report's own identities, the findings capped.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gongkai/check/rules.hpp"
#include "gongkai/match/parse.hpp"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s ITERATIONS FILE...\n", argv[0]);
    return 2;
  }
  const int iterations = std::atoi(argv[1]);
  std::vector<std::string> inputs;
  std::size_t bytes = 0;
  for (int i = 2; i < argc; ++i) {
    std::ifstream f(argv[i], std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    inputs.push_back(ss.str());
    bytes += inputs.back().size();
  }
  std::size_t findings = 0;
  const auto t0 = std::chrono::steady_clock::now();
  for (int k = 0; k < iterations; ++k)
    for (const std::string& data : inputs) {
      gongkai::Report report = gongkai::parse_report(data);
      gongkai::check_own_identities(report);
      gongkai::cap_findings(report);
      findings += report.findings.size();
    }
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double n = static_cast<double>(iterations) * static_cast<double>(inputs.size());
  std::printf("%zu files x %d: %.2f MB/s, %.0f reports/s, %.1f us/report (%zu findings)\n", inputs.size(),
              iterations, static_cast<double>(bytes) * iterations / s / 1e6, n / s, s / n * 1e6, findings);
  return 0;
}
