// ingenic-lab report collector: reviewed known-issues lists.
//
// One entry per line: a report title or title pattern, optionally scoped to cases with
// "[cases: GLOB, ...]", then a TAB or " # ", then the reason it is expected (required: the
// list is reviewed, every entry says why).
//   WARNING in drm_atomic_helper_shutdown	fixed upstream by ..., not in 6.1
//   possible deadlock in * # lockdep noise from the console driver, see docs/left-alone.md
//   /^BUG kmalloc-[0-9]+: Poison overwritten$/	bug-zoo patch 0003 injects this
//   WARNING in drm_modeset_drop_locks [cases: ipu-plane-*]	follows the WARN above
// A pattern is a regular expression (ECMAScript, whole title) when written /like this/,
// a glob when it contains '*' or '?', else an exact title. '#' starts a comment line;
// blank lines are ignored. See ci/known-issues/README.md.
//
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace collector {

struct KnownEntry {
    enum class Type { exact, glob, regex };
    std::string pattern; // as written (regex without the slashes, without the case scope)
    std::string reason;
    std::string file;
    int line = 0;
    Type type = Type::exact;
    // "[cases: GLOB, GLOB]" after the pattern: the entry holds only for reports attributed to
    // a matching case (case names, or "boot", "between cases"); empty: any case.
    std::vector<std::string> cases;
    bool in_scope(std::string_view case_name) const;
};

class KnownIssues {
public:
    KnownIssues();
    ~KnownIssues();
    KnownIssues(KnownIssues&&) noexcept;
    KnownIssues& operator=(KnownIssues&&) noexcept;

    // Adds the entries of a file. On error returns false and sets `error` to
    // "FILE:LINE: what" (the entries before the error are kept).
    bool load_file(const std::string& path, std::string& error);
    // Same for text already in memory; `name` is used in messages.
    bool load_text(std::string_view text, const std::string& name, std::string& error);

    // The first entry matching `title` in `case_name`, or null. A title cut short
    // ("corrupted: X", the report ended before its title was complete) also matches an
    // exact entry that starts with X up to a word boundary (X at least 12 characters), but
    // only when the machine stopped in the middle of the report (`machine_stopped`: end of
    // the log, reboot, power-off); a report another one interrupted never matches that way.
    const KnownEntry* match(std::string_view title, std::string_view case_name = {},
                            bool machine_stopped = false) const;
    // One report occurrence, for unmatched().
    struct Seen {
        std::string title, case_name;
        bool machine_stopped = false;
    };
    // Entries that matched none of `seen` and could have: unscoped entries, and scoped ones
    // whose cases include one of `cases_run`.
    std::vector<const KnownEntry*> unmatched(const std::vector<Seen>& seen,
                                             const std::vector<std::string>& cases_run) const;

    const std::vector<KnownEntry>& entries() const;
    std::vector<std::string> files() const;
    bool empty() const;

private:
    bool entry_matches(std::size_t i, std::string_view title, bool machine_stopped) const;
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Shell-style glob: '*' any run, '?' one byte. Exposed for tests.
bool glob_match(std::string_view pattern, std::string_view text);

} // namespace collector
