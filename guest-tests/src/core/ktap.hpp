// KTAP v1 writer (Documentation/dev-tools/ktap.rst): a version line, a plan, one result line per
// case ("ok N name", "not ok N name # SKIP|TIMEOUT|ERROR detail") and "# " diagnostic lines.
// Flat (no nested subtests). Thread-safe; lines go to a sink that must write them at once.
#pragma once

#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>

namespace lab {

enum class Status { Pass, Fail, Skip, Timeout, Error };

// The word used in `ingenic-lab: END <case> <status>` (pass, fail, skip, timeout). An ERROR
// (a case that could not run, e.g. aborted after the device broke) is reported as "fail".
const char *status_word(Status s);

class Ktap {
public:
    using Sink = std::function<void(const std::string &)>; // receives whole lines, '\n'-terminated

    explicit Ktap(Sink sink) : sink_(std::move(sink)) {}

    // "KTAP version 1" + "1..N", then the diagnostics written before the plan was known.
    void header(size_t planned);
    void diag(std::string_view text);               // "# text", one line per input line
    void flush_pending();                           // diagnostics still held (no header came)
    size_t result(std::string_view name, Status s, std::string_view detail = {}); // returns its number
    size_t reported() const;

    // Pure formatting helpers (exposed for tests).
    static std::string result_line(size_t number, std::string_view name, Status s, std::string_view detail);
    static std::string clean_description(std::string_view name); // no '#', no control characters
    static std::string clean_detail(std::string_view detail);     // one line, no control characters

private:
    Sink sink_;
    mutable std::mutex mu_;
    size_t next_ = 1;
    bool header_done_ = false;
    std::string pending_; // diagnostics before the header: KTAP starts with its version line
};

} // namespace lab
