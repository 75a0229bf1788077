/// @file plot.hpp
/// @brief Draws histograms (histogram.hpp) as a PNG or SVG chart with gnuplot (--plot).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "searcher/histogram.hpp"

namespace news {

enum class PlotFormat { kPng, kSvg };

/// The format a chart file's name asks for: ".png" or ".svg" (any case); nullopt otherwise.
std::optional<PlotFormat> plot_format_of(std::string_view file);

/// One series of a chart: a query's histogram and the name its key shows.
struct PlotSeries {
    std::string name;
    Histogram histogram;
};

/// Draws `series` (all of one interval) as clustered bars into `file`, one colour per
/// series, over every bucket from the earliest series' first to the latest's last (a
/// bucket a series lacks counts 0); undated articles are left out and counted in the key.
/// Runs `gnuplot` from the PATH, its script on its standard input. Throws
/// std::runtime_error when gnuplot cannot be run or fails (its own message goes to
/// stderr), or `file`'s name asks for neither format.
void plot_histograms(const std::vector<PlotSeries>& series, const std::string& file);

}  // namespace news
