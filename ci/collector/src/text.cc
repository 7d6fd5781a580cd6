// ingenic-lab report collector: console text primitives (see text.h).
// SPDX-License-Identifier: GPL-2.0-or-later
#include "collector/text.h"

namespace collector {

namespace {

// Length of the valid UTF-8 sequence starting at s[i] (2..4), or 0 if invalid.
std::size_t utf8_seq_len(std::string_view s, std::size_t i) {
    auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char c = b(i);
    std::size_t n;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2;
    else if (c >= 0xE0 && c <= 0xEF)
        n = 3;
    else if (c >= 0xF0 && c <= 0xF4)
        n = 4;
    else
        return 0;
    if (i + n > s.size())
        return 0;
    for (std::size_t k = 1; k < n; ++k)
        if ((b(i + k) & 0xC0) != 0x80)
            return 0;
    // Overlongs, surrogates and > U+10FFFF.
    if (c == 0xE0 && b(i + 1) < 0xA0)
        return 0;
    if (c == 0xED && b(i + 1) >= 0xA0)
        return 0;
    if (c == 0xF0 && b(i + 1) < 0x90)
        return 0;
    if (c == 0xF4 && b(i + 1) >= 0x90)
        return 0;
    return n;
}

bool is_hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool is_sym_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.' || c == '$';
}

// Parses hex digits at s[pos]; returns count consumed (0 if none), value saturating.
std::size_t parse_hex(std::string_view s, std::size_t pos, std::uint64_t& v) {
    std::size_t i = pos;
    v = 0;
    while (i < s.size() && is_hex(s[i])) {
        char c = s[i];
        unsigned d = c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
        if (i - pos < 16)
            v = (v << 4) | d;
        ++i;
    }
    return i - pos;
}

} // namespace

void clean_line(std::string_view raw, std::string& out) {
    out.clear();
    const std::size_t n = raw.size();
    std::size_t i = 0;
    while (i < n) {
        unsigned char c = static_cast<unsigned char>(raw[i]);
        if (c >= 0x20 && c < 0x7F) {
            // Fast path: run of printable ASCII.
            std::size_t j = i + 1;
            while (j < n) {
                unsigned char d = static_cast<unsigned char>(raw[j]);
                if (d < 0x20 || d >= 0x7F)
                    break;
                ++j;
            }
            out.append(raw.data() + i, j - i);
            i = j;
            continue;
        }
        if (c == '\t') {
            out.push_back('\t');
            ++i;
            continue;
        }
        if (c == 0x1B) { // ESC
            if (i + 1 >= n) {
                ++i;
                continue;
            }
            char k = raw[i + 1];
            if (k == '[') { // CSI: parameters/intermediates 0x20-0x3F, final 0x40-0x7E
                std::size_t j = i + 2;
                while (j < n && static_cast<unsigned char>(raw[j]) >= 0x20 &&
                       static_cast<unsigned char>(raw[j]) <= 0x3F)
                    ++j;
                if (j < n && static_cast<unsigned char>(raw[j]) >= 0x40 &&
                    static_cast<unsigned char>(raw[j]) <= 0x7E)
                    ++j;
                i = j;
            } else if (k == ']') { // OSC: until BEL or ESC '\'
                std::size_t j = i + 2;
                while (j < n && raw[j] != '\a' && !(raw[j] == 0x1B && j + 1 < n && raw[j + 1] == '\\'))
                    ++j;
                if (j < n)
                    j += raw[j] == '\a' ? 1 : 2;
                i = j;
            } else {
                i += 2; // two-byte escape (ESC c, ESC 7, ESC (B's first part...)
            }
            continue;
        }
        if (c < 0x20 || c == 0x7F) { // CR, NUL, other controls
            ++i;
            continue;
        }
        std::size_t len = utf8_seq_len(raw, i);
        if (len == 0) {
            out.push_back('?');
            ++i;
        } else {
            out.append(raw.data() + i, len);
            i += len;
        }
    }
    while (!out.empty() && (out.back() == ' ' || out.back() == '\t'))
        out.pop_back();
}

bool is_valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t len = utf8_seq_len(s, i);
        if (!len)
            return false;
        i += len;
    }
    return true;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// "<N>" / "<NN>" (facility*8+level) at `at`: its length, 0 if absent.
std::size_t level_prefix(std::string_view line, std::size_t at, int& level) {
    if (at >= line.size() || line[at] != '<')
        return 0;
    std::size_t j = at + 1;
    int v = 0;
    while (j < line.size() && j - at <= 4 && is_digit(line[j]))
        v = v * 10 + (line[j++] - '0');
    if (j > at + 1 && j < line.size() && line[j] == '>') {
        level = v & 7;
        return j + 1 - at;
    }
    return 0;
}

// "[   12.345678]" at `at`: its length, 0 if absent.
std::size_t timestamp_prefix(std::string_view line, std::size_t at, double& ts) {
    if (at >= line.size() || line[at] != '[')
        return 0;
    std::size_t j = at + 1;
    while (j < line.size() && line[j] == ' ')
        ++j;
    std::size_t ds = j;
    std::uint64_t secs = 0;
    while (j < line.size() && is_digit(line[j]) && j - ds < 12)
        secs = secs * 10 + static_cast<std::uint64_t>(line[j++] - '0');
    if (j == ds || j >= line.size() || line[j] != '.')
        return 0;
    std::size_t fs = ++j;
    double frac = 0, scale = 0.1;
    while (j < line.size() && is_digit(line[j]) && j - fs < 9) {
        frac += (line[j++] - '0') * scale;
        scale /= 10;
    }
    if (j == fs || j >= line.size() || line[j] != ']')
        return 0;
    ts = static_cast<double>(secs) + frac;
    return j + 1 - at;
}

// "[    T123]" / "[     C0]" at `at` (CONFIG_PRINTK_CALLER): its length, 0 if absent.
std::size_t caller_prefix(std::string_view line, std::size_t at, std::string_view& caller) {
    if (at >= line.size() || line[at] != '[')
        return 0;
    std::size_t k = at + 1;
    while (k < line.size() && line[k] == ' ')
        ++k;
    if (k >= line.size() || (line[k] != 'T' && line[k] != 'C'))
        return 0;
    std::size_t cs = k++;
    std::size_t dstart = k;
    while (k < line.size() && is_digit(line[k]) && k - dstart < 10)
        ++k;
    if (k == dstart || k >= line.size() || line[k] != ']')
        return 0;
    caller = line.substr(cs, k - cs);
    return k + 1 - at;
}

// "hh:mm:ss" at `at`.
bool clock_at(std::string_view s, std::size_t at) {
    return at + 8 <= s.size() && is_digit(s[at]) && is_digit(s[at + 1]) && s[at + 2] == ':' &&
           is_digit(s[at + 3]) && is_digit(s[at + 4]) && s[at + 5] == ':' && is_digit(s[at + 6]) &&
           is_digit(s[at + 7]);
}

// A syslog or journal prefix ending in "kernel: " at `at`: its length, 0 if absent.
//   "Mar  3 12:34:56 host kernel: "                      (RFC 3164 syslog, journalctl)
//   "2025-03-03T12:34:56.123456+00:00 host kernel: "     (RFC 3339 timestamps)
//   "kernel: "
std::size_t syslog_prefix(std::string_view line, std::size_t at) {
    std::string_view s = line.substr(std::min(at, line.size()));
    if (starts_with(s, "kernel: "))
        return 8;
    std::size_t i = 0;
    static const char* const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    bool date = false;
    for (const char* m : months)
        if (starts_with(s, m) && s.size() > 4 && s[3] == ' ') {
            i = 4;
            if (i < s.size() && s[i] == ' ')
                ++i;
            std::size_t d = i;
            while (i < s.size() && is_digit(s[i]) && i - d < 2)
                ++i;
            if (i == d || i >= s.size() || s[i] != ' ' || !clock_at(s, i + 1))
                return 0;
            i += 9;
            date = true;
            break;
        }
    if (!date) {
        // ISO date: dddd-dd-dd[T ]hh:mm:ss[.frac][Z|+hh:mm|-hhmm]
        if (s.size() < 20 || !is_digit(s[0]) || !is_digit(s[1]) || !is_digit(s[2]) || !is_digit(s[3]) ||
            s[4] != '-' || !is_digit(s[5]) || !is_digit(s[6]) || s[7] != '-' || !is_digit(s[8]) ||
            !is_digit(s[9]) || (s[10] != 'T' && s[10] != ' ') || !clock_at(s, 11))
            return 0;
        i = 19;
        if (i < s.size() && (s[i] == '.' || s[i] == ','))
            for (++i; i < s.size() && is_digit(s[i]); ++i) {
            }
        if (i < s.size() && s[i] == 'Z')
            ++i;
        else if (i < s.size() && (s[i] == '+' || s[i] == '-'))
            for (++i; i < s.size() && (is_digit(s[i]) || s[i] == ':'); ++i) {
            }
    }
    if (i >= s.size() || s[i] != ' ')
        return 0;
    ++i; // host name
    std::size_t h = i;
    while (i < s.size() && s[i] != ' ' && i - h < 64)
        ++i;
    if (i == h || i >= s.size() || s[i] != ' ')
        return 0;
    ++i;
    if (!starts_with(s.substr(i), "kernel: "))
        return 0;
    return i + 8;
}

} // namespace

LineInfo parse_console_line(std::string_view line) {
    LineInfo info;
    std::size_t p = 0;
    // "** 5 printk messages dropped ** " can precede a message on the same line.
    if (starts_with(line, "** ")) {
        std::size_t e = line.find(" printk messages dropped ** ");
        if (e != std::string_view::npos && e < 24) {
            info.dropped = true;
            p = e + 28;
        }
    }
    p += level_prefix(line, p, info.level);
    if (std::size_t n = syslog_prefix(line, p)) {
        info.syslog = true;
        p += n;
        p += level_prefix(line, p, info.level);
    }
    std::size_t n = timestamp_prefix(line, p, info.ts);
    if (!n && p == 0) {
        // Userspace output without a newline before a kernel line: "login: [  12.3] ..."
        for (std::size_t b = line.find('['); b != std::string_view::npos && b < 256;
             b = line.find('[', b + 1)) {
            if (b > 0 && (n = timestamp_prefix(line, b, info.ts)) != 0) {
                p = b;
                break;
            }
        }
    }
    if (n) {
        p += n;
        std::size_t q = p;
        if (q + 1 < line.size() && line[q] == ' ' && line[q + 1] == '[')
            ++q;
        if (std::size_t c = caller_prefix(line, q, info.caller))
            p = q + c;
        if (p < line.size() && line[p] == ' ')
            ++p;
        p += level_prefix(line, p, info.level);
    }
    info.text_offset = p;
    info.text = line.substr(p);
    return info;
}

bool parse_symbol_ref(std::string_view s, Frame& out) {
    out = Frame{};
    if (s.size() >= 3 && s[0] == '0' && s[1] == 'x') {
        std::uint64_t v;
        std::size_t n = parse_hex(s, 2, v);
        if (n < 4)
            return false;
        std::string_view rest = s.substr(2 + n);
        if (!rest.empty() && rest[0] != ' ')
            return false;
        // Address-only: "0xc0a01234" possibly followed by " [module]".
        out.addr = v;
        out.has_addr = true;
        rest = trim(rest);
        if (!rest.empty() && rest.front() == '[' && rest.back() == ']')
            out.module = std::string(trim(rest.substr(1, rest.size() - 2)));
        else if (!rest.empty())
            return false;
        return true;
    }
    std::size_t i = 0;
    while (i < s.size() && is_sym_char(s[i]))
        ++i;
    if (i == 0 || i + 3 >= s.size() || s[i] != '+' || s[i + 1] != '0' || s[i + 2] != 'x')
        return false;
    std::string_view name = s.substr(0, i);
    std::uint64_t off, size = 0;
    std::size_t n = parse_hex(s, i + 3, off);
    if (n == 0)
        return false;
    std::size_t j = i + 3 + n;
    if (j + 2 < s.size() && s[j] == '/' && s[j + 1] == '0' && s[j + 2] == 'x') {
        std::size_t m = parse_hex(s, j + 3, size);
        if (m == 0)
            return false;
        j += 3 + m;
    } else {
        return false; // %pS always prints "+off/size"
    }
    out.func = std::string(name);
    out.offset = off;
    out.size = size;
    std::string_view rest = s.substr(j);
    if (!rest.empty() && rest[0] != ' ')
        return false;
    rest = trim(rest);
    if (!rest.empty() && rest.front() == '[') {
        std::size_t close = rest.find(']');
        if (close == std::string_view::npos)
            return false;
        std::string_view mod = trim(rest.substr(1, close - 1));
        std::size_t sp = mod.find(' '); // "[mod buildid]" from %pSb
        out.module = std::string(sp == std::string_view::npos ? mod : mod.substr(0, sp));
        rest = trim(rest.substr(close + 1));
    }
    // Already-symbolized "file.c:123" (decode_stacktrace.sh output) or "(P)"-style tags.
    if (!rest.empty()) {
        std::string_view tok = rest.substr(0, rest.find(' '));
        std::size_t colon = tok.rfind(':');
        if (colon != std::string_view::npos && colon + 1 < tok.size() &&
            tok.find('/') != std::string_view::npos) {
            out.location = std::string(tok);
        } else if (!(tok.front() == '(' && tok.back() == ')')) {
            return false;
        }
    }
    return true;
}

bool parse_frame_line(std::string_view text, Frame& out) {
    std::size_t i = 0;
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t'))
        ++i;
    bool questionable = false;
    if (i + 1 < text.size() && text[i] == '?' && text[i + 1] == ' ') {
        questionable = true;
        i += 2;
    }
    std::uint64_t addr = 0;
    bool has_addr = false;
    for (int k = 0; k < 2 && i + 1 < text.size() && text[i] == '[' && text[i + 1] == '<'; ++k) {
        std::uint64_t v;
        std::size_t n = parse_hex(text, i + 2, v);
        if (n == 0 || i + 2 + n + 1 >= text.size() || text[i + 2 + n] != '>' || text[i + 3 + n] != ']')
            return false;
        if (!has_addr) {
            addr = v;
            has_addr = true;
        }
        i += n + 4;
        while (i < text.size() && text[i] == ' ')
            ++i;
    }
    if (!questionable && i + 1 < text.size() && text[i] == '?' && text[i + 1] == ' ') {
        questionable = true;
        i += 2;
    }
    if (i >= text.size())
        return false;
    if (!parse_symbol_ref(text.substr(i), out))
        return false;
    // A bare "0x..." line without "[<...>]" must look like an address (>= 8 digits).
    if (out.func.empty() && !has_addr && text.size() - i < 10)
        return false;
    if (has_addr && !out.has_addr) {
        out.addr = addr;
        out.has_addr = true;
    }
    out.questionable = questionable;
    return true;
}

std::string_view base_function(std::string_view func) {
    std::size_t dot = func.find('.');
    if (dot == 0 || dot == std::string_view::npos)
        return func;
    return func.substr(0, dot);
}

} // namespace collector
