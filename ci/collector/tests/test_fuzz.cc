// Random input: seeded random bytes of random sizes in random chunks, and the sample logs
// mutated (lines dropped, duplicated, swapped, bytes flipped, cut anywhere). Whatever
// comes in: no crash, and sane output (titles non-empty valid UTF-8, every report counted
// once, attribution to a real case or a pseudo-case, outputs render).
// SPDX-License-Identifier: GPL-2.0-or-later
#include "collector/output.h"
#include "collector/text.h"
#include "helpers.h"

#include <gtest/gtest.h>

#include <dirent.h>
#include <random>

using namespace collector;

namespace {

void check_sane(const Collector& c) {
    std::size_t total = 0;
    for (std::size_t u = 0; u < c.unique_reports().size(); ++u) {
        const UniqueReport& ur = c.unique_reports()[u];
        ASSERT_FALSE(ur.title.empty());
        ASSERT_TRUE(is_valid_utf8(ur.title)) << ur.title;
        ASSERT_EQ(ur.count, ur.occurrences.size());
        ASSERT_LT(ur.representative, c.reports().size());
        total += ur.count;
        for (std::size_t id : ur.occurrences) {
            const Report& r = c.reports()[id];
            ASSERT_EQ(r.unique, u);
            ASSERT_EQ(r.title, ur.title);
            if (r.case_index >= 0) {
                ASSERT_LT(static_cast<std::size_t>(r.case_index), c.cases().size());
                ASSERT_EQ(r.case_name, c.cases()[r.case_index].name);
            } else {
                ASSERT_TRUE(r.case_name == kCaseBoot || r.case_name == kCaseBetween || r.case_name == kCaseUnattributed)
                    << r.case_name;
            }
            for (const auto& l : r.lines)
                ASSERT_TRUE(is_valid_utf8(l.raw));
        }
    }
    ASSERT_EQ(total, c.reports().size());
    RunMeta meta;
    std::string json = results_json(c, nullptr, meta);
    ASSERT_TRUE(is_valid_utf8(json));
    std::string junit = junit_xml(c, nullptr, meta);
    ASSERT_TRUE(is_valid_utf8(junit));
    for (std::size_t u = 0; u < c.unique_reports().size(); ++u)
        ASSERT_FALSE(report_text(c, u).empty());
}

std::vector<std::string> samples() {
    std::vector<std::string> out;
    DIR* d = opendir(testutil::data_dir().c_str());
    if (!d)
        return out;
    while (dirent* e = readdir(d)) {
        std::string n = e->d_name;
        if (n.size() > 4 && n.compare(n.size() - 4, 4, ".log") == 0)
            out.push_back(testutil::data(n));
    }
    closedir(d);
    return out;
}

void feed_random_chunks(Collector& c, const std::string& s, std::mt19937& rng, bool qemu = false) {
    std::size_t off = 0;
    while (off < s.size()) {
        std::size_t n = 1 + rng() % 512;
        if (qemu)
            c.feed_qemu(std::string_view(s).substr(off, n));
        else
            c.feed_console(std::string_view(s).substr(off, n));
        off += n;
        if (rng() % 64 == 0)
            c.idle();
    }
}

TEST(Fuzz, RandomBytes) {
    std::mt19937 rng(20250101);
    for (int iter = 0; iter < 400; ++iter) {
        std::size_t size = rng() % (iter % 10 == 0 ? 200000 : 4000);
        std::string s(size, '\0');
        // Mostly raw bytes; sometimes biased towards newlines and report vocabulary bytes.
        bool text = iter % 3 == 0;
        for (auto& ch : s) {
            unsigned v = rng();
            ch = text ? "BUG: KASAN[<>]0x+/\n =-:WARNING Call Trace"[v % 40] : static_cast<char>(v);
        }
        Collector c;
        feed_random_chunks(c, s, rng);
        if (iter % 4 == 0)
            feed_random_chunks(c, s, rng, true);
        c.finish();
        SCOPED_TRACE("iteration " + std::to_string(iter));
        check_sane(c);
    }
}

TEST(Fuzz, MutatedSamples) {
    auto logs = samples();
    ASSERT_GT(logs.size(), 20u);
    std::mt19937 rng(4242);
    for (int iter = 0; iter < 600; ++iter) {
        // Splice lines from two or three samples, then mutate.
        std::vector<std::string> lines;
        int parts = 1 + rng() % 3;
        for (int p = 0; p < parts; ++p) {
            const std::string& src = logs[rng() % logs.size()];
            std::size_t pos = 0;
            while (pos < src.size()) {
                std::size_t nl = src.find('\n', pos);
                if (nl == std::string::npos)
                    nl = src.size();
                lines.push_back(src.substr(pos, nl - pos));
                pos = nl + 1;
            }
        }
        int muts = rng() % 20;
        for (int m = 0; m < muts && !lines.empty(); ++m) {
            std::size_t i = rng() % lines.size();
            switch (rng() % 6) {
            case 0: lines.erase(lines.begin() + i); break;
            case 1: lines.insert(lines.begin() + i, lines[i]); break;
            case 2: std::swap(lines[i], lines[rng() % lines.size()]); break;
            case 3:
                if (!lines[i].empty())
                    lines[i][rng() % lines[i].size()] = static_cast<char>(rng());
                break;
            case 4: lines[i] = lines[i].substr(0, rng() % (lines[i].size() + 1)); break;
            case 5: lines.insert(lines.begin() + i, "[ 1.0] ingenic-lab: " + std::string(rng() % 2 ? "BEGIN t" : "END t pass")); break;
            }
        }
        std::string s;
        for (auto& l : lines)
            s += l + (rng() % 10 ? "\n" : "\r\n");
        s.resize(rng() % (s.size() + 1)); // cut anywhere
        Collector c;
        feed_random_chunks(c, s, rng);
        c.finish();
        SCOPED_TRACE("iteration " + std::to_string(iter));
        check_sane(c);
    }
}

TEST(Fuzz, HugeLineWithoutNewline) {
    Collector c;
    std::string s(5 << 20, 'A');
    c.feed_console(s);
    c.feed_console("BUG: KASAN: use-after-free in f+0x1/0x2\n");
    c.finish();
    EXPECT_EQ(c.run_info().console_lines, 5u * 1024 * 1024 / 8192 + 1);
    check_sane(c);
}

} // namespace
