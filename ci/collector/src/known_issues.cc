// ingenic-lab report collector: known-issues lists (see known_issues.h).
// SPDX-License-Identifier: GPL-2.0-or-later
#include "collector/known_issues.h"

#include "collector/text.h"

#include <fstream>
#include <regex>
#include <sstream>

namespace collector {

bool glob_match(std::string_view p, std::string_view t) {
    std::size_t pi = 0, ti = 0, star = std::string_view::npos, mark = 0;
    while (ti < t.size()) {
        if (pi < p.size() && (p[pi] == '?' || p[pi] == t[ti])) {
            ++pi;
            ++ti;
        } else if (pi < p.size() && p[pi] == '*') {
            star = pi++;
            mark = ti;
        } else if (star != std::string_view::npos) {
            pi = star + 1;
            ti = ++mark;
        } else {
            return false;
        }
    }
    while (pi < p.size() && p[pi] == '*')
        ++pi;
    return pi == p.size();
}

struct KnownIssues::Impl {
    std::vector<KnownEntry> entries;
    std::vector<std::regex> regexes; // parallel to entries (empty regex for non-regex)
    std::vector<std::string> files;
};

KnownIssues::KnownIssues() : impl_(std::make_unique<Impl>()) {}
KnownIssues::~KnownIssues() = default;
KnownIssues::KnownIssues(KnownIssues&&) noexcept = default;
KnownIssues& KnownIssues::operator=(KnownIssues&&) noexcept = default;

bool KnownIssues::load_file(const std::string& path, std::string& error) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = path + ": cannot read known-issues file";
        return false;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    return load_text(ss.str(), path, error);
}

bool KnownIssues::load_text(std::string_view text, const std::string& name, std::string& error) {
    impl_->files.push_back(name);
    int lineno = 0;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        std::size_t nl = text.find('\n', pos);
        if (nl == std::string_view::npos)
            nl = text.size();
        std::string_view line = text.substr(pos, nl - pos);
        pos = nl + 1;
        ++lineno;
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        std::string_view t = trim(line);
        if (t.empty() || t[0] == '#') {
            if (nl == text.size())
                break;
            continue;
        }
        std::string where = name + ":" + std::to_string(lineno) + ": ";
        std::size_t sep = line.find('\t');
        std::size_t seplen = 1;
        std::size_t hash = line.find(" # ");
        if (hash != std::string_view::npos && (sep == std::string_view::npos || hash < sep)) {
            sep = hash;
            seplen = 3;
        }
        if (sep == std::string_view::npos) {
            error = where + "entry has no reason (write the title, then a TAB or ' # ', then why it is expected)";
            return false;
        }
        std::string_view pat = trim(line.substr(0, sep));
        std::string_view reason = trim(line.substr(sep + seplen));
        std::vector<std::string> cases;
        std::size_t scope = pat.rfind("[cases:");
        if (scope != std::string_view::npos && pat.back() == ']') {
            std::string_view list = pat.substr(scope + 7, pat.size() - scope - 8);
            pat = trim(pat.substr(0, scope));
            while (!list.empty()) {
                std::size_t c = list.find(',');
                std::string_view one = trim(list.substr(0, c));
                if (!one.empty())
                    cases.emplace_back(one);
                list = c == std::string_view::npos ? std::string_view() : list.substr(c + 1);
            }
            if (cases.empty()) {
                error = where + "entry has an empty [cases: ...] scope";
                return false;
            }
        } else if (pat.find("[cases") != std::string_view::npos) {
            error = where + "malformed case scope (write \"TITLE [cases: GLOB, GLOB]\")";
            return false;
        }
        if (pat.empty()) {
            error = where + "entry has an empty title pattern";
            return false;
        }
        if (reason.empty()) {
            error = where + "entry has an empty reason";
            return false;
        }
        KnownEntry e;
        e.cases = std::move(cases);
        e.reason = std::string(reason);
        e.file = name;
        e.line = lineno;
        std::regex re;
        if (pat.size() >= 2 && pat.front() == '/' && pat.back() == '/') {
            e.type = KnownEntry::Type::regex;
            e.pattern = std::string(pat.substr(1, pat.size() - 2));
            try {
                re = std::regex(e.pattern, std::regex::ECMAScript);
            } catch (const std::regex_error& ex) {
                error = where + "bad regular expression: " + ex.what();
                return false;
            }
        } else {
            e.pattern = std::string(pat);
            e.type = pat.find_first_of("*?") != std::string_view::npos ? KnownEntry::Type::glob
                                                                       : KnownEntry::Type::exact;
        }
        impl_->entries.push_back(std::move(e));
        impl_->regexes.push_back(std::move(re));
        if (nl == text.size())
            break;
    }
    return true;
}

namespace {

constexpr std::string_view kCutPrefix = "corrupted: ";
// Shortest cut title that may be matched by prefix: "BUG: " alone says nothing.
constexpr std::size_t kMinCutTitle = 12;

} // namespace

bool KnownEntry::in_scope(std::string_view case_name) const {
    if (cases.empty())
        return true;
    for (const auto& g : cases)
        if (glob_match(g, case_name))
            return true;
    return false;
}

bool KnownIssues::entry_matches(std::size_t i, std::string_view title, bool machine_stopped) const {
    const KnownEntry& e = impl_->entries[i];
    auto whole = [&](std::string_view t) {
        switch (e.type) {
        case KnownEntry::Type::exact: return t == e.pattern;
        case KnownEntry::Type::glob: return glob_match(e.pattern, t);
        case KnownEntry::Type::regex: return std::regex_match(t.begin(), t.end(), impl_->regexes[i]);
        }
        return false;
    };
    if (whole(title))
        return true;
    // A report cut short because the machine stopped (powered off or rebooted mid-report,
    // or the log ends) has a title missing its tail: "corrupted: BUG: Invalid wait context"
    // for "BUG: Invalid wait context in blocking_notifier_call_chain". It is the known report
    // when an exact entry starts with what survived, up to a word boundary. A report that
    // another report interrupted is not: that is a second bug in the middle of the first.
    // Globs and regexes only match a cut title whole.
    if (!machine_stopped || title.substr(0, kCutPrefix.size()) != kCutPrefix)
        return false;
    std::string_view cut = trim(title.substr(kCutPrefix.size()));
    if (cut.size() < kMinCutTitle)
        return false;
    if (whole(cut))
        return true;
    if (e.type != KnownEntry::Type::exact || e.pattern.size() <= cut.size())
        return false;
    return std::string_view(e.pattern).substr(0, cut.size()) == cut && e.pattern[cut.size()] == ' ';
}

const KnownEntry* KnownIssues::match(std::string_view title, std::string_view case_name, bool machine_stopped) const {
    for (std::size_t i = 0; i < impl_->entries.size(); ++i)
        if (impl_->entries[i].in_scope(case_name) && entry_matches(i, title, machine_stopped))
            return &impl_->entries[i];
    return nullptr;
}

std::vector<const KnownEntry*> KnownIssues::unmatched(const std::vector<Seen>& seen,
                                                      const std::vector<std::string>& cases_run) const {
    std::vector<bool> hit(impl_->entries.size(), false);
    for (const auto& s : seen)
        for (std::size_t i = 0; i < impl_->entries.size(); ++i)
            if (!hit[i] && impl_->entries[i].in_scope(s.case_name) && entry_matches(i, s.title, s.machine_stopped))
                hit[i] = true;
    std::vector<const KnownEntry*> out;
    for (std::size_t i = 0; i < hit.size(); ++i) {
        if (hit[i])
            continue;
        const KnownEntry& e = impl_->entries[i];
        bool could = e.cases.empty();
        for (const auto& c : cases_run)
            could = could || e.in_scope(c);
        if (could)
            out.push_back(&e);
    }
    return out;
}

const std::vector<KnownEntry>& KnownIssues::entries() const { return impl_->entries; }
std::vector<std::string> KnownIssues::files() const { return impl_->files; }
bool KnownIssues::empty() const { return impl_->entries.empty(); }

} // namespace collector
