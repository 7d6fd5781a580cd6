// Case selection: the `--cases` / LAB_CASES pattern, resolved against the case list and mapped to
// Boost.Test `--run_test` filters.
//
// Pattern: comma-separated items (spaces ignored), each one of
//   NAME-GLOB        case name, shell glob (* ? [...]), e.g. commit-vs-unbind, *-vs-unbind
//   SUITE/NAME-GLOB  e.g. race/*, basic/modeset-*
//   @LABEL           every case carrying the label, e.g. @race, @ipu
//   all | *          every case
//   !ITEM            remove what ITEM selects (after all additions); only removals = all minus them
// A positive item that selects nothing is an error (with suggestions), so a typo never turns into
// an empty or silently partial run. The result keeps the registry order.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lab {

struct CaseInfo {
    std::string suite;
    std::string name;
    std::vector<std::string> labels;
    std::string description;
    bool alone = false; // runs only when it is the only selected case (own boot)
};

bool glob_match(std::string_view pattern, std::string_view text);

struct Selection {
    std::vector<size_t> indexes; // into the case list, in list order
    std::string error;           // non-empty: the pattern is invalid
    bool ok() const { return error.empty(); }
};

Selection select_cases(const std::vector<CaseInfo> &cases, std::string_view pattern);

// One "--run_test=suite/a,b" per suite with selected cases, in list order.
std::vector<std::string> run_test_filters(const std::vector<CaseInfo> &cases, const std::vector<size_t> &selected);

// The --list output: "suite/name  [label,label]  description", one line per case.
std::string format_case_list(const std::vector<CaseInfo> &cases);

// True if names are lowercase-hyphen: [a-z0-9]+(-[a-z0-9]+)*
bool is_case_name(std::string_view name);

// The labels a case may carry.
const std::vector<std::string> &known_labels();

// Registry rules: lowercase-hyphen names, unique; a one-line description; known labels, the
// suite's own label among them. Returns one message per problem (empty = fine).
std::vector<std::string> validate_cases(const std::vector<CaseInfo> &cases);

} // namespace lab
