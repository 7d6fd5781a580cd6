#include "core/util.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace lab {

std::string strf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char small[256];
    va_list ap2;
    va_copy(ap2, ap);
    int n = std::vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        va_end(ap2);
        return {};
    }
    if (size_t(n) < sizeof small) {
        va_end(ap2);
        return std::string(small, size_t(n));
    }
    std::string out(size_t(n) + 1, '\0');
    std::vsnprintf(&out[0], out.size(), fmt, ap2);
    va_end(ap2);
    out.resize(size_t(n));
    return out;
}

uint64_t hash_name(std::string_view s)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (unsigned char c : s) {
        h ^= c;
        h *= 0x100000001b3ull;
    }
    return h;
}

void Tally::add(const std::string &key, uint64_t n)
{
    std::lock_guard<std::mutex> g(mu_);
    counts_[key] += n;
}

uint64_t Tally::get(const std::string &key) const
{
    std::lock_guard<std::mutex> g(mu_);
    auto it = counts_.find(key);
    return it == counts_.end() ? 0 : it->second;
}

uint64_t Tally::sum_prefix(const std::string &prefix) const
{
    std::lock_guard<std::mutex> g(mu_);
    uint64_t s = 0;
    for (auto it = counts_.lower_bound(prefix); it != counts_.end() && it->first.compare(0, prefix.size(), prefix) == 0;
         ++it) {
        s += it->second;
    }
    return s;
}

std::map<std::string, uint64_t> Tally::snapshot() const
{
    std::lock_guard<std::mutex> g(mu_);
    return counts_;
}

std::string Tally::summary() const
{
    std::string s;
    for (const auto &kv : snapshot()) {
        s += (s.empty() ? "" : " ") + kv.first + "=" + std::to_string(kv.second);
    }
    return s;
}

void Tally::merge(const Tally &other)
{
    auto snap = other.snapshot();
    std::lock_guard<std::mutex> g(mu_);
    for (const auto &kv : snap) {
        counts_[kv.first] += kv.second;
    }
}

std::string errno_name(int err)
{
    if (err < 0) {
        err = -err;
    }
    switch (err) {
    case 0:
        return "ok";
#define E(x)                                                                                                           \
    case x:                                                                                                            \
        return #x
        E(EPERM);
        E(ENOENT);
        E(EINTR);
        E(EIO);
        E(ENXIO);
        E(EBADF);
        E(EAGAIN);
        E(ENOMEM);
        E(EACCES);
        E(EFAULT);
        E(EBUSY);
        E(EEXIST);
        E(ENODEV);
        E(EINVAL);
        E(ENOSPC);
        E(ENOSYS);
        E(ETIMEDOUT);
        E(ENOTTY);
        E(EOPNOTSUPP);
        E(ESHUTDOWN);
        E(EDEADLK);
#undef E
    default:
        return "E" + std::to_string(err);
    }
}

KmemleakReport parse_kmemleak(std::string_view text)
{
    KmemleakReport r;
    bool in_backtrace = false, have_frame = false;
    while (!text.empty()) {
        size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
        size_t a = line.find_first_not_of(' ');
        std::string_view t = a == std::string_view::npos ? std::string_view() : line.substr(a);
        if (t.rfind("unreferenced object", 0) == 0) {
            r.count++;
            r.headers.emplace_back(t);
            in_backtrace = false;
            have_frame = false;
        } else if (t.rfind("backtrace", 0) == 0) {
            in_backtrace = true;
        } else if (in_backtrace && !have_frame && !t.empty() && r.count) {
            // "[<0x...>] func+0x10/0x20" or "func+0x10/0x20" (newer kernels)
            size_t b = t.find("] ");
            std::string_view frame = b == std::string_view::npos ? t : t.substr(b + 2);
            r.top_frames.emplace_back(frame);
            have_frame = true;
        }
    }
    return r;
}

} // namespace lab
