// Helpers shared by the collector tests.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "collector/collector.h"

#include <memory>
#include <string>
#include <vector>

namespace testutil {

std::string data_dir();
std::string read_file(const std::string& path);
std::string data(const std::string& name); // contents of tests/data/<name>

// Feeds `text` in chunks of `chunk` bytes (0: all at once) and finishes.
std::unique_ptr<collector::Collector> collect(const std::string& text, collector::Options opt = {},
                                              std::size_t chunk = 0);
// The unique report with this title, or null.
const collector::UniqueReport* find_title(const collector::Collector& c, const std::string& title);
// All unique titles, for failure messages.
std::string titles(const collector::Collector& c);

} // namespace testutil
