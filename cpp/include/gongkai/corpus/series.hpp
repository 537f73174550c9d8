// The series rules: one agency's reports of consecutive years compared on the corpus matrices,
// so that they run wherever the numbers are (a batch of a million reports keeps no Report):
// the carry-over chain of table 3 and the stock of documents of table 2.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "gongkai/corpus/corpus.hpp"
#include "gongkai/report.hpp"

namespace gongkai {

// Every pair of reports of one agency (agency id per report, -1: unknown or not to be
// compared) whose years follow each other: the findings of series.carry_over and series.stock,
// each with the index of the later report. `source` names each report in the messages.
std::vector<std::pair<std::size_t, Finding>> check_series(const Corpus& corpus, const std::vector<std::int64_t>& agency,
                                                          const std::vector<std::string>& source);

// Reports in the order given, each compared with the one before where their years follow each
// other (one agency's reports sorted by year). Each finding goes with the index of the later.
std::vector<std::pair<std::size_t, Finding>> check_series(const std::vector<const Report*>& reports);

}  // namespace gongkai
