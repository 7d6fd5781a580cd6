// The corpus: consoles captured from our own kernels (ci/collector/corpus/regenerate: LKDTM,
// the KASAN and KFENCE KUnit suites, test_ubsan, kmemleak-test, our lockdep and
// sleeping-in-atomic modules), each with the titles it must give (tests/corpus/expected.txt,
// reviewed against syzkaller's rules). Every capture must give exactly those titles, not
// corrupted; so must its damaged variants (syslog prefixes, wrapped at 72 and 80 columns by a
// terminal or a mail client, another task's output interleaved, caller ids removed); cut at
// any line, every report must keep its exact title or be cut with a title that is a prefix of
// it, and count as known by that prefix only because the machine stopped.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "collector/known_issues.h"
#include "corpus_expected.h"
#include "helpers.h"
#include "variants.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

using namespace collector;

namespace {

namespace fs = std::filesystem;

using Titles = std::set<std::pair<std::string, std::string>>; // (kind, title)

std::string corpus_dir() { return testutil::data_dir() + "/../corpus"; }

// Titles the kernel printed without what they need: expected corrupted.
std::map<std::string, std::set<std::string>>& expected_corrupted() {
    static std::map<std::string, std::set<std::string>> m;
    return m;
}

std::map<std::string, Titles> expected() {
    std::map<std::string, Titles> m;
    for (const auto& [capture, reports] : corpus_expected::read(corpus_dir() + "/expected.txt"))
        for (const auto& r : reports) {
            m[capture].insert({r.kind, r.title});
            if (r.corrupted)
                expected_corrupted()[capture].insert(r.title);
        }
    return m;
}

// The titles of a run; `corrupted` lists the corrupted ones the fixture does not expect so.
Titles titles_of(const Collector& c, const std::string& fixture, std::string* corrupted = nullptr) {
    Titles t;
    const auto& ok = expected_corrupted()[fixture];
    for (const auto& u : c.unique_reports()) {
        t.insert({kind_name(u.kind), u.title});
        if (corrupted && u.all_corrupted && !ok.count(u.title))
            *corrupted += "  " + u.title + ": " + c.reports()[u.representative].corrupted_reason + "\n";
        if (corrupted && !u.all_corrupted && ok.count(u.title))
            *corrupted += "  " + u.title + ": expected corrupted\n";
    }
    return t;
}

std::string show(const Titles& t) {
    std::string s;
    for (const auto& [k, v] : t)
        s += "  [" + k + "] " + v + "\n";
    return s;
}

class CorpusTest : public ::testing::TestWithParam<std::string> {
protected:
    std::string text() const { return testutil::read_file(corpus_dir() + "/" + GetParam()); }
    Titles want() const { return expected().at(GetParam()); }
    // The line number of the item's "ingenic-lab: END" line (past the end without one).
    std::uint64_t end_line() const {
        std::string t = text();
        std::size_t e = t.find("ingenic-lab: END ");
        if (e == std::string::npos)
            return UINT64_MAX;
        return std::count(t.begin(), t.begin() + e, '\n') + 1;
    }
    // "mips/lkdtm-WARNING.log" -> the case its bracket names, "corpus/lkdtm:WARNING"
    std::string case_name() const {
        std::string t = text();
        std::size_t b = t.find("ingenic-lab: BEGIN ");
        if (b == std::string::npos)
            return {};
        std::string n = t.substr(b + 19, t.find('\n', b) - b - 19);
        while (!n.empty() && (n.back() == '\r' || n.back() == ' '))
            n.pop_back(); // the serial console's CRLF
        return n;
    }
};

TEST_P(CorpusTest, AsCaptured) {
    for (std::size_t chunk : {std::size_t(0), std::size_t(7)}) {
        auto c = testutil::collect(text(), {}, chunk);
        std::string corrupted;
        Titles got = titles_of(*c, GetParam(), &corrupted);
        EXPECT_EQ(got, want()) << "got:\n" << show(got) << "want:\n" << show(want());
        EXPECT_TRUE(corrupted.empty()) << corrupted;
        // A report after the item's END (the rtc driver's power-off report) is between cases.
        for (const auto& r : c->reports())
            EXPECT_EQ(r.case_name, r.line > end_line() ? std::string(collector::kCaseBetween) : case_name())
                << r.title;
    }
}

TEST_P(CorpusTest, DamagedVariants) {
    std::string t = text();
    for (const auto& v : variants::damaged()) {
        auto c = testutil::collect(v.make(t));
        std::string corrupted;
        Titles got = titles_of(*c, GetParam(), &corrupted);
        EXPECT_EQ(got, want()) << v.name << ": got:\n" << show(got) << "want:\n" << show(want());
        EXPECT_TRUE(corrupted.empty()) << v.name << ":\n" << corrupted;
    }
}

TEST_P(CorpusTest, CutAtEveryLine) {
    KnownIssues known;
    std::string entries, err;
    for (const auto& [kind, title] : want())
        entries += title + "\texpected\n";
    ASSERT_TRUE(known.load_text(entries, "expected", err)) << err;
    const std::string t = text();
    const Titles whole = want();
    // ends[i]: the offset just past line i (its newline)
    std::vector<std::size_t> ends;
    for (std::size_t p = t.find('\n'); p != std::string::npos; p = t.find('\n', p + 1))
        ends.push_back(p + 1);
    std::size_t begin = t.find("ingenic-lab: BEGIN");
    ASSERT_NE(begin, std::string::npos);
    begin = std::lower_bound(ends.begin(), ends.end(), begin + 1) - ends.begin();
    // The long KUnit captures: every line of the first 400, then every 5th.
    for (std::size_t n = begin + 1; n < ends.size(); n += n - begin < 400 ? 1 : 5) {
        auto c = testutil::collect(t.substr(0, ends[n - 1])); // the first n lines
        for (const auto& r : c->reports()) {
            if (whole.count({kind_name(r.kind), r.title}))
                continue;
            // Not whole: cut, with what survived of one expected title (a prefix of it up to a
            // word boundary), and known as that one only because the log (the machine) stopped
            // there and enough of it survived (more than the bare kind: "corrupted: WARNING" is
            // any WARNING).
            EXPECT_TRUE(r.corrupted) << "cut at line " << n << ": " << r.title;
            EXPECT_TRUE(r.machine_stopped) << "cut at line " << n << ": " << r.title << " (" << r.corrupted_reason << ")";
            std::string cut = r.title.rfind("corrupted: ", 0) == 0 ? r.title.substr(11) : r.title;
            bool prefix = false;
            for (const auto& [kind, title] : whole)
                prefix = prefix || title == cut || (title.rfind(cut, 0) == 0 && title[cut.size()] == ' ');
            EXPECT_TRUE(prefix) << "cut at line " << n << ": '" << r.title << "' is no prefix of an expected title";
            if (cut.size() >= 12) {
                EXPECT_NE(known.match(r.title, r.case_name, r.machine_stopped), nullptr)
                    << "cut at line " << n << ": '" << r.title << "' does not match its expected title as known";
            }
        }
    }
}

std::vector<std::string> fixtures() {
    std::vector<std::string> v;
    for (const auto& [name, t] : expected())
        v.push_back(name);
    return v;
}

INSTANTIATE_TEST_SUITE_P(Corpus, CorpusTest, ::testing::ValuesIn(fixtures()),
                         [](const ::testing::TestParamInfo<std::string>& i) {
                             std::string n = i.param;
                             for (char& ch : n)
                                 if (!std::isalnum(static_cast<unsigned char>(ch)))
                                     ch = '_';
                             return n;
                         });

// Every fixture listed exists and every capture has its expectations.
TEST(Corpus, ExpectationsMatchTheCaptures) {
    auto exp = expected();
    ASSERT_FALSE(exp.empty()) << corpus_dir() << "/expected.txt";
    for (const auto& [name, t] : exp)
        EXPECT_TRUE(fs::exists(corpus_dir() + "/" + name)) << name;
    for (const auto& set : fs::directory_iterator(corpus_dir())) {
        if (!set.is_directory())
            continue;
        for (const auto& f : fs::directory_iterator(set.path())) {
            EXPECT_TRUE(exp.count(set.path().filename().string() + "/" + f.path().filename().string()))
                << f.path() << " has no line in expected.txt";
        }
    }
}

// Each kind our kernels can report has a real capture, on both lanes where the lane's kernel
// produces it, with and without caller ids.
TEST(Corpus, EveryKindHasACapture) {
    std::map<std::string, std::set<std::string>> kinds; // kind -> sets ("mips", "kasan", ...)
    for (const auto& [name, t] : expected())
        for (const auto& [kind, title] : t)
            kinds[kind].insert(name.substr(0, name.find('/')));
    for (const char* k : {"kasan", "kfence", "ubsan", "slub", "lockdep", "warning", "bug", "oops", "atomic-sleep",
                          "soft-lockup", "hung-task", "rcu-stall", "kmemleak", "panic"})
        EXPECT_TRUE(kinds.count(k)) << "no capture of kind " << k;
    for (const char* k : {"ubsan", "lockdep", "warning", "bug", "oops", "atomic-sleep", "soft-lockup", "hung-task",
                          "kmemleak", "panic"})
        for (const char* set : {"mips", "kasan"})
            EXPECT_TRUE(kinds[k].count(set)) << "no " << set << " capture of kind " << k;
}

} // namespace
