#include "core/select.hpp"

#include <algorithm>

namespace lab {

// Iterative glob with backtracking on the last '*'. Supports * ? [abc] [a-z] [!a-z].
static bool class_match(std::string_view pat, size_t &i, char c, bool &valid)
{
    // pat[i] == '['; on return i is past ']'
    size_t j = i + 1;
    bool negate = false;
    if (j < pat.size() && (pat[j] == '!' || pat[j] == '^')) {
        negate = true;
        j++;
    }
    bool matched = false, first = true;
    while (j < pat.size() && (pat[j] != ']' || first)) {
        first = false;
        char lo = pat[j];
        if (j + 2 < pat.size() && pat[j + 1] == '-' && pat[j + 2] != ']') {
            char hi = pat[j + 2];
            matched = matched || (c >= lo && c <= hi);
            j += 3;
        } else {
            matched = matched || c == lo;
            j++;
        }
    }
    if (j >= pat.size()) {
        valid = false; // unterminated: treat '[' literally
        return false;
    }
    valid = true;
    i = j + 1;
    return matched != negate;
}

bool glob_match(std::string_view pat, std::string_view text)
{
    size_t p = 0, t = 0, star_p = std::string_view::npos, star_t = 0;
    while (t < text.size()) {
        if (p < pat.size() && pat[p] == '*') {
            star_p = p++;
            star_t = t;
            continue;
        }
        if (p < pat.size() && pat[p] == '?') {
            p++, t++;
            continue;
        }
        if (p < pat.size() && pat[p] == '[') {
            size_t np = p;
            bool valid = false;
            bool m = class_match(pat, np, text[t], valid);
            if (valid) {
                if (m) {
                    p = np, t++;
                    continue;
                }
            } else if (text[t] == '[') {
                p++, t++;
                continue;
            }
        } else if (p < pat.size() && pat[p] == text[t]) {
            p++, t++;
            continue;
        }
        if (star_p == std::string_view::npos) {
            return false;
        }
        p = star_p + 1;
        t = ++star_t;
    }
    while (p < pat.size() && pat[p] == '*') {
        p++;
    }
    return p == pat.size();
}

static std::string trim(std::string_view s)
{
    size_t a = s.find_first_not_of(" \t\n");
    if (a == std::string_view::npos) {
        return {};
    }
    size_t b = s.find_last_not_of(" \t\n");
    return std::string(s.substr(a, b - a + 1));
}

static bool item_selects(const CaseInfo &c, const std::string &item)
{
    if (item == "all" || item == "*") {
        return true;
    }
    if (item[0] == '@') {
        std::string_view l = std::string_view(item).substr(1);
        return std::any_of(c.labels.begin(), c.labels.end(), [&](const std::string &x) { return glob_match(l, x); });
    }
    size_t slash = item.find('/');
    if (slash != std::string::npos) {
        return glob_match(std::string_view(item).substr(0, slash), c.suite) &&
               glob_match(std::string_view(item).substr(slash + 1), c.name);
    }
    return glob_match(item, c.name);
}

static std::string suggestions(const std::vector<CaseInfo> &cases, const std::string &item)
{
    std::string key;
    for (char ch : item) {
        if (ch != '*' && ch != '?' && ch != '[' && ch != ']' && ch != '@' && ch != '!') {
            key += ch;
        }
    }
    size_t slash = key.find('/');
    if (slash != std::string::npos) {
        key = key.substr(slash + 1);
    }
    std::vector<std::string> hits;
    // Whole key as a substring first, then any of its hyphen-separated words.
    for (const auto &c : cases) {
        if (!key.empty() && c.name.find(key) != std::string::npos) {
            hits.push_back(c.name);
        }
    }
    if (hits.empty()) {
        size_t start = 0;
        while (start <= key.size() && hits.size() < 5) {
            size_t dash = key.find('-', start);
            std::string word = key.substr(start, dash == std::string::npos ? std::string::npos : dash - start);
            if (word.size() >= 3) {
                for (const auto &c : cases) {
                    if (c.name.find(word) != std::string::npos &&
                        std::find(hits.begin(), hits.end(), c.name) == hits.end()) {
                        hits.push_back(c.name);
                    }
                }
            }
            if (dash == std::string::npos) {
                break;
            }
            start = dash + 1;
        }
    }
    if (hits.empty()) {
        return " (--list shows the cases)";
    }
    std::string s = " (did you mean: ";
    for (size_t i = 0; i < hits.size() && i < 5; i++) {
        s += (i ? ", " : "") + hits[i];
    }
    return s + "?)";
}

Selection select_cases(const std::vector<CaseInfo> &cases, std::string_view pattern)
{
    Selection sel;
    std::vector<bool> add(cases.size(), false), remove(cases.size(), false);
    bool any_positive = false, any_item = false;
    std::string_view rest = pattern;
    while (true) {
        size_t comma = rest.find(',');
        std::string item = trim(rest.substr(0, comma));
        if (!item.empty()) {
            any_item = true;
            bool negative = item[0] == '!';
            if (negative) {
                item = trim(std::string_view(item).substr(1));
                if (item.empty()) {
                    sel.error = "empty exclusion '!' in case pattern";
                    return sel;
                }
            }
            if (item == "@") {
                sel.error = "empty label '@' in case pattern";
                return sel;
            }
            bool hit = false;
            for (size_t i = 0; i < cases.size(); i++) {
                if (item_selects(cases[i], item)) {
                    (negative ? remove : add)[i] = true;
                    hit = true;
                }
            }
            if (!negative) {
                any_positive = true;
            }
            if (!hit) {
                sel.error = "no case matches '" + item + "'" + suggestions(cases, item);
                return sel;
            }
        }
        if (comma == std::string_view::npos) {
            break;
        }
        rest = rest.substr(comma + 1);
    }
    if (!any_item || !any_positive) {
        std::fill(add.begin(), add.end(), true);
    }
    for (size_t i = 0; i < cases.size(); i++) {
        if (add[i] && !remove[i]) {
            sel.indexes.push_back(i);
        }
    }
    if (sel.indexes.empty()) {
        sel.error = "the case pattern '" + std::string(pattern) + "' selects nothing";
    }
    return sel;
}

std::vector<std::string> run_test_filters(const std::vector<CaseInfo> &cases, const std::vector<size_t> &selected)
{
    std::vector<std::string> suites;
    std::vector<std::string> names;
    for (size_t i : selected) {
        const CaseInfo &c = cases[i];
        auto it = std::find(suites.begin(), suites.end(), c.suite);
        if (it == suites.end()) {
            suites.push_back(c.suite);
            names.push_back(c.name);
        } else {
            names[size_t(it - suites.begin())] += "," + c.name;
        }
    }
    std::vector<std::string> out;
    for (size_t i = 0; i < suites.size(); i++) {
        out.push_back("--run_test=" + suites[i] + "/" + names[i]);
    }
    return out;
}

std::string format_case_list(const std::vector<CaseInfo> &cases)
{
    size_t w = 0;
    for (const auto &c : cases) {
        w = std::max(w, c.suite.size() + 1 + c.name.size());
    }
    std::string out;
    for (const auto &c : cases) {
        std::string path = c.suite + "/" + c.name;
        std::string labels;
        for (const auto &l : c.labels) {
            labels += (labels.empty() ? "" : ",") + l;
        }
        out += path + std::string(w + 2 - path.size(), ' ') + "[" + labels + "]" + (c.alone ? " (alone)" : "") +
               "  " + c.description + "\n";
    }
    return out;
}

bool is_case_name(std::string_view name)
{
    if (name.empty() || name.front() == '-' || name.back() == '-') {
        return false;
    }
    char prev = 0;
    for (char c : name) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
        if (!ok || (c == '-' && prev == '-')) {
            return false;
        }
        prev = c;
    }
    return true;
}

const std::vector<std::string> &known_labels()
{
    static const std::vector<std::string> labels{"basic", "race", "shutdown", "rmmod", "ipu", "stress"};
    return labels;
}

std::vector<std::string> validate_cases(const std::vector<CaseInfo> &cases)
{
    std::vector<std::string> problems;
    const auto &known = known_labels();
    for (size_t i = 0; i < cases.size(); i++) {
        const CaseInfo &c = cases[i];
        std::string id = c.suite + "/" + c.name;
        if (!is_case_name(c.name)) {
            problems.push_back(id + ": name is not lowercase-hyphen");
        }
        if (!is_case_name(c.suite)) {
            problems.push_back(id + ": suite name is not lowercase-hyphen");
        }
        for (size_t j = 0; j < i; j++) {
            if (cases[j].name == c.name) {
                problems.push_back(id + ": name used twice (also in " + cases[j].suite + ")");
            }
        }
        if (c.description.empty() || c.description.find('\n') != std::string::npos) {
            problems.push_back(id + ": needs a one-line description");
        }
        if (std::find(c.labels.begin(), c.labels.end(), c.suite) == c.labels.end()) {
            problems.push_back(id + ": does not carry its suite's label '" + c.suite + "'");
        }
        for (const auto &l : c.labels) {
            if (std::find(known.begin(), known.end(), l) == known.end()) {
                problems.push_back(id + ": unknown label '" + l + "'");
            }
        }
    }
    return problems;
}

} // namespace lab
