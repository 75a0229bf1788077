#include "indexer/terminal_observer.hpp"

#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <iostream>
#include <utility>

#include "common/terminal_text.hpp"

namespace news {

namespace {

volatile std::sig_atomic_t g_stop_requested = 0;

extern "C" void request_stop(int) { g_stop_requested = 1; }

void on_first(int signal) {
    struct sigaction action = {};
    action.sa_handler = request_stop;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESETHAND;
    ::sigaction(signal, &action, nullptr);
}

}  // namespace

void stop_on_first_signal() {
    on_first(SIGINT);
    on_first(SIGTERM);
}

bool stop_requested() { return g_stop_requested != 0; }

std::string progress_text(const IndexProgress& p) {
    const double seconds = std::chrono::duration<double>(p.elapsed).count();
    const std::size_t done = p.counts.added + p.counts.updated + p.counts.unchanged;
    const double rate = seconds > 0 ? static_cast<double>(p.bytes_read) / seconds : 0.0;
    std::string eta;
    if (p.total_bytes > p.bytes_read && rate > 0) {
        const auto left = static_cast<long>(static_cast<double>(p.total_bytes - p.bytes_read) / rate);
        char buf[32];
        std::snprintf(buf, sizeof buf, ", ETA %ld:%02ld", left / 60, left % 60);
        eta = buf;
    }
    char line[200];
    std::snprintf(line, sizeof line,
                  "indexing: %zu files, %zu articles (%zu added, %zu updated, %zu unchanged), %.1f MB/s, %.0f docs/s%s",
                  p.files, done, p.counts.added, p.counts.updated, p.counts.unchanged, rate / 1e6,
                  seconds > 0 ? static_cast<double>(done) / seconds : 0.0, eta.c_str());
    return line;
}

TerminalObserver::TerminalObserver(std::string program, bool quiet)
    : program_(std::move(program)),
      quiet_(quiet),
      progress_(!quiet),
      on_terminal_(!quiet && is_terminal(STDERR_FILENO)) {}

void TerminalObserver::on_record(const RecordLocation& where, std::string_view what) {
    progress_.clear();
    // File names and reasons quote the corpus: an escape sequence in them must not reach
    // the terminal, nor a line break split the message.
    std::cerr << escape_for_message(where.to_string() + ": " + std::string(what)) << '\n';
}

void TerminalObserver::on_note(std::string_view message) {
    if (quiet_) return;
    progress_.clear();
    std::cerr << program_ << ": " << escape_for_message(message) << '\n';
}

void TerminalObserver::on_step(std::string_view step) {
    progress_.clear();
    if (on_terminal_) std::cerr << step << "...\r" << std::flush;
}

void TerminalObserver::on_progress(const IndexProgress& progress) {
    progress_.update([&] { return progress_text(progress); });
}

}  // namespace news
