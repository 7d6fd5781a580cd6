// Small pure helpers: seeded randomness, outcome tallies, kmemleak report parsing, formatting.
#pragma once

#include <cstdarg>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "lab_pattern.hpp"

namespace lab {

// printf into a std::string.
std::string strf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

// FNV-1a, to derive per-case seeds from names.
uint64_t hash_name(std::string_view s);

// The seed of one case: depends only on the run seed and the case name, so a case run alone
// with the run's seed replays the same schedule as it had inside the full run.
inline uint64_t case_seed(uint64_t run_seed, std::string_view name)
{
    return pattern::mix64(run_seed ^ hash_name(name));
}

// splitmix64 stream.
class Rng {
public:
    explicit Rng(uint64_t seed) : state_(seed) {}
    uint64_t next() { return pattern::mix64(state_++); }
    // Uniform in [lo, hi] (inclusive).
    uint64_t range(uint64_t lo, uint64_t hi) { return hi <= lo ? lo : lo + next() % (hi - lo + 1); }
    bool chance(unsigned percent) { return next() % 100 < percent; }
    Rng fork() { return Rng(next()); } // an independent stream for a worker

private:
    uint64_t state_;
};

// Thread-safe counters by name ("commit ok", "commit ENODEV", ...) that workers fill and the main
// thread reads after joining them.
class Tally {
public:
    void add(const std::string &key, uint64_t n = 1);
    uint64_t get(const std::string &key) const;
    uint64_t sum_prefix(const std::string &prefix) const;
    std::map<std::string, uint64_t> snapshot() const;
    std::string summary() const; // "a=1 b=2"
    void merge(const Tally &other);

private:
    mutable std::mutex mu_;
    std::map<std::string, uint64_t> counts_;
};

// errno name ("ENODEV") or "E<number>"; 0 -> "ok".
std::string errno_name(int err);

// /sys/kernel/debug/kmemleak contents.
struct KmemleakReport {
    size_t count = 0;                 // "unreferenced object" entries
    std::vector<std::string> headers; // each entry's first line
    std::vector<std::string> top_frames; // first backtrace frame of each entry (function+off), if any
};
KmemleakReport parse_kmemleak(std::string_view text);

} // namespace lab
