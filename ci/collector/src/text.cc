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

LineInfo parse_console_line(std::string_view line) {
    LineInfo info;
    std::size_t p = 0;
    auto level_prefix = [&](std::size_t at) -> std::size_t {
        // "<N>" or "<NN>" (syslog facility*8+level); returns length, 0 if absent
        if (at < line.size() && line[at] == '<') {
            std::size_t j = at + 1;
            int v = 0;
            while (j < line.size() && j - at <= 4 && line[j] >= '0' && line[j] <= '9')
                v = v * 10 + (line[j++] - '0');
            if (j > at + 1 && j < line.size() && line[j] == '>') {
                info.level = v & 7;
                return j + 1 - at;
            }
        }
        return 0;
    };
    p += level_prefix(p);
    // "[   12.345678]"
    if (p < line.size() && line[p] == '[') {
        std::size_t j = p + 1;
        while (j < line.size() && line[j] == ' ')
            ++j;
        std::size_t ds = j;
        std::uint64_t secs = 0;
        while (j < line.size() && line[j] >= '0' && line[j] <= '9' && j - ds < 12)
            secs = secs * 10 + (line[j++] - '0');
        if (j > ds && j < line.size() && line[j] == '.') {
            std::size_t fs = ++j;
            double frac = 0, scale = 0.1;
            while (j < line.size() && line[j] >= '0' && line[j] <= '9' && j - fs < 9) {
                frac += (line[j++] - '0') * scale;
                scale /= 10;
            }
            if (j > fs && j < line.size() && line[j] == ']') {
                info.ts = static_cast<double>(secs) + frac;
                p = j + 1;
                // "[    T123]" / "[     C0]" (CONFIG_PRINTK_CALLER), with or without a space
                std::size_t q = p;
                if (q < line.size() && line[q] == ' ' && q + 1 < line.size() && line[q + 1] == '[')
                    ++q;
                if (q < line.size() && line[q] == '[') {
                    std::size_t k = q + 1;
                    while (k < line.size() && line[k] == ' ')
                        ++k;
                    if (k < line.size() && (line[k] == 'T' || line[k] == 'C')) {
                        std::size_t cs = k++;
                        std::size_t dstart = k;
                        while (k < line.size() && line[k] >= '0' && line[k] <= '9' && k - dstart < 10)
                            ++k;
                        if (k > dstart && k < line.size() && line[k] == ']') {
                            info.caller = line.substr(cs, k - cs);
                            p = k + 1;
                        }
                    }
                }
                if (p < line.size() && line[p] == ' ')
                    ++p;
                p += level_prefix(p);
            }
        }
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
