// Damaged variants of a console capture, the way consoles, mail clients and log pipelines
// damage them: cut at a line, other output interleaved, lines wrapped at a column, syslog
// prefixes, caller ids gone. Shared by the corpus tests and the title-accuracy benchmark.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace variants {

inline std::vector<std::string> split_lines(std::string_view text) {
    std::vector<std::string> out;
    std::size_t p = 0;
    while (p < text.size()) {
        std::size_t nl = text.find('\n', p);
        if (nl == std::string_view::npos)
            nl = text.size();
        out.emplace_back(text.substr(p, nl - p));
        p = nl + 1;
    }
    return out;
}

inline std::string join_lines(const std::vector<std::string>& lines) {
    std::string s;
    for (const auto& l : lines)
        s += l + "\n";
    return s;
}

// The first n lines.
inline std::string cut(std::string_view text, std::size_t n) {
    auto l = split_lines(text);
    if (l.size() > n)
        l.resize(n);
    return join_lines(l);
}

// A terminal's hard wrap: every line longer than `width` continues on the next line.
inline std::string hard_wrap(std::string_view text, std::size_t width) {
    std::vector<std::string> out;
    for (const auto& l : split_lines(text)) {
        if (l.empty())
            out.push_back(l);
        for (std::size_t p = 0; p < l.size(); p += width)
            out.push_back(l.substr(p, width));
    }
    return join_lines(out);
}

// A mail client's wrap: lines break at the last blank before `width`; a word longer than
// the line stays whole.
inline std::string word_wrap(std::string_view text, std::size_t width) {
    std::vector<std::string> out;
    for (std::string l : split_lines(text)) {
        while (l.size() > width) {
            std::size_t b = l.rfind(' ', width);
            while (b != std::string::npos && b > 0 && l[b - 1] == ' ')
                --b;
            if (b == std::string::npos || b == 0 || l.find_first_not_of(' ') >= b) {
                b = l.find(' ', width);
                if (b == std::string::npos)
                    break;
            }
            out.push_back(l.substr(0, b));
            std::size_t rest = l.find_first_not_of(' ', b);
            l = rest == std::string::npos ? std::string() : l.substr(rest);
        }
        out.push_back(l);
    }
    return join_lines(out);
}

// The line as syslog writes it to /var/log/kern.log.
inline std::string syslog(std::string_view text) {
    std::string s;
    for (const auto& l : split_lines(text))
        s += "Mar  3 12:34:56 lab kernel: " + l + "\n";
    return s;
}

// CONFIG_PRINTK_CALLER's "[    T123]" / "[     C0]" after the timestamp removed.
inline std::string strip_callers(std::string_view text) {
    std::string s;
    for (const auto& l : split_lines(text)) {
        std::size_t e = l.find("][");
        std::size_t c = e == std::string::npos ? e : l.find(']', e + 2);
        bool caller = false;
        if (c != std::string::npos && l[0] == '[') {
            std::string_view id(l.data() + e + 2, c - e - 2);
            while (!id.empty() && id.front() == ' ')
                id.remove_prefix(1);
            caller = id.size() > 1 && (id[0] == 'T' || id[0] == 'C');
            for (std::size_t i = 1; caller && i < id.size(); ++i)
                caller = id[i] >= '0' && id[i] <= '9';
        }
        s += caller ? l.substr(0, e + 1) + l.substr(c + 1) : l;
        s += "\n";
    }
    return s;
}

// The timestamp (and caller id) prefix of a console line, "" if none.
inline std::string prefix_of(const std::string& l) {
    if (l.empty() || l[0] != '[')
        return {};
    std::size_t e = l.find(']');
    if (e == std::string::npos)
        return {};
    std::size_t c = e + 1 < l.size() && l[e + 1] == '[' ? l.find(']', e + 1) : std::string::npos;
    return l.substr(0, (c == std::string::npos ? e : c) + 1);
}

// Another task's kernel output after every `every`-th line (its own caller id when the log
// has them, the neighbour's timestamp).
inline std::string interleave(std::string_view text, std::size_t every) {
    std::vector<std::string> out;
    std::size_t n = 0;
    for (const auto& l : split_lines(text)) {
        out.push_back(l);
        if (++n % every)
            continue;
        std::string p = prefix_of(l);
        if (p.empty())
            continue;
        std::size_t cc = p.find("][");
        if (cc != std::string::npos)
            p = p.substr(0, cc + 1) + "[ T9999]";
        out.push_back(p + " usb 1-1: new high-speed USB device number " + std::to_string(n) + " using musb-hdrc");
    }
    return join_lines(out);
}

struct Variant {
    const char* name;
    std::function<std::string(std::string_view)> make;
    bool whole; // all the information survives: titles must be exact and not corrupted
};

inline std::vector<Variant> damaged() {
    return {
        {"syslog", [](std::string_view t) { return syslog(t); }, true},
        {"wrap72", [](std::string_view t) { return hard_wrap(t, 72); }, true},
        {"wrap80", [](std::string_view t) { return hard_wrap(t, 80); }, true},
        {"mail72", [](std::string_view t) { return word_wrap(t, 72); }, true},
        {"mail80", [](std::string_view t) { return word_wrap(t, 80); }, true},
        {"interleaved", [](std::string_view t) { return interleave(t, 5); }, true},
        {"no-callers", [](std::string_view t) { return strip_callers(t); }, true},
        {"syslog+mail72", [](std::string_view t) { return word_wrap(syslog(t), 72); }, true},
    };
}

} // namespace variants
