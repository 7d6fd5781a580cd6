#include "core/ktap.hpp"

namespace lab {

const char *status_word(Status s)
{
    switch (s) {
    case Status::Pass:
        return "pass";
    case Status::Skip:
        return "skip";
    case Status::Timeout:
        return "timeout";
    case Status::Fail:
    case Status::Error:
        break;
    }
    return "fail";
}

static bool is_ctl(char c)
{
    return (unsigned char)c < 0x20 || c == 0x7f;
}

std::string Ktap::clean_description(std::string_view name)
{
    std::string out;
    for (char c : name) {
        out += (c == '#' || is_ctl(c)) ? '_' : c;
    }
    while (!out.empty() && out.back() == ' ') {
        out.pop_back();
    }
    return out.empty() ? "unnamed" : out;
}

std::string Ktap::clean_detail(std::string_view detail)
{
    std::string out;
    for (char c : detail) {
        out += is_ctl(c) ? ' ' : c;
    }
    while (!out.empty() && out.back() == ' ') {
        out.pop_back();
    }
    return out;
}

std::string Ktap::result_line(size_t number, std::string_view name, Status s, std::string_view detail)
{
    bool ok = s == Status::Pass || s == Status::Skip;
    std::string line = std::string(ok ? "ok " : "not ok ") + std::to_string(number) + " " + clean_description(name);
    std::string d = clean_detail(detail);
    const char *directive = nullptr;
    switch (s) {
    case Status::Skip:
        directive = "SKIP";
        break;
    case Status::Timeout:
        directive = "TIMEOUT";
        break;
    case Status::Error:
        directive = "ERROR";
        break;
    default:
        break;
    }
    if (directive) {
        line += std::string(" # ") + directive;
        if (!d.empty()) {
            line += " " + d;
        }
    } else if (!d.empty()) {
        line += " # " + d;
    }
    return line + "\n";
}

void Ktap::header(size_t planned)
{
    std::lock_guard<std::mutex> g(mu_);
    sink_("KTAP version 1\n");
    sink_("1.." + std::to_string(planned) + "\n");
    header_done_ = true;
    if (!pending_.empty()) {
        sink_(pending_);
        pending_.clear();
    }
}

void Ktap::diag(std::string_view text)
{
    std::lock_guard<std::mutex> g(mu_);
    do {
        size_t nl = text.find('\n');
        std::string_view one = text.substr(0, nl);
        std::string line = "# " + clean_detail(one) + "\n";
        if (header_done_) {
            sink_(line);
        } else {
            pending_ += line;
        }
        text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    } while (!text.empty());
}

void Ktap::flush_pending()
{
    std::lock_guard<std::mutex> g(mu_);
    if (!pending_.empty()) {
        sink_(pending_);
        pending_.clear();
    }
}

size_t Ktap::result(std::string_view name, Status s, std::string_view detail)
{
    std::lock_guard<std::mutex> g(mu_);
    size_t n = next_++;
    sink_(result_line(n, name, s, detail));
    return n;
}

size_t Ktap::reported() const
{
    std::lock_guard<std::mutex> g(mu_);
    return next_ - 1;
}

} // namespace lab
