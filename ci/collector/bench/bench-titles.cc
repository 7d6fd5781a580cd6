// bench-titles: title accuracy of the report collector, per report kind.
//
//   bench-titles [--corpus DIR] [--logs DIR]... [--verbose]
//
// --corpus DIR (default: the tests' corpus): every capture listed in DIR/expected.txt, as
//   captured and in each damaged variant (syslog prefixes, wrapped at 72 and 80 columns by a
//   terminal or a mail client, another task's output interleaved, caller ids removed), and
//   cut at every line of the report. Per kind: the reports expected, found (a report of that
//   kind), titled exactly, and marked corrupted (beyond the few the kernel itself printed
//   without what their title needs, expected.txt's "corrupted" column); for the cuts, how many cut reports kept the
//   exact title, how many a cut title that is a prefix of it ("corrupted: KASAN:
//   slab-use-after-free" for a report the machine stopped in), and how many something else.
// --logs DIR: real-world logs in the layout of syzkaller's pkg/report testdata (header lines
//   "TITLE: <title>", optional "CORRUPTED: Y", a blank line, the log): the first report of each
//   log against its TITLE.
// Prints tables; not a test.
//
// SPDX-License-Identifier: GPL-2.0-or-later
#include "collector/collector.h"
#include "collector/known_issues.h"
#include "corpus_expected.h"
#include "variants.h"

#include "lab_cli.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using collector::Collector;
using collector::kind_name;

namespace {

using corpus_expected::Expected;

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::unique_ptr<Collector> run(const std::string& text) {
    auto c = std::make_unique<Collector>();
    c->feed_console(text);
    c->finish();
    return c;
}

struct Row {
    std::size_t expected = 0, found = 0, exact = 0, corrupted = 0;
};

void print_rows(const char* title, const std::map<std::string, Row>& rows) {
    Row all;
    std::printf("\n%s\n", title);
    std::printf("  %-14s %9s %7s %7s %10s\n", "kind", "expected", "found", "exact", "corrupted");
    for (const auto& [k, r] : rows) {
        std::printf("  %-14s %9zu %7zu %7zu %10zu\n", k.c_str(), r.expected, r.found, r.exact, r.corrupted);
        all.expected += r.expected, all.found += r.found, all.exact += r.exact, all.corrupted += r.corrupted;
    }
    std::printf("  %-14s %9zu %7zu %7zu %10zu\n", "all", all.expected, all.found, all.exact, all.corrupted);
}

// Scores one collector run of a fixture against its expected titles.
void score(const Collector& c, const std::vector<Expected>& want, std::map<std::string, Row>& rows, bool verbose,
           const std::string& what) {
    std::multiset<std::string> kinds;
    for (const auto& u : c.unique_reports())
        kinds.insert(kind_name(u.kind));
    for (const auto& w : want) {
        Row& r = rows[w.kind];
        ++r.expected;
        const collector::UniqueReport* hit = nullptr;
        for (const auto& u : c.unique_reports())
            if (u.title == w.title)
                hit = &u;
        if (hit || kinds.count(w.kind))
            ++r.found;
        if (hit)
            ++r.exact;
        if (hit && hit->all_corrupted && !w.corrupted)
            ++r.corrupted;
        if (verbose && (!hit || (hit->all_corrupted && !w.corrupted))) {
            std::printf("  %s: want %s, got:", what.c_str(), w.title.c_str());
            for (const auto& u : c.unique_reports())
                std::printf(" [%s%s]", u.title.c_str(), u.all_corrupted ? " (corrupted)" : "");
            std::printf("\n");
        }
    }
}

int corpus(const fs::path& dir, bool verbose) {
    std::map<std::string, std::vector<Expected>> exp;
    try {
        exp = corpus_expected::read(dir / "expected.txt");
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench-titles: %s\n", e.what());
        return 2;
    }
    std::map<std::string, Row> clean;
    std::map<std::string, std::map<std::string, Row>> damaged;
    std::map<std::string, std::size_t> cut_total, cut_exact, cut_prefix, cut_other;
    std::size_t fixtures = 0;
    for (const auto& [name, want] : exp) {
        std::string text = slurp(dir / name);
        if (text.empty()) {
            std::fprintf(stderr, "bench-titles: %s: missing or empty\n", (dir / name).c_str());
            return 2;
        }
        ++fixtures;
        score(*run(text), want, clean, verbose, name);
        for (const auto& v : variants::damaged())
            score(*run(v.make(text)), want, damaged[v.name], verbose, name + " " + v.name);
        // Cut at every line after the item's BEGIN marker.
        collector::KnownIssues known;
        std::string kt, err;
        for (const auto& w : want)
            kt += w.title + "\texpected\n";
        known.load_text(kt, "expected", err);
        auto lines = variants::split_lines(text);
        std::size_t begin = 0;
        while (begin < lines.size() && lines[begin].find("ingenic-lab: BEGIN") == std::string::npos)
            ++begin;
        std::size_t step = lines.size() - begin > 600 ? (lines.size() - begin) / 300 : 1;
        for (std::size_t n = begin + 1; n < lines.size(); n += step) {
            auto c = run(variants::cut(text, n));
            for (const auto& r : c->reports()) {
                std::string k = kind_name(r.kind);
                ++cut_total[k];
                bool exact = false;
                for (const auto& w : want)
                    exact = exact || w.title == r.title;
                std::string cut = r.title.rfind("corrupted: ", 0) == 0 ? r.title.substr(11) : r.title;
                bool prefix = false;
                for (const auto& w : want)
                    prefix = prefix || (w.title.rfind(cut, 0) == 0 && w.title[cut.size()] == ' ');
                if (exact)
                    ++cut_exact[k];
                else if (r.corrupted && r.machine_stopped && prefix)
                    ++cut_prefix[k];
                else {
                    ++cut_other[k];
                    if (verbose)
                        std::printf("  %s cut at %zu: %s\n", name.c_str(), n, r.title.c_str());
                }
            }
        }
    }
    std::printf("title accuracy over %zu captures from our kernels (%s)\n", fixtures, dir.c_str());
    print_rows("as captured:", clean);
    for (const auto& v : variants::damaged())
        print_rows((std::string(v.name) + ":").c_str(), damaged[v.name]);
    std::printf("\ncut at every line (reports seen in the cut logs):\n");
    std::printf("  %-14s %7s %7s %12s %7s\n", "kind", "reports", "exact", "prefix-cut", "other");
    std::size_t t = 0, e = 0, p = 0, o = 0;
    for (const auto& [k, n] : cut_total) {
        std::printf("  %-14s %7zu %7zu %12zu %7zu\n", k.c_str(), n, cut_exact[k], cut_prefix[k], cut_other[k]);
        t += n, e += cut_exact[k], p += cut_prefix[k], o += cut_other[k];
    }
    std::printf("  %-14s %7zu %7zu %12zu %7zu\n", "all", t, e, p, o);
    return 0;
}

// Logs in syzkaller's testdata layout: "TITLE: x" header lines, a blank line, the log.
int logs(const fs::path& dir, bool verbose) {
    std::map<std::string, Row> rows;
    std::size_t files = 0, no_title = 0, false_reports = 0;
    std::vector<fs::path> paths;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.is_regular_file())
            paths.push_back(e.path());
    std::sort(paths.begin(), paths.end());
    for (const auto& p : paths) {
        std::string data = slurp(p);
        data.erase(std::remove(data.begin(), data.end(), '\r'), data.end());
        std::size_t blank = data.find("\n\n");
        if (blank == std::string::npos)
            continue;
        std::string head = data.substr(0, blank), log = data.substr(blank + 2);
        std::size_t rep = log.find("\n\nREPORT:\n");
        if (rep != std::string::npos)
            log.resize(rep + 1);
        std::string want;
        bool want_corrupted = false;
        std::stringstream hs(head);
        std::string l;
        while (std::getline(hs, l)) {
            if (l.rfind("TITLE: ", 0) == 0 && want.empty())
                want = l.substr(7);
            if (l == "CORRUPTED: Y")
                want_corrupted = true;
        }
        ++files;
        auto c = run(log);
        const collector::Report* first = nullptr;
        for (const auto& r : c->reports())
            if (r.source == "console" && (!first || r.line < first->line))
                first = &r;
        if (want.empty()) {
            ++no_title;
            false_reports += first != nullptr;
            continue;
        }
        std::string kind = first ? kind_name(first->kind) : "(none found)";
        Row& r = rows[kind];
        ++r.expected;
        if (!first)
            continue;
        ++r.found;
        bool exact = first->title == want;
        r.exact += exact;
        r.corrupted += first->corrupted;
        if (verbose && !exact)
            std::printf("  %s%s: want %s, got %s\n", p.filename().c_str(), want_corrupted ? " (corrupted)" : "",
                        want.c_str(), first->title.c_str());
    }
    std::printf("title accuracy over %zu logs in %s (first report of each)\n", files - no_title, dir.c_str());
    print_rows("by the kind the collector gave:", rows);
    std::printf("  logs without a report: %zu, of which the collector reported something in %zu\n", no_title,
                false_reports);
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    std::string corpus_dir = COLLECTOR_CORPUS_DIR;
    std::vector<std::string> log_dirs;
    bool verbose = false;
    CLI::App app("bench-titles: the collector's titles against the corpus and real logs", "bench-titles");
    CLI::Option* corpus_opt = app.add_option("--corpus", corpus_dir, "corpus folder");
    app.add_option("--logs", log_dirs, "a folder of console logs (repeatable)")->allow_extra_args(false);
    app.add_flag("-v,--verbose", verbose);
    if (auto rc = lab::cli::parse(app, "", argc, argv))
        return *rc;
    const bool corpus_given = corpus_opt->count() > 0;
    for (const auto& d : log_dirs)
        if (!fs::is_directory(d)) {
            std::fprintf(stderr, "bench-titles: %s: not a directory\n", d.c_str());
            return 2;
        }
    int rc = 0;
    if (log_dirs.empty() || corpus_given)
        rc = corpus(corpus_dir, verbose);
    for (const auto& d : log_dirs)
        rc = rc ? rc : logs(d, verbose);
    return rc;
}
