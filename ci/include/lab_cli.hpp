// The host tools' one way through a CLI11 parse: --help answered on stdout with exit status 0, a
// usage error answered with one line on stderr and exit status 2, before any work starts.
#pragma once

#include <CLI/CLI.hpp>

#include <cstdio>
#include <optional>
#include <string>
#include <utility>

namespace lab::cli {

// Parses with app.parse(args...) (argc/argv, or a reversed vector). Returns the exit status the
// tool ends with (0 after printing `help`, or CLI11's own help when `help` is empty; 2 after
// printing "<app name>: <what went wrong> (see --help)"), or nothing when the tool goes on.
template <typename... Args>
std::optional<int> parse(CLI::App &app, const std::string &help, Args &&...args)
{
    try {
        app.parse(std::forward<Args>(args)...);
    } catch (const CLI::CallForHelp &) {
        std::fputs(help.empty() ? app.help().c_str() : help.c_str(), stdout);
        return 0;
    } catch (const CLI::ParseError &e) {
        std::fprintf(stderr, "%s: %s (see --help)\n", app.get_name().c_str(), e.what());
        return 2;
    }
    return std::nullopt;
}

} // namespace lab::cli
