// ingenic-lab report collector: results.json, junit.xml, per-report text files and the
// terminal summary. The results.json schema is documented in ci/collector/README.md and README.md.
//
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "collector/collector.h"
#include "collector/known_issues.h"

#include <ostream>
#include <string>
#include <vector>

namespace collector {

struct RunMeta {
    std::string console_log, qemu_log, vmlinux, modules_dir;
    std::vector<std::string> known_files;
    std::string lane, kernel;   // free text from the runner (e.g. "mips", "6.12")
    std::string suite = "ingenic-lab";
};

// Verdict over cases and reports.
struct Verdict {
    std::size_t new_titles = 0;      // unique titles not in the known list
    std::size_t known_titles = 0;
    std::size_t failed_cases = 0;    // result fail or error (END status, or a new report in it)
    std::size_t passed_cases = 0, skipped_cases = 0;
    std::vector<const KnownEntry*> known_missing; // known entries no report matched
    bool pass() const { return new_titles == 0 && failed_cases == 0; }
};
Verdict compute_verdict(const Collector& c, const KnownIssues* known);

// File name for the n-th unique report (1-based): "reports/001-KASAN-slab-use-....txt".
std::string report_file_name(std::size_t n, const std::string& title);

std::string results_json(const Collector& c, const KnownIssues* known, const RunMeta& meta);
std::string junit_xml(const Collector& c, const KnownIssues* known, const RunMeta& meta);
std::string report_text(const Collector& c, std::size_t unique_index);
void print_summary(std::ostream& os, const Collector& c, const KnownIssues* known);

// Writes results.json, junit.xml and reports/ into `dir` (created). Returns false and sets
// `error` on an I/O failure.
bool write_outputs(const std::string& dir, const Collector& c, const KnownIssues* known,
                   const RunMeta& meta, std::string& error);

} // namespace collector
