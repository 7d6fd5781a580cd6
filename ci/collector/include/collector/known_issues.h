// ingenic-lab report collector: reviewed known-issues lists.
//
// One entry per line: a report title or title pattern, then a TAB or " # ", then the
// reason it is expected (required: the list is reviewed, every entry says why).
//   WARNING in drm_atomic_helper_shutdown	fixed upstream by ..., not in 6.1
//   possible deadlock in * # lockdep noise from the console driver, see notes/...
//   /^BUG kmalloc-[0-9]+: Poison overwritten$/	bug-zoo patch 0003 injects this
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
    std::string pattern; // as written (regex without the slashes)
    std::string reason;
    std::string file;
    int line = 0;
    Type type = Type::exact;
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

    // The first entry matching `title`, or null. A title cut short ("corrupted: X",
    // the report ended before its title was complete) also matches an exact entry
    // that starts with X up to a word boundary (X at least 12 characters).
    const KnownEntry* match(std::string_view title) const;
    // Entries that matched none of `titles`.
    std::vector<const KnownEntry*> unmatched(const std::vector<std::string>& titles) const;

    const std::vector<KnownEntry>& entries() const;
    std::vector<std::string> files() const;
    bool empty() const;

private:
    bool entry_matches(std::size_t i, std::string_view title) const;
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Shell-style glob: '*' any run, '?' one byte. Exposed for tests.
bool glob_match(std::string_view pattern, std::string_view text);

} // namespace collector
