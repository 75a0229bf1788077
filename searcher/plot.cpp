#include "searcher/plot.hpp"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>

#include "common/terminal_text.hpp"

extern char** environ;

namespace news {

namespace {

/// A file of our own in the temporary folder, removed when the object goes.
class TempFile {
  public:
    TempFile() {
        std::string pattern = (std::filesystem::temp_directory_path() / "news-plot-XXXXXX").string();
        const int fd = ::mkstemp(pattern.data());
        if (fd < 0) throw std::runtime_error("--plot: cannot create a temporary file: " + std::string(strerror(errno)));
        ::close(fd);
        path_ = pattern;
    }
    ~TempFile() {
        std::error_code ignored;
        std::filesystem::remove(path_, ignored);
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    const std::string& path() const { return path_; }

  private:
    std::string path_;
};

/// `text` as a gnuplot single-quoted string: a quote is doubled, and control characters
/// (which cannot be in it) made spaces by terminal_safe.
std::string gnuplot_string(std::string_view text) {
    std::string out = "'";
    for (const char c : terminal_safe(text)) out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
}

std::string lowercase_extension(std::string_view file) {
    std::string ext = std::filesystem::path(std::string(file)).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext;
}

/// The chart's rows: every bucket from the earliest first to the latest last, and each
/// series' count in it.
std::map<DayNumber, std::vector<Xapian::doccount>> rows_of(const std::vector<PlotSeries>& series) {
    std::map<DayNumber, std::vector<Xapian::doccount>> rows;
    std::optional<DayNumber> first, last;
    for (const PlotSeries& s : series) {
        if (s.histogram.buckets.empty()) continue;
        first = std::min(first.value_or(s.histogram.buckets.front().first_day), s.histogram.buckets.front().first_day);
        last = std::max(last.value_or(s.histogram.buckets.back().first_day), s.histogram.buckets.back().first_day);
    }
    if (!first) return rows;
    const HistogramInterval interval = series.front().histogram.interval;
    for (DayNumber day = *first; day <= *last; day = next_bucket_start(interval, day))
        rows[day].assign(series.size(), 0);
    for (std::size_t i = 0; i < series.size(); ++i)
        for (const HistogramBucket& b : series[i].histogram.buckets) rows[b.first_day][i] = b.count;
    return rows;
}

std::string gnuplot_script(const std::vector<PlotSeries>& series, const std::string& file, PlotFormat format) {
    const auto rows = rows_of(series);
    const HistogramInterval interval = series.front().histogram.interval;
    // At most about 40 labels along the axis: every bucket's would overlap.
    const std::size_t label_step = std::max<std::size_t>(1, (rows.size() + 39) / 40);
    std::string script;
    script += format == PlotFormat::kPng ? "set terminal pngcairo size 1200,600 noenhanced font 'sans,10'\n"
                                         : "set terminal svg size 1200,600 noenhanced font 'sans,10'\n";
    script += "set output " + gnuplot_string(file) + "\n";
    script +=
        "set title " + gnuplot_string("Matching articles per " + std::string(histogram_interval_name(interval))) + "\n";
    script +=
        "set style data histograms\n"
        "set style histogram clustered gap 1\n"
        "set style fill solid 0.85 border -1\n"
        "set xtics rotate by -60 nomirror scale 0\n"
        "set ytics nomirror\n"
        "set grid ytics\n"
        "set yrange [0:*]\n"
        "set ylabel 'matching articles'\n"
        "set key top left\n"
        "set datafile separator '\\t'\n"
        "$data << EOD\n";
    for (const auto& [day, counts] : rows) {
        script += bucket_label(interval, day);
        for (const Xapian::doccount n : counts) script += "\t" + std::to_string(n);
        script += "\n";
    }
    script += "EOD\nplot ";
    for (std::size_t i = 0; i < series.size(); ++i) {
        const Histogram& h = series[i].histogram;
        std::string name = series[i].name;
        if (h.undated > 0) name += " (" + std::to_string(h.undated) + " undated)";
        script += (i == 0 ? "" : ", ") + std::string("$data using ") + std::to_string(i + 2);
        if (i == 0) script += ":xtic(int($0) % " + std::to_string(label_step) + " == 0 ? stringcolumn(1) : '')";
        script += " title " + gnuplot_string(name);
    }
    return script + "\n";
}

/// Runs `gnuplot SCRIPT` from the PATH, without a shell, and waits for it.
void run_gnuplot(const std::string& script_path) {
    std::string program = "gnuplot";
    std::string script = script_path;
    char* argv[] = {program.data(), script.data(), nullptr};
    pid_t pid = 0;
    const int error = ::posix_spawnp(&pid, "gnuplot", nullptr, nullptr, argv, environ);
    if (error == ENOENT)
        throw std::runtime_error(
            "--plot needs gnuplot, which is not on the PATH (Debian: apt-get install gnuplot-nox)");
    if (error != 0) throw std::runtime_error("--plot: cannot run gnuplot: " + std::string(strerror(error)));
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) throw std::runtime_error("--plot: lost gnuplot: " + std::string(strerror(errno)));
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        throw std::runtime_error("--plot: gnuplot failed (its message is above)");
}

}  // namespace

std::optional<PlotFormat> plot_format_of(std::string_view file) {
    const std::string ext = lowercase_extension(file);
    if (ext == ".png") return PlotFormat::kPng;
    if (ext == ".svg") return PlotFormat::kSvg;
    return std::nullopt;
}

void plot_histograms(const std::vector<PlotSeries>& series, const std::string& file) {
    const std::optional<PlotFormat> format = plot_format_of(file);
    if (!format) throw std::runtime_error("--plot " + file + ": the file must end in .png or .svg");
    const bool any_dated =
        std::any_of(series.begin(), series.end(), [](const PlotSeries& s) { return !s.histogram.buckets.empty(); });
    if (!any_dated) throw std::runtime_error("--plot: no matching article is dated: nothing to draw");
    const TempFile script;
    {
        std::ofstream out(script.path());
        out << gnuplot_script(series, file, *format);
        if (!out.flush()) throw std::runtime_error("--plot: cannot write the gnuplot script to " + script.path());
    }
    run_gnuplot(script.path());
}

}  // namespace news
